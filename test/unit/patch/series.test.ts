/**
 * groupSeries over the real DCD and ndctl series: one series per mbox, cover first,
 * patches in index order, gaps and duplicates reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import { toPatch } from '../../../src/patch/patch.js';
import { groupSeries } from '../../../src/patch/series.js';
import type { Patch } from '../../../src/patch/types.js';
import { ACCEPTANCE, CORPUS, SERIES } from '../../helpers/paths.js';
import { readAll } from './helpers/read-all.js';

const expected = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'series-numstat.json'), 'utf8')) as Record<
  string,
  { messageId: string; index: number; total: number; files: unknown[] }[]
>;

async function patchesOf(name: string): Promise<Patch[]> {
  return (await readAll(path.join(SERIES, name))).map(m => toPatch(m));
}

describe('groupSeries on the shared series', () => {
  for (const name of Object.keys(expected)) {
    it(name, async () => {
      const patches = await patchesOf(name);
      const series = groupSeries(patches);
      const rows = expected[name] ?? [];
      const total = rows[0]?.total ?? 0;
      const main = series.find(s => s.total === total);
      expect(main).toBeDefined();
      const indexes = main?.patches.map(p => p.message.subject.index);
      const want = rows.filter(r => r.index > 0).map(r => r.index).sort((a, b) => a - b);
      expect(indexes).toEqual(want);
      expect(main?.missing).toEqual(Array.from({ length: total }, (_, k) => k + 1).filter(k => !want.includes(k)));
      expect(main?.cover !== null).toBe(rows.some(r => r.index === 0));
      for (const p of main?.patches ?? []) {
        if (p.kind !== 'patch') continue;
        expect(p.trailers.some(t => t.key === 'Signed-off-by')).toBe(true);
        expect(p.commitMessage).not.toMatch(/^---$/m);
        expect(p.commitMessage).not.toMatch(/^diff --git/m);
      }
    });
  }
});

describe('groupSeries on authored threading cases', () => {
  it('two versions, a gap, a RESEND in the same thread, a review reply', async () => {
    const patches = (await readAll(path.join(CORPUS, 'series', '0002-versions-resend-gap-review.mbox'))).map(m => toPatch(m));
    const series = groupSeries(patches);
    expect(series.map(s => [s.version, s.total, s.subject, s.cover !== null, s.patches.map(p => p.message.subject.index), s.missing])).toEqual([
      [1, 2, 'calc: fixes', true, [1, 2], []],
      [2, 3, 'calc: fixes and g()', true, [1, 3], [2]],
    ]);
    const v2 = series[1]!;
    expect(v2.patches[1]!.message.subject.resend).toBe(false);
    expect(v2.problems.map(p => p.message)).toEqual([
      'Patch 3/3 posted again ([RESEND PATCH v2 3/3] calc: add g()); the first copy is kept.',
      'Patch 2 of 3 missing.',
    ]);
    // The reply is not part of any series.
    expect(series.flatMap(s => s.patches).some(p => p.kind === 'reply')).toBe(false);
  });

  it('mails without thread headers group by author; a [PATCH k/N] without a diff holds its slot', async () => {
    const lines = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1 @@', '-a', '+b'].join('\n');
    const raw = (k: number, body: string) =>
      `From: Ann <ann@example.org>\nMessage-Id: <u${k}@example.org>\nSubject: [PATCH ${k}/3] part ${k}\n\n${body}\n`;
    const patches = await Promise.all([raw(2, lines), raw(1, 'No diff here.'), raw(3, lines)].map((t, i) =>
      parseMessage(t, { input: 'inline', index: i, startLine: 1 }, 'eml').then(m => toPatch(m))));
    const [s] = groupSeries(patches);
    expect(s!.patches.map(p => p.message.subject.index)).toEqual([1, 2, 3]);
    expect(s!.missing).toEqual([]);
    expect(s!.problems.map(p => p.message)).toEqual(['Patch 1/3 carries no diff.']);
  });

  it('follows an In-Reply-To chain when mails carry no References (--chain-reply-to)', async () => {
    const diff = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1 @@', '-a', '+b'].join('\n');
    const raw = [
      'Message-Id: <c@x>\nSubject: [PATCH v3 0/2] chain\n\nCover.\n',
      `Message-Id: <p1@x>\nIn-Reply-To: <c@x>\nSubject: [PATCH v3 1/2] one\n\n${diff}\n`,
      `Message-Id: <p2@x>\nIn-Reply-To: <p1@x>\nSubject: [PATCH v3 2/2] two\n\n${diff}\n`,
    ];
    const patches = await Promise.all(raw.map((t, i) =>
      parseMessage(`From: Ann <ann@example.org>\n${t}`, { input: 'inline', index: i, startLine: 1 }, 'eml').then(m => toPatch(m))));
    const series = groupSeries(patches);
    expect(series).toHaveLength(1);
    expect(series[0]!.cover).toBe(patches[0]);
    expect(series[0]!.patches).toEqual([patches[1], patches[2]]);
  });

  it('reports a series posted again as a RESEND in a new thread', async () => {
    const diff = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1 @@', '-a', '+b'].join('\n');
    const raw = [
      'Message-Id: <a0@x>\nSubject: [PATCH 0/1] f fixes\n\nCover.\n',
      `Message-Id: <a1@x>\nIn-Reply-To: <a0@x>\nSubject: [PATCH 1/1] fix f\n\n${diff}\n`,
      'Message-Id: <b0@x>\nSubject: [RESEND PATCH 0/1] f fixes\n\nCover.\n',
      `Message-Id: <b1@x>\nIn-Reply-To: <b0@x>\nSubject: [RESEND PATCH 1/1] fix f\n\n${diff}\n`,
    ];
    const patches = await Promise.all(raw.map((t, i) =>
      parseMessage(`From: Ann <ann@example.org>\n${t}`, { input: 'inline', index: i, startLine: 1 }, 'eml').then(m => toPatch(m))));
    const series = groupSeries(patches);
    expect(series.map(s => s.problems.map(p => p.message))).toEqual([
      [],
      ['Series posted again in another thread (RESEND); first posted as [PATCH 0/1] f fixes.'],
    ]);
  });

  it('keeps different uncounted patches apart, in one thread or unthreaded by one author', async () => {
    const diff = ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1 @@', '-a', '+b'].join('\n');
    const raw = [
      `Message-Id: <s1@x>\nSubject: [PATCH] fix one thing\n\n${diff}\n`,
      `Message-Id: <s2@x>\nSubject: [PATCH] fix another thing\n\n${diff}\n`,
      `Message-Id: <s3@x>\nIn-Reply-To: <bug@x>\nSubject: [PATCH] fix the bug\n\n${diff}\n`,
      `Message-Id: <s4@x>\nIn-Reply-To: <bug@x>\nSubject: [PATCH] fix the other bug\n\n${diff}\n`,
      `Message-Id: <s5@x>\nSubject: [PATCH RESEND] fix one thing\n\n${diff}\n`,
    ];
    const patches = await Promise.all(raw.map((t, i) =>
      parseMessage(`From: Ann <ann@example.org>\n${t}`, { input: 'inline', index: i, startLine: 1 }, 'eml').then(m => toPatch(m))));
    const series = groupSeries(patches);
    expect(series.map(s => [s.subject, s.patches.length, s.problems.length])).toEqual([
      ['fix one thing', 1, 1],
      ['fix another thing', 1, 0],
      ['fix the bug', 1, 0],
      ['fix the other bug', 1, 0],
    ]);
    expect(series[0]!.problems[0]!.message).toBe('Patch 1/1 posted again ([PATCH RESEND] fix one thing); the first copy is kept.');
  });
});
