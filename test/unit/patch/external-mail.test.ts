/**
 * Every message of shared/corpus/external-mail (git t5100/t4256, patchwork, b4 samples) gives
 * the files and hunks that computed.json records for a reference diff walker, and the
 * added/removed lines `git apply --numstat` counted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPatch } from '../../../src/patch/patch.js';
import { groupSeries } from '../../../src/patch/series.js';
import type { FileDiff, Patch } from '../../../src/patch/types.js';
import type { Message } from '../../../src/mail/types.js';
import { EXTERNAL_MAIL } from '../../helpers/paths.js';
import { readAll } from './helpers/read-all.js';

interface WalkerFile { path: string; hunks: number; complete: boolean; binary: boolean; ext: string[] }
interface Computed {
  subject: string;
  walker_files: WalkerFile[];
  git_mailinfo: { numstat: { path: string; added: number; deleted: number }[] | { error: string[] } };
}
const computed = JSON.parse(readFileSync(path.join(EXTERNAL_MAIL, 'computed.json'), 'utf8')) as Record<string, Computed[]>;

async function messagesOf(name: string): Promise<Message[]> {
  return readAll(path.join(EXTERNAL_MAIL, name));
}

async function patchesOf(name: string): Promise<Patch[]> {
  return (await messagesOf(name)).map(m => toPatch(m));
}

function check(name: string, index: number, files: readonly FileDiff[], want: Computed): void {
  const label = `${name} #${index}`;
  const numstat = want.git_mailinfo.numstat;
  const counted = Array.isArray(numstat) && numstat.length > 0 ? numstat : null;
  if (counted && !want.walker_files.every(w => w.complete)) {
    // The raw walker saw undecoded text (format=flowed); git counted mailinfo's decoded patch, as we read it.
    expect(files.map(f => [f.path, f.added, f.removed]), label).toEqual(counted.map(n => [n.path, n.added, n.deleted]));
    expect(files.every(f => f.hunks.every(h => h.valid)), label).toBe(true);
    return;
  }
  expect(files.map(f => [f.path, f.hunks.length, f.binary, f.hunks.every(h => h.valid)]), label).toEqual(
    want.walker_files.map(w => [w.path, w.hunks, w.binary, w.complete]),
  );
  if (counted) {
    expect(files.map(f => [f.path, f.added, f.removed]), label).toEqual(counted.map(n => [n.path, n.added, n.deleted]));
  }
  for (const f of files) {
    const ext = new Set(want.walker_files.find(w => w.path === f.path)?.ext ?? []);
    if (ext.has('rename from')) expect(f.status).toBe('renamed');
    if (ext.has('new file mode')) expect(f.status).toBe('added');
    if (ext.has('new mode')) expect(f.newMode).not.toBe(f.oldMode);
  }
}

describe('external mail: files and hunks as the reference walker and git apply found them', () => {
  for (const [name, rows] of Object.entries(computed)) {
    it(name, async () => {
      const messages = await messagesOf(name);
      expect(messages.length).toBe(rows.length);
      rows.forEach((row, i) => check(name, i, toPatch(messages[i] as Message).files, row));
    });
  }
});

describe('external mail: patches, covers, replies and series', () => {
  it('mercurial patchbomb: "0 of 2" cover, two patches, # HG header block out of the commit message', async () => {
    const patches = await patchesOf('patchwork/series-mercurial-cover-letter.mbox');
    expect(patches.map(p => p.kind)).toEqual(['cover', 'patch', 'patch']);
    const [series] = groupSeries(patches);
    expect(series!.cover).toBe(patches[0]);
    expect(series!.patches).toEqual([patches[1], patches[2]]);
    expect(series!.missing).toEqual([]);
    const p1 = patches[1]!;
    expect(p1.author).toBe('Augie Fackler <augie@google.com>');
    expect(p1.commitMessage.split('\n')[0]).toBe('contrib: fix check-commit to not reject commits from `hg sign` and `hg tag`');
  });

  it('git pull request: the diff under the pull text is the patch', async () => {
    const [p] = await patchesOf('patchwork/0003-git-pull-request-with-diff.mbox');
    expect(p!.kind).toBe('patch');
    expect(p!.files).toHaveLength(3);
    expect(p!.commitMessage).toMatch(/^The following changes since commit e10117d36ef758da0690c95ecffc09d5dd7da479:/);
  });

  it('no subject, pure renames: still a patch with two 0-hunk files', async () => {
    const [p] = await patchesOf('patchwork/0016-no-subject.mbox');
    expect(p!.kind).toBe('patch');
    expect(p!.files.map(f => [f.status, f.hunks.length])).toEqual([['renamed', 0], ['renamed', 0]]);
  });

  it('b4 naked cover: the untagged thread root by the same author is the cover', async () => {
    const single = groupSeries(await patchesOf('b4/naked-cover-single.mbox'));
    expect(single).toHaveLength(1);
    expect(single[0]!.cover?.message.subject.raw).toBe('do a thing to the widget subsystem');
    expect(single[0]!.patches).toHaveLength(1);
    const report = groupSeries(await patchesOf('b4/naked-cover-bugreport.mbox'));
    expect(report).toHaveLength(1);
    expect(report[0]!.cover).toBeNull();
  });

  it('b4 follow-up: the reply\'s Reviewed-by is a trailer of the reply; the -- sig ends it', async () => {
    for (const name of ['b4/trailers-followup-non-git-patch.mbox', 'b4/trailers-followup-stripped-lines.mbox']) {
      const [orig, reply] = await patchesOf(name);
      expect(orig!.trailers.map(t => t.key)).toEqual(['Fixes', 'Reviewed-by', 'Link', 'Signed-off-by']);
      expect(reply!.kind).toBe('reply');
      expect(reply!.trailers.map(t => `${t.key}: ${t.value}`)).toEqual([
        'Reviewed-by: Followup Reviewer1 <followup-reviewer1@example.com>',
      ]);
    }
  });

  it('git t5100 messages: in-body From/Subject override the mail headers', async () => {
    const [p18] = await patchesOf('git/t5100-0018/mail.eml');
    expect(p18!.author).toBe('Another Thor <a.thor@example.com>');
    expect(p18!.subject).toBe('This one contains a tab and a space');
    const [p10] = await patchesOf('git/t5100-0010/mail.eml');
    expect(p10!.subject).toBe('git-mailinfo: Fix getting the subject from the body');
    expect(p10!.kind).toBe('patch');
  });
});
