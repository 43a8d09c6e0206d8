/**
 * Facts for every C file of a patch. A patch mail's own diffs are analysed; a review reply
 * that carries no diff of its own is analysed through the diff it quotes (as far as quoted).
 */
import type { FileDiff, Patch } from '../patch/types.js';
import { fileFactsOfDiff, isCFile } from './file-facts.js';
import type { FileFacts } from './types.js';

export interface PatchFacts {
  readonly patch: Patch;
  /** `own`: the mail's diff; `quoted`: the diff a reply quotes. */
  readonly source: 'own' | 'quoted';
  readonly files: readonly FileFacts[];
  /** Files whose facts could not be extracted, with the reason. */
  readonly failures: readonly { readonly path: string; readonly reason: string }[];
}

/** The diffs of a patch that analysis looks at. */
export function analysedDiffs(patch: Patch): { source: 'own' | 'quoted'; files: readonly FileDiff[] } {
  if (patch.files.length > 0) return { source: 'own', files: patch.files };
  return { source: 'quoted', files: patch.quoted };
}

export function patchFacts(patch: Patch): PatchFacts {
  const { source, files } = analysedDiffs(patch);
  const out: FileFacts[] = [];
  const failures: { path: string; reason: string }[] = [];
  for (const f of files) {
    if (!isCFile(f.path) || f.binary || f.status === 'deleted' || f.hunks.length === 0) continue;
    try {
      out.push(fileFactsOfDiff(f));
    } catch (err) {
      failures.push({ path: f.path, reason: err instanceof Error ? err.message.split('\n')[0] ?? 'error' : String(err) });
    }
  }
  return { patch, source, files: out, failures };
}
