/**
 * A stand-in for src/mail while it is being written: splits an mbox on `From ` lines and
 * builds a `Message` for plain single-part 7bit/8bit mails (all the series mboxes are such).
 * Switch callers to `readMessages` once it lands.
 */
import type { Message, SubjectInfo } from '../../../../src/mail/types.js';

/** One raw message of an mbox: its lines and the 1-based input line of its first line. */
export interface RawMail {
  readonly lines: readonly string[];
  readonly startLine: number;
}

/** Splits mbox text at `From <sender> <asctime>` lines (mboxrd `>From` unescaped one level). */
export function splitMbox(text: string): RawMail[] {
  const lines = text.split('\n');
  const out: RawMail[] = [];
  let cur: string[] | null = null;
  let start = 0;
  lines.forEach((line, i) => {
    if (/^From \S+ +\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}/.test(line)) {
      if (cur) out.push({ lines: trimEnd(cur), startLine: start });
      cur = [];
      start = i + 2;
      return;
    }
    cur?.push(/^>+From /.test(line) ? line.slice(1) : line);
  });
  if (cur) out.push({ lines: trimEnd(cur), startLine: start });
  return out;
}

function trimEnd(lines: string[]): string[] {
  const copy = [...lines];
  while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop();
  return copy;
}

/** Minimal subject parse: Re:, bracket tags, vN, k/N. */
export function localSubject(raw: string): SubjectInfo {
  let rest = raw.trim();
  let isReply = false;
  for (;;) {
    const m = /^(re|aw|fwd?)\s*:\s*/i.exec(rest);
    if (!m) break;
    isReply = true;
    rest = rest.slice(m[0].length);
  }
  const tags: string[] = [];
  for (;;) {
    const m = /^\[([^\]]*)\]\s*/.exec(rest);
    if (!m) break;
    tags.push(...(m[1] as string).split(/[\s,]+/).filter(Boolean));
    rest = rest.slice(m[0].length);
  }
  let version = 1;
  let index: number | null = null;
  let total: number | null = null;
  for (const t of tags) {
    const v = /^v(\d+)$/i.exec(t);
    if (v) version = Number(v[1]);
    const k = /^(\d+)\/(\d+)$/.exec(t);
    if (k) {
      index = Number(k[1]);
      total = Number(k[2]);
    }
  }
  return {
    raw, clean: rest, isReply, tags, isPatch: tags.some(t => /^PATCH/i.test(t)),
    rfc: tags.includes('RFC'), resend: tags.includes('RESEND'), prefixes: [], version, index, total,
  };
}

/** A Message of a plain single-part mail; the body keeps its input line numbers. */
export function localMessage(raw: RawMail, input: string, index: number): Message {
  const headers: [string, string][] = [];
  let i = 0;
  for (; i < raw.lines.length; i++) {
    const line = raw.lines[i] as string;
    if (line === '') break;
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] += ' ' + line.trim();
    } else {
      const c = line.indexOf(':');
      if (c > 0) headers.push([line.slice(0, c), line.slice(c + 1).trim()]);
    }
  }
  const get = (name: string): string | null =>
    headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
  const ids = (v: string | null): string[] => [...(v ?? '').matchAll(/<([^>]+)>/g)].map(m => m[1] as string);
  const fromRaw = get('From');
  const from = fromRaw
    ? { name: fromRaw.replace(/<[^>]*>/, '').replace(/"/g, '').trim(), address: /<([^>]+)>/.exec(fromRaw)?.[1] ?? fromRaw }
    : null;
  const bodyLines = raw.lines.slice(i + 1);
  return {
    ref: { input, index, startLine: raw.startLine },
    format: 'mbox',
    messageId: ids(get('Message-ID') ?? get('Message-Id'))[0] ?? null,
    inReplyTo: ids(get('In-Reply-To'))[0] ?? null,
    references: ids(get('References')),
    from,
    date: get('Date'),
    subject: localSubject(get('Subject') ?? ''),
    headers,
    body: {
      text: bodyLines.join('\n'),
      mimeType: 'text/plain',
      filename: null,
      inline: true,
      startLine: raw.startLine + i + 1,
      partLine: raw.startLine + i + 1,
    },
    attachments: [],
    problems: [],
  };
}
