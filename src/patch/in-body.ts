/**
 * Header lines at the top of a patch body that override the mail's own: git mailinfo's
 * in-body `From:`/`Subject:`/`Date:` (read by src/mail's `inBodyHeaders`), plus Mercurial's
 * `# HG changeset patch` block, whose `# User` line names the author.
 */
import { inBodyHeaders } from '../mail/in-body-headers.js';
import { clean } from '../mail/subject.js';

/** What the top of a body says about the commit, and where the commit message starts. */
export interface InBody {
  readonly from: string | null;
  /** Cleaned in-body subject (`[PATCH] x` → `x`), null when the body gives none. */
  readonly subject: string | null;
  readonly date: string | null;
  /** 0-based index of the first body line after the in-body headers (and their blank line). */
  readonly start: number;
}

/** Reads the in-body headers of `text` (a decoded body). */
export function readInBody(text: string): InBody {
  const git = inBodyHeaders(text);
  let from = git.from ?? null;
  let start = git.bodyStart;
  const lines = text.split('\n', start + 64);
  if ((lines[start] ?? '').startsWith('# HG changeset patch')) {
    start += 1;
    while ((lines[start] ?? '').startsWith('# ')) {
      const user = /^# User (.+)$/.exec(lines[start] as string);
      if (user) from ??= (user[1] as string).trim();
      start += 1;
    }
  }
  return { from, subject: git.subject === undefined ? null : clean(git.subject), date: git.date ?? null, start };
}
