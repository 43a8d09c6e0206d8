/**
 * Reads the text of a marc.info-style message page: navigation links, then aligned
 * `List:` / `Subject:` / `From:` / `Date:` / `Message-ID:` lines, a `[Download RAW message or
 * body]` link, the body, and the navigation again at the bottom.
 *
 * ```
 * [prev in list] [next in list] [prev in thread] [next in thread]
 * List:       linux-cxl
 * Subject:    Re: [PATCH v2 3/5] cxl/foo: bar
 * From:       Some One <some.one () example ! com>
 * Date:       2024-10-10 15:27:45
 * Message-ID: 20241010162745.1234 () example ! com
 * [Download RAW message or body]
 * ```
 *
 * The sender is kept as shown (` () ` / ` ! ` obfuscation included); the Message-ID, an
 * identifier rather than an address, is given back with `@` and `.` restored.
 */
import { isBlank, parseShownAddress, range, trimBlankEnds, type PageMessage } from './web-common.js';

const NAV = /^\s*(\[(prev|next) in (list|thread)\]\s*)+$|^\s*Configure\s*\|\s*About\s*\|/i;
const FIELD = /^(List|Subject|From|Date|Message-ID):\s+(.*)$/i;
const RAW_LINK = /^\s*\[Download (RAW )?message( or body)?\]\s*$/i;
/** How many lines from the top the field block may start at. */
const TOP = 12;

/** Reads a marc.info-style page; null when the text does not have that structure. */
export function readMarcPage(lines: readonly string[]): PageMessage[] | null {
  let i = 0;
  while (i < lines.length && i < TOP && (isBlank(lines[i]) || NAV.test(lines[i] ?? ''))) i++;
  const fields = new Map<string, string>();
  const start = i;
  for (; i < lines.length; i++) {
    const f = FIELD.exec(lines[i] ?? '');
    if (!f) break;
    fields.set((f[1] ?? '').toLowerCase(), (f[2] ?? '').trim());
  }
  const hasLink = RAW_LINK.test(lines[i] ?? '');
  if (!fields.has('subject') || !fields.has('from') || !(fields.has('list') || hasLink)) return null;
  if (hasLink) i++;

  let e = lines.length;
  while (e > i && (isBlank(lines[e - 1]) || NAV.test(lines[e - 1] ?? ''))) e--;
  const id = fields.get('message-id');
  return [{
    subject: fields.get('subject') ?? '',
    from: parseShownAddress(fields.get('from') ?? ''),
    date: fields.get('date') ?? null,
    messageId: id ? id.replace(/^<|>$/g, '').replace(/\s*\(\)\s*/g, '@').replace(/\s+!\s+/g, '.') : null,
    start,
    body: trimBlankEnds(lines, range(i, e)),
  }];
}
