/** What one `kvet lint` run produced: sorted findings, input problems, counts. */
import type { Finding } from './finding.js';
import type { IngestProblem } from '../mail/types.js';

export interface LintSummary {
  readonly patches: number;
  readonly functions: number;
  readonly findings: number;
  readonly errors: number;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly errors: readonly IngestProblem[];
  readonly summary: LintSummary;
}
