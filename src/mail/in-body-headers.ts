/**
 * In-body headers with git mailinfo semantics (default options: in-body headers on, scissors
 * off). A commit message may begin, after any number of blank lines, with `From:`,
 * `Subject:` and `Date:` lines (each at most once, folded continuation lines allowed), a
 * `[PATCH] subject` line, or a quoted format-patch separator `>From <sha> Mon Sep 17 …`; they
 * override the mail's headers. The first other line ends them; a blank line right after them
 * is dropped.
 */
import { decodeHeaderValue } from './headers.js';
import { isFormatPatchSeparator } from './mbox.js';

/** What the start of a body says about author, subject and date. */
export interface InBodyHeaders {
  /** In-body `From:` value, unfolded, RFC 2047-decoded, whitespace collapsed. */
  readonly from?: string;
  /** In-body `Subject:` value, or a whole `[PATCH] …` line (clean it with `clean`). */
  readonly subject?: string;
  readonly date?: string;
  /** Index into `body.split('\n')` of the first line of the commit message proper. */
  readonly bodyStart: number;
}

const NAMES = ['from', 'subject', 'date'] as const;
type Name = (typeof NAMES)[number];

/** Reads in-body headers at the start of `body` (a decoded body with `\n` line ends). */
export function inBodyHeaders(body: string): InBodyHeaders {
  const lines = body.split('\n', 4096);
  const found: Partial<Record<Name, string>> = {};
  let accum: { name: Name; text: string } | null = null;
  const flush = (): void => {
    if (accum && found[accum.name] === undefined) found[accum.name] = tidy(accum.text);
    accum = null;
  };

  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') {
      if (accum) {
        flush();
        i++;
        break;
      }
      continue;
    }
    if (accum && (line.startsWith(' ') || line.startsWith('\t'))) {
      (accum as { text: string }).text += line;
      continue;
    }
    flush();
    if (line.startsWith('>From') && /\s/.test(line[5] ?? '')) {
      if (isFormatPatchSeparator(line.slice(1))) continue;
      break;
    }
    if (isFormatPatchSeparator(line)) continue;
    if (line.startsWith('[PATCH]') && /\s/.test(line[7] ?? ' ')) {
      found.subject = tidy(line);
      continue;
    }
    const name = headerName(line);
    if (name !== null && found[name] === undefined) {
      accum = { name, text: line.slice(line.indexOf(':') + 1) };
      continue;
    }
    break;
  }
  if (i >= lines.length) flush();

  const out: { from?: string; subject?: string; date?: string; bodyStart: number } = { bodyStart: Math.min(i, lines.length) };
  if (found.from !== undefined) out.from = found.from;
  if (found.subject !== undefined) out.subject = found.subject;
  if (found.date !== undefined) out.date = found.date;
  return out;
}

function headerName(line: string): Name | null {
  const colon = line.indexOf(':');
  if (colon < 4 || colon > 7) return null;
  const name = line.slice(0, colon).toLowerCase();
  return (NAMES as readonly string[]).includes(name) ? (name as Name) : null;
}

function tidy(value: string): string {
  return decodeHeaderValue(value.trim()).replace(/\s+/g, ' ').trim();
}
