/** The reporter contract: a pure function from one lint result to the text of one format. */
import type { LintResult } from '../engine/lint-result.js';
import type { Violation } from '../model/checker/types.js';

/** A model counterexample a reporter may show with the findings: a checker violation, optionally titled. */
export type CounterexampleTrace = Pick<Violation, 'invariant' | 'kind' | 'detail' | 'trace' | 'replay'> & { readonly title?: string };

export interface ReportOptions {
  /** ANSI colour in text output (decided by the CLI from --color, NO_COLOR, FORCE_COLOR, TTY). */
  readonly color: boolean;
  /** Link a CI system gives for the whole run (patchwork `target_url`). */
  readonly targetUrl: string | null;
  /** Name of the check in CI systems (patchwork `context`). */
  readonly context: string;
  /** kvet's version, for tool metadata. */
  readonly toolVersion: string;
  /** Model counterexamples to show too (the html format draws them); none when absent. */
  readonly traces?: readonly CounterexampleTrace[];
}

export type Reporter = (result: LintResult, opts: ReportOptions) => string;

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { color: false, targetUrl: null, context: 'kvet', toolVersion: '0.1.0' };
