/**
 * Paths in patch mails come from strangers: tree mode must never look outside DIR, and never
 * write. Every open/read/stat/realpath kvet makes is recorded (node:fs wrapped) and checked.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as realFs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { fn: string; arg: string }[] = [];

vi.mock('node:fs', async importOriginal => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const spied: Record<string, unknown> = { ...fs };
  for (const fn of ['openSync', 'readFileSync', 'readSync', 'realpathSync', 'statSync', 'lstatSync', 'readlinkSync', 'readdirSync', 'existsSync', 'writeFileSync', 'mkdirSync', 'renameSync', 'rmSync', 'unlinkSync', 'appendFileSync', 'copyFileSync'] as const) {
    const orig = fs[fn] as (...args: unknown[]) => unknown;
    spied[fn] = (...args: unknown[]) => {
      calls.push({ fn, arg: typeof args[0] === 'string' ? args[0] : String(args[0]) });
      return orig(...args);
    };
  }
  return { ...spied, default: spied };
});

const { TreeSource, unsafePathReason } = await import('../../src/tree/tree-source.js');
const { parseMessage } = await import('../../src/mail/message.js');
const { toPatch } = await import('../../src/patch/patch.js');
const { lintPatches } = await import('../../src/engine/lint.js');
const { RULES } = await import('../../rules/index.js');

const SECRET = 'static int secret(void)\n{\n\treturn 1;\n}\n';
let base = '';
let tree = '';
let outside = '';

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'kvet-tree-'));
  tree = path.join(base, 'tree');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(tree, 'drivers'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.c'), SECRET);
  writeFileSync(path.join(tree, 'drivers', 'inside.c'), SECRET);
  symlinkSync(path.join(outside, 'secret.c'), path.join(tree, 'drivers', 'link.c'));
  symlinkSync('../../outside', path.join(tree, 'drivers', 'dirlink'));
  symlinkSync('inside.c', path.join(tree, 'drivers', 'alias.c')); // stays inside: allowed
  execFileSync('mkfifo', [path.join(tree, 'drivers', 'fifo.c')]);
});

afterAll(() => {
  realFs.rmSync(base, { recursive: true, force: true });
});

beforeEach(() => { calls.length = 0; });

/** fs calls that named a path the hostile patches aim at: the directory beside the tree, /etc. */
function outsideCalls(): { fn: string; arg: string }[] {
  return calls.filter(c => c.arg.startsWith(outside) || c.arg.startsWith('/etc') || c.arg.includes('..'));
}

const WRITES = new Set(['writeFileSync', 'mkdirSync', 'renameSync', 'rmSync', 'unlinkSync', 'appendFileSync', 'copyFileSync']);

function mail(file: string): string {
  return [
    'From x Mon Sep 17 00:00:00 2001', 'From: A <a@example.org>', 'Subject: [PATCH] evil: touch a file outside the tree',
    'Message-ID: <evil@example.org>', '', 'msg', '---',
    `diff --git a/${file} b/${file}`, `--- a/${file}`, `+++ b/${file}`,
    '@@ -1,4 +1,5 @@', ' static int secret(void)', ' {', '+\tpr_info("x");', ' \treturn 1;', ' }', '',
  ].join('\n');
}

async function lintTree(file: string) {
  const patch = toPatch(await parseMessage(mail(file), { input: 'evil.mbox', index: 0, startLine: 1 }, 'mbox'));
  return lintPatches([{ patch, input: 'evil.mbox' }], [], { all: false, rules: RULES, tree });
}

describe('path checks', () => {
  it('refuses absolute paths, .. and empty components before touching the disk', () => {
    expect(unsafePathReason('/etc/passwd')).toBe('absolute path');
    expect(unsafePathReason('../../etc/passwd')).toBe("path has a '..' component");
    expect(unsafePathReason('drivers/../../x.c')).toBe("path has a '..' component");
    expect(unsafePathReason('drivers//x.c')).toMatch(/empty/);
    expect(unsafePathReason('drivers/./x.c')).toMatch(/empty or '\.'/);
    expect(unsafePathReason('a\\..\\b.c')).toMatch(/backslash/);
    expect(unsafePathReason('a\0b.c')).toMatch(/NUL/);
    expect(unsafePathReason('drivers/cxl/core/region.c')).toBeNull();
    const t = TreeSource.open(tree);
    if (typeof t === 'string') throw new Error(t);
    calls.length = 0;
    for (const p of ['/etc/passwd', '../../etc/passwd', '../outside/secret.c', `${outside}/secret.c`]) {
      expect(t.read(p).kind).toBe('refused');
    }
    expect(calls).toEqual([]);
  });

  it('refuses symlinks that resolve outside the tree, and never opens their target', () => {
    const t = TreeSource.open(tree);
    if (typeof t === 'string') throw new Error(t);
    calls.length = 0;
    expect(t.read('drivers/link.c')).toEqual({ kind: 'refused', reason: 'resolves outside the tree (symlink)' });
    expect(t.read('drivers/dirlink/secret.c')).toEqual({ kind: 'refused', reason: 'resolves outside the tree (symlink)' });
    // realpath resolved the link (reading link metadata, not the file); nothing was opened
    expect(calls.filter(c => c.fn !== 'realpathSync')).toEqual([]);
    expect(t.listCFiles('drivers/dirlink')).toEqual([]);
    expect(t.listCFiles('../outside')).toEqual([]);
    expect(calls.filter(c => c.fn !== 'realpathSync')).toEqual([]);
    // symlinks and FIFOs are not listed as C files of a directory
    expect(t.listCFiles('drivers')).toEqual(['inside.c']);
    expect(t.read('drivers/alias.c')).toEqual({ kind: 'file', text: SECRET });
    expect(t.read('drivers/missing.c')).toEqual({ kind: 'missing' });
  });

  it('does not block on a FIFO or read a directory', () => {
    const t = TreeSource.open(tree);
    if (typeof t === 'string') throw new Error(t);
    expect(t.read('drivers/fifo.c')).toEqual({ kind: 'refused', reason: 'not a regular file' });
    expect(t.read('drivers')).toEqual({ kind: 'refused', reason: 'not a regular file' });
  });

  it('a tree that is no directory is a problem, and the series is analysed in hunk mode', async () => {
    const patch = toPatch(await parseMessage(mail('drivers/inside.c'), { input: 'x.mbox', index: 0, startLine: 1 }, 'mbox'));
    const r = lintPatches([{ patch, input: 'x.mbox' }], [], { all: false, rules: RULES, tree: path.join(tree, 'drivers', 'inside.c') });
    expect(r.errors.map(e => e.message)).toEqual([`--tree: ${path.join(tree, 'drivers', 'inside.c')} is not a directory; analysed in hunk mode.`]);
    expect(r.summary.patches).toBe(1);
  });
});

describe('lint --tree with hostile paths', () => {
  it('applies a patch to a file inside the tree (control)', async () => {
    const r = await lintTree('drivers/inside.c');
    expect(r.errors).toEqual([]);
    expect(outsideCalls()).toEqual([]);
    expect(calls.filter(c => WRITES.has(c.fn))).toEqual([]);
  });

  for (const [file, reason] of [
    ['../../outside/secret.c', "path has a '..' component"],
    ['drivers/link.c', 'resolves outside the tree (symlink)'],
    ['drivers/dirlink/secret.c', 'resolves outside the tree (symlink)'],
  ] as const) {
    it(`refuses ${file}, reads nothing outside the tree, writes nothing`, async () => {
      const before = statSync(path.join(outside, 'secret.c'));
      calls.length = 0;
      const r = await lintTree(file);
      expect(r.errors.map(e => e.message).join('\n')).toContain(reason);
      expect(r.errors.map(e => e.message).join('\n')).toContain('"[PATCH] evil: touch a file outside the tree"');
      expect(r.errors.map(e => e.message).join('\n')).toContain(`analysed in hunk mode`);
      // the file was still analysed, as far as the mail shows it
      expect(r.summary.functions).toBe(1);
      expect(outsideCalls()).toEqual([]);
      expect(calls.filter(c => WRITES.has(c.fn))).toEqual([]);
      expect(readFileSync(path.join(outside, 'secret.c'), 'utf8')).toBe(SECRET);
      expect(statSync(path.join(outside, 'secret.c')).mtimeMs).toBe(before.mtimeMs);
    });
  }

  it('refuses a non-C path that escapes too (../../etc/passwd)', async () => {
    const r = await lintTree('../../etc/passwd');
    expect(r.errors.map(e => e.message)).toEqual([
      '"[PATCH] evil: touch a file outside the tree": refused to look up "../../etc/passwd" in the tree (path has a \'..\' component); ../../etc/passwd not applied.',
    ]);
    expect(outsideCalls()).toEqual([]);
  });
});
