/**
 * Reads the text of a patchew-style thread page: a series line (`NAME posted N patches AGE`),
 * then each message as its subject line, `Posted by NAME AGE`, and the body verbatim, in
 * thread order. Pages show neither Message-IDs nor absolute dates; the relative age is kept
 * as shown (it contains U+00A0 between number and unit).
 *
 * ```
 * Smita Koralahalli posted 9 patches 2 months, 3 weeks ago
 * [PATCH v4 6/9] cxl/region: Add register_dax flag to defer DAX setup
 * Posted by Smita Koralahalli 2 months, 3 weeks ago
 * …body…
 * Re: [PATCH v4 6/9] cxl/region: Add register_dax flag to defer DAX setup
 * Posted by dan.j.williams@intel.com 2 months, 1 week ago
 * ```
 */
import { isBlank, parseShownAddress, range, trimBlankEnds, type PageMessage } from './web-common.js';

const UNIT = String.raw`(?:second|minute|hour|day|week|month|year)s?`;
const AMOUNT = String.raw`(?:\d+|an?|one)`;
/** A relative age: "2 months, 3 weeks ago", "an hour ago", "yesterday". */
const AGE = String.raw`(?:${AMOUNT}[\s\u00a0]+${UNIT}(?:,?[\s\u00a0]+${AMOUNT}[\s\u00a0]+${UNIT})*[\s\u00a0]+ago|yesterday|today|just now)`;
const POSTED_BY = new RegExp(String.raw`^Posted by[\s\u00a0]+(.+?)(?:[\s\u00a0]+(${AGE}))?[\s\u00a0]*$`);
const SERIES_LINE = new RegExp(String.raw`^(.+?)[\s\u00a0]+posted[\s\u00a0]+(\d+|a|one)[\s\u00a0]+patch(?:es)?(?:[\s\u00a0]+(${AGE}))?[\s\u00a0]*$`);

/** Longest line taken for a "Posted by" or series line (the regexes backtrack on long lines). */
const MAX_META_LINE = 300;

function isPostedBy(line: string | undefined): boolean {
  return line !== undefined && line.length <= MAX_META_LINE && POSTED_BY.test(line);
}

/** Reads a thread page; null when the text does not have that structure. */
export function readThreadPage(lines: readonly string[]): PageMessage[] | null {
  const posted: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (isPostedBy(lines[i]) && !isBlank(lines[i - 1])) posted.push(i);
  }
  if (posted.length === 0) return null;
  // Without the series line, one "Posted by" is too little evidence for a page.
  const series = lines.slice(0, posted[0]).some(l => l.length <= MAX_META_LINE && SERIES_LINE.test(l.trim()));
  if (!series && posted.length < 2) return null;

  return posted.map((p, k) => {
    const by = POSTED_BY.exec(lines[p] ?? '');
    const next = posted[k + 1];
    const end = next === undefined ? lines.length : next - 1;
    return {
      subject: (lines[p - 1] ?? '').trim(),
      from: parseShownAddress(by?.[1] ?? ''),
      date: by?.[2] ?? null,
      messageId: null,
      start: p - 1,
      body: trimBlankEnds(lines, range(p + 1, end)),
    };
  });
}
