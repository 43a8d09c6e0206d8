/**
 * The one findings shape every reporter reads (STYLE.md F). Versioned; plain data.
 */
export const FINDING_VERSION = 1;

export type Severity = 'error' | 'warning' | 'note';
export type Confidence = 'high' | 'medium' | 'low';

/** The category vocabulary fixed by the JSON contract; stable forever. */
export const CATEGORIES = [
  'goto-label', 'missing-unwind', 'drvdata-order', 'lock-not-held', 'recursive-lock',
  'lock-imbalance', 'devres-misuse', 'cleanup-misuse', 'refcount-leak', 'kernel-doc',
  'spelling', 'should-be-static', 'unused-decl', 'swallowed-error', 'model-mismatch',
  'tool-error', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A place a reviewer can look at: the post-image file line and the mail line it came from. */
export interface Location {
  readonly file: string | null;
  /** Line in the post-image file (or pre-image for removed lines); null when none applies. */
  readonly line: number | null;
  /** Line of the input (mail, mbox, page) the location came from. */
  readonly mailLine: number | null;
  /** Line within the patch text (message body). */
  readonly patchLine: number | null;
}

export interface RelatedLocation extends Location {
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly category: Category;
  /** Already interpolated, one line, capital first letter, ends with a period. */
  readonly message: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly source: 'rule' | 'model' | 'xval' | 'tool';
  readonly location: Location;
  readonly function: string | null;
  /** Message-ID of the mail carrying the patch, without angle brackets. */
  readonly mailMessageId: string | null;
  /** Human name of the patch: `[PATCH v4 24/28] dax/region: …`. */
  readonly patch: string | null;
  readonly input: string;
  readonly related: readonly RelatedLocation[];
  readonly fingerprint: string;
  /**
   * Across versions of one series (`kvet lint v10.mbox v11.mbox`): `new` in the latest version,
   * `still` present since the previous one, `fixed` (reported on the previous version, gone
   * now). Absent when only one version was given.
   */
  readonly status?: FindingStatus;
}

export type FindingStatus = 'new' | 'still' | 'fixed';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Deterministic order: input, file, line, severity, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.input, b.input)
    || cmp(a.location.file ?? '', b.location.file ?? '')
    || (a.location.line ?? 0) - (b.location.line ?? 0)
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || cmp(a.ruleId, b.ruleId)
    || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
