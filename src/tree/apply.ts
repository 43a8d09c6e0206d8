/**
 * Tree mode: one file diff applied to the file as the tree has it, the way `patch`/`git apply`
 * place hunks that no longer match exactly — at their stated line, else at the nearest offset
 * where their context matches (src/reconstruct/apply-hunks.ts), else with fuzz: up to
 * {@link MAX_FUZZ} leading and trailing context lines ignored (GNU patch's `--fuzz`, `git apply
 * -C1`). A hunk that matches nowhere even then is left out and reported.
 *
 * Pure: base text and diff in, text, image and placements out.
 */
import type { IngestProblem } from '../mail/types.js';
import type { FileDiff, Hunk } from '../patch/types.js';
import { applyFileDiff } from '../reconstruct/apply-hunks.js';
import type { FileImage } from '../reconstruct/types.js';

/** GNU patch's default fuzz factor. */
export const MAX_FUZZ = 2;

/** Where one hunk landed: `offset` lines from its stated place, ignoring `fuzz` context lines at each end; null when nowhere. */
export interface HunkPlacement {
  readonly offset: number | null;
  readonly fuzz: number;
}

/** How a file diff applied, from best to worst. */
export type ApplyStatus = 'exact' | 'offset' | 'fuzz' | 'failed';

export interface FuzzyApplied {
  readonly status: ApplyStatus;
  /** The resulting whole file (hunks that did not apply left out). */
  readonly text: string;
  /** Complete image; `lines` are the lines the patch shows, at their final line numbers. */
  readonly image: FileImage;
  readonly placements: readonly HunkPlacement[];
  /** Post-image lines the diff adds, or next to which it removes lines. */
  readonly changedLines: ReadonlySet<number>;
  /** Only hunks that did not apply. */
  readonly problems: readonly IngestProblem[];
}

/**
 * Applies `file` to `base` (null or '' for a new file) with offset and, where needed, fuzz.
 * Each hunk gets the least fuzz that places it; the hunks are placed in order, as `patch` does.
 */
export function applyWithFuzz(base: string | null, file: FileDiff, opts: { readonly where?: (patchLine: number) => string; readonly maxFuzz?: number } = {}): FuzzyApplied {
  const maxFuzz = opts.maxFuzz ?? MAX_FUZZ;
  const fuzz = file.hunks.map(() => 0);
  const applyAt = () => applyFileDiff(base, { ...file, hunks: file.hunks.map((h, i) => trimContext(h, fuzz[i] ?? 0)) }, opts.where !== undefined ? { where: opts.where } : {});
  let applied = applyAt();
  // Raise the fuzz of the first hunk that did not apply, and place everything again: a hunk
  // placed with fuzz moves the cursor, so later hunks are placed after it.
  for (;;) {
    const i = applied.offsets.findIndex((o, k) => o === null && (fuzz[k] ?? 0) < maxFuzz && (file.hunks[k]?.valid ?? false) && canTrim(file.hunks[k] as Hunk, (fuzz[k] ?? 0) + 1));
    if (i < 0) break;
    fuzz[i] = (fuzz[i] ?? 0) + 1;
    applied = applyAt();
  }
  const placements = applied.offsets.map((offset, i) => ({ offset, fuzz: offset === null ? 0 : fuzz[i] ?? 0 }));
  const status: ApplyStatus = placements.some(p => p.offset === null) ? 'failed'
    : placements.some(p => p.fuzz > 0) ? 'fuzz'
    : placements.some(p => p.offset !== 0) ? 'offset' : 'exact';
  return { status, text: applied.text, image: applied.image, placements, changedLines: changedLinesOf(file, applied.image), problems: applied.problems };
}

/** Context lines at the start and at the end of a hunk. */
function contextEnds(h: Hunk): { lead: number; trail: number } {
  let lead = 0;
  while (lead < h.lines.length && h.lines[lead]?.kind === ' ') lead++;
  let trail = 0;
  while (trail < h.lines.length - lead && h.lines[h.lines.length - 1 - trail]?.kind === ' ') trail++;
  return { lead, trail };
}

/** Fuzz `f` still leaves something to match and changes what is matched. */
function canTrim(h: Hunk, f: number): boolean {
  const { lead, trail } = contextEnds(h);
  return Math.min(f, lead) + Math.min(f, trail) > Math.min(f - 1, lead) + Math.min(f - 1, trail) && h.lines.some(l => l.kind !== ' ');
}

/** The hunk without up to `f` context lines at each end (GNU patch: prefix and suffix fuzz). */
function trimContext(h: Hunk, f: number): Hunk {
  if (f === 0) return h;
  const { lead, trail } = contextEnds(h);
  const a = Math.min(f, lead);
  const b = Math.min(f, trail);
  const lines = h.lines.slice(a, h.lines.length - b);
  return {
    ...h,
    oldStart: h.oldStart + a, oldCount: h.oldCount - a - b,
    newStart: h.newStart + a, newCount: h.newCount - a - b,
    lines,
  };
}

/** Lines added, and the line after each removal, at their final place (shown lines carry their patch line). */
function changedLinesOf(file: FileDiff, image: FileImage): Set<number> {
  const at = new Map(image.lines.map(l => [l.patchLine, l.line] as const));
  const out = new Set<number>();
  for (const h of file.hunks) {
    let last: number | null = null;
    let pendingRemoval = false;
    let placed = false;
    for (const l of h.lines) {
      const line = l.kind === '-' ? undefined : at.get(l.patchLine);
      if (l.kind === '-') { pendingRemoval = true; continue; }
      if (line === undefined) continue; // a context line fuzz ignored, or a hunk that did not apply
      placed = true;
      if (pendingRemoval) { out.add(line); pendingRemoval = false; }
      if (l.kind === '+') out.add(line);
      last = line;
    }
    if (pendingRemoval && placed && last !== null) out.add(last + 1);
  }
  return out;
}
