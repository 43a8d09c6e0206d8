/**
 * Tree mode for a whole series: its patches applied in order, in memory, on top of a base
 * tree that is read through a function (so callers decide how files are found: a checkout,
 * a git object store, a test table).
 */
import type { IngestProblem } from '../mail/types.js';
import type { Patch } from '../patch/types.js';
import { applyFileDiff, type AppliedFile } from './apply-hunks.js';

/** Reads a file of the base tree; null when the tree has no such file. */
export type ReadBase = (path: string) => string | null;

/** One file diff of one patch, applied. */
export interface AppliedPatchFile {
  /** Index of the patch in the input list. */
  readonly patch: number;
  readonly path: string;
  readonly applied: AppliedFile;
}

/** The tree after the series: the files it touched, and how each file diff applied. */
export interface AppliedSeries {
  /** Final text of every touched path; null for a path the series deleted (or renamed away). */
  readonly files: ReadonlyMap<string, string | null>;
  readonly steps: readonly AppliedPatchFile[];
  readonly problems: readonly IngestProblem[];
}

/**
 * Applies `patches` in order (each patch's `files`, body and attachments) to the tree read by
 * `readBase`. A later patch sees the results of the earlier ones. Binary diffs and diffs
 * whose base file is missing are reported and leave the file as it was.
 */
export function applySeries(patches: readonly Patch[], readBase: ReadBase): AppliedSeries {
  const files = new Map<string, string | null>();
  const steps: AppliedPatchFile[] = [];
  const problems: IngestProblem[] = [];
  const current = (path: string): string | null => (files.has(path) ? files.get(path) ?? null : readBase(path));
  patches.forEach((patch, index) => {
    const where = `${patch.message.ref.input}: message ${patch.message.ref.index + 1}`;
    for (const file of patch.files) {
      const from = file.oldPath ?? file.path;
      if (file.binary) {
        problems.push({ message: `Binary diff of ${file.path} not applied.`, where });
        continue;
      }
      const base = file.status === 'added' ? null : current(from);
      if (file.status !== 'added' && base === null) {
        problems.push({ message: `${from} is not in the tree; its diff is not applied.`, where });
        continue;
      }
      const applied = applyFileDiff(base, file, {
        where: n => `${where}, patch line ${n}`,
      });
      problems.push(...applied.problems);
      steps.push({ patch: index, path: file.path, applied });
      if (file.status === 'renamed') files.set(from, null);
      if (file.status === 'deleted') files.set(from, null);
      else files.set(file.newPath ?? file.path, applied.text);
    }
  });
  return { files, steps, problems };
}
