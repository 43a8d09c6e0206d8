/**
 * Patches as kvet sees them: commit message, trailers and per-file diffs, every diff line
 * mapped back to the line of the message body (and through it to the input line).
 */
import type { IngestProblem, Message } from '../mail/types.js';

/** One line of a hunk body. */
export interface HunkLine {
  readonly kind: ' ' | '+' | '-';
  /** The line without its prefix character. */
  readonly text: string;
  /** 1-based line of the text part the diff was read from ("patch line"). */
  readonly patchLine: number;
  /** 1-based line of the input the line came from, when known. */
  readonly mailLine: number | null;
  /** A `\ No newline at end of file` marker followed this line. */
  readonly noNewline?: boolean;
}

export interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  /** Function context after the second `@@` (trimmed), '' when none. */
  readonly section: string;
  /** Patch line of the `@@` header; null for quoted hunks seen without a header. */
  readonly headerLine: number | null;
  readonly lines: readonly HunkLine[];
  /** Body agrees with the header counts. */
  readonly valid: boolean;
  /** The body was recovered from whitespace damage (web copies): context prefixes restored. */
  readonly repaired: boolean;
  /** Only part of the hunk was seen (a reviewer trimmed a quote, or the mail was cut). */
  readonly partial: boolean;
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface FileDiff {
  /** Post-image path (pre-image path for a deletion), without `a/`/`b/`. */
  readonly path: string;
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly status: FileStatus;
  readonly oldMode: string | null;
  readonly newMode: string | null;
  readonly similarity: number | null;
  readonly binary: boolean;
  /** Patch line of the first header line of this file (`diff --git`, `Index:` or `---`). */
  readonly headerLine: number;
  readonly hunks: readonly Hunk[];
  readonly added: number;
  readonly removed: number;
  /** Index into `Message.attachments` when the diff came from an attachment (patch lines are then lines of that part). */
  readonly attachment?: number;
}

export interface Trailer {
  /** As written, e.g. `Signed-off-by`, `Reviewed-by`, `Fixes`, `base-commit`. */
  readonly key: string;
  readonly value: string;
  readonly patchLine: number;
}

/** A reviewer's words in a reply, attached to the quoted diff line they follow. */
export interface ReviewComment {
  readonly text: string;
  /** Patch lines (of the reply's body) the comment spans. */
  readonly startLine: number;
  readonly endLine: number;
  /** The quoted file and hunk line the comment is about; null when it follows no quoted diff line. */
  readonly file: string | null;
  readonly quoted: HunkLine | null;
}

/** One `path | N +++--` line of a diffstat. */
export interface DiffstatEntry {
  /** As printed (may be shortened with `.../`). */
  readonly path: string;
  /** Changed lines; null for binary files. */
  readonly changes: number | null;
  readonly binary: boolean;
  readonly patchLine: number;
}

/** A `git diff --stat` block (after `---` in a patch, near the end of a cover letter). */
export interface Diffstat {
  readonly files: readonly DiffstatEntry[];
  readonly filesChanged: number;
  readonly insertions: number;
  readonly deletions: number;
  /** Patch line of the first entry. */
  readonly patchLine: number;
  /** Patch line of the summary (or last `create mode` …) line. */
  readonly endLine: number;
}

export type MessageKind = 'patch' | 'cover' | 'reply' | 'other';

export interface Patch {
  readonly message: Message;
  readonly kind: MessageKind;
  /** The commit message (in-body From:/Subject: removed), up to the `---` line or the diff. */
  readonly commitMessage: string;
  readonly trailers: readonly Trailer[];
  /** The diffs this mail carries itself (body and attachments). */
  readonly files: readonly FileDiff[];
  /** Diffs quoted (`> `) in a reply. */
  readonly quoted: readonly FileDiff[];
  readonly comments: readonly ReviewComment[];
  /** Author from an in-body `From:` when present, else the mail's From. */
  readonly author: string | null;
  readonly problems: readonly IngestProblem[];
  /** Subject from an in-body `Subject:` line, else the mail's cleaned subject. */
  readonly subject?: string;
  /** Text between the `---` separator and the diffstat/diff (`Changes in v3: …`). */
  readonly notes?: string;
  /** The diffstat the mail carries, if any. */
  readonly diffstat?: Diffstat;
}

/** A posted series: one version of it, cover letter and patches ordered by index. */
export interface Series {
  readonly version: number;
  readonly total: number;
  readonly subject: string;
  readonly cover: Patch | null;
  /** Ordered by index; only patches present. */
  readonly patches: readonly Patch[];
  /** Indexes 1..total that no mail carries. */
  readonly missing: readonly number[];
  readonly problems: readonly IngestProblem[];
}
