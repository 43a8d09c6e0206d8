/**
 * Where the parts of a patch mail body lie: commit message, the `---` separator, notes
 * (`Changes in v3: …`), the diffstat, the diff, the `-- ` signature. Follows b4: when the
 * body has a diff, the commit message ends at the first `---` line before it, else at the
 * diff itself.
 */
import type { Diffstat, DiffstatEntry } from './types.js';

/** Line ranges of a body; all indexes 0-based into the body's lines, ends exclusive. */
export interface BodyLayout {
  /** Commit message: [start, end). */
  readonly messageEnd: number;
  /** Index of the `---` separator line, null when none. */
  readonly separator: number | null;
  /** Notes between the separator and the diffstat: [start, end), empty when none. */
  readonly notes: readonly [number, number];
  readonly diffstat: Diffstat | null;
  /** Index of the signature line (`-- `), or the line count when none. */
  readonly signature: number;
}

const STAT_LINE = /^ ?(\S.*?)\s+\|\s+(?:(\d+)(?: [+-]*)?|(Bin) .*)$/;
const STAT_SUMMARY = /^ ?(\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?/;
/** Longer lines are never diffstat lines (and are not fed to the patterns). */
const MAX_STAT_LINE = 1000;
const STAT_EXTRA = /^ ?(?:(?:create|delete) mode \d+ |rename |copy |mode change )/;

/** Index of the first line after `start` that is a signature separator (`-- `), else `lines.length`. */
export function findSignature(lines: readonly string[], start: number): number {
  for (let i = start; i < lines.length; i++) if (/^-- \r?$/.test(lines[i] as string)) return i;
  return lines.length;
}

/**
 * Lays out a body whose message starts at `start` and whose first diff header (if any) is
 * at `diffStart` (null without a diff). Without a diff, the separator rule does not apply:
 * the message runs to the diffstat (cover letters) or the signature.
 */
export function layoutBody(lines: readonly string[], start: number, diffStart: number | null): BodyLayout {
  const limit = diffStart ?? findSignature(lines, start);
  const signature = diffStart === null ? limit : findSignature(lines, diffStart);
  let separator: number | null = null;
  if (diffStart !== null) {
    for (let i = start; i < limit; i++) {
      if (/^---\s*$/.test(lines[i] as string)) {
        separator = i;
        break;
      }
    }
  }
  const statFrom = separator === null ? start : separator + 1;
  const stat = findDiffstat(lines, statFrom, limit);
  let messageEnd = separator ?? limit;
  if (separator === null && stat) messageEnd = Math.min(messageEnd, stat.patchLine - 1);
  const notesEnd = stat ? stat.patchLine - 1 : limit;
  const notes: [number, number] = separator === null ? [notesEnd, notesEnd] : [separator + 1, notesEnd];
  return { messageEnd, separator, notes, diffstat: stat, signature };
}

/** The first diffstat block (`␠path | 12 +++--` lines ending in `N files changed`) in [from, to). */
export function findDiffstat(lines: readonly string[], from: number, to: number): Diffstat | null {
  for (let i = from; i < to; i++) {
    if (!isStatLine(lines[i] as string)) continue;
    const files: DiffstatEntry[] = [];
    let j = i;
    for (; j < to; j++) {
      const m = isStatLine(lines[j] as string) ? STAT_LINE.exec(lines[j] as string) : null;
      if (!m) break;
      files.push({
        path: m[1] as string,
        changes: m[2] === undefined ? null : Number(m[2]),
        binary: m[3] !== undefined,
        patchLine: j + 1,
      });
    }
    const summary = (lines[j] ?? '').length > MAX_STAT_LINE ? null : STAT_SUMMARY.exec(lines[j] ?? '');
    if (!summary) continue;
    let end = j + 1;
    while (end < to && (lines[end] as string).length <= MAX_STAT_LINE && STAT_EXTRA.test(lines[end] as string)) end += 1;
    return {
      files,
      filesChanged: Number(summary[1]),
      insertions: Number(summary[2] ?? 0),
      deletions: Number(summary[3] ?? 0),
      patchLine: i + 1,
      endLine: end,
    };
  }
  return null;
}

function isStatLine(line: string): boolean {
  return line.length <= MAX_STAT_LINE && line.includes('|') && STAT_LINE.test(line);
}
