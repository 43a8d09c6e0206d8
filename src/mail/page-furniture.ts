/**
 * Page furniture of public-inbox (lore.kernel.org) message pages saved as text. Such a page
 * starts with the mail's header fields, so it is read as a mail, but the page adds links and
 * navigation that are not part of the mail:
 *
 * ```
 * Date: Wed, 12 Jun 2024 09:41:07 +0200	[thread overview]
 * Message-ID: <id@example.org> (raw)
 * …body…
 * next prev parent reply	other threads:[~2024-06-12  7:41 UTC|newest]
 *
 * Thread overview: 3+ messages / expand[flat|nested]  mbox.gz  Atom feed  top
 * 2024-06-11 12:00 [PATCH] … Jon Author
 * 2024-06-12  7:41 ` Ivy Reviewer [this message]
 * …
 * Reply instructions: …
 * ```
 *
 * They are recognised by the shape of those lines, never by file name. Everything from the
 * navigation line (or, without it, the thread overview block) to the end is furniture: the
 * overview, the reply instructions and the mirroring note always follow it on such pages.
 * `(raw)` after the Message-ID needs nothing here (only the `<…>` part is read).
 *
 * Known limits: a page copied from a browser with the archive's title bar above the header
 * fields (`… archive mirror` / `help / color / mirror / Atom feed`) is not a mail to the mbox
 * reader and is read as plain text; thread (`/T/`) pages with many messages are not split.
 */

import type { TextPart } from './types.js';

/** The link public-inbox appends to the shown Date. */
const DATE_LINK = /[ \t]+\[thread overview\][ \t]*$/;

/** `next prev parent reply<TAB>other threads:[~2024-06-12  7:41 UTC|newest]` */
const NAV_LINE = /^next prev parent reply\s+other threads:\[~\d{4}-\d\d-\d\d [ \d]\d:\d\d UTC\|newest\]\s*$/;

/** `Thread overview: 3+ messages …` (`/ expand[flat|nested] …` or `(download: mbox.gz …`). */
const OVERVIEW_HEAD = /^Thread overview: \d+\+? messages?\b/;

/** A line of the overview tree: `2024-06-12  7:41 ` Ivy Reviewer`, or the jump note. */
const OVERVIEW_LINE = /^(\d{4}-\d\d-\d\d [ \d]\d:\d\d |-- links below jump to the message on this page --$|\[not found\] )/;

/** The Date value without the `[thread overview]` link a public-inbox page puts after it. */
export function stripDateFurniture(value: string): string {
  return value.replace(DATE_LINK, '');
}

/**
 * Index of the first page-furniture line of a public-inbox message page body (the
 * navigation line, else a thread overview heading followed by overview lines), or null when
 * the lines show neither. Quoted lines (`> next prev …`) never match.
 */
export function furnitureStart(lines: readonly string[]): number | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (NAV_LINE.test(line)) return i;
    if (OVERVIEW_HEAD.test(line) && OVERVIEW_LINE.test(lines[i + 1] ?? '')) return i;
  }
  return null;
}

/**
 * The part without the page furniture at its end (see {@link furnitureStart}) and the blank
 * lines before it; the same part when it has none. Line numbers of the kept lines stay.
 */
export function withoutFurniture(part: TextPart): TextPart {
  if (!part.text.includes('next prev parent reply') && !part.text.includes('Thread overview: ')) return part;
  const lines = part.text.split('\n');
  let end = furnitureStart(lines);
  if (end === null) return part;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  const text = end === 0 ? '' : `${lines.slice(0, end).join('\n')}\n`;
  if (part.lineMap === undefined) return { ...part, text };
  return { ...part, text, lineMap: part.lineMap.slice(0, end + 1) };
}
