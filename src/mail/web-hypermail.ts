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
 * MHonArc pages (spinics and others) have the same shape with more fields (`Subject:`, `Cc:`,
 * `Message-id:`, `In-reply-to:`) under `[Date Prev][Date Next]…` links, and a link block
 * (`Follow-Ups:`, `Prev by Date:`, … `Index(es):`) under the body; both are left out.
 *
 * A real mail (RFC 5322 headers) is not a hypermail page: its first line is a header field.
 */
import { isBlank, parseShownAddress, range, trimBlankEnds, type PageMessage } from './web-common.js';

/** Header names that make a first line a mail header rather than a page's subject line. */
const MAIL_HEADER = /^(From|To|Cc|Bcc|Date|Subject|Message-I[Dd]|Received|Return-Path|Delivered-To|X-[\w-]+|MIME-Version|Content-[\w-]+|In-Reply-To|References|Sender|Reply-To|List-[\w-]+|Precedence|Authentication-Results|DKIM-Signature|ARC-[\w-]+|Received-SPF|Thread-\w+|User-Agent)\s*:/i;
/** Navigation lines hypermail (and MHonArc) print above and below the body. */
const NAV = /^(Next message|Previous message|In reply to|Next in thread|Reply|Maybe reply|Also in reply to|Maybe in reply to|Messages sorted by|Next in thread|Previous in thread|This message|Last message date|Archived on)\s*:|^\[\s*(date|thread|subject|author)( index)?\s*\]|^(\[\s*(Date|Thread) (Prev|Next|Index)\s*\]\s*)+$/i;
/** A shown header field: `From: Jonathan Cameron`, `Message-id: <…>`, `In-reply-to: <…>`. */
const FIELD = /^(From|Date|Subject|To|Cc|Message-I[Dd]|In-Reply-To|References|User-Agent|Organization|Reply-To|Sender|Content-[\w-]+|MIME-Version|X-[\w-]+|List-[\w-]+):[ \t]*(.*)$/i;
/** First line of the link block MHonArc prints under the body. */
const TAIL_MARK = /^(Follow-Ups|References|Prev by Date|Next by Date|Prev by thread|Previous by thread|Next by thread|Index\(es\)):/i;
/** How far below the subject the header lines may start (blank lines included). */
const HEADER_WINDOW = 8;
/** Longest link block taken off the end of a page. */
const TAIL_WINDOW = 40;

/**
 * Reads a hypermail page; null when the text does not have that structure. A page whose first
 * line is a header field is an ordinary mail unless archive navigation stands above it.
 */
export function readHypermailPage(lines: readonly string[]): PageMessage[] | null {
  let s = 0;
  let nav = false;
  while (s < lines.length && (isBlank(lines[s]) || NAV.test((lines[s] ?? '').trim()))) {
    if (!isBlank(lines[s])) nav = true;
    s++;
  }
  if (s >= lines.length || /^From \S+/.test(lines[s] ?? '')) return null;
  const titled = !FIELD.test(lines[s] ?? '') && !MAIL_HEADER.test((lines[s] ?? '').trim());
  if (!titled && !nav) return null;

  const fields = new Map<string, string>();
  let last: string | null = null;
  let i = titled ? s + 1 : s;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (isBlank(l)) {
      if (fields.has('from') && fields.has('date')) break;
      if (i > s + HEADER_WINDOW) return null;
      last = null;
      continue;
    }
    const f = FIELD.exec(l);
    if (f) {
      const name = (f[1] ?? '').toLowerCase();
      // A field seen twice belongs to the body (an in-body `From:` right under the header lines).
      if (fields.has(name)) break;
      fields.set(name, (f[2] ?? '').trim());
      last = name;
    } else if (last !== null && /^[ \t]+\S/.test(l)) {
      fields.set(last, `${fields.get(last) ?? ''} ${l.trim()}`);
    } else {
      break;
    }
  }
  const subject = titled ? (lines[s] ?? '').trim() : fields.get('subject');
  if (!fields.has('from') || !fields.has('date') || subject === undefined) return null;

  let b = i;
  while (b < lines.length && (isBlank(lines[b]) || NAV.test((lines[b] ?? '').trim()))) b++;
  let e = lines.length;
  while (e > b && (isBlank(lines[e - 1]) || NAV.test((lines[e - 1] ?? '').trim()))) e--;
  e = cutLinkBlock(lines, b, e);

  const id = (v: string | undefined): string | null => v?.trim().replace(/^<([^>]*)>.*$/, '$1') || null;
  return [{
    subject,
    from: parseShownAddress(fields.get('from') ?? ''),
    date: fields.get('date') ?? null,
    messageId: id(fields.get('message-id')),
    inReplyTo: id(fields.get('in-reply-to')),
    start: s,
    body: trimBlankEnds(lines, range(b, e)),
  }];
}

/**
 * End of the body before MHonArc's link block (`Follow-Ups:`, `References:`, `Prev by Date:`
 * … `Index(es):`, `Date`, `Thread`), when the page ends with one.
 */
function cutLinkBlock(lines: readonly string[], b: number, e: number): number {
  const lastLine = (lines[e - 1] ?? '').trim();
  if (!/^(Date|Thread|Author|Subject)$/.test(lastLine) && !TAIL_MARK.test(lastLine)) return e;
  for (let t = Math.max(b, e - TAIL_WINDOW); t < e; t++) {
    if (TAIL_MARK.test((lines[t] ?? '').trim())) {
      let k = t;
      while (k > b && isBlank(lines[k - 1])) k--;
      return k;
    }
  }
  return e;
}
