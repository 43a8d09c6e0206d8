import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inBodyHeaders } from '../../../src/mail/in-body-headers.js';
import { readMessages } from '../../../src/mail/read-input.js';
import { EXTERNAL_MAIL } from '../../helpers/paths.js';

describe('inBodyHeaders (git mailinfo semantics)', () => {
  it('reads From/Date/Subject after a quoted format-patch separator (t5100 embed-from)', async () => {
    const file = path.join(EXTERNAL_MAIL, 'git/t5100-embed-from/embed-from.in');
    const [m] = await collect(file);
    const h = inBodyHeaders(m?.body.text ?? '');
    expect(h).toEqual({ from: 'Commit Author <commit@example.com>', date: 'Sat, 13 Sep 2014 21:13:23 -0400', subject: 'patch subject', bodyStart: 5 });
    const expect_ = readFileSync(path.join(EXTERNAL_MAIL, 'git/t5100-embed-from/embed-from.expect'), 'utf8');
    expect(expect_).toContain('Subject: patch subject');
    expect(m?.body.text.split('\n')[h.bodyStart]).toBe('patch body');
  });

  it('skips leading blank lines and drops the blank line after the headers', () => {
    expect(inBodyHeaders('\n\nFrom: A <a@b>\nSubject: s\n\nmsg\n')).toEqual({ from: 'A <a@b>', subject: 's', bodyStart: 5 });
  });

  it('unfolds TAB and space continuation lines (t5100-0018)', () => {
    const h = inBodyHeaders('From: Another Thor\n <a.thor@example.com>\nSubject: This one contains\n\ta tab\n and a space\n\na commit message\n');
    expect(h).toEqual({ from: 'Another Thor <a.thor@example.com>', subject: 'This one contains a tab and a space', bodyStart: 6 });
  });

  it('takes a "[PATCH] subject" first line as the subject (t5100-0010)', () => {
    expect(inBodyHeaders('[PATCH] git-mailinfo: Fix\n\nmsg\n')).toEqual({ subject: '[PATCH] git-mailinfo: Fix', bodyStart: 2 });
    expect(inBodyHeaders('[PATCH]x\n').subject).toBeUndefined();
  });

  it('keeps the first of two in-body Subject lines; the second starts the message (t5100-0014)', () => {
    const h = inBodyHeaders('Subject: one\nSubject: two\n\nbody\n');
    expect(h).toEqual({ subject: 'one', bodyStart: 1 });
  });

  it('ends at the first line that is no in-body header', () => {
    expect(inBodyHeaders('Hello,\nFrom: not a header here\n')).toEqual({ bodyStart: 0 });
    expect(inBodyHeaders('From: bogosity\n  - a list\n---\n')).toEqual({ from: 'bogosity - a list', bodyStart: 2 });
    expect(inBodyHeaders('Date: bogus\n\nmsg')).toEqual({ date: 'bogus', bodyStart: 2 });
    expect(inBodyHeaders('')).toEqual({ bodyStart: 1 });
    expect(inBodyHeaders('From: x <x@y>')).toEqual({ from: 'x <x@y>', bodyStart: 1 });
  });

  it('does not treat scissors as special (not mailinfo\'s default)', () => {
    expect(inBodyHeaders('-- >8 --\nSubject: s\n')).toEqual({ bodyStart: 0 });
  });

  it('decodes RFC 2047 words in in-body headers', () => {
    expect(inBodyHeaders('From: =?UTF-8?q?Lukas=20Sandstr=C3=B6m?= <l@e.se>\n\nx').from).toBe('Lukas Sandström <l@e.se>');
  });
});

async function collect(file: string) {
  const out = [];
  for await (const m of readMessages(file)) out.push(m);
  return out;
}
