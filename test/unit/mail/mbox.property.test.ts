import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { MboxSplitter, escapeMboxrdLine, isFromLine, unescapeMboxrdLine } from '../../../src/mail/mbox.js';
import { readMessages } from '../../../src/mail/read-input.js';
import type { Message } from '../../../src/mail/types.js';

/** Body lines that stress the splitter: separator look-alikes, quoted From lines, blanks. */
const bodyLine = fc.oneof(
  fc.constantFrom(
    'From a@b Mon Sep 17 00:00:00 2001', 'From mboxrd@z Thu Jan  1 00:00:00 1970', 'From the depths', 'From ',
    '>From a@b Mon Sep 17 00:00:00 2001', '>>From x', '>>>From ', ' From x', '>From', '', ' ', '\t', '--', '-- ',
    'diff --git a/x b/x', '+From here', 'Subject: in body',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(s => s.replace(/[\r\n]/g, '')),
);

const mail = fc.record({
  subject: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map(s => s.replace(/[\r\n]/g, '').trim()),
  body: fc.array(bodyLine, { maxLength: 12 }),
});

function message(k: number, m: { subject: string; body: string[] }): string {
  return `Subject: ${m.subject}\nMessage-ID: <m${k}@x>\n\n${m.body.map(l => `${l}\n`).join('')}`;
}

/** mboxrd writer: separator, escaped lines, blank line after each mail. */
function joinMboxrd(mails: readonly string[]): string {
  return mails.map(m => `From mboxrd@z Thu Jan  1 00:00:00 1970\n${m.split('\n').slice(0, -1).map(escapeMboxrdLine).map(l => `${l}\n`).join('')}\n`).join('');
}

function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = sizes.length ? (sizes[k % sizes.length] ?? 1) : bytes.length;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('mbox split/join round trip (property)', () => {
  it('escapeMboxrdLine and unescapeMboxrdLine are inverse', () => {
    fc.assert(fc.property(bodyLine, line => {
      expect(unescapeMboxrdLine(escapeMboxrdLine(line))).toBe(line);
      expect(isFromLine(escapeMboxrdLine(line))).toBe(false);
    }));
  });

  it('splitting a joined mboxrd gives back every mail byte for byte, however it is chunked', () => {
    fc.assert(fc.property(fc.array(mail, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 5 }), (mails, sizes) => {
      const originals = mails.map((m, k) => message(k, m));
      const bytes = Buffer.from(joinMboxrd(originals));
      const splitter = new MboxSplitter();
      const raws = chunked(bytes, sizes).flatMap(c => splitter.push(c));
      raws.push(...splitter.end().filter(r => r.kind === 'mail'));
      const got = raws.map(r => (r.kind === 'mail' ? Buffer.from(r.bytes).toString('utf8') : ''));
      expect(got.map(g => g.slice(g.indexOf('\n') + 1))).toEqual(originals);
      // Every mail starts on the input line of its separator.
      const lines = bytes.toString('utf8').split('\n');
      for (const r of raws) if (r.kind === 'mail') expect(lines[r.startLine - 1]).toBe('From mboxrd@z Thu Jan  1 00:00:00 1970');
    }), { numRuns: 300 });
  });

  it('reading a joined mboxrd gives the same subjects, ids and bodies with exact line numbers', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mail, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 50 }), async (mails, size) => {
      const text = joinMboxrd(mails.map((m, k) => message(k, m)));
      const msgs: Message[] = [];
      for await (const m of readMessages('-', { stdin: Readable.from(chunked(Buffer.from(text), [size])) })) msgs.push(m);
      expect(msgs.map(m => m.messageId)).toEqual(mails.map((_, k) => `m${k}@x`));
      expect(msgs.map(m => m.subject.raw)).toEqual(mails.map(m => m.subject));
      expect(msgs.map(m => m.body.text)).toEqual(mails.map(m => m.body.map(l => `${l}\n`).join('')));
      const lines = text.split('\n');
      for (const m of msgs) {
        m.body.text.split('\n').slice(0, -1).forEach((t, i) => {
          expect(unescapeMboxrdLine(lines[(m.body.startLine ?? 0) + i - 1] ?? '')).toBe(t);
        });
      }
    }), { numRuns: 60 });
  });
});
