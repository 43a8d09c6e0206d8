/**
 * Mail ingest under hostile input: mbox splitting of mutated real mboxes is the same however
 * the bytes are chunked; parsing a mutated real mail never rejects, is deterministic, and maps
 * body lines monotonically into the input; generated MIME mails (nested multiparts, bad
 * base64 and quoted-printable, unknown charsets, huge headers) decode to what was encoded when
 * they are well formed, and are reported, never thrown, when they are not.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MboxSplitter, type RawMail } from '../../src/mail/mbox.js';
import { parseMessage } from '../../src/mail/message.js';
import { readMessages } from '../../src/mail/read-input.js';
import type { Message } from '../../src/mail/types.js';
import { realMails, realSeries } from './helpers/corpus.js';
import { fuzz, testTimeout, timed } from './helpers/fuzz.js';
import { applyMutations, mutationsArb } from './helpers/mutate.js';

const mails = realMails();
const series = realSeries().filter(s => s.bytes.length < 200_000);

/** Split `bytes` fed in chunks of the given sizes (cycled). */
function split(bytes: Uint8Array, sizes: readonly number[]): RawMail[] {
  const s = new MboxSplitter();
  const out: RawMail[] = [];
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = sizes.length === 0 ? bytes.length : (sizes[k % sizes.length] ?? 1);
    out.push(...s.push(bytes.subarray(at, at + n)));
    at += n;
  }
  for (const r of s.end()) if (r.kind === 'mail') out.push(r);
  return out;
}

const view = (r: RawMail) => ({ startLine: r.startLine, format: r.format, bytes: Buffer.from(r.bytes).toString('base64') });

function bodyLinesOk(m: Message, maxLine: number): void {
  const b = m.body;
  if (b.startLine !== null) expect(b.startLine).toBeGreaterThanOrEqual(1);
  const map = b.lineMap;
  if (map === undefined) return;
  expect(map.length).toBe(b.text.split('\n').length);
  for (let k = 1; k < map.length; k++) expect(map[k]!).toBeGreaterThan(map[k - 1]!);
  expect(map[0]!).toBeGreaterThanOrEqual(m.ref.startLine);
  expect(map.at(-1)!).toBeLessThanOrEqual(maxLine);
}

/** Message fields that must not depend on chunking or on a second run. */
const digest = (m: Message) => JSON.stringify([m.ref, m.format, m.messageId, m.subject, m.headers, m.body, m.attachments, m.problems]);

describe('mbox splitting', () => {
  it('a mutated real mbox splits the same in one chunk and in random chunks; start lines increase', async () => {
    if (series.length === 0) return; // no shared corpus here
    const arb = fc.tuple(fc.nat({ max: series.length - 1 }), mutationsArb, fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 }));
    await fuzz('mail/mbox-chunking', fc.asyncProperty(arb, async ([s, ms, sizes]) => {
      const bytes = applyMutations(series[s]!.bytes, ms);
      await timed('mail/mbox-chunking', bytes, () => {
        const whole = split(bytes, []);
        const chunked = split(bytes, sizes);
        expect(chunked.map(view)).toEqual(whole.map(view));
        for (let k = 1; k < whole.length; k++) expect(whole[k]!.startLine).toBeGreaterThan(whole[k - 1]!.startLine);
      });
    }), 25);
  }, testTimeout());
});

describe('message parsing', () => {
  it('a mutated real mail parses (never rejects), deterministically, with body lines mapped into the input', async () => {
    await fuzz('mail/parse-mutated', fc.asyncProperty(fc.nat({ max: mails.length - 1 }), mutationsArb, fc.integer({ min: 1, max: 1000 }), async (k, ms, startLine) => {
      const bytes = applyMutations(mails[k]!.bytes, ms);
      await timed('mail/parse-mutated', bytes, async () => {
        const ref = { input: 'fuzz', index: 0, startLine };
        const a = await parseMessage(bytes, ref, 'mbox');
        const b = await parseMessage(bytes, ref, 'mbox');
        expect(digest(b)).toBe(digest(a));
        let lines = 1;
        for (const x of bytes) if (x === 0x0a) lines++;
        bodyLinesOk(a, startLine + lines);
        for (const p of a.problems) expect(p.where.startsWith('fuzz:')).toBe(true);
        for (const [name, value] of a.headers) expect(typeof name === 'string' && typeof value === 'string').toBe(true);
      });
    }), 60);
  }, testTimeout());

  it('reading a mutated mbox from stdin in random chunks gives the same messages as in one chunk', async () => {
    if (series.length === 0) return; // no shared corpus here
    const arb = fc.tuple(fc.nat({ max: series.length - 1 }), mutationsArb, fc.integer({ min: 1, max: 50_000 }));
    const read = async (bytes: Uint8Array, size: number): Promise<string[]> => {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(Buffer.from(bytes.subarray(at, at + size)));
      const out: string[] = [];
      for await (const m of readMessages('-', { stdin: Readable.from(chunks) })) out.push(digest(m));
      return out;
    };
    await fuzz('mail/read-chunking', fc.asyncProperty(arb, async ([s, ms, size]) => {
      const bytes = applyMutations(series[s]!.bytes, ms);
      await timed('mail/read-chunking', bytes, async () => {
        expect(await read(bytes, size)).toEqual(await read(bytes, bytes.length + 1));
      });
    }), 6);
  }, testTimeout());
});

/** A small quoted-printable encoder (RFC 2045: `=XX`, soft breaks at 76). */
function qp(bytes: Uint8Array): string {
  const out: string[] = [];
  let line = '';
  const put = (tok: string) => {
    if (line.length + tok.length > 75) {
      out.push(`${line}=`);
      line = '';
    }
    line += tok;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      out.push(line);
      line = '';
    } else if ((b >= 33 && b <= 126 && b !== 61) || (b === 32 && bytes[i + 1] !== 0x0a && i + 1 < bytes.length)) put(String.fromCharCode(b));
    else put(`=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  out.push(line);
  return out.join('\n');
}

function b64(bytes: Uint8Array): string {
  return (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? ['']).join('\n');
}

/** Body text: printable lines, tabs, diff-looking lines, non-ASCII; no CR, no NUL. */
const bodyText = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }).map(s => s.replace(/[\r\n\0\u2028\u2029\ufeff]/g, '')),
    fc.constantFrom('diff --git a/x.c b/x.c', '+\tgoto out;', '-- ', '> quoted', '=', '=3D', 'From here', '.', ''),
  ),
  { minLength: 1, maxLength: 30 },
).map(lines => `${lines.join('\n')}\n`);

describe('MIME decoding', () => {
  it('a well-formed single-part or multipart mail decodes to the text encoded in it (8bit, base64, quoted-printable)', async () => {
    const arb = fc.record({
      text: bodyText,
      cte: fc.constantFrom('8bit', 'base64', 'quoted-printable'),
      multipart: fc.boolean(),
      depth: fc.integer({ min: 0, max: 5 }),
    });
    await fuzz('mail/mime-roundtrip', fc.asyncProperty(arb, async ({ text, cte, multipart, depth }) => {
      const raw = new TextEncoder().encode(text);
      const content = cte === 'base64' ? `${b64(raw)}\n` : cte === 'quoted-printable' ? `${qp(raw)}` : text;
      let part = `Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: ${cte}\n\n${content}`;
      if (multipart) {
        for (let d = 0; d <= depth; d++) {
          const b = `b${d}=_x`;
          part = `Content-Type: multipart/mixed; boundary="${b}"\n\npreamble\n--${b}\n${part}\n--${b}\nContent-Type: application/octet-stream\n\nAAAA\n--${b}--\n`;
        }
      }
      const mail = `From: A <a@b>\nSubject: t\nMessage-ID: <t@x>\nMIME-Version: 1.0\n${part}`;
      await timed('mail/mime-roundtrip', mail, async () => {
        const m = await parseMessage(mail, { input: 'fuzz', index: 0, startLine: 1 }, 'eml');
        // A part's last line keeps its line end (kvet reads lines, as git does), so a multipart
        // body may end in one more newline than RFC 2046 gives it; nothing else may differ.
        if (multipart) expect(m.body.text.replace(/\n+$/, '')).toBe(text.replace(/\n+$/, ''));
        else expect(m.body.text).toBe(text);
        expect(m.problems.filter(p => !/^quoted CRLF/.test(p.message))).toEqual([]);
      });
    }), 200);
  }, testTimeout());

  it('broken MIME (bad base64/QP, unknown charsets, missing boundaries, deep nesting, huge headers) is reported, never thrown', async () => {
    const leaf = fc.record({
      type: fc.constantFrom('text/plain', 'text/html', 'text/x-patch', 'application/octet-stream', 'message/rfc822', 'text/plain; format=flowed; delsp=yes'),
      charset: fc.constantFrom('utf-8', 'iso-8859-1', 'utf-16le', 'utf-7', 'x-unknown', 'gb2312', '"', ''),
      cte: fc.constantFrom('7bit', '8bit', 'base64', 'quoted-printable', 'x-uuencode', 'binary', ''),
      body: fc.oneof(
        bodyText,
        fc.constantFrom('!!!!', 'QUJD\nRA', '====', 'QU=JD\n', '=ZZ=\n=', '=E2=80\n', '=\n=\n', 'A'.repeat(100_001), '\0\0', '\ud800'),
        fc.uint8Array({ maxLength: 300 }).map(b => Buffer.from(b).toString('latin1')),
      ),
    });
    const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>(tie => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf.map(l => `Content-Type: ${l.type}${l.charset === '' ? '' : `; charset=${l.charset}`}\nContent-Transfer-Encoding: ${l.cte}\n\n${l.body}`),
        fc.record({
          boundary: fc.constantFrom('b', 'b', '', '"', 'x y', '-'.repeat(80)),
          parts: fc.array(tie('node'), { maxLength: 4 }),
          close: fc.boolean(),
        }).map(({ boundary, parts, close }) =>
          `Content-Type: multipart/mixed; boundary="${boundary}"\n\n${parts.map(p => `--${boundary}\n${p}\n`).join('')}${close ? `--${boundary}--\n` : ''}`),
      ),
    })).node;
    const header = fc.oneof(
      fc.constant(''),
      fc.constantFrom(1_000, 100_000, 1_000_000).map(n => `X-Long: ${'a'.repeat(n)}\n`),
      fc.constantFrom(100, 20_000).map(n => `Subject: s${'\n x'.repeat(n)}\n`),
      fc.constantFrom(100, 20_000).map(n => Array.from({ length: n }, (_, i) => `X-${i}: ${i}\n`).join('')),
      fc.constant('Subject: =?utf-8?B?####?= =?iso-8859-1?Q?=ZZ?= =?x-nope?B?QQ==?=\n'),
      fc.constant(`${'Content-Type: multipart/mixed; boundary=a\n'.repeat(3)}`),
    );
    const deep = fc.integer({ min: 0, max: 200 }).map(n =>
      `${Array.from({ length: n }, (_, i) => `Content-Type: multipart/mixed; boundary="d${i}"\n\n--d${i}\n`).join('')}Content-Type: text/plain\n\nx\n`);
    await fuzz('mail/mime-broken', fc.asyncProperty(header, fc.oneof(tree, deep), fc.boolean(), async (h, body, crlf) => {
      let mail = `From: a@b\nMIME-Version: 1.0\n${h}${body}`;
      if (crlf) mail = mail.replace(/\n/g, '\r\n');
      await timed('mail/mime-broken', mail, async () => {
        const m = await parseMessage(mail, { input: 'fuzz', index: 0, startLine: 1 }, 'eml');
        expect(typeof m.body.text).toBe('string');
        let lines = 1;
        for (const c of mail) if (c === '\n') lines++;
        bodyLinesOk(m, lines);
        for (const a of m.attachments) expect(typeof a.text).toBe('string');
      });
    }), 100);
  }, testTimeout());
});
