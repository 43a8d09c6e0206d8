/**
 * The five seed documents of shared/seeds, read as the acceptance file says they must be
 * (shared/acceptance/seeds-expected.json): page kind, message ids, subjects, senders, dates,
 * the patches they carry and the diffs they quote.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebPage } from '../../../src/mail/web-archive.js';
import type { Message } from '../../../src/mail/types.js';
import { parseDiffs } from '../../../src/patch/diff.js';
import { extractQuoted } from '../../../src/patch/quoted.js';
import type { FileDiff } from '../../../src/patch/types.js';
import { ACCEPTANCE, SEEDS } from '../../helpers/paths.js';

interface SeedPatch {
  files: number;
  hunks: number;
  added: number;
  deleted: number;
  per_file_hunks: Record<string, number>;
}
interface SeedExpect {
  subject_as_shown: string;
  subject_parse: { version: number; index: number; total: number; is_reply: boolean };
  source_message_id?: string;
  date_shown?: string;
  submitter?: string;
  header_lines?: string[];
  patches: SeedPatch[];
  quoted_diff?: { files: number; hunk_headers: number; complete: boolean; added?: number; deleted?: number } | null;
  quoted_diff_in_last_reply?: { files: number; hunk_headers: number };
  messages_on_page?: number;
}

const EXPECTED = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'seeds-expected.json'), 'utf8')) as Record<string, SeedExpect>;

function seed(name: string): { text: string; messages: Message[]; expect: SeedExpect } {
  const text = readFileSync(path.join(SEEDS, name), 'utf8');
  const expect = EXPECTED[name];
  if (!expect) throw new Error(`no expectation for ${name}`);
  return { text, messages: parseWebPage(text, name), expect };
}

/** Body line i as the page shows it, through startLine/lineMap. */
function pageLineOf(m: Message, i: number): number {
  return m.body.lineMap?.[i] ?? (m.body.startLine ?? 0) + i;
}

function ownDiffs(m: Message): FileDiff[] {
  return parseDiffs(m.body.text, { lineOf: i => pageLineOf(m, i) }).files;
}

function hunksPerFile(files: readonly FileDiff[]): Record<string, number> {
  return Object.fromEntries(files.map(f => [f.path, f.hunks.length]));
}

function totals(files: readonly FileDiff[]): { added: number; deleted: number; hunks: number } {
  return {
    added: files.reduce((n, f) => n + f.added, 0),
    deleted: files.reduce((n, f) => n + f.removed, 0),
    hunks: files.reduce((n, f) => n + f.hunks.length, 0),
  };
}

function expectPatch(files: readonly FileDiff[], want: SeedPatch): void {
  expect(files).toHaveLength(want.files);
  expect(hunksPerFile(files)).toEqual(want.per_file_hunks);
  expect(totals(files)).toEqual({ added: want.added, deleted: want.deleted, hunks: want.hunks });
}

describe('every seed: body lines map back to the page', () => {
  for (const name of Object.keys(EXPECTED).filter(k => k.endsWith('.txt'))) {
    it(name, () => {
      const { text, messages } = seed(name);
      const page = text.split('\n');
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) {
        const body = m.body.text.split('\n');
        body.forEach((line, i) => expect(page[pageLineOf(m, i) - 1]).toBe(line));
        expect(m.ref.input).toBe(name);
      }
    });
  }
});

describe('seed 000: patchwork patch page', () => {
  const { messages, expect: want } = seed('000_481a6e8a537f12fa.txt');
  const m = messages[0] as Message;

  it('is one patchwork message with the id, subject, submitter and date shown', () => {
    expect(messages).toHaveLength(1);
    expect(m.format).toBe('web-patchwork');
    expect(`<${m.messageId}>`).toBe(want.source_message_id);
    expect(m.subject.raw).toBe(want.subject_as_shown);
    expect(m.subject.version).toBe(want.subject_parse.version);
    expect(m.subject.index).toBe(want.subject_parse.index);
    expect(m.subject.total).toBe(want.subject_parse.total);
    expect(m.subject.isReply).toBe(want.subject_parse.is_reply);
    expect(m.from?.name).toBe(want.submitter);
    expect(m.date).toBe(want.date_shown);
  });

  it('keeps the in-body From: and leaves the page chrome out of the body', () => {
    expect(m.body.text.split('\n')[0]).toBe('From: Navneet Singh <navneet.singh@intel.com>');
    expect(m.body.text).not.toMatch(/^diff mbox series$/m);
    expect(m.body.text).not.toMatch(/^Patch$/m);
    expect(m.body.text).not.toMatch(/^Commit Message$/m);
  });

  it('carries the whole patch: files, hunks per file, added and deleted', () => {
    const files = ownDiffs(m);
    expectPatch(files, want.patches[0] as SeedPatch);
    expect(files.every(f => f.hunks.every(h => h.valid && !h.partial))).toBe(true);
    expect(extractQuoted(m.body).files).toEqual([]);
    // Two spaces between the chunk span and the function context; a trailing space without one.
    expect(files[0]?.hunks[0]?.section).toBe('cxled_to_mds(struct cxl_endpoint_decoder *cxled)');
    const bare = files.flatMap(f => f.hunks).find(h => h.oldStart === 5 && h.newCount === 57);
    expect(bare?.section).toBe('');
    // Hunk lines map to the page lines they were read from.
    const page = readFileSync(path.join(SEEDS, '000_481a6e8a537f12fa.txt'), 'utf8').split('\n');
    for (const l of files.flatMap(f => f.hunks.flatMap(h => h.lines))) {
      expect(page[(l.mailLine ?? 0) - 1]).toBe(l.kind + l.text);
    }
  });
});

describe('seed 001: hypermail reply quoting a whole patch', () => {
  const { messages, expect: want } = seed('001_fcc3c31a7a778fc0.txt');
  const m = messages[0] as Message;
  const q = extractQuoted(m.body);

  it('reads the shown header lines', () => {
    expect(messages).toHaveLength(1);
    expect(m.format).toBe('web-hypermail');
    expect(m.subject.raw).toBe(want.subject_as_shown);
    expect([m.subject.version, m.subject.index, m.subject.total, m.subject.isReply])
      .toEqual([want.subject_parse.version, want.subject_parse.index, want.subject_parse.total, true]);
    expect(`From: ${m.from?.name}`).toBe(want.header_lines?.[0]);
    expect(`Date: ${m.date}`).toBe(want.header_lines?.[1]);
    expect(m.messageId).toBeNull();
  });

  it('carries no diff of its own', () => {
    expect(ownDiffs(m)).toEqual([]);
  });

  it('finds the complete quoted diff with context prefixes restored', () => {
    const qd = want.quoted_diff;
    expect(q.files).toHaveLength(qd?.files ?? -1);
    expect(totals(q.files)).toEqual({ added: qd?.added, deleted: qd?.deleted, hunks: qd?.hunk_headers });
    const hunks = q.files.flatMap(f => f.hunks);
    expect(hunks.every(h => h.valid && !h.partial && h.headerLine !== null)).toBe(true);
    expect(hunks.some(h => h.repaired)).toBe(true);
    // Obfuscated addresses inside the diff are kept as shown.
    const sysfs = q.files.find(f => f.path === 'Documentation/ABI/testing/sysfs-bus-cxl');
    expect(sysfs?.hunks[0]?.lines.some(l => l.text === 'Contact: linux-cxl@xxxxxxxxxxxxxxx')).toBe(true);
  });

  it("keeps the reviewer's words inside the quoted commit message as a comment on no diff line", () => {
    expect(q.comments).toHaveLength(1);
    expect(q.comments[0]).toMatchObject({ text: 'stray comma\nDJ', file: null, quoted: null, depth: 0 });
    expect(q.attributions.map(a => a.text)).toEqual(['On 6/25/26 4:04 AM, Anisa Su wrote:']);
  });
});

describe('seed 002: hypermail review with trimmed hunks', () => {
  const { messages, expect: want } = seed('002_8481ad4baa67f96d.txt');
  const m = messages[0] as Message;
  const q = extractQuoted(m.body);
  const comment = (start: string) => q.comments.find(c => c.text.startsWith(start));

  it('reads the shown header lines', () => {
    expect(m.format).toBe('web-hypermail');
    expect(m.subject.raw).toBe(want.subject_as_shown);
    expect([m.subject.version, m.subject.index, m.subject.total, m.subject.isReply]).toEqual([4, 24, 28, true]);
    expect(`From: ${m.from?.name}`).toBe(want.header_lines?.[0]);
    expect(`Date: ${m.date}`).toBe(want.header_lines?.[1]);
  });

  it('finds 5 quoted files and 7 hunk headers, 4 of them cut short', () => {
    expect(q.files.map(f => f.path)).toEqual([
      'drivers/cxl/core/extent.c', 'drivers/dax/bus.c', 'drivers/dax/bus.h', 'drivers/dax/cxl.c', 'drivers/dax/dax-private.h',
    ]);
    expect(q.files).toHaveLength(want.quoted_diff?.files ?? -1);
    const headed = q.files.flatMap(f => f.hunks).filter(h => h.headerLine !== null);
    expect(headed).toHaveLength(want.quoted_diff?.hunk_headers ?? -1);
    expect(headed.filter(h => h.partial)).toHaveLength(4);
    expect(headed.filter(h => !h.partial).map(h => h.oldStart)).toEqual([1494, 9, 17]);
  });

  it("attaches the '...'-elided + lines to dax-private.h as a hunk without header", () => {
    const priv = q.files.find(f => f.path === 'drivers/dax/dax-private.h');
    expect(priv?.hunks).toHaveLength(1);
    const h = priv?.hunks[0];
    expect(h?.headerLine).toBeNull();
    expect(h?.partial).toBe(true);
    expect(h?.lines.every(l => l.kind === '+')).toBe(true);
    expect(h?.lines.at(-1)?.text).toBe('typedef int (*match_cb)(struct device *dev, resource_size_t *size_avail);');
  });

  it("attaches 'spell check. coordination' to the quoted line with 'coordiantion'", () => {
    const c = comment('spell check.');
    expect(c?.text).toBe('spell check.\ncoordination');
    expect(c?.file).toBe('drivers/cxl/core/extent.c');
    expect(c?.quoted?.kind).toBe('+');
    expect(c?.quoted?.text).toContain('coordiantion');
  });

  it("attaches 'Right label? ...' to the goto err_id; line of __devm_create_dev_dax", () => {
    const c = comment('Right label?');
    expect(c?.file).toBe('drivers/dax/bus.c');
    expect(c?.quoted?.text.trim()).toBe('goto err_id;');
    const hunk = q.files.find(f => f.path === 'drivers/dax/bus.c')?.hunks.find(h => h.lines.includes(c?.quoted as never));
    expect(hunk?.section).toBe('static struct dev_dax *__devm_create_dev_dax(struct dev_dax_data *data)');
    expect(hunk?.partial).toBe(false);
  });

  it("attaches the 'move dev_set_drvdata' comment to the dev_set_drvdata(device, NULL); line", () => {
    const c = comment('i.e. move');
    expect(c?.text).toBe('i.e. move\ndev_set_drvdata(device, dax_resource);\nto here.');
    expect(c?.file).toBe('drivers/dax/bus.c');
    expect(c?.quoted?.text.trim()).toBe('dev_set_drvdata(device, NULL);');
    expect(c?.proposed).toEqual([]);
  });

  it("maps comment and quoted lines to body lines and page lines", () => {
    const c = comment('Why is this here?');
    expect(c?.file).toBe('drivers/dax/dax-private.h');
    const body = m.body.text.split('\n');
    expect(body[(c?.startLine ?? 0) - 1]).toBe('Why is this here?');
    const ql = c?.quoted;
    expect(body[(ql?.patchLine ?? 0) - 1]).toBe(`> +${ql?.text}`);
    expect(ql?.mailLine).toBe(pageLineOf(m, (ql?.patchLine ?? 0) - 1));
  });

  it('maps every quoted hunk line to the page line it was read from', () => {
    const page = readFileSync(path.join(SEEDS, '002_8481ad4baa67f96d.txt'), 'utf8').split('\n');
    const lines = q.files.flatMap(f => f.hunks.flatMap(h => h.lines));
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) {
      const shown = l.kind === ' ' ? l.text : l.kind + l.text;
      expect(page[(l.mailLine ?? 0) - 1]).toBe(shown === '' ? '>' : `> ${shown}`);
    }
  });

  it('reads the two-line attribution as an attribution, not a comment', () => {
    expect(q.attributions[0]?.text).toBe('On Mon, 07 Oct 2024 18:16:30 -0500\nira.weiny@xxxxxxxxx wrote:');
    expect(q.comments.some(c => c.text.includes('wrote:'))).toBe(false);
    expect(comment('More somewhat superficial')).toMatchObject({ file: null, quoted: null });
  });
});

describe('seed 003: patchew thread page with a patch and four replies', () => {
  const { messages, expect: want } = seed('003_f8bf247366c02a4f.txt');

  it('splits five messages in thread order with subjects, senders and ages as shown', () => {
    expect(messages).toHaveLength(want.messages_on_page ?? -1);
    expect(messages.every(m => m.format === 'web-thread')).toBe(true);
    expect(messages.map(m => m.ref.index)).toEqual([0, 1, 2, 3, 4]);
    const first = messages[0] as Message;
    expect(first.subject.raw).toBe(want.subject_as_shown);
    expect([first.subject.version, first.subject.index, first.subject.total, first.subject.isReply]).toEqual([4, 6, 9, false]);
    expect(messages.slice(1).every(m => m.subject.isReply)).toBe(true);
    expect(messages.map(m => m.from?.name || m.from?.address)).toEqual([
      'Smita Koralahalli', 'dan.j.williams@intel.com', 'Koralahalli Channabasappa, Smita', 'kernel test robot',
      'Koralahalli Channabasappa, Smita',
    ]);
    expect(first.date).toBe('2\u00a0months, 3\u00a0weeks ago');
    expect(messages.every(m => m.messageId === null)).toBe(true);
  });

  it('gives each message the right kind', () => {
    const kinds = messages.map(m => {
      if (ownDiffs(m).length > 0) return 'patch';
      if (extractQuoted(m.body).files.length > 0) return 'reply_with_quoted_patch';
      return 'neither';
    });
    expect(kinds).toEqual(['patch', 'neither', 'neither', 'neither', 'reply_with_quoted_patch']);
  });

  it('reads the patch with its verbatim tabs and signature', () => {
    const m = messages[0] as Message;
    expectPatch(ownDiffs(m), want.patches[0] as SeedPatch);
    expect(m.body.text.endsWith('-- \n2.17.1')).toBe(true);
  });

  it('reads the space-stuffed quoted diff of the last reply and notes the proposed snippet', () => {
    const q = extractQuoted((messages[4] as Message).body);
    const last = want.quoted_diff_in_last_reply;
    expect(q.files).toHaveLength(last?.files ?? -1);
    expect(totals(q.files)).toEqual({ added: 17, deleted: 5, hunks: last?.hunk_headers });
    expect(q.files.flatMap(f => f.hunks).every(h => h.valid && !h.partial && !h.repaired)).toBe(true);
    // The context prefix survives stuffing: the line is "\t→→→→p->res->start, …" not " \t…".
    const region = q.files[0];
    expect(region?.hunks[6]?.lines[0]).toMatchObject({ kind: ' ', text: '\t\t\t\t\tp->res->start, p->res->end, cxlr,' });
    expect(q.comments).toHaveLength(1);
    const c = q.comments[0];
    expect(c?.text.startsWith('Sorry, I missed this.')).toBe(true);
    expect(c?.quoted).toMatchObject({ kind: '+', text: '\t\t\treturn 0;' });
    expect(c?.proposed.map(l => l.kind).join('')).toBe('--++++++');
    expect(c?.proposed[0]?.text).toBe('\t\tif (!p->register_dax)');
  });

  it('finds no quoted diff in the replies that quote prose only', () => {
    for (const k of [1, 2, 3]) {
      const q = extractQuoted((messages[k] as Message).body);
      expect(q.files).toEqual([]);
      expect(q.comments.every(c => c.file === null && c.quoted === null)).toBe(true);
    }
    // The unquoted C snippet of the third message is a comment, not a proposal of -/+ lines.
    const third = extractQuoted((messages[2] as Message).body);
    expect(third.comments[0]?.text).toContain('switch (dax_cxl_mode) {');
  });
});

describe('seed 004: hypermail page of a whitespace-damaged patch', () => {
  const { messages, expect: want } = seed('004_feaad2c012210ef7.txt');
  const m = messages[0] as Message;

  it('reads the shown header lines', () => {
    expect(m.format).toBe('web-hypermail');
    expect(m.subject.raw).toBe(want.subject_as_shown);
    expect([m.subject.version, m.subject.index, m.subject.total, m.subject.isReply]).toEqual([10, 22, 31, false]);
    expect(`From: ${m.from?.name}`).toBe(want.header_lines?.[0]);
    expect(`Date: ${m.date}`).toBe(want.header_lines?.[1]);
    expect(m.body.text.startsWith('Implement the release path')).toBe(true);
  });

  it('carries the patch, repaired: files, hunks and per-file numstat', () => {
    const files = ownDiffs(m);
    expectPatch(files, want.patches[0] as SeedPatch);
    expect(files.map(f => [f.added, f.removed])).toEqual([[13, 0], [59, 0], [42, 12], [6, 2]]);
  });
});
