/**
 * toPatch: commit message, notes, diffstat, trailers, in-body headers, diffs from body and
 * attachments, quoted diffs of replies, and the message kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import type { Message } from '../../../src/mail/types.js';
import { toPatch } from '../../../src/patch/patch.js';
import { ACCEPTANCE, CORPUS, SEEDS } from '../../helpers/paths.js';
import { readAll } from './helpers/read-all.js';

const SERIES_FILE = path.join(CORPUS, 'series', '0002-versions-resend-gap-review.mbox');
const ATTACHED = path.join(CORPUS, 'series', '0003-patch-as-attachment.mbox');

/** A message from literal mail text (headers, blank line, body). */
async function mail(text: string): Promise<Message> {
  return parseMessage(text, { input: 'inline', index: 0, startLine: 1 }, 'eml');
}

const HEAD = 'From: Ann Author <ann@example.org>\nMessage-Id: <m1@example.org>\nDate: Tue, 24 Nov 2026 10:00:00 +0000\n';
const DIFF = [
  'diff --git a/f.c b/f.c',
  'index 1111111..2222222 100644',
  '--- a/f.c',
  '+++ b/f.c',
  '@@ -1 +1 @@',
  '-a',
  '+b',
].join('\n');

describe('toPatch on a format-patch series', () => {
  it('splits commit message, notes, diffstat and diff of a patch', async () => {
    const messages = await readAll(SERIES_FILE);
    const p = toPatch(messages[4]!);
    expect(p.message.subject.raw).toBe('[PATCH v2 1/3] calc: return one from f()');
    expect(p.kind).toBe('patch');
    expect(p.subject).toBe('calc: return one from f()');
    expect(p.author).toBe('Ann Author <ann@example.org>');
    expect(p.commitMessage).toBe('f() must report success as 1.\n\nSigned-off-by: Ann Author <ann@example.org>');
    expect(p.trailers).toEqual([{ key: 'Signed-off-by', value: 'Ann Author <ann@example.org>', patchLine: 3 }]);
    expect(p.notes).toBe('Changes in v2:\n- reworded the commit message');
    expect(p.diffstat).toMatchObject({ filesChanged: 1, insertions: 1, deletions: 1, files: [{ path: 'lib/calc.c', changes: 2, binary: false }] });
    expect(p.files.map(f => [f.path, f.hunks.length, f.added, f.removed])).toEqual([['lib/calc.c', 1, 1, 1]]);
    expect(p.problems).toEqual([]);
    // Mail lines are lines of the mbox file.
    const input = readFileSync(SERIES_FILE, 'utf8').split('\n');
    const plus = p.files[0]!.hunks[0]!.lines.find(l => l.kind === '+')!;
    expect(input[plus.mailLine! - 1]).toBe('+\treturn 1;');
  });

  it('reads a cover letter: blurb as message, diffstat, base-commit', async () => {
    const messages = await readAll(SERIES_FILE);
    const c = toPatch(messages[3]!);
    expect(c.kind).toBe('cover');
    expect(c.commitMessage).toMatch(/^Two small fixes to calc, and g\(\)\.\n\nChanges in v2:\n- add g\(\)\n\nAnn Author \(3\):/);
    expect(c.commitMessage).not.toMatch(/files? changed/);
    expect(c.diffstat).toMatchObject({ filesChanged: 2, insertions: 7, deletions: 2 });
    expect(c.trailers.map(t => t.key)).toEqual(['base-commit']);
    expect(c.files).toEqual([]);
  });

  it('reads a review reply: kind reply, its trailer, the quoted diff and the comment under it', async () => {
    const messages = await readAll(SERIES_FILE);
    const r = toPatch(messages[7]!);
    expect(r.kind).toBe('reply');
    expect(r.files).toEqual([]);
    expect(r.trailers.map(t => `${t.key}: ${t.value}`)).toEqual(['Reviewed-by: Rob Reviewer <rob@example.org>']);
    expect(r.quoted.map(f => f.path)).toEqual(['lib/calc.c']);
    const comment = r.comments.find(c => c.text.includes('Callers test for non-zero'));
    expect(comment?.file).toBe('lib/calc.c');
    expect(comment?.quoted?.kind).toBe('+');
  });

  it('reads a diff from a text attachment and says which part it came from', async () => {
    const [m] = await readAll(ATTACHED);
    const p = toPatch(m!);
    expect(p.kind).toBe('patch');
    expect(p.files.map(f => [f.path, f.attachment, f.added])).toEqual([['lib/calc.c', 0, 5]]);
    expect(p.trailers.map(t => t.key)).toEqual(['Signed-off-by']);
    const first = p.files[0]!.hunks[0]!.lines[0]!;
    expect(first.patchLine).toBe(6);
    const input = readFileSync(ATTACHED, 'utf8').split('\n');
    if (first.mailLine !== null) expect(input[first.mailLine - 1]).toBe(' {');
  });
});

describe('toPatch on single mails', () => {
  it('takes the author from an in-body From: and keeps it out of the message', async () => {
    const p = toPatch(await mail(`${HEAD}Subject: [PATCH] f: change a to b\n\nFrom: Real Author <real@example.org>\n\nChange it.\n\nSigned-off-by: Real Author <real@example.org>\n---\n${DIFF}\n`));
    expect(p.author).toBe('Real Author <real@example.org>');
    expect(p.commitMessage).toBe('Change it.\n\nSigned-off-by: Real Author <real@example.org>');
  });

  it('reads trailer blocks with continuation lines, maintainer notes and footnotes; not prose', async () => {
    const body = [
      'Fix: the key: value in prose is not a trailer.',
      '',
      'Fixes: 0123456789ab ("f: add a")',
      'Reported-by: Rita Reporter <rita@example.org>',
      'Closes: https://lore.kernel.org/r/1@example.org',
      'Link: https://example.org/some/',
      '  long/url',
      '[ann: rebased]',
      'Signed-off-by: Ann Author <ann@example.org>',
      '',
      '[1] https://example.org/footnote',
      '---',
      DIFF,
      '',
      'base-commit: 0123456789abcdef0123456789abcdef01234567',
      'change-id: 20261124-f-change-1a2b3c',
      '',
      'Best regards,',
      '-- ',
      'Ann Author <ann@example.org>',
    ].join('\n');
    const p = toPatch(await mail(`${HEAD}Subject: [PATCH] f: fix\n\n${body}\n`));
    expect(p.trailers.map(t => [t.key, t.value, t.patchLine])).toEqual([
      ['Fixes', '0123456789ab ("f: add a")', 3],
      ['Reported-by', 'Rita Reporter <rita@example.org>', 4],
      ['Closes', 'https://lore.kernel.org/r/1@example.org', 5],
      ['Link', 'https://example.org/some/ long/url', 6],
      ['Signed-off-by', 'Ann Author <ann@example.org>', 9],
      ['base-commit', '0123456789abcdef0123456789abcdef01234567', 21],
      ['change-id', '20261124-f-change-1a2b3c', 22],
    ]);
  });

  it('classifies: reply with its own diff is a patch; untagged mail is other; [PATCH] with diffstat only is a cover', async () => {
    const withDiff = toPatch(await mail(`${HEAD}Subject: Re: [PATCH] f: fix\n\nLike this?\n\n${DIFF}\n`));
    expect(withDiff.kind).toBe('patch');
    const other = toPatch(await mail(`${HEAD}Subject: widget is broken\n\nIt breaks.\n`));
    expect(other.kind).toBe('other');
    const naked = toPatch(await mail(`${HEAD}Subject: [PATCH] widget: rework\n\nThe rework.\n\n f.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n`));
    expect(naked.kind).toBe('cover');
    expect(naked.commitMessage).toBe('The rework.');
    const reply = toPatch(await mail(`${HEAD}Subject: Re: [PATCH] f: fix\n\n> -a\n> +b\n\nAcked-by: Ann Author <ann@example.org>\n`));
    expect(reply.kind).toBe('reply');
    expect(reply.trailers.map(t => t.key)).toEqual(['Acked-by']);
  });

  it('reports hunk damage with the input line, and keeps going', async () => {
    const p = toPatch(await mail(`${HEAD}Subject: [PATCH] f: fix\n\nFix.\n---\n${DIFF.replace('@@ -1 +1 @@', '@@ -1,3 +1,3 @@')}\n`));
    expect(p.kind).toBe('patch');
    expect(p.files[0]!.hunks[0]!.valid).toBe(false);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]!.where).toMatch(/^inline:\d+$/);
  });
});

describe('toPatch on the web seeds (shared/acceptance/seeds-expected.json)', () => {
  interface SeedPatch { files: number; hunks: number; added: number; deleted: number; per_file_hunks: Record<string, number> }
  interface SeedExpectation { kind: string; patches: SeedPatch[]; quoted_diff: { files: number; hunk_headers: number; added?: number; deleted?: number } | null }
  const expected = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'seeds-expected.json'), 'utf8')) as Record<string, SeedExpectation>;

  for (const [name, want] of Object.entries(expected)) {
    if (name.startsWith('_')) continue;
    it(name, async () => {
      const patches = (await readAll(path.join(SEEDS, name))).map(m => toPatch(m));
      const first = patches[0]!;
      for (const w of want.patches) {
        expect(first.kind).toBe('patch');
        expect(first.files.length).toBe(w.files);
        expect(first.files.reduce((n, f) => n + f.hunks.length, 0)).toBe(w.hunks);
        expect(first.files.reduce((n, f) => n + f.added, 0)).toBe(w.added);
        expect(first.files.reduce((n, f) => n + f.removed, 0)).toBe(w.deleted);
        expect(Object.fromEntries(first.files.map(f => [f.path, f.hunks.length]))).toEqual(w.per_file_hunks);
      }
      if (want.kind === 'reply_with_quoted_patch' && want.quoted_diff) {
        const q = first.quoted;
        expect(first.kind).toBe('reply');
        expect(q.length).toBe(want.quoted_diff.files);
        if (want.quoted_diff.added !== undefined) {
          expect([q.reduce((n, f) => n + f.added, 0), q.reduce((n, f) => n + f.removed, 0)]).toEqual([want.quoted_diff.added, want.quoted_diff.deleted]);
        }
      }
      expect(first.author).not.toMatch(/<>$/);
    });
  }
});

describe('toPatch never throws', () => {
  it('on every corpus mail, hostile ones included', async () => {
    const dir = path.join(CORPUS, 'mail');
    const names = readdirSync(dir).filter(n => !n.endsWith('.json'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      for (const m of await readAll(path.join(dir, name))) {
        const p = toPatch(m);
        expect(['patch', 'cover', 'reply', 'other']).toContain(p.kind);
      }
    }
  });
});

describe('toPatch on hostile text', () => {
  it('reads long lines of spaces in linear time', async () => {
    const spaces = ' '.repeat(2_000_000);
    const t0 = Date.now();
    const p = toPatch(await mail(`${HEAD}Subject: [PATCH] x\n\nKey: a${spaces}b\nx${spaces}|${spaces}y\n[${spaces}\n---\n${DIFF}\n`));
    expect(p.kind).toBe('patch');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
