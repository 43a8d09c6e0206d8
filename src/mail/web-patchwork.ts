/**
 * Reads the text of a patchwork patch page (what a browser copies from the "diff mbox series"
 * view): title, the `Message ID` / `State` / `Series` block, `Commit Message` with the
 * submitter and date on one line, optional `Comments`, and the `Patch` section.
 *
 * ```
 * [v7,23/27] dax/region: Create resources on sparse DAX regions
 * Message ID 20241107-dcd-type2-upstream-v7-23-56a84e66bc36@intel.com
 * State New
 * Commit Message
 * Ira Weiny Nov. 7, 2024, 8:58 p.m. UTC
 * …commit message, ---, diffstat…
 * diff mbox series
 * Patch
 * diff --git …
 * ```
 */
import { isBlank, parseShownAddress, range, trimBlankEnds, type PageMessage } from './web-common.js';

/** Patchwork's date as Django renders it ("Nov. 7, 2024, 8:58 p.m. UTC", "May 2, 2024, noon") or ISO. */
const PW_DATE = String.raw`(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}, (?:\d{1,2}(?::\d{2})? ?[ap]\.m\.|noon|midnight)(?: [A-Z]{2,5})?|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?: ?(?:UTC|[+-]\d{4}))?)`;
const SUBMITTER = new RegExp(String.raw`^(.+?)\s+(${PW_DATE})\s*$`);
/** A comment's head: `Name Oct. 10, 2024, 3:32 p.m. UTC | #1` (also `Name - Oct. 10, …` of older pages). */
const COMMENT_HEAD = new RegExp(String.raw`^(.+?)(?:\s+-)?\s+(${PW_DATE})\s*\|\s*#(\d+)\s*$`);
/** Rows of the patch's details table (`Message ID 2024…@intel.com`, older pages: `Submitter\tName`). */
const META = /^(Message ID|State|Headers|Series|Submitter|Date|Delegated to|Archived|Commit)\b(?!:)\s*(.*)$|^(Delegated to):\s*(.*)$/;
/** A mail header of the expanded "Headers" block. */
const RAW_HEADER = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$/;
const CHROME = /^(diff mbox series|mbox series|diff mbox|mbox|series|diff|patch|Download|\|)$/i;
const DIFF_START = /^(diff --git |diff -|Index: |--- \S|@@ -)/;

/** True when the page has patchwork's patch-page structure. */
export function isPatchworkPage(lines: readonly string[]): boolean {
  return findLayout(lines) !== null;
}

interface Layout {
  readonly title: number;
  readonly meta: readonly number[];
  readonly commit: number;
}

function findLayout(lines: readonly string[]): Layout | null {
  const commit = lines.findIndex(l => l.trim() === 'Commit Message');
  if (commit < 0) return null;
  const meta: number[] = [];
  let sawId = false;
  for (let i = 0; i < commit; i++) {
    const m = meta_(lines[i]);
    if (m && m.key !== 'Commit') {
      meta.push(i);
      if (m.key === 'Message ID' || m.key === 'State') sawId = true;
    }
  }
  const firstChrome = lines.slice(0, commit).some(l => /^diff mbox series$/i.test(l.trim()));
  if (!sawId && !firstChrome) return null;
  const top = meta[0] ?? commit;
  let title = -1;
  for (let i = top - 1; i >= 0; i--) {
    const t = (lines[i] ?? '').trim();
    if (t === '' || CHROME.test(t)) continue;
    title = i;
    break;
  }
  return title < 0 ? null : { title, meta, commit };
}

/** Reads a patchwork page; null when the text does not have that structure. */
export function readPatchworkPage(lines: readonly string[]): PageMessage[] | null {
  const layout = findLayout(lines);
  if (layout === null) return null;
  const subject = (lines[layout.title] ?? '').trim();
  let messageId: string | null = null;
  const extra: (readonly [string, string])[] = [];
  let tableFrom: string | null = null;
  let tableDate: string | null = null;
  for (const i of layout.meta) {
    const m = meta_(lines[i]);
    if (!m) continue;
    const value = m.value;
    if (m.key === 'Message ID') messageId = value.replace(/^<|>$/g, '') || null;
    else if (m.key === 'State' && value !== '') extra.push(['X-Patchwork-State', value]);
    else if (m.key === 'Series' && value !== '') extra.push(['X-Patchwork-Series', value.replace(/\s*\|\s*(expand|collapse)\s*$/, '')]);
    else if (m.key === 'Delegated to' && value !== '') extra.push(['X-Patchwork-Delegate', value]);
    else if (m.key === 'Submitter' && value !== '') tableFrom = value;
    else if (m.key === 'Date' && value !== '') tableDate = value;
  }
  const raw = rawHeaders(lines, layout);
  messageId ??= raw.get('message-id')?.replace(/^\s*<|>\s*$/g, '') || null;

  // Submitter and date share the first non-blank line of the commit message section.
  let i = layout.commit + 1;
  while (i < lines.length && isBlank(lines[i])) i++;
  let from = null;
  let date: string | null = null;
  const sub = SUBMITTER.exec((lines[i] ?? '').trim());
  if (sub && !COMMENT_HEAD.test((lines[i] ?? '').trim())) {
    from = parseShownAddress(sub[1] ?? '');
    date = sub[2] ?? null;
    i++;
  }
  const bodyStart = i;
  if (from === null && tableFrom !== null) from = parseShownAddress(tableFrom);
  if (date === null) date = tableDate;
  // The expanded headers know the address the page leaves out.
  const rawFrom = parseShownAddress(raw.get('from') ?? '');
  if (rawFrom && rawFrom.address !== '' && (from === null || from.address === '' && rawFrom.name === from.name)) from = rawFrom;

  const patch = findPatchHeading(lines, bodyStart);
  const patchChrome = patch < 0 ? lines.length : chromeStart(lines, patch);
  const heads: number[] = [];
  for (let k = bodyStart; k < patchChrome; k++) if (COMMENT_HEAD.test((lines[k] ?? '').trim())) heads.push(k);
  let commitEnd = heads[0] ?? patchChrome;
  // A "Comments" heading just above the first comment is page chrome.
  if (heads.length > 0) {
    let k = commitEnd - 1;
    while (k >= bodyStart && isBlank(lines[k])) k--;
    if (k >= bodyStart && (lines[k] ?? '').trim() === 'Comments') commitEnd = k;
  }

  let body = range(bodyStart, commitEnd);
  if (patch >= 0) body = [...trimBlankEnds(lines, body), ...trimBlankEnds(lines, range(patch + 1, lines.length))];
  const out: PageMessage[] = [{ subject, from, date, messageId, start: layout.title, body: trimBlankEnds(lines, body), extra }];

  heads.forEach((h, k) => {
    const head = COMMENT_HEAD.exec((lines[h] ?? '').trim());
    const end = heads[k + 1] ?? patchChrome;
    out.push({
      subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
      from: parseShownAddress(head?.[1] ?? ''),
      date: head?.[2] ?? null,
      messageId: null,
      start: h,
      body: trimBlankEnds(lines, range(h + 1, end)),
    });
  });
  return out;
}

function meta_(line: string | undefined): { key: string; value: string } | null {
  const m = META.exec((line ?? '').trim());
  if (!m) return null;
  return { key: m[1] ?? m[3] ?? '', value: (m[2] ?? m[4] ?? '').trim() };
}

/**
 * Mail headers shown by the page's "Headers" toggle, between the details table and the commit
 * message; names lower-cased, first occurrence kept, folded lines joined.
 */
function rawHeaders(lines: readonly string[], layout: Layout): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (let i = (layout.meta[0] ?? layout.commit); i < layout.commit; i++) {
    const l = lines[i] ?? '';
    const h = RAW_HEADER.exec(l);
    if (h && !meta_(l)) {
      last = (h[1] ?? '').toLowerCase();
      if (!out.has(last)) out.set(last, (h[2] ?? '').trim());
      else last = null;
    } else if (last !== null && /^[ \t]+\S/.test(l)) {
      out.set(last, `${out.get(last) ?? ''} ${l.trim()}`);
    } else {
      last = null;
    }
  }
  return out;
}

/** The `Patch` heading whose section starts with a diff; -1 when none. */
function findPatchHeading(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() !== 'Patch') continue;
    let k = i + 1;
    while (k < lines.length && isBlank(lines[k])) k++;
    if (DIFF_START.test(lines[k] ?? '')) return i;
  }
  return -1;
}

/** First line of the chrome block ("diff mbox series", blank lines) that precedes the `Patch` heading. */
function chromeStart(lines: readonly string[], patch: number): number {
  let k = patch;
  while (k - 1 >= 0 && (isBlank(lines[k - 1]) || /^(diff mbox series|mbox series|diff mbox)$/i.test((lines[k - 1] ?? '').trim()))) k--;
  return k;
}
