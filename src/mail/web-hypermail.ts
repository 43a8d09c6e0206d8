/**
 * Reads the text of a hypermail page (lkml.iu.edu and its kin): the subject alone on the first
 * line, then `From: NAME` and `Date: …` lines (blank lines may sit between them), optional
 * navigation lines, then the body.
 *
 * ```
 * Re: [PATCH v4 24/28] dax/region: Create resources on sparse DAX regions
 * From: Jonathan Cameron
 * Date: Thu Oct 10 2024 - 11:32:40 EST
 * On Mon, 07 Oct 2024 18:16:30 -0500
 * ira.weiny@xxxxxxxxx wrote:
 * > From: Navneet Singh <navneet.singh@xxxxxxxxx>
 * ```
 *
 * A real mail (RFC 5322 headers) is not a hypermail page: its first line is a header field.
 */
import { isBlank, parseShownAddress, range, trimBlankEnds, type PageMessage } from './web-common.js';

/** Header names that make a first line a mail header rather than a page's subject line. */
const MAIL_HEADER = /^(From|To|Cc|Bcc|Date|Subject|Message-I[Dd]|Received|Return-Path|Delivered-To|X-[\w-]+|MIME-Version|Content-[\w-]+|In-Reply-To|References|Sender|Reply-To|List-[\w-]+|Precedence|Authentication-Results|DKIM-Signature|ARC-[\w-]+|Received-SPF|Thread-\w+|User-Agent)\s*:/i;
/** Navigation lines hypermail prints above and below the body. */
const NAV = /^(Next message|Previous message|In reply to|Next in thread|Reply|Maybe reply|Also in reply to|Maybe in reply to|Messages sorted by|Next in thread|Previous in thread|This message|Last message date|Archived on)\s*:|^\[\s*(date|thread|subject|author)( index)?\s*\]/i;
/** How far below the subject the From:/Date: lines may sit (blank lines included). */
const HEADER_WINDOW = 8;

/** Reads a hypermail page; null when the text does not have that structure. */
export function readHypermailPage(lines: readonly string[]): PageMessage[] | null {
  let s = 0;
  while (s < lines.length && (isBlank(lines[s]) || NAV.test((lines[s] ?? '').trim()))) s++;
  const subjectLine = (lines[s] ?? '').trim();
  if (s >= lines.length || MAIL_HEADER.test(subjectLine) || /^From \S+/.test(lines[s] ?? '')) return null;

  let fromAt = -1;
  let dateAt = -1;
  let i = s + 1;
  for (; i < lines.length && i <= s + HEADER_WINDOW; i++) {
    const l = lines[i] ?? '';
    if (isBlank(l)) continue;
    if (fromAt < 0 && /^From:\s*\S/.test(l)) { fromAt = i; continue; }
    if (dateAt < 0 && /^Date:\s*\S/.test(l)) { dateAt = i; continue; }
    if (fromAt >= 0 && dateAt >= 0) break;
    // Another "Name: value" header would make this an ordinary mail header block.
    if (/^(To|Cc|Subject|Message-I[Dd]):/i.test(l)) return null;
    if (fromAt < 0 || dateAt < 0) return null;
  }
  if (fromAt < 0 || dateAt < 0) return null;

  let b = Math.max(fromAt, dateAt) + 1;
  while (b < lines.length && (isBlank(lines[b]) || NAV.test((lines[b] ?? '').trim()))) b++;
  let e = lines.length;
  while (e > b && (isBlank(lines[e - 1]) || NAV.test((lines[e - 1] ?? '').trim()))) e--;

  return [{
    subject: subjectLine,
    from: parseShownAddress((lines[fromAt] ?? '').replace(/^From:\s*/, '')),
    date: (lines[dateAt] ?? '').replace(/^Date:\s*/, '').trim(),
    messageId: null,
    start: s,
    body: trimBlankEnds(lines, range(b, e)),
  }];
}
