/**
 * Shared pieces of the web-archive page readers: what one message found on a page looks like
 * before it becomes a {@link Message}, and the small text helpers the readers have in common.
 */
import type { Address, Message, MessageFormat, TextPart } from './types.js';
import { parseSubject } from './subject.js';

/** One message as a page reader found it; line numbers are 0-based indexes into the page. */
export interface PageMessage {
  readonly subject: string;
  readonly from: Address | null;
  readonly date: string | null;
  readonly messageId: string | null;
  /** In-Reply-To when the page shows it. */
  readonly inReplyTo?: string | null;
  /** Page line where the message starts (its subject or first header-like line). */
  readonly start: number;
  /** Page lines that make up the body, in order (page chrome between them left out). */
  readonly body: readonly number[];
  /** Further shown fields worth keeping as headers, e.g. the patchwork state. */
  readonly extra?: readonly (readonly [string, string])[];
}

/** Splits page text into lines; `\r\n` and lone `\r` count as one line end each. */
export function pageLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** True when the line holds nothing but whitespace (U+00A0 included). */
export function isBlank(line: string | undefined): boolean {
  return line === undefined || /^[\s\u00a0]*$/.test(line);
}

/**
 * Reads a sender as pages show it: `Name <addr>`, `"Name" <addr>`, `addr (Name)`, a bare
 * address, or a bare name. Obfuscated domains (`xxxx` runs, ` () ` / ` ! ` forms) are kept as
 * shown. Returns null for an empty string.
 */
export function parseShownAddress(shown: string): Address | null {
  const s = shown.trim();
  if (s === '') return null;
  const angle = /^(.*?)\s*<([^<>]*)>\s*$/.exec(s);
  if (angle) return { name: unquote(angle[1] ?? ''), address: (angle[2] ?? '').trim() };
  const paren = /^(\S+@\S+)\s+\((.*)\)$/.exec(s);
  if (paren) return { name: unquote(paren[2] ?? ''), address: paren[1] ?? '' };
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return { name: '', address: s };
  return { name: unquote(s), address: '' };
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

/**
 * Drops blank page lines at both ends of a body line list. A trailing line that is exactly one
 * space stays: it is the empty context line a diff ends with when the page has no final newline.
 */
export function trimBlankEnds(lines: readonly string[], body: readonly number[]): number[] {
  let a = 0;
  let b = body.length;
  while (a < b && isBlank(lines[body[a] ?? -1])) a++;
  while (b > a && isBlank(lines[body[b - 1] ?? -1]) && lines[body[b - 1] ?? -1] !== ' ') b--;
  return body.slice(a, b);
}

/** Consecutive page indexes `from` (inclusive) to `to` (exclusive). */
export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Builds a body text part whose lines map back to 1-based page lines. */
export function bodyPart(lines: readonly string[], body: readonly number[], fallbackLine: number): TextPart {
  const text = body.map(i => lines[i] ?? '').join('\n');
  const first = body[0];
  const startLine = first === undefined ? fallbackLine + 1 : first + 1;
  const contiguous = body.every((i, k) => i === (first ?? 0) + k);
  const base = { text, mimeType: 'text/plain', filename: null, inline: true, startLine, partLine: startLine } as const;
  return contiguous ? base : { ...base, lineMap: body.map(i => i + 1) };
}

/** Turns what a page reader found into messages of the given format. */
export function toMessages(
  lines: readonly string[], found: readonly PageMessage[], input: string, format: MessageFormat,
): Message[] {
  return found.map((m, index) => {
    const headers: (readonly [string, string])[] = [['Subject', m.subject]];
    if (m.from) headers.push(['From', m.from.address === '' ? m.from.name : m.from.name === '' ? m.from.address : `${m.from.name} <${m.from.address}>`]);
    if (m.date !== null) headers.push(['Date', m.date]);
    if (m.messageId !== null) headers.push(['Message-ID', `<${m.messageId}>`]);
    if (m.inReplyTo) headers.push(['In-Reply-To', `<${m.inReplyTo}>`]);
    for (const h of m.extra ?? []) headers.push(h);
    return {
      ref: { input, index, startLine: m.start + 1 },
      format,
      messageId: m.messageId,
      inReplyTo: m.inReplyTo ?? null,
      references: [],
      from: m.from,
      date: m.date,
      subject: parseSubject(m.subject),
      headers,
      body: bodyPart(lines, m.body, m.start),
      attachments: [],
      problems: [],
    };
  });
}
