/**
 * Header lines at the top of a patch body that override the mail's own: `From:`,
 * `Subject:`, `Date:` (with folded continuations), a `[PATCH] subject` first line, an
 * embedded `From <sha> Mon Sep 17 00:00:00 2001` line, and Mercurial's `# HG changeset
 * patch` block (`# User` is the author).
 *
 * INTEGRATION POINT: src/mail is to export `inBodyHeaders(body)`; this local reader stands
 * in until then and should be replaced by it (same meaning: git mailinfo's in-body headers).
 */

/** What the top of a body says about the commit, and where the commit message starts. */
export interface InBody {
  readonly from: string | null;
  readonly subject: string | null;
  readonly date: string | null;
  /** 0-based index of the first body line after the in-body headers (and their blank line). */
  readonly start: number;
}

const HEADER = /^(from|subject|date):[ \t]*(.*)$/i;

/** Reads the in-body headers of `lines` (a body split on `\n`). */
export function readInBody(lines: readonly string[]): InBody {
  let i = 0;
  const found: Record<'from' | 'subject' | 'date', string | null> = { from: null, subject: null, date: null };
  while (i < lines.length && (lines[i] as string).trim() === '') i += 1;
  const firstContent = i;
  if (/^>?From [0-9a-f]{7,40} /.test(lines[i] ?? '')) i += 1;
  if ((lines[i] ?? '').startsWith('# HG changeset patch')) {
    i += 1;
    while ((lines[i] ?? '').startsWith('# ')) {
      const user = /^# User (.+)$/.exec(lines[i] as string);
      if (user) found.from = (user[1] as string).trim();
      i += 1;
    }
    return { ...found, start: i };
  }
  let any = false;
  for (;;) {
    const line = lines[i] ?? '';
    const bracket = /^\[PATCH[^\]]*\][ \t]+(\S.*)$/.exec(line);
    const m = HEADER.exec(line);
    if (!any && bracket) {
      found.subject = (bracket[1] as string).trim();
      any = true;
      i += 1;
      continue;
    }
    if (!m) break;
    const key = (m[1] as string).toLowerCase() as 'from' | 'subject' | 'date';
    let value = (m[2] as string).trim();
    i += 1;
    while (/^[ \t]+\S/.test(lines[i] ?? '')) {
      value += ' ' + (lines[i] as string).trim();
      i += 1;
    }
    found[key] ??= value;
    any = true;
  }
  if (!any) return { ...found, start: firstContent };
  if ((lines[i] ?? '').trim() === '') i += 1;
  return { ...found, start: i };
}
