/**
 * Post-image and pre-image fragments of one file of one patch, with line maps.
 * `text` is laid out so that its line N is line N of the real file: lines the patch does not
 * show are empty and marked unseen. Parsers can therefore report real file lines.
 */
export interface ImageLine {
  /** Line number in the file image (1-based). */
  readonly line: number;
  /** ' ' context, '+' added (post-image) or '-' removed (pre-image). */
  readonly kind: ' ' | '+' | '-';
  readonly patchLine: number;
  readonly mailLine: number | null;
}

export interface FileImage {
  readonly path: string;
  readonly side: 'post' | 'pre';
  /** Whole-file-shaped text: unseen lines are empty strings. */
  readonly text: string;
  /** Seen lines, ascending by `line`. */
  readonly lines: readonly ImageLine[];
  /** Contiguous seen ranges [start, end] (one per hunk, merged when adjacent). */
  readonly fragments: readonly (readonly [number, number])[];
  /** True when the image is the whole file (tree mode or a new file). */
  readonly complete: boolean;
}
