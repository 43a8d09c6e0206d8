/**
 * What rules see of patches and series besides function facts: the commit message with its
 * line map, trailers, and the file facts of every patch of the series.
 */
import type { FileFacts } from '../facts/types.js';

export interface MessageLine {
  readonly text: string;
  readonly patchLine: number;
  readonly mailLine: number | null;
}

export interface PatchView {
  readonly input: string;
  readonly messageId: string | null;
  /** `[PATCH v4 24/28] dax/region: …` as sent. */
  readonly subject: string;
  readonly kind: 'patch' | 'cover' | 'reply' | 'other';
  /** Commit message lines (quoted replies: the quoted commit message, `> ` removed). */
  readonly commitMessage: readonly MessageLine[];
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
  readonly files: readonly FileFacts[];
  /** The files come from a diff a reply quotes, not from the mail's own diff. */
  readonly quoted: boolean;
}

export interface SeriesView {
  readonly version: number;
  readonly patches: readonly PatchView[];
}
