/**
 * Trailers: `Key: value` lines that close a commit message (`Signed-off-by`, `Fixes`,
 * `Link` …), b4's tracking lines after a diff (`base-commit`, `change-id`), and the
 * follow-up trailers reviewers send in replies (`Reviewed-by: …` under a quote).
 */
import type { Trailer } from './types.js';

/** Keys kvet recognises as trailers wherever they stand in a trailer block (lower case). */
export const TRAILER_KEYS: ReadonlySet<string> = new Set([
  'signed-off-by', 'reviewed-by', 'acked-by', 'tested-by', 'reported-by', 'co-developed-by',
  'suggested-by', 'requested-by', 'debugged-by', 'analyzed-by', 'bisected-by', 'originally-by',
  'based-on-patch-by', 'cc', 'fixes', 'closes', 'link', 'message-id', 'base-commit',
  'change-id', 'prerequisite-patch-id', 'prerequisite-change-id', 'prerequisite-message-id',
]);

/** Keys b4 writes below the diff, outside the commit message. */
export const TRACKING_KEYS: ReadonlySet<string> = new Set([
  'base-commit', 'change-id', 'prerequisite-patch-id', 'prerequisite-change-id', 'prerequisite-message-id',
]);

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]+(\S.*)$/;
/** Longer lines are never trailers (and are not fed to the patterns). */
const MAX_TRAILER_LINE = 2000;

/** A known trailer key: one of {@link TRAILER_KEYS} or any `*-by`. */
export function isKnownTrailerKey(key: string): boolean {
  const k = key.toLowerCase();
  return TRAILER_KEYS.has(k) || /^[a-z]+(-[a-z]+)*-by$/.test(k);
}

/** `Key: value` of one line, or null. */
export function trailerOf(line: string): { key: string; value: string } | null {
  if (line.length > MAX_TRAILER_LINE) return null;
  const m = TRAILER_LINE.exec(line);
  return m ? { key: m[1] as string, value: (m[2] as string).trimEnd() } : null;
}

/**
 * Trailers of the commit message held in `lines[from, to)` (0-based; patch lines are
 * index + 1). Like `git interpret-trailers`, the block is the last paragraph when its lines
 * are trailers (continuation lines and `[note]` lines allowed) or when at least a quarter
 * are and one has a known key; earlier paragraphs (not the first) that consist only of
 * known trailers join it.
 * Footnote paragraphs (`[1] https://…`) after the block are skipped.
 */
export function commitTrailers(lines: readonly string[], from: number, to: number): Trailer[] {
  const paragraphs: [number, number][] = [];
  let k = to;
  for (;;) {
    while (k > from && (lines[k - 1] ?? '').trim() === '') k -= 1;
    if (k <= from) break;
    const end = k;
    while (k > from && (lines[k - 1] ?? '').trim() !== '') k -= 1;
    paragraphs.push([k, end]);
  }
  const out: Trailer[][] = [];
  // Link footnotes (`[1] https://…`) after the trailers do not hide them.
  while (paragraphs.length > 1 && isFootnotes(lines, ...(paragraphs[0] as [number, number]))) paragraphs.shift();
  for (const [index, [start, end]] of paragraphs.entries()) {
    const block = readBlock(lines, start, end);
    // The first paragraph of a message is prose, never a trailer block.
    if (start === from && index > 0) break;
    const accept = index === 0 ? block.share >= 1 || (block.share >= 0.25 && block.known) : block.share >= 1 && block.allKnown;
    if (!accept || block.trailers.length === 0) break;
    out.unshift(block.trailers);
  }
  return out.flat();
}

function isFootnotes(lines: readonly string[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!/^(\[\d+\]|\s+\S|https?:\/\/)/.test(lines[i] as string)) return false;
  }
  return true;
}

function readBlock(
  lines: readonly string[],
  start: number,
  end: number,
): { trailers: Trailer[]; share: number; known: boolean; allKnown: boolean } {
  const trailers: { key: string; value: string; patchLine: number }[] = [];
  let counted = 0;
  let other = 0;
  let known = false;
  let allKnown = true;
  for (let i = start; i < end; i++) {
    const line = lines[i] as string;
    const t = trailerOf(line);
    const last = trailers[trailers.length - 1];
    if (/^[ \t]/.test(line) && last && i > start) {
      last.value += ' ' + line.trim();
    } else if (t) {
      trailers.push({ ...t, patchLine: i + 1 });
      counted += 1;
      known ||= isKnownTrailerKey(t.key);
      allKnown &&= isKnownTrailerKey(t.key);
    } else if (line.length <= MAX_TRAILER_LINE && /^[[(].*[\])]\s*$/.test(line)) {
      // `[ij: rebased]` maintainer notes between trailers
    } else {
      other += 1;
    }
  }
  return { trailers, share: counted === 0 ? 0 : counted / (counted + other), known, allKnown };
}

/** b4 tracking trailers (`base-commit: …`, `change-id: …`) among `lines[from, to)`. */
export function trackingTrailers(lines: readonly string[], from: number, to: number, skip: (i: number) => boolean): Trailer[] {
  const out: Trailer[] = [];
  for (let i = from; i < to; i++) {
    if (skip(i)) continue;
    const t = trailerOf(lines[i] as string);
    if (t && TRACKING_KEYS.has(t.key.toLowerCase())) out.push({ ...t, patchLine: i + 1 });
  }
  return out;
}

/**
 * Follow-up trailers of a reply: unquoted lines with a known key anywhere in
 * `lines[from, to)` (b4 collects these into the patch they answer).
 */
export function replyTrailers(lines: readonly string[], from: number, to: number): Trailer[] {
  const out: Trailer[] = [];
  for (let i = from; i < to; i++) {
    const t = trailerOf(lines[i] as string);
    if (t && isKnownTrailerKey(t.key) && !TRACKING_KEYS.has(t.key.toLowerCase())) out.push({ ...t, patchLine: i + 1 });
  }
  return out;
}
