/**
 * Page furniture of public-inbox (lore) message pages saved as text and read as a mail: the
 * `[thread overview]` link after the Date, and the navigation line, thread overview and reply
 * instructions after the body.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import { furnitureStart, stripDateFurniture } from '../../../src/mail/page-furniture.js';
import { readMessages } from '../../../src/mail/read-input.js';
import { parseWebPage } from '../../../src/mail/web-archive.js';
import type { Message } from '../../../src/mail/types.js';
import { toPatch } from '../../../src/patch/patch.js';
import { CORPUS } from '../../helpers/paths.js';

const PAGE = path.join(CORPUS, 'mail', '0008-public-inbox-page.mbox');

async function firstMessage(file: string): Promise<Message> {
  for await (const m of readMessages(file)) return m;
  throw new Error(`no message in ${file}`);
}

describe('stripDateFurniture', () => {
  it('drops the [thread overview] link after the date', () => {
    expect(stripDateFurniture('Wed, 12 Jun 2024 09:41:07 +0200\t[thread overview]')).toBe('Wed, 12 Jun 2024 09:41:07 +0200');
    expect(stripDateFurniture('Wed, 12 Jun 2024 09:41:07 +0200 [thread overview]')).toBe('Wed, 12 Jun 2024 09:41:07 +0200');
  });

  it('leaves a plain date alone', () => {
    expect(stripDateFurniture('Wed, 12 Jun 2024 09:41:07 +0200 (CEST)')).toBe('Wed, 12 Jun 2024 09:41:07 +0200 (CEST)');
  });
});

describe('furnitureStart', () => {
  it('finds the navigation line of a message page', () => {
    expect(furnitureStart(['Thanks', '', 'next prev parent reply\tother threads:[~2024-06-12  7:41 UTC|newest]', '', 'Thread overview: 2+ messages'])).toBe(2);
  });

  it('finds a thread overview block without the navigation line (newer and older page layouts)', () => {
    expect(furnitureStart([
      'Ivy', '', 'Thread overview: 4+ messages (download: mbox.gz follow: Atom feed)',
      '-- links below jump to the message on this page --', '2024-06-11 12:00 [PATCH] x Jon Author',
    ])).toBe(2);
    expect(furnitureStart(['Ivy', 'Thread overview: 3+ messages / expand[flat|nested]  mbox.gz  Atom feed  top', '2024-06-11 12:00 [PATCH] x Jon'])).toBe(1);
  });

  it('does not take words about a thread overview for the page block', () => {
    expect(furnitureStart(['Thread overview: see the cover letter.', 'next prev parent reply'])).toBeNull();
    expect(furnitureStart(['> next prev parent reply\tother threads:[~2024-06-12  7:41 UTC|newest]'])).toBeNull();
  });
});

describe('a public-inbox message page read as a mail (corpus/mail/0008)', () => {
  it('keeps page furniture out of Date and body; line numbers stay', async () => {
    const m = await firstMessage(PAGE);
    expect(m.problems).toEqual([]);
    expect(m.date).toBe('Wed, 12 Jun 2024 09:41:07 +0200');
    expect(m.headers.find(([k]) => k.toLowerCase() === 'date')?.[1]).toBe('Wed, 12 Jun 2024 09:41:07 +0200');
    expect(m.messageId).toBe('ZmlXyz0Ab1c2d3e4@example.org');
    expect(m.body.text).not.toMatch(/next prev parent reply|Thread overview|Reply instructions|public inbox/);
    expect(m.body.text.trimEnd().endsWith('Ivy')).toBe(true);
    expect(m.body.startLine).toBe(9);
  });

  it('gives one reviewer comment and a valid quoted hunk', async () => {
    const p = toPatch(await firstMessage(PAGE));
    expect(p.kind).toBe('reply');
    expect(p.quoted.map(f => [f.path, f.hunks.map(h => h.valid)])).toEqual([['drivers/nvdimm/label.c', [true]]]);
    expect(p.comments.map(c => c.text)).toEqual(['The check has to come before to_label(), the memset already writes\nthrough the bogus slot.\n\nIvy']);
  });

  it('keeps a real mail that only mentions the overview untouched', async () => {
    const text = 'From: a@example.org\nSubject: x\nDate: Wed, 12 Jun 2024 09:41:07 +0200\n\nThread overview: see below.\nnext prev parent reply\n';
    const m = await parseMessage(text, { input: 'inline', index: 0, startLine: 1 }, 'eml');
    expect(m.body.text).toBe('Thread overview: see below.\nnext prev parent reply\n');
  });
});

describe('a public-inbox page that is not read as a mail', () => {
  it('leaves the furniture out of the plain-text body too', () => {
    const text = 'Looks fine to me.\n\nnext prev parent reply\tother threads:[~2024-06-12  7:41 UTC|newest]\n\nThread overview: 2+ messages / expand[flat|nested]  mbox.gz  Atom feed  top\n2024-06-11 12:00 [PATCH] x Jon Author\n';
    const [m] = parseWebPage(text, 'page.txt');
    expect(m?.format).toBe('text');
    expect(m?.body.text).toBe('Looks fine to me.\n');
  });
});
