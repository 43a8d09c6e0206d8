/**
 * Pages written for kvet (corpus/mail/web-*.txt), so that the page readers are not tuned to the
 * five seeds: a patchwork page with a comment, a hypermail reply to a reply, a patchew page of
 * a single patch with one review, a plain pasted diff; and small inline pages for the edges.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebPage } from '../../../src/mail/web-archive.js';
import type { Message } from '../../../src/mail/types.js';
import { parseDiffs } from '../../../src/patch/diff.js';
import { extractQuoted } from '../../../src/patch/quoted.js';
import { CORPUS } from '../../helpers/paths.js';

function page(name: string): { text: string; messages: Message[] } {
  const text = readFileSync(path.join(CORPUS, 'mail', name), 'utf8');
  return { text, messages: parseWebPage(text, name) };
}

function expectLinesMapped(text: string, messages: readonly Message[]): void {
  const lines = text.split('\n');
  for (const m of messages) {
    m.body.text.split('\n').forEach((l, i) => {
      expect(lines[(m.body.lineMap?.[i] ?? (m.body.startLine ?? 0) + i) - 1]).toBe(l);
    });
  }
}

describe('patchwork page with a comment (web-patchwork-comments.txt)', () => {
  const { text, messages } = page('web-patchwork-comments.txt');
  const [patch, comment] = messages;

  it('gives the patch and the comment as two messages', () => {
    expect(messages.map(m => m.format)).toEqual(['web-patchwork', 'web-patchwork']);
    expect(patch?.messageId).toBe('20250303120000.4711-2-jane.doe@example.org');
    expect(patch?.subject).toMatchObject({ version: 2, index: 1, total: 2, isReply: false });
    expect(patch?.from).toEqual({ name: 'Jane Doe', address: '' });
    expect(patch?.date).toBe('March 3, 2025, noon UTC');
    expect(patch?.headers).toContainEqual(['X-Patchwork-State', 'Changes Requested']);
    expect(comment?.subject.isReply).toBe(true);
    expect(comment?.from?.name).toBe('Bob Reviewer');
    expect(comment?.date).toBe('March 4, 2025, 9:12 a.m. UTC');
    expect(comment?.messageId).toBeNull();
    expectLinesMapped(text, messages);
  });

  it('joins commit message and Patch section into the body, without the comment', () => {
    const body = patch?.body.text ?? '';
    expect(body).toContain('Signed-off-by: Jane Doe <jane.doe@example.org>');
    expect(body).not.toContain('Reviewed-by: Bob Reviewer');
    expect(body).not.toMatch(/^(Comments|Patch|diff mbox series)$/m);
    const files = parseDiffs(body).files;
    expect(files.map(f => [f.path, f.hunks.length, f.added, f.removed])).toEqual([
      ['drivers/gpio/gpio-sim.c', 1, 1, 3], ['include/linux/gpio/sim.h', 1, 1, 0],
    ]);
    expect(files.every(f => f.hunks.every(h => h.valid))).toBe(true);
  });

  it('reads the hunk the comment quotes without a file header as an orphan hunk', () => {
    const q = extractQuoted(comment?.body as Message['body']);
    expect(q.files).toEqual([]);
    expect(q.orphans).toHaveLength(1);
    const h = q.orphans[0]?.hunks[0];
    expect(h).toMatchObject({ oldStart: 210, newStart: 210, partial: true, section: 'static int sim_get_multiple(struct gpio_chip *gc, unsigned long *mask,' });
    expect(q.comments[0]).toMatchObject({ file: null, text: expect.stringMatching(/^The comment could say/) });
    expect(q.comments[0]?.quoted?.text).toBe('\t\t__assign_bit(i, bits, chip->lines[i].value);');
  });
});

describe('hypermail reply to a reply (web-hypermail-nested-reply.txt)', () => {
  const { text, messages } = page('web-hypermail-nested-reply.txt');
  const m = messages[0] as Message;
  const q = extractQuoted(m.body);

  it('skips the navigation lines and keeps the obfuscated address', () => {
    expect(messages).toHaveLength(1);
    expect(m.format).toBe('web-hypermail');
    expect(m.from).toEqual({ name: 'Carol Maintainer', address: 'carol@xxxxxxxxxx' });
    expect(m.body.text.split('\n')[0]).toBe('On Tue, 11 Feb 2025 17:40:11 +0100');
    expect(m.body.text).not.toMatch(/^(Next message|Messages sorted by):/m);
    expect(m.body.text.endsWith('--\nCarol')).toBe(true);
    expectLinesMapped(text, messages);
  });

  it('reads the diff quoted at depth 2: a whole hunk, a cut one, and + lines after [...]', () => {
    expect(q.files).toHaveLength(1);
    const f = q.files[0];
    expect(f?.path).toBe('drivers/iio/adc/foo.c');
    expect(f?.hunks.map(h => [h.headerLine === null, h.partial, h.valid])).toEqual([
      [false, false, true], [false, true, false], [true, true, false],
    ]);
    expect([f?.added, f?.removed]).toEqual([7, 3]);
    expect(f?.hunks[0]?.lines.find(l => l.kind === '+')?.text).toBe(' goto err_disable_reg;');
  });

  it('keeps both reviewers apart by depth and attaches both to the line they follow', () => {
    expect(q.comments.map(c => [c.depth, c.text])).toEqual([
      [1, 'Looks right, but the labels no longer say what they undo.'],
      [0, 'They do after this patch: err_disable_reg now undoes regulator_enable().'],
      [0, 'Good, this is the order the setup code runs in.'],
      [1, 'Do we still need this with devm?'],
      [0, 'No, I will drop it when applying.'],
    ]);
    expect(q.comments[0]?.quoted?.text).toBe('ret = iio_device_register(indio_dev);');
    expect(q.comments[2]?.quoted).toMatchObject({ kind: '+', text: ' regulator_disable(st->vref);' });
    expect(q.comments[4]?.quoted).toMatchObject({ kind: '+', text: '}' });
    expect(q.comments.every(c => c.file === 'drivers/iio/adc/foo.c')).toBe(true);
    expect(q.attributions.map(a => a.depth)).toEqual([0, 1]);
  });
});

describe('patchew page of one patch and its review (web-thread-reply.txt)', () => {
  const { text, messages } = page('web-thread-reply.txt');

  it('splits the two messages', () => {
    expect(messages).toHaveLength(2);
    expect(messages.map(m => m.from)).toEqual([
      { name: 'Erin Example', address: '' }, { name: 'Frank Reviewer', address: 'frank@example.com' },
    ]);
    expect(messages.map(m => m.date)).toEqual(['3 days ago', '2 days ago']);
    expectLinesMapped(text, messages);
  });

  it('finds the patch in the first and the proposed change in the review', () => {
    const files = parseDiffs(messages[0]?.body.text ?? '').files;
    expect(files.map(f => [f.path, f.added, f.removed])).toEqual([['drivers/spi/spi-bar.c', 4, 1]]);
    const q = extractQuoted(messages[1]?.body as Message['body']);
    expect(q.orphans).toHaveLength(1);
    expect(q.comments).toHaveLength(1);
    expect(q.comments[0]?.proposed.map(l => l.kind)).toEqual(['-', '+']);
    expect(q.comments[0]?.quoted?.text).toBe('\t\tgoto err_release_dma;');
    expect(q.comments[0]?.text.endsWith('Frank')).toBe(true);
  });
});

describe('marc.info-style page (web-marc-reply.txt)', () => {
  const { text, messages } = page('web-marc-reply.txt');
  const m = messages[0] as Message;

  it('reads the field block, keeps the shown sender and restores the Message-ID', () => {
    expect(messages).toHaveLength(1);
    expect(m).toMatchObject({
      format: 'web-hypermail', date: '2025-04-02 10:11:12', messageId: '20250402101112.GA1234@example.org',
      from: { name: 'Grace Reviewer', address: 'grace () example ! org' },
    });
    expect(m.subject).toMatchObject({ isReply: true, index: 2, total: 2 });
    expect(m.body.text.split('\n')[0]).toBe('On Tue, Apr 01, 2025 at 09:00:00AM +0200, Hal Author wrote:');
    expect(m.body.text.endsWith('-- \nGrace')).toBe(true);
    expectLinesMapped(text, messages);
  });

  it('finds the quoted hunk with a comment inside it', () => {
    const q = extractQuoted(m.body);
    expect(q.files.map(f => [f.path, f.added, f.removed, f.hunks.map(h => h.valid)])).toEqual([['drivers/thermal/qux.c', 4, 1, [true]]]);
    expect(q.comments).toHaveLength(1);
    expect(q.comments[0]?.quoted).toMatchObject({ kind: '+', text: '\treturn ret;' });
  });
});

describe('text that is no page', () => {
  it('a pasted diff is one text message whose body is the whole text', () => {
    const { text, messages } = page('web-plain-pasted-diff.txt');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ format: 'text', from: null, messageId: null });
    expect(messages[0]?.body).toMatchObject({ text, startLine: 1 });
    expect(parseDiffs(messages[0]?.body.text ?? '').files.map(f => f.path)).toEqual(['drivers/hwmon/baz.c']);
  });

  it('a mail header block is not taken for a hypermail page', () => {
    const mail = 'From: A <a@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: [PATCH] x\n\nbody';
    expect(parseWebPage(mail, 'm')[0]?.format).toBe('text');
  });

  it('a very long "Posted by" line is no page line and is read quickly', () => {
    const t0 = performance.now();
    const ms = parseWebPage(`S\nPosted by ${'1 day, '.repeat(20000)}x\nR\nPosted by ${'1 day, '.repeat(20000)}`, 'long');
    expect(ms[0]?.format).toBe('text');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('empty text and a lone "Posted by" line are text too', () => {
    expect(parseWebPage('', 'e')[0]?.format).toBe('text');
    expect(parseWebPage('Subject\nPosted by Someone 2 days ago\nbody', 'p')[0]?.format).toBe('text');
  });
});

describe('small pages', () => {
  it('MHonArc page: navigation, title, field block, link block under the body', () => {
    const text = [
      '[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]',
      '',
      'Re: [PATCH v2] hwmon: baz: read the temperature under the lock',
      '',
      'Subject: Re: [PATCH v2] hwmon: baz: read the temperature under the lock',
      'From: Ivy Reviewer <ivy@xxxxxxxxxxx>',
      'Date: Fri, 14 Mar 2025 09:30:00 -0700',
      'Cc: linux-hwmon@xxxxxxxxxxxxxxx',
      'In-reply-to: <20250313.1@example.org>',
      'User-agent: Mutt/2.2.12',
      '',
      'On Thu, Mar 13, 2025 at 10:00:00AM +0100, Jack Author wrote:',
      '> @@ -88,6 +88,8 @@ static int baz_read(struct device *dev)',
      '> \tmutex_lock(&data->lock);',
      '> +\tif (!data->valid)',
      '',
      'Applied, thanks.',
      '',
      'Follow-Ups:',
      'Re: [PATCH v2] hwmon: baz: read the temperature under the lock',
      'From: Jack Author',
      'References:',
      '[PATCH v2] hwmon: baz: read the temperature under the lock',
      'From: Jack Author',
      'Prev by Date: Re: [PATCH] hwmon: qux: fix the sign',
      'Next by thread: Re: [PATCH v2] hwmon: baz: read the temperature under the lock',
      'Index(es):',
      'Date',
      'Thread',
    ].join('\n');
    const [m, ...rest] = parseWebPage(text, 'mhonarc');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      format: 'web-hypermail', inReplyTo: '20250313.1@example.org', messageId: null,
      from: { name: 'Ivy Reviewer', address: 'ivy@xxxxxxxxxxx' }, date: 'Fri, 14 Mar 2025 09:30:00 -0700',
    });
    expect(m?.subject.raw).toBe('Re: [PATCH v2] hwmon: baz: read the temperature under the lock');
    expect(m?.body.text.split('\n').at(0)).toBe('On Thu, Mar 13, 2025 at 10:00:00AM +0100, Jack Author wrote:');
    expect(m?.body.text.split('\n').at(-1)).toBe('Applied, thanks.');
    expect(extractQuoted(m?.body as Message['body']).comments.map(c => c.text)).toEqual(['Applied, thanks.']);
  });

  it('hypermail patch page whose body starts with an in-body From: right under Date:', () => {
    const m = parseWebPage('[PATCH] x: y\nFrom: A B\nDate: Mon Jan 01 2024 - 00:00:00 EST\nFrom: C D <c@xxxxxxx>\n\nText.', 'h')[0];
    expect(m?.from?.name).toBe('A B');
    expect(m?.body.text).toBe('From: C D <c@xxxxxxx>\n\nText.');
  });

  it('patchwork comment heads with and without a dash before the date', () => {
    const text = ['[PATCH] a: b', 'Message ID x@y', 'Commit Message', 'A B May 2, 2024, noon UTC', 'Text.', '',
      'Comments', '', 'C D - May 3, 2024, 1:05 a.m. UTC | #1', 'Ack.', 'E F May 4, 2024, 2 p.m. UTC | #2', 'Nack.'].join('\n');
    const ms = parseWebPage(text, 'pw');
    expect(ms.map(m => [m.from?.name, m.date, m.body.text])).toEqual([
      ['A B', 'May 2, 2024, noon UTC', 'Text.'], ['C D', 'May 3, 2024, 1:05 a.m. UTC', 'Ack.'], ['E F', 'May 4, 2024, 2 p.m. UTC', 'Nack.'],
    ]);
  });

  it('patchwork page with the details as a table and the headers expanded', () => {
    const text = [
      '[RESEND,PATCH] mtd: qux: check the erase size',
      'Submitter\tPat Sender',
      'Date\tJan. 9, 2023, 4:05 p.m.',
      'Message ID\t<20230109160500.1@example.com>',
      'State\tAccepted',
      'Headers\thide',
      'Return-Path: <pat@example.com>',
      'From: Pat Sender <pat@example.com>',
      'Message-Id: <20230109160500.1@example.com>',
      'Subject: [RESEND PATCH] mtd: qux: check the erase size',
      '',
      'Commit Message',
      '',
      'Reject an erase size of zero.',
      '',
      'Signed-off-by: Pat Sender <pat@example.com>',
      '',
      'Patch',
      '',
      'diff --git a/drivers/mtd/qux.c b/drivers/mtd/qux.c',
      '--- a/drivers/mtd/qux.c',
      '+++ b/drivers/mtd/qux.c',
      '@@ -5,2 +5,4 @@  static int qux_erase(struct mtd_info *mtd)',
      ' {',
      '+\tif (!mtd->erasesize)',
      '+\t\treturn -EINVAL;',
      ' \treturn 0;',
    ].join('\n');
    const [m, ...rest] = parseWebPage(text, 'pw');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      format: 'web-patchwork', messageId: '20230109160500.1@example.com', date: 'Jan. 9, 2023, 4:05 p.m.',
      from: { name: 'Pat Sender', address: 'pat@example.com' },
    });
    expect(m?.subject).toMatchObject({ resend: true, isPatch: true });
    expect(m?.body.text.split('\n')[0]).toBe('Reject an erase size of zero.');
    expect(parseDiffs(m?.body.text ?? '').files.map(f => [f.path, f.added])).toEqual([['drivers/mtd/qux.c', 2]]);
  });

  it('hypermail with a blank line between From: and Date: and CRLF line ends', () => {
    const m = parseWebPage('[PATCH] a: b\r\nFrom: Some One\r\n\r\nDate: Mon Jan 01 2024 - 00:00:00 EST\r\n\r\nText.\r\n', 'h');
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ format: 'web-hypermail', date: 'Mon Jan 01 2024 - 00:00:00 EST', from: { name: 'Some One', address: '' } });
    expect(m[0]?.body).toMatchObject({ text: 'Text.', startLine: 6 });
  });

  it('patchew sender shown as an address, age with no-break spaces', () => {
    const text = ['', 'S', 'X posted 2 patches 1\u00a0day ago', '[PATCH 1/2] a', 'Posted by x@example.org 1\u00a0day ago', 'one',
      'Re: [PATCH 1/2] a', 'Posted by Y 5\u00a0hours ago', '> one', 'two'].join('\n');
    const ms = parseWebPage(text, 't');
    expect(ms.map(m => [m.subject.raw, m.from?.address, m.from?.name, m.date, m.body.text])).toEqual([
      ['[PATCH 1/2] a', 'x@example.org', '', '1\u00a0day ago', 'one'],
      ['Re: [PATCH 1/2] a', '', 'Y', '5\u00a0hours ago', '> one\ntwo'],
    ]);
    expect(ms.map(m => m.ref.startLine)).toEqual([4, 7]);
  });
});
