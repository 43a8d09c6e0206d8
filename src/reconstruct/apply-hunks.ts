/**
 * Tree mode: a file diff applied to the real base text, in memory. The result is the whole
 * post-image file, with the lines the patch shows mapped to their patch and mail lines.
 * Hunks are placed like `git apply` without fuzz: at their stated line, else at the nearest
 * offset where all their context and removed lines match exactly.
 */
import type { IngestProblem } from '../mail/types.js';
import type { FileDiff, Hunk, HunkLine } from '../patch/types.js';
import { fragmentsOf } from './image.js';
import type { FileImage, ImageLine } from './types.js';

/** Options of {@link applyFileDiff}. */
export interface ApplyOptions {
  /** Apply the diff backwards: post image → pre image. */
  readonly reverse?: boolean;
  /** How problems name a hunk; default `patch line N`. */
  readonly where?: (patchLine: number) => string;
}

/** The outcome of applying one file diff. */
export interface AppliedFile {
  /** The resulting file text (the pre image when reversed). */
  readonly text: string;
  /** The resulting image: complete, `lines` are the lines the patch shows, at their final line numbers. */
  readonly image: FileImage;
  /** Per hunk: the offset it applied at (0 = where its header says), null when it did not apply. */
  readonly offsets: readonly (number | null)[];
  readonly problems: readonly IngestProblem[];
}

interface Line {
  readonly text: string;
  readonly shown: HunkLine | null;
}

/**
 * Applies `file` to `base` (the file's text before the patch; '' or null for a new file).
 * A hunk that is invalid or matches nowhere is skipped and reported; the others still apply.
 */
export function applyFileDiff(base: string | null, file: FileDiff, opts: ApplyOptions = {}): AppliedFile {
  const reverse = opts.reverse ?? false;
  const where = opts.where ?? ((n: number) => `patch line ${n}`);
  const keep = reverse ? '-' : '+';
  const drop = reverse ? '+' : '-';
  const src = base ?? '';
  const baseLines = src === '' ? [] : src.split('\n');
  let eol = true;
  if (baseLines.length > 0) {
    if (baseLines[baseLines.length - 1] === '') baseLines.pop();
    else eol = false;
  }
  const out: Line[] = [];
  const problems: IngestProblem[] = [];
  const offsets: (number | null)[] = [];
  let cursor = 0;
  for (const hunk of file.hunks) {
    const at = hunk.headerLine ?? hunk.lines[0]?.patchLine ?? 0;
    if (!hunk.valid) {
      offsets.push(null);
      problems.push({ message: 'Hunk does not agree with its header; not applied.', where: where(at) });
      continue;
    }
    const pre = hunk.lines.filter(l => l.kind !== keep);
    const start = reverse ? hunk.newStart : hunk.oldStart;
    const count = reverse ? hunk.newCount : hunk.oldCount;
    const expected = count === 0 ? start : start - 1;
    const pos = findPlace(baseLines, pre.map(l => l.text), expected, cursor);
    if (pos === null) {
      offsets.push(null);
      problems.push({ message: `Hunk does not apply to ${file.path}.`, where: where(at) });
      continue;
    }
    offsets.push(pos - expected);
    for (; cursor < pos; cursor++) out.push({ text: baseLines[cursor] as string, shown: null });
    for (const l of hunk.lines) if (l.kind !== drop) out.push({ text: l.text, shown: l });
    cursor = pos + pre.length;
    if (cursor === baseLines.length) eol = endsWithNewline(hunk, keep, eol);
  }
  for (; cursor < baseLines.length; cursor++) out.push({ text: baseLines[cursor] as string, shown: null });
  const text = out.length === 0 ? '' : out.map(l => l.text).join('\n') + (eol ? '\n' : '');
  const lines: ImageLine[] = [];
  out.forEach((l, i) => {
    if (l.shown) lines.push({ line: i + 1, kind: l.shown.kind, patchLine: l.shown.patchLine, mailLine: l.shown.mailLine });
  });
  const image: FileImage = {
    path: reverse ? file.oldPath ?? file.path : file.newPath ?? file.path,
    side: reverse ? 'pre' : 'post',
    text,
    lines,
    fragments: fragmentsOf(lines),
    complete: true,
  };
  return { text, image, offsets, problems };
}

/** Whether the file ends with a newline after `hunk`, which reached the end of the file. */
function endsWithNewline(hunk: Hunk, keep: '+' | '-', before: boolean): boolean {
  const kept = hunk.lines.filter(l => l.kind === ' ' || l.kind === keep);
  const last = kept[kept.length - 1];
  // Nothing kept: the file now ends with an earlier base line, which had its newline.
  if (!last) return hunk.lines.length > 0 ? true : before;
  return last.noNewline !== true;
}

/** Index ≥ `from` nearest to `expected` where `pre` matches `lines` exactly; null when nowhere. */
function findPlace(lines: readonly string[], pre: readonly string[], expected: number, from: number): number | null {
  const fits = (p: number): boolean => {
    if (p < from || p + pre.length > lines.length) return false;
    for (let k = 0; k < pre.length; k++) if (lines[p + k] !== pre[k]) return false;
    return true;
  };
  const span = Math.max(expected, lines.length - expected) + 1;
  for (let d = 0; d <= span; d++) {
    if (fits(expected + d)) return expected + d;
    if (d > 0 && fits(expected - d)) return expected - d;
  }
  return null;
}
