/**
 * The lint run: patches in, sorted findings out. Rules arrive with the rules registry; until
 * then the run reports only what ingest could not read.
 */
import { compareFindings, type Finding } from './finding.js';
import type { LintResult } from './lint-result.js';
import type { IngestProblem } from '../mail/types.js';
import type { Patch } from '../patch/types.js';

export interface LintOptions {
  /** Report pre-existing findings too, not only what the patch introduces. */
  readonly all: boolean;
}

export function lintPatches(
  patches: readonly { readonly patch: Patch; readonly input: string }[],
  errors: readonly IngestProblem[],
  _opts: LintOptions,
): LintResult {
  const findings: Finding[] = [];
  findings.sort(compareFindings);
  const withDiff = patches.filter(p => p.patch.files.length > 0 || p.patch.quoted.length > 0);
  return {
    findings,
    errors,
    summary: { patches: withDiff.length, functions: 0, findings: findings.length, errors: errors.length },
  };
}
