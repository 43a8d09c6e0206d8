/**
 * Post-image and pre-image fragments of one file diff, laid out so that line N of the
 * image text is line N of the real file, with every seen line mapped back to its patch
 * line and mail line.
 */
import type { FileDiff, HunkLine } from '../patch/types.js';
import type { FileImage, ImageLine } from './types.js';

type Side = 'post' | 'pre';

/**
 * Both images of `file`. Lines the hunks do not show are empty strings; `lines` lists the
 * seen ones, ascending and unique (a hunk that overlaps an earlier one contributes only
 * the lines after it). The post image of an added file and the pre image of a deleted
 * file are complete when all their hunks are valid; so are the (empty) pre image of an
 * added and post image of a deleted file.
 * The text ends with a newline unless its last line carries `\ No newline at end of file`.
 */
export function fileImages(file: FileDiff): { post: FileImage; pre: FileImage } {
  return { post: imageOf(file, 'post'), pre: imageOf(file, 'pre') };
}

function imageOf(file: FileDiff, side: Side): FileImage {
  const drop = side === 'post' ? '-' : '+';
  const texts: string[] = [];
  const lines: ImageLine[] = [];
  let lastNoNewline = false;
  for (const hunk of file.hunks) {
    let n = side === 'post' ? hunk.newStart : hunk.oldStart;
    // `@@ -0,0 +1,3 @@`: an empty side starts "at line 0"; its first line would be line 1.
    if (n === 0) n = 1;
    for (const l of hunk.lines as readonly HunkLine[]) {
      if (l.kind === drop) continue;
      const previous = lines[lines.length - 1];
      if (!previous || n > previous.line) {
        while (texts.length < n - 1) texts.push('');
        texts[n - 1] = l.text;
        lines.push({ line: n, kind: l.kind, patchLine: l.patchLine, mailLine: l.mailLine });
        lastNoNewline = l.noNewline === true;
      }
      n += 1;
    }
  }
  // A new file's post image (a deleted file's pre image) is all there, if every hunk read whole.
  const whole = !file.binary && file.hunks.every(h => h.valid);
  const complete = side === 'post'
    ? (file.status === 'added' && whole) || (file.status === 'deleted' && lines.length === 0)
    : (file.status === 'deleted' && whole) || (file.status === 'added' && lines.length === 0);
  const text = texts.length === 0 ? '' : texts.join('\n') + (lastNoNewline ? '' : '\n');
  return {
    path: side === 'post' ? file.newPath ?? file.path : file.oldPath ?? file.path,
    side,
    text,
    lines,
    fragments: fragmentsOf(lines),
    complete,
  };
}

/** Contiguous ranges of the line numbers of `lines` (ascending). */
export function fragmentsOf(lines: readonly ImageLine[]): [number, number][] {
  const out: [number, number][] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && l.line === last[1] + 1) last[1] = l.line;
    else out.push([l.line, l.line]);
  }
  return out;
}

function search<T>(items: readonly T[], key: (t: T) => number, wanted: number): T | null {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as T;
    const k = key(item);
    if (k === wanted) return item;
    if (k < wanted) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** The seen line `line` of `image` (file line, 1-based) with its patch and mail lines; null when unseen. */
export function lineMapLookup(image: FileImage, line: number): ImageLine | null {
  return search(image.lines, l => l.line, line);
}

/** The image line shown at patch line `patchLine`; null when that patch line is not on this side. */
export function patchLineLookup(image: FileImage, patchLine: number): ImageLine | null {
  return search(image.lines, l => l.patchLine, patchLine);
}

/** True when `line` lies inside one of the image's fragments, or within the file of a complete image. */
export function isSeen(image: FileImage, line: number): boolean {
  if (image.complete) return line >= 1 && line <= lineCount(image.text);
  return image.fragments.some(([a, b]) => line >= a && line <= b);
}

/** Number of lines of a file text (a final newline ends the last line, it does not start one). */
function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}
