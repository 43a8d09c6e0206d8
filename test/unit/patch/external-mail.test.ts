/**
 * Every message of shared/corpus/external-mail (git t5100/t4256, patchwork, b4 samples) gives
 * the files and hunks that computed.json records for a reference diff walker, and the
 * added/removed lines `git apply --numstat` counted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { toPatch } from '../../../src/patch/patch.js';
import { groupSeries } from '../../../src/patch/series.js';
import type { Message } from '../../../src/mail/types.js';
import { EXTERNAL_MAIL } from '../../helpers/paths.js';
import { localMessage, splitMbox } from './helpers/local-mail.js';

interface WalkerFile { path: string; hunks: number; complete: boolean; binary: boolean; ext: string[] }
interface Computed {
  subject: string;
  walker_files: WalkerFile[];
  git_mailinfo: { numstat: { path: string; added: number; deleted: number }[] | { error: string[] } };
}
const computed = JSON.parse(readFileSync(path.join(EXTERNAL_MAIL, 'computed.json'), 'utf8')) as Record<string, Computed[]>;

/** Inputs whose bodies need MIME decoding (QP, base64, multipart): read through git's decoded expected-patch. */
const DECODED: Readonly<Record<string, string>> = {
  'git/t5100-0005/mail.eml': 'git/t5100-0005/expected-patch',
  'git/t5100-0009/mail.eml': 'git/t5100-0009/expected-patch',
  'git/t5100-0011/mail.eml': 'git/t5100-0011/expected-patch',
};
/** MIME-encoded inputs with no decoded copy; TODO(src/mail): read them through readMessages once it lands. */
const NEEDS_MIME = new Set([
  'patchwork/0007-cvs-format-diff.mbox',
  'patchwork/0010-invalid-charset.mbox',
  'patchwork/0019-multipart-patch.mbox',
  'git/t5100-quoted-cr/quoted-cr.mbox',
]);

function messagesOf(name: string): Message[] {
  const raw = readFileSync(path.join(EXTERNAL_MAIL, name), 'utf8');
  const mails = raw.startsWith('From ') ? splitMbox(raw) : [{ lines: raw.split('\n'), startLine: 1 }];
  return mails.map((m, i) => localMessage(m, name, i));
}

function check(name: string, index: number, body: string, want: Computed): void {
  const { files } = parseDiffs(body);
  const label = `${name} #${index}`;
  expect(files.map(f => [f.path, f.hunks.length, f.binary, f.hunks.every(h => h.valid)]), label).toEqual(
    want.walker_files.map(w => [w.path, w.hunks, w.binary, w.complete]),
  );
  const numstat = want.git_mailinfo.numstat;
  // git counted mailinfo's decoded patch; a walker that saw broken hunks saw other text (format=flowed).
  if (Array.isArray(numstat) && numstat.length > 0 && want.walker_files.every(w => w.complete)) {
    expect(files.map(f => [f.path, f.added, f.removed]), label).toEqual(numstat.map(n => [n.path, n.added, n.deleted]));
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
    if (NEEDS_MIME.has(name)) {
      it.todo(`${name} (needs src/mail MIME decoding)`);
      continue;
    }
    it(name, () => {
      const decoded = DECODED[name];
      if (decoded) {
        check(name, 0, readFileSync(path.join(EXTERNAL_MAIL, decoded), 'utf8'), rows[0] as Computed);
        return;
      }
      const messages = messagesOf(name);
      expect(messages.length).toBe(rows.length);
      rows.forEach((row, i) => check(name, i, (messages[i] as Message).body.text, row));
    });
  }
});

describe('external mail: patches, covers, replies and series', () => {
  it('mercurial patchbomb: "0 of 2" cover, two patches, # HG header block out of the commit message', () => {
    const patches = messagesOf('patchwork/series-mercurial-cover-letter.mbox').map(m => toPatch(m));
    expect(patches.map(p => p.kind)).toEqual(['other', 'patch', 'patch']);
    const p1 = patches[1]!;
    expect(p1.author).toBe('Augie Fackler <augie@google.com>');
    expect(p1.commitMessage.split('\n')[0]).toBe('contrib: fix check-commit to not reject commits from `hg sign` and `hg tag`');
  });

  it('git pull request: the diff under the pull text is the patch', () => {
    const [p] = messagesOf('patchwork/0003-git-pull-request-with-diff.mbox').map(m => toPatch(m));
    expect(p!.kind).toBe('patch');
    expect(p!.files).toHaveLength(3);
    expect(p!.commitMessage).toMatch(/^The following changes since commit e10117d36ef758da0690c95ecffc09d5dd7da479:/);
  });

  it('no subject, pure renames: still a patch with two 0-hunk files', () => {
    const [p] = messagesOf('patchwork/0016-no-subject.mbox').map(m => toPatch(m));
    expect(p!.kind).toBe('patch');
    expect(p!.files.map(f => [f.status, f.hunks.length])).toEqual([['renamed', 0], ['renamed', 0]]);
  });

  it('b4 naked cover: the untagged thread root by the same author is the cover', () => {
    const single = groupSeries(messagesOf('b4/naked-cover-single.mbox').map(m => toPatch(m)));
    expect(single).toHaveLength(1);
    expect(single[0]!.cover?.message.subject.raw).toBe('do a thing to the widget subsystem');
    expect(single[0]!.patches).toHaveLength(1);
    const report = groupSeries(messagesOf('b4/naked-cover-bugreport.mbox').map(m => toPatch(m)));
    expect(report).toHaveLength(1);
    expect(report[0]!.cover).toBeNull();
  });

  it('b4 follow-up: the reply\'s Reviewed-by is a trailer of the reply; the -- sig ends it', () => {
    for (const name of ['b4/trailers-followup-non-git-patch.mbox', 'b4/trailers-followup-stripped-lines.mbox']) {
      const [orig, reply] = messagesOf(name).map(m => toPatch(m));
      expect(orig!.trailers.map(t => t.key)).toEqual(['Fixes', 'Reviewed-by', 'Link', 'Signed-off-by']);
      expect(reply!.kind).toBe('reply');
      expect(reply!.trailers.map(t => `${t.key}: ${t.value}`)).toEqual([
        'Reviewed-by: Followup Reviewer1 <followup-reviewer1@example.com>',
      ]);
    }
  });

  it('git t5100 messages: in-body From/Subject override the mail headers', () => {
    const [p18] = messagesOf('git/t5100-0018/mail.eml').map(m => toPatch(m));
    expect(p18!.author).toBe('Another Thor <a.thor@example.com>');
    expect(p18!.subject).toBe('This one contains a tab and a space');
    const [p10] = messagesOf('git/t5100-0010/mail.eml').map(m => toPatch(m));
    expect(p10!.subject).toBe('git-mailinfo: Fix getting the subject from the body');
    expect(p10!.kind).toBe('patch');
  });
});
