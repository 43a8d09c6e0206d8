/**
 * Review replies: the diff a reply quotes (`> `, `>`, nested `>>`, format=flowed `>   `), the
 * reviewer's words between the quoted lines, each tied to the quoted diff line it follows, and
 * the attribution lines (`On Mon, 07 Oct 2024 …` / `… wrote:`) that are neither.
 *
 * Known limits: only the shallowest quote depth that carries a diff is read as a diff (a reply
 * that quotes two patches at different depths gives the shallower one); a reviewer who cuts
 * lines out of a hunk without marking the cut leaves a hunk whose later lines sit too early; a
 * collapsed context line that begins with `-` or `+` reads as a removed or added line; quoted
 * lines that a format=flowed decoder joined into one (`>   > -\tif (x) {`) cannot be taken
 * apart here (the mail reader's own unflowing, `src/mail/flowed.ts`, does not join them).
 */
import type { TextPart } from '../mail/types.js';
import { isDiffMarker, readQuotedDiffs, type QuotedDiffs } from './quoted-diff.js';
import { isElision, isSpaceStuffed, splitQuote, unstuff, type QuotedLine } from './quoted-lines.js';
import type { FileDiff, HunkLine, ReviewComment } from './types.js';

/** A reviewer comment with what the reply adds about it. */
export interface QuotedComment extends ReviewComment {
  /** Quote depth of the words: 0 for the replier, 1 for an earlier reviewer quoted at `>`, … */
  readonly depth: number;
  /**
   * Unquoted `-`/`+` lines the reviewer proposes inside the comment (a suggested change, not a
   * diff of this mail); empty when none.
   */
  readonly proposed: readonly HunkLine[];
}

/** Lines that introduce a quote (`On <date>, <name> wrote:`), possibly split over two lines. */
export interface Attribution {
  readonly text: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly depth: number;
}

/** What {@link extractQuoted} found in one reply body. */
export interface QuotedReview {
  /** Diffs the reply quotes; line numbers are lines of the reply body. */
  readonly files: FileDiff[];
  /**
   * Hunks quoted without any file header, each as a FileDiff with `path: ''`; comments after
   * their lines have `file: null` and the hunk line in `quoted`.
   */
  readonly orphans: FileDiff[];
  /** Reviewer comments in body order. */
  readonly comments: QuotedComment[];
  readonly attributions: Attribution[];
}

/**
 * The last line of an attribution: `… wrote:`, `… writes:`, `Quoting Name (2024-10-07 18:16:30)`,
 * `Excerpts from Name's message of October 7, 2024 6:16 pm:`.
 */
const ATTRIBUTION_END = /(\bwrote|\bwrites|\bsaid|a écrit|schrieb|escribió)\s*:\s*$|^Quoting\b.*[:)]\s*$|^Excerpts from .*:\s*$/i;
const SIGNATURE = /^-- ?$/;

/**
 * Reads a reply body: strips quote markers, finds the quoted diffs (trimmed hunks are
 * `partial`, hunks seen without an `@@` header have `headerLine: null`), and returns the
 * reviewer's comments, each with the quoted file and hunk line it follows (the last quoted diff
 * line before it). Lines are 1-based lines of the body. Never throws; a body without quotes
 * gives nothing.
 */
export function extractQuoted(body: TextPart): QuotedReview {
  const raw = body.text.split('\n');
  let lines = raw.map((l, i) => splitQuote(l.replace(/\r$/, ''), i));
  if (!lines.some(l => l.depth > 0)) return { files: [], orphans: [], comments: [], attributions: [] };

  const depths = new Set(lines.map(l => l.depth));
  for (const d of depths) {
    if (d > 0 && isSpaceStuffed(lines, d)) lines = lines.map(l => (l.depth === d ? unstuff(l) : l));
  }
  const lineOf = (i: number): number | null =>
    body.startLine === null ? null : body.lineMap?.[i] ?? body.startLine + i;

  const diffDepth = findDiffDepth(lines);
  const quoted: QuotedDiffs = diffDepth === null
    ? { files: [], orphans: [], hunkLineAt: new Map(), fileAt: new Map() }
    : readQuotedDiffs(lines, diffDepth, lineOf);
  const { comments, attributions } = readComments(lines, diffDepth ?? 1, quoted, lineOf);
  return { files: quoted.files, orphans: quoted.orphans, comments, attributions };
}

/** The shallowest quote depth whose lines carry a diff header, or null. */
function findDiffDepth(lines: readonly QuotedLine[]): number | null {
  let best: number | null = null;
  for (const l of lines) {
    if (l.depth > 0 && (best === null || l.depth < best) && isDiffMarker(l.content)) best = l.depth;
  }
  return best;
}

/** Runs of lines of one depth shallower than the diff: the words of the replier(s). */
function readComments(
  lines: readonly QuotedLine[], diffDepth: number, quoted: QuotedDiffs, lineOf: (i: number) => number | null,
): { comments: QuotedComment[]; attributions: Attribution[] } {
  const comments: QuotedComment[] = [];
  const attributions: Attribution[] = [];
  // The replier's signature: a `-- ` line after which nothing is quoted.
  let end = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as QuotedLine;
    if (l.depth > 0) break;
    if (SIGNATURE.test(l.raw)) end = i;
  }

  let i = 0;
  while (i < end) {
    const l = lines[i] as QuotedLine;
    if (l.depth >= diffDepth) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < end && (lines[j] as QuotedLine).depth === l.depth) j += 1;
    const run = lines.slice(i, j);
    const nextDepth = lines[j]?.depth ?? -1;
    const { words, attribution } = splitAttribution(run, nextDepth > l.depth);
    if (attribution.length > 0) {
      attributions.push({
        text: attribution.map(a => a.content).join('\n'),
        startLine: (attribution[0] as QuotedLine).index + 1,
        endLine: (attribution[attribution.length - 1] as QuotedLine).index + 1,
        depth: l.depth,
      });
    }
    const kept = trimBlank(words.filter(w => !isElision(w.content)));
    if (kept.length > 0) comments.push(makeComment(kept, l.depth, lines, diffDepth, quoted, lineOf));
    i = j;
  }
  return { comments, attributions };
}

/** Separates the attribution at the end of a run (when a deeper quote follows) from the words before it. */
function splitAttribution(run: readonly QuotedLine[], quoteFollows: boolean): { words: QuotedLine[]; attribution: QuotedLine[] } {
  const words = [...run];
  if (!quoteFollows) return { words, attribution: [] };
  let k = words.length - 1;
  while (k >= 0 && (words[k] as QuotedLine).content.trim() === '') k--;
  const last = words[k];
  if (!last || !ATTRIBUTION_END.test(last.content)) return { words, attribution: [] };
  let from = k;
  const before = words[k - 1];
  // "On Mon, 07 Oct 2024 18:16:30 -0500" / "ira.weiny@xxxxxxxxx wrote:"
  if (before && /^On\s/.test(before.content) && !/^On\s/.test(last.content) && !ATTRIBUTION_END.test(before.content)) from = k - 1;
  return { words: words.slice(0, from), attribution: words.slice(from, k + 1) };
}

function trimBlank(run: readonly QuotedLine[]): QuotedLine[] {
  let a = 0;
  let b = run.length;
  while (a < b && (run[a] as QuotedLine).content.trim() === '') a++;
  while (b > a && (run[b - 1] as QuotedLine).content.trim() === '') b--;
  return run.slice(a, b);
}

function makeComment(
  kept: readonly QuotedLine[], depth: number, lines: readonly QuotedLine[], diffDepth: number,
  quoted: QuotedDiffs, lineOf: (i: number) => number | null,
): QuotedComment {
  const first = kept[0] as QuotedLine;
  const last = kept[kept.length - 1] as QuotedLine;
  // The last quoted diff line before the comment.
  let file: string | null = null;
  let line: HunkLine | null = null;
  for (let k = first.index - 1; k >= 0; k--) {
    if ((lines[k] as QuotedLine).depth !== diffDepth) continue;
    const hit = quoted.hunkLineAt.get(k);
    if (hit) {
      file = hit.file;
      line = hit.line;
    } else {
      file = quoted.fileAt.get(k) ?? null;
    }
    break;
  }
  const span = lines.slice(first.index, last.index + 1).filter(l => l.depth === depth && !isElision(l.content));
  return {
    text: span.map(l => l.content).join('\n'),
    startLine: first.index + 1,
    endLine: last.index + 1,
    file,
    quoted: line,
    depth,
    proposed: proposedLines(span, lineOf),
  };
}

/**
 * `-`/`+` lines of a comment that read as a proposed change: at least two of them with both
 * signs, or all of them with a tab after the sign (code). Bullet lists (`- fix this`) are not.
 */
function proposedLines(span: readonly QuotedLine[], lineOf: (i: number) => number | null): HunkLine[] {
  const candidates = span.filter(l => /^[+-]/.test(l.content) && !/^(-- ?|---.*|\+\+\+.*)$/.test(l.content));
  const plus = candidates.some(l => l.content.startsWith('+'));
  const minus = candidates.some(l => l.content.startsWith('-'));
  const code = candidates.length > 0 && candidates.every(l => /^[+-]\t/.test(l.content));
  if (!((candidates.length >= 2 && plus && minus) || code)) return [];
  return candidates.map(l => ({
    kind: l.content[0] === '+' ? '+' : '-',
    text: l.content.slice(1),
    patchLine: l.index + 1,
    mailLine: lineOf(l.index),
  }));
}
