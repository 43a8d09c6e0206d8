/**
 * One hunk: its `@@ -a,b +c,d @@ section` header and a body read by the header's counts,
 * the way `git apply` reads it. Whitespace-damaged bodies (web copies where context lines
 * lost their leading space) can be read in repair mode.
 */
import type { Hunk } from './types.js';

/** The numbers and section of a hunk header. */
export interface HunkHeader {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  readonly section: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/**
 * Largest start line a hunk may name. File images are laid out so that image line N is file
 * line N (src/reconstruct/image.ts), so a start line costs its size in text to build and
 * parse: `@@ -1 +99999999 @@` would make a 100-million-line image. The longest C file of
 * Linux 6.1 has 222 893 lines (dcn_3_2_0_sh_mask.h).
 */
export const MAX_HUNK_START = 1_000_000;

/**
 * Parses `@@ -a,b +c,d @@ section` (count 1 when omitted). Tolerates the two spaces
 * before the section that patchwork pages show, and a trailing CR. Null for anything else
 * (including combined-diff `@@@` headers, which git does not apply either, and a start line
 * above {@link MAX_HUNK_START}).
 */
export function parseHunkHeader(line: string): HunkHeader | null {
  const m = HUNK_HEADER.exec(line.replace(/\r$/, ''));
  if (!m) return null;
  const num = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));
  const counts = [num(m[1], 0), num(m[2], 1), num(m[3], 0), num(m[4], 1)];
  if (counts.some(n => !Number.isSafeInteger(n))) return null;
  if ((counts[0] as number) > MAX_HUNK_START || (counts[2] as number) > MAX_HUNK_START) return null;
  return {
    oldStart: counts[0] as number,
    oldCount: counts[1] as number,
    newStart: counts[2] as number,
    newCount: counts[3] as number,
    section: (m[5] ?? '').trim(),
  };
}

/** A line that starts a new diff structure: never part of a hunk body, even in repair mode. */
export function isStructureLine(line: string): boolean {
  return line.startsWith('@@ -') || line.startsWith('diff --git ') || line.startsWith('Index: ');
}

/** How a hunk body read ended. */
export type HunkEnd =
  | { readonly kind: 'complete' }
  /** The input ended before the counts were met. */
  | { readonly kind: 'eof' }
  /** A line that cannot be part of the body came before the counts were met (index of it). */
  | { readonly kind: 'stray'; readonly at: number };

/** Result of reading one hunk. `next` is the index of the first line after the hunk. */
export interface HunkRead {
  readonly hunk: Hunk;
  readonly next: number;
  readonly end: HunkEnd;
}

interface MutableLine {
  kind: ' ' | '+' | '-';
  text: string;
  patchLine: number;
  mailLine: number | null;
  noNewline?: boolean;
}

/**
 * Reads the body of the hunk whose header is `lines[at]`. Body lines are taken while the
 * header counts are not yet met: ` ctx`, an empty line (empty context, as git accepts),
 * `-old`, `+new`, and `\ No newline…` markers (which attach to the previous line and
 * count nothing; one right after the last line is included too). In `repair` mode any
 * other line that is not a diff structure line is taken as context, text unchanged, and the
 * hunk is marked `repaired`. `bodyFrom` (default the line after the header) lets the body
 * start later, after a header a mailer wrapped; such a hunk is marked `repaired` too.
 */
export function readHunk(
  lines: readonly string[],
  at: number,
  header: HunkHeader,
  repair: boolean,
  lineOf: (i: number) => number | null,
  bodyFrom: number = at + 1,
): HunkRead {
  let oldLeft = header.oldCount;
  let newLeft = header.newCount;
  const body: MutableLine[] = [];
  let i = bodyFrom;
  let end: HunkEnd = { kind: 'complete' };
  let restored = false;
  const take = (kind: ' ' | '+' | '-', text: string): void => {
    body.push({ kind, text, patchLine: i + 1, mailLine: lineOf(i) });
  };
  while (oldLeft > 0 || newLeft > 0) {
    const line = lines[i];
    if (line === undefined) {
      end = { kind: 'eof' };
      break;
    }
    const c = line[0];
    if (c === '\\') {
      markNoNewline(body);
      i += 1;
      continue;
    }
    if (c === '-' && oldLeft > 0) {
      take('-', line.slice(1));
      oldLeft -= 1;
    } else if (c === '+' && newLeft > 0) {
      take('+', line.slice(1));
      newLeft -= 1;
    } else if ((c === ' ' || line === '' || line === '\r') && oldLeft > 0 && newLeft > 0) {
      take(' ', line.slice(1));
      oldLeft -= 1;
      newLeft -= 1;
    } else if (
      repair && c !== '-' && c !== '+' && c !== ' ' && oldLeft > 0 && newLeft > 0 && !isStructureLine(line)
    ) {
      take(' ', line);
      restored = true;
      oldLeft -= 1;
      newLeft -= 1;
    } else {
      end = { kind: 'stray', at: i };
      break;
    }
    i += 1;
  }
  if (end.kind === 'complete' && lines[i]?.startsWith('\\ ')) {
    markNoNewline(body);
    i += 1;
  }
  const hunk: Hunk = {
    oldStart: header.oldStart,
    oldCount: header.oldCount,
    newStart: header.newStart,
    newCount: header.newCount,
    section: header.section,
    headerLine: at + 1,
    lines: body,
    valid: end.kind === 'complete',
    repaired: restored || bodyFrom !== at + 1,
    partial: end.kind !== 'complete',
  };
  return { hunk, next: i, end };
}

function markNoNewline(body: MutableLine[]): void {
  const last = body[body.length - 1];
  if (last) last.noNewline = true;
}
