/** What one `kvet lint` run produced: sorted findings, input problems, counts, the patches seen. */
import type { Finding } from './finding.js';
import type { IngestProblem } from '../mail/types.js';
import type { FileDiff, MessageKind } from '../patch/types.js';

export interface LintSummary {
  readonly patches: number;
  readonly functions: number;
  readonly findings: number;
  readonly errors: number;
}

/**
 * What reporters need to know of one analysed patch: its mail identity (for replies and
 * per-patch checks) and, when it has findings, its diffs (for quoting hunks). Plain data:
 * it crosses worker threads.
 */
export interface PatchRecord {
  readonly input: string;
  /** Message-ID without angle brackets. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** The subject as sent. */
  readonly subject: string;
  /** The subject without list tags and `[PATCH vN k/M]` (what stays the same across versions). */
  readonly title: string;
  readonly from: string | null;
  readonly date: string | null;
  readonly kind: MessageKind;
  readonly version: number;
  readonly index: number | null;
  readonly total: number | null;
  /** First line of the mail in its input. */
  readonly mailLine: number;
  /** The diffs the findings are about (own or quoted); empty when the patch has no finding. */
  readonly files: readonly FileDiff[];
  /** The commit message lines with their patch line; empty when the patch has no finding. */
  readonly commitMessage?: readonly { readonly text: string; readonly patchLine: number }[];
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly errors: readonly IngestProblem[];
  readonly summary: LintSummary;
  /** Every analysed patch in input order (series order within a series). */
  readonly patches: readonly PatchRecord[];
}
