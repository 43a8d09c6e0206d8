/**
 * Regression (found by the fuzz suite, test/fuzz): a U+FFFD the sender wrote, sent
 * quoted-printable (`=EF=BF=BD`) or base64, was reported as "bytes not valid in charset"
 * because the check looked at the encoded bytes. Real invalid bytes are still reported.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';

const ref = { input: 'test', index: 0, startLine: 1 } as const;
const mail = (cte: string, body: string) =>
  `From: a@b\nSubject: t\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: ${cte}\n\n${body}`;
const invalid = (m: { problems: readonly { message: string }[] }) => m.problems.filter(p => /replaced with U\+FFFD/.test(p.message));

describe('U+FFFD in the sent text', () => {
  it('quoted-printable and base64 U+FFFD are text, not bad bytes', async () => {
    const qp = await parseMessage(mail('quoted-printable', 'a =EF=BF=BD b=\n=EF=BF=BD\n'), ref, 'eml');
    expect(qp.body.text).toBe('a \ufffd b\ufffd\n');
    expect(invalid(qp)).toEqual([]);
    const b64 = await parseMessage(mail('base64', `${Buffer.from('x \ufffd\n').toString('base64')}\n`), ref, 'eml');
    expect(b64.body.text).toBe('x \ufffd\n');
    expect(invalid(b64)).toEqual([]);
  });

  it('bytes that are not UTF-8 are still reported, in each transfer encoding', async () => {
    expect(invalid(await parseMessage(mail('quoted-printable', 'a =FF b\n'), ref, 'eml'))).toHaveLength(1);
    expect(invalid(await parseMessage(mail('base64', `${Buffer.from([0x61, 0xff, 0x0a]).toString('base64')}\n`), ref, 'eml'))).toHaveLength(1);
    expect(invalid(await parseMessage(Buffer.concat([Buffer.from(mail('8bit', 'a ')), Buffer.from([0xff, 0x0a])]), ref, 'eml'))).toHaveLength(1);
  });
});
