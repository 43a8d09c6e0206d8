/**
 * Messages as kvet sees them after ingest: decoded, with every text part mapped back to the
 * line of the input it came from. Plain serialisable data.
 */

/** Where a piece of text sits in the input the user gave (1-based lines of the decompressed input). */
export interface InputRef {
  /** The input as named on the command line (`-` for stdin). */
  readonly input: string;
  /** 0-based position of the message within the input. */
  readonly index: number;
  /** Line of the input where the message starts (its `From ` line or first header). */
  readonly startLine: number;
}

/** A problem found while reading mail; never thrown, always reported. */
export interface IngestProblem {
  readonly message: string;
  /** Human-readable location, e.g. `dcd-v4.mbox:1234` or `message 17`. */
  readonly where: string;
}

/** What the subject line says: `[RFC PATCH v4 24/28] dax/region: Create …`. */
export interface SubjectInfo {
  /** The decoded subject as sent (folded lines joined). */
  readonly raw: string;
  /** Subject without `Re:`/`Fwd:` prefixes and bracket tags. */
  readonly clean: string;
  /** `Re:`, `RE:`, `Aw:`, `Fwd:` … in front. */
  readonly isReply: boolean;
  /** Every bracket token, in order, e.g. `['RFC', 'PATCH', 'v4', '24/28']`. */
  readonly tags: readonly string[];
  /** A `PATCH` token is present (also `PATCHv3`, `ndctl PATCH`, `PATCH,RFC`). */
  readonly isPatch: boolean;
  readonly rfc: boolean;
  readonly resend: boolean;
  /** Project prefix tokens that are not PATCH/RFC/RESEND/vN/k-of-N (e.g. `ndctl`, `net-next`). */
  readonly prefixes: readonly string[];
  /** Series version; 1 when the subject names none. */
  readonly version: number;
  /** `k` of `k/N` (also `k of N`), null when absent. */
  readonly index: number | null;
  /** `N` of `k/N`, null when absent. */
  readonly total: number | null;
}

export interface Address {
  readonly name: string;
  readonly address: string;
}

/**
 * A decoded text part of a message. `lines[i]` of `text.split('\n')` came from input line
 * `lineOf(i)`: `startLine + i` when `lineMap` is absent, else `lineMap[i]`.
 * `startLine` is null when no line-exact origin exists (base64 or quoted-printable bodies);
 * then `partLine` names the input line where the part's content begins.
 */
export interface TextPart {
  readonly text: string;
  readonly mimeType: string;
  readonly filename: string | null;
  /** True for the message body, false for an attachment. */
  readonly inline: boolean;
  readonly startLine: number | null;
  readonly lineMap?: readonly number[];
  readonly partLine: number;
}

/** How the message reached us. */
export type MessageFormat = 'mbox' | 'mboxrd' | 'eml' | 'format-patch' | 'web-patchwork' | 'web-hypermail' | 'web-thread' | 'text';

export interface Message {
  readonly ref: InputRef;
  readonly format: MessageFormat;
  /** Message-ID without angle brackets; null when the mail has none. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  /** References, oldest first, without angle brackets. */
  readonly references: readonly string[];
  readonly from: Address | null;
  /** The Date header as sent (not reparsed), null when absent. */
  readonly date: string | null;
  readonly subject: SubjectInfo;
  /** All headers in order, names as sent, values unfolded and RFC 2047-decoded. */
  readonly headers: readonly (readonly [string, string])[];
  /** The text/plain body (first text part), decoded to a JS string with `\n` line ends. */
  readonly body: TextPart;
  /** Further text parts (attachments, alternative parts) that may carry a diff. */
  readonly attachments: readonly TextPart[];
  readonly problems: readonly IngestProblem[];
}

/** A thread: a root message and replies (by In-Reply-To / References). */
export interface ThreadNode {
  readonly message: Message;
  readonly children: readonly ThreadNode[];
}
