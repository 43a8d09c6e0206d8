import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseAddress } from '../../../src/mail/address.js';
import { inBodyHeaders } from '../../../src/mail/in-body-headers.js';
import { parseMessage } from '../../../src/mail/message.js';
import { readMessages } from '../../../src/mail/read-input.js';
import { clean } from '../../../src/mail/subject.js';
import type { Message, TextPart } from '../../../src/mail/types.js';
import { CORPUS, EXTERNAL_MAIL } from '../../helpers/paths.js';

async function collect(input: string): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of readMessages(input)) out.push(m);
  return out;
}

async function first(input: string): Promise<Message> {
  const [m] = await collect(input);
  if (!m) throw new Error(`no message in ${input}`);
  return m;
}

const ref = { input: 'test', index: 0, startLine: 1 } as const;

/** Input line of line `i` of a text part, or null. */
function lineOf(part: TextPart, i: number): number | null {
  if (part.lineMap) return part.lineMap[i] ?? null;
  return part.startLine === null ? null : part.startLine + i;
}

describe('git t5100: Author, Email, Subject and Date as git mailinfo gives them', () => {
  const dirs = readdirSync(path.join(EXTERNAL_MAIL, 'git')).filter(d => /^t5100-00\d\d$/.test(d)).sort();

  it('has the eleven numbered samples', () => {
    expect(dirs).toHaveLength(11);
  });

  for (const dir of dirs) {
    it(dir, async () => {
      const base = path.join(EXTERNAL_MAIL, 'git', dir);
      const info = Object.fromEntries(
        readFileSync(path.join(base, 'expected-info'), 'utf8').split('\n').filter(l => l.includes(': ') || l.endsWith(':'))
          .map(l => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      ) as Record<string, string>;
      const m = await first(path.join(base, 'mail.eml'));
      expect(m.problems).toEqual([]);
      const inBody = inBodyHeaders(m.body.text);
      const author = inBody.from !== undefined ? parseAddress(inBody.from) : m.from;
      // mailinfo records no author for a From: without an address (t5100-0015).
      expect(author?.address === '' ? '' : author?.name).toBe(info['Author']);
      expect(author?.address ?? '').toBe(info['Email']);
      expect(clean(inBody.subject ?? m.subject.raw)).toBe(info['Subject']);
      expect(inBody.date ?? m.date).toBe(info['Date']);
    });
  }
});

describe('encodings', () => {
  it('decodes an ISO-2022-JP encoded word split over a folded From line (t5100-0004)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'git/t5100-0004/mail.eml'));
    expect(m.from).toEqual({ name: 'YOSHIFUJI Hideaki / 吉藤英明', address: 'yoshfuji@linux-ipv6.org' });
    expect(m.headers.find(([k]) => k === 'From')?.[1]).toContain('吉藤英明');
  });

  it('decodes an upper-case QUOTED-PRINTABLE ISO8859-1 body with soft breaks (t5100-0005)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'git/t5100-0005/mail.eml'));
    expect(m.from?.name).toBe('David Kågedal');
    expect(m.body.startLine).toBeNull();
    expect(m.body.partLine).toBe(m.ref.startLine + 19);
    expect(m.body.text).toContain('diff --git a/git-cvsimport-script b/git-cvsimport-script\n');
    expect(m.body.text).not.toMatch(/=20$/m);
  });

  it('joins three TAB-folded base64 encoded words of a subject (t5100-0012)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'git/t5100-0012/mail.eml'));
    expect(m.subject.clean).toBe('Изменён список пакетов необходимых для сборки');
    expect(m.subject.prefixes).toEqual(['Navy-patches']);
    expect(m.subject.isPatch).toBe(true);
  });

  it('decodes the RFC 2047 section 8 examples (git t5100 rfc2047-samples)', async () => {
    const cases: [string, string][] = [
      ['(=?ISO-8859-1?Q?a?=)', '(a)'],
      ['(=?ISO-8859-1?Q?a?= b)', '(a b)'],
      ['(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)', '(ab)'],
      ['(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)', '(ab)'],
      ['(=?ISO-8859-1?Q?a?=\n    =?ISO-8859-1?Q?b?=)', '(ab)'],
      ['(=?ISO-8859-1?Q?a_b?=)', '(a b)'],
      ['(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)', '(a b)'],
      ['=?UTF-8?B?w6k=?= =?utf-8?q?t=C3=A9?=', 'été'],
      ['=?iso-2022-jp?B?GyRCNUhGIzFRTEAbKEI=?=', '吉藤英明'],
    ];
    for (const [encoded, decoded] of cases) {
      const m = await parseMessage(`Subject: ${encoded}\n\nx\n`, ref, 'eml');
      expect(m.subject.raw, encoded).toBe(decoded);
    }
  });

  it('takes the first of two Content-Type headers (t5100-0017)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'git/t5100-0017/mail.eml'));
    expect(m.subject.raw).toBe('A E I O U');
    expect(m.problems).toEqual([]);
  });

  it('accepts raw UTF-8 headers (patchwork 0014)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'patchwork/0014-with-unencoded-utf8-headers.mbox'));
    expect(m.from?.name).toBe('Rafał Miłecki');
    expect(m.subject.raw).toBe('MAINTAINERS: Update entry for BCM5301X ARM to include Rafał Miłecki');
    expect(m.problems).toEqual([]);
  });

  it('falls back from charset="none" with a problem, never a throw (patchwork 0010)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'patchwork/0010-invalid-charset.mbox'));
    expect(m.problems.map(p => p.message)).toContainEqual(expect.stringContaining('unknown charset "none"'));
    expect(m.subject.raw).toBe('Fix pow overflow in non-default rounding modes (bug 16315)');
    expect([m.body.text, ...m.attachments.map(a => a.text)].join('\n')).toContain('diff --git');
  });

  it('reports quoted CRLF and normalises it to LF (t5100 quoted-cr)', async () => {
    const msgs = await collect(path.join(EXTERNAL_MAIL, 'git/t5100-quoted-cr/quoted-cr.mbox'));
    expect(msgs).toHaveLength(2);
    expect(msgs[0]?.problems).toEqual([]);
    expect(msgs[0]?.body.text).toContain('\r');
    expect(msgs[1]?.problems.map(p => p.message)).toEqual([expect.stringContaining('quoted CRLF detected')]);
    expect(msgs[1]?.body.text).not.toContain('\r\n');
    // `%%` stands for CR in git's expected file; the CR inside the line stays, the CRLF goes.
    const expectedFirst = (readFileSync(path.join(EXTERNAL_MAIL, 'git/t5100-quoted-cr/quoted-cr-msg'), 'utf8').split('\n')[0] ?? '')
      .replace(/%%/g, '\r').replace(/\r$/, '');
    expect(expectedFirst).toContain('\rpytest');
    expect(msgs[1]?.body.text.split('\n')[0]).toBe(expectedFirst);
    expect(msgs[0]?.body.text.split('\n')[0]).toBe(expectedFirst);
  });

  it('decodes format=flowed and maps each unfolded line to where it starts (t4256)', async () => {
    const file = path.join(EXTERNAL_MAIL, 'git/t4256-format-flowed/mail.eml');
    const m = await first(file);
    expect(m.body.lineMap).toBeDefined();
    const lines = readFileSync(file, 'utf8').split('\n');
    const text = m.body.text.split('\n');
    // A soft-wrapped line (trailing space) is joined with the next one.
    const joined = text.findIndex(l => l.includes('const char *name,') && l.includes('static int'));
    expect(joined).toBeGreaterThanOrEqual(0);
    text.slice(0, -1).forEach((t, i) => {
      const at = lineOf(m.body, i);
      expect(at).not.toBeNull();
      const raw = (lines[(at ?? 1) - 1] ?? '').replace(/^ /, '');
      expect(t.startsWith(raw.trimEnd())).toBe(true);
    });
  });
});

describe('parts', () => {
  it('keeps the plain part as body and drops the HTML twin (patchwork 0019)', async () => {
    const m = await first(path.join(EXTERNAL_MAIL, 'patchwork/0019-multipart-patch.mbox'));
    expect(m.body.mimeType).toBe('text/plain');
    expect(m.body.text).toContain('diff --git');
    expect(m.body.text).not.toContain('<div');
    expect(m.attachments.filter(a => a.mimeType === 'text/html')).toEqual([]);
  });

  it('lists a text/plain attachment with its filename and exact input lines (patchwork 0007)', async () => {
    const file = path.join(EXTERNAL_MAIL, 'patchwork/0007-cvs-format-diff.mbox');
    const m = await first(file);
    const lines = readFileSync(file, 'utf8').split('\n').map(l => l.replace(/\r$/, ''));
    expect(m.attachments).toHaveLength(1);
    const att = m.attachments[0] as TextPart;
    expect(att.inline).toBe(false);
    expect(att.text).toMatch(/^Index: bfd\/elf-bfd\.h$/m);
    expect(att.startLine).not.toBeNull();
    att.text.split('\n').slice(0, -1).forEach((t, i) => expect(lines[(lineOf(att, i) ?? 0) - 1]).toBe(t));
  });

  it('takes application/octet-stream parts named *.patch and text/x-diff parts as attachments', async () => {
    const raw = [
      'From: A <a@b.c>', 'Subject: [PATCH] attached', 'Message-ID: <att@x>', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XX"', '', 'preamble', '--XX', 'Content-Type: text/plain', '', 'see attached', '--XX',
      'Content-Type: application/octet-stream; name="0001-fix.patch"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('diff --git a/f b/f\n').toString('base64'), '--XX',
      'Content-Type: text/x-diff; charset=iso-8859-1', 'Content-Disposition: inline; filename=b.diff', '', 'caf\u00e9', '--XX',
      'Content-Type: image/png; name=a.png', 'Content-Transfer-Encoding: base64', '', 'iVBORw0KGgo=', '--XX--', '',
    ].join('\n');
    const m = await parseMessage(Buffer.from(raw, 'latin1'), ref, 'eml');
    expect(m.problems).toEqual([]);
    expect(m.body.text).toBe('see attached\n');
    expect(m.body.startLine).toBe(11);
    expect(m.attachments.map(a => [a.mimeType, a.filename, a.text, a.startLine, a.partLine])).toEqual([
      ['application/octet-stream', '0001-fix.patch', 'diff --git a/f b/f\n', null, 16],
      ['text/x-diff', 'b.diff', 'café\n', 21, 21],
    ]);
  });

  it('falls back to the text of an HTML-only mail', async () => {
    const raw = 'Subject: html\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>Hello &amp; <b>bye</b></p><script>x()</script></body></html>\n';
    const m = await parseMessage(raw, ref, 'eml');
    expect(m.body.mimeType).toBe('text/html');
    expect(m.body.text).toContain('Hello & bye');
    expect(m.body.text).not.toContain('x()');
  });

  it('reads ids, threading headers and the sender', async () => {
    const raw = [
      'From: "Doe, Jane" <jane@example.com>', 'Subject: Re: [PATCH v2 3/5] x',
      'Message-Id: <abc@example.com>', 'In-Reply-To: <parent@example.com> (Jane\'s message)',
      'References: <root@example.com>', '\t<parent@example.com>', 'Date: Tue, 2 Jan 2024 10:00:00 +0100', '', 'ok',
    ].join('\n');
    const m = await parseMessage(raw, { input: 'x.eml', index: 0, startLine: 10 }, 'eml');
    expect(m.messageId).toBe('abc@example.com');
    expect(m.inReplyTo).toBe('parent@example.com');
    expect(m.references).toEqual(['root@example.com', 'parent@example.com']);
    expect(m.from).toEqual({ name: 'Doe, Jane', address: 'jane@example.com' });
    expect(m.date).toBe('Tue, 2 Jan 2024 10:00:00 +0100');
    expect(m.subject).toMatchObject({ isReply: true, version: 2, index: 3, total: 5, clean: 'x' });
    expect(m.headers.map(([k]) => k)).toEqual(['From', 'Subject', 'Message-Id', 'In-Reply-To', 'References', 'Date']);
    expect(m.body).toMatchObject({ text: 'ok\n', startLine: 18, partLine: 18, inline: true });
  });
});

interface Expected {
  readonly stage: 'mail';
  readonly messages: readonly { messageId?: string; problems: readonly string[]; attachments?: number }[];
}

describe('hostile mails in corpus/mail give problems, never a throw', () => {
  const dir = path.join(CORPUS, 'mail');
  const files = readdirSync(dir).filter(f => /^\d{4}-.*\.mbox$/.test(f)).sort();

  it('has the authored hostile mails', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const f of files) {
    it(f, async () => {
      const expected = JSON.parse(readFileSync(path.join(dir, f.replace(/\.mbox$/, '.expected.json')), 'utf8')) as Expected;
      const msgs = await collect(path.join(dir, f));
      expect(msgs).toHaveLength(expected.messages.length);
      expected.messages.forEach((e, k) => {
        const m = msgs[k] as Message;
        if (e.messageId !== undefined) expect(m.messageId).toBe(e.messageId);
        const got = m.problems.map(p => p.message).join('\n');
        for (const p of e.problems) expect(got, `${f} #${k}`).toContain(p);
        for (const p of m.problems) expect(p.where).toMatch(new RegExp(`${f}:\\d+$`));
        if (e.attachments !== undefined) expect(m.attachments).toHaveLength(e.attachments);
      });
    });
  }

  it('survives a 10 MB line in the header, in the body and in base64', async () => {
    const long = 'x'.repeat(10 * 2 ** 20);
    const text = [
      'From big@example.com Mon Sep 17 00:00:00 2001', `Subject: [PATCH] ${long}`, 'Message-ID: <big-1@x>', '', `+${long}`, '',
      'From big@example.com Mon Sep 17 00:00:00 2001', 'Subject: [PATCH] base64', 'Message-ID: <big-2@x>',
      'Content-Transfer-Encoding: base64', '', Buffer.from(`${long}\n`).toString('base64'), '',
      'From big@example.com Mon Sep 17 00:00:00 2001', `From: ${'[('.repeat(2 ** 20)}`, `Subject: ${'['.repeat(2 ** 20)}`, '', 'b', '',
    ].join('\n');
    const t0 = performance.now();
    const msgs: Message[] = [];
    const chunks: Buffer[] = [];
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    for await (const m of readMessages('-', { stdin: Readable.from(chunks) })) msgs.push(m);
    expect(msgs.map(m => m.messageId)).toEqual(['big-1@x', 'big-2@x', null]);
    expect(msgs[0]?.subject.clean).toHaveLength(long.length);
    expect(msgs[0]?.body.text).toHaveLength(long.length + 2);
    expect(msgs[1]?.body.text).toBe(`${long}\n`);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
