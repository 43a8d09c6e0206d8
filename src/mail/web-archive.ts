/**
 * Web-archive text: what reviewers paste from patchwork, hypermail (lkml.iu.edu), marc.info and
 * patchew-style thread pages. Page kinds are recognised by their structure, never by file name.
 */
import type { Message } from './types.js';
import { pageLines, toMessages } from './web-common.js';
import { readHypermailPage } from './web-hypermail.js';
import { readMarcPage } from './web-marc.js';
import { readPatchworkPage } from './web-patchwork.js';
import { readThreadPage } from './web-thread.js';
import { withoutFurniture } from './page-furniture.js';
import { parseSubject } from './subject.js';

/**
 * Splits the text of a web page into the messages it shows, one {@link Message} each, with
 * subject, sender (name, and address when shown; obfuscated `xxxx` kept), date as shown,
 * Message-ID when the page shows one, and a body whose lines map to page lines
 * (`startLine`/`lineMap`, 1-based). Text that is no known page becomes one message of format
 * `'text'` whose body is the whole text (less a public-inbox page's navigation and thread
 * overview at its end), so a pasted diff is still found downstream.
 * Never throws.
 */
export function parseWebPage(text: string, input: string): Message[] {
  const lines = pageLines(text);
  const patchwork = readPatchworkPage(lines);
  if (patchwork) return toMessages(lines, patchwork, input, 'web-patchwork');
  const thread = readThreadPage(lines);
  if (thread) return toMessages(lines, thread, input, 'web-thread');
  const hypermail = readHypermailPage(lines) ?? readMarcPage(lines);
  if (hypermail) return toMessages(lines, hypermail, input, 'web-hypermail');
  return [plainText(lines, input)];
}

function plainText(lines: readonly string[], input: string): Message {
  return {
    ref: { input, index: 0, startLine: 1 },
    format: 'text',
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    date: null,
    subject: parseSubject(''),
    headers: [],
    body: withoutFurniture({ text: lines.join('\n'), mimeType: 'text/plain', filename: null, inline: true, startLine: 1, partLine: 1 }),
    attachments: [],
    problems: [],
  };
}
