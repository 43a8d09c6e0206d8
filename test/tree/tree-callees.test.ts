/**
 * Callees from the tree: a function the changed code calls, defined in another file of the same
 * directory, informs the caller's checks (its lock contract here); a `static` function of
 * another file does not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/message.js';
import { toPatch } from '../../src/patch/patch.js';
import { lintPatches } from '../../src/engine/lint.js';
import { RULES } from '../../rules/index.js';

const MAIN = [
  '// SPDX-License-Identifier: GPL-2.0',
  '#include "foo.h"',
  '',
  'int foo_update(struct foo *foo, int v)',
  '{',
  '\tfoo->v = v;',
  '\treturn 0;',
  '}',
  '',
];

const HELPER = [
  '// SPDX-License-Identifier: GPL-2.0',
  '#include "foo.h"',
  '',
  'int foo_commit(struct foo *foo)',
  '{',
  '\tlockdep_assert_held(&foo->lock);',
  '\tfoo->committed = foo->v;',
  '\treturn 0;',
  '}',
  '',
];

// same name as a static function of another file: not what main.c calls
const OTHER = [
  '#include "foo.h"',
  '',
  'static int foo_reset(struct foo *foo)',
  '{',
  '\tlockdep_assert_held(&foo->lock);',
  '\treturn 0;',
  '}',
  '',
];

let base = '';

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'kvet-callees-'));
  mkdirSync(path.join(base, 'drivers', 'foo'), { recursive: true });
  writeFileSync(path.join(base, 'drivers', 'foo', 'main.c'), MAIN.join('\n'));
  writeFileSync(path.join(base, 'drivers', 'foo', 'helper.c'), HELPER.join('\n'));
  writeFileSync(path.join(base, 'drivers', 'foo', 'other.c'), OTHER.join('\n'));
});

afterAll(() => { rmSync(base, { recursive: true, force: true }); });

function mail(call: string): string {
  return [
    'From x Mon Sep 17 00:00:00 2001', 'From: A <a@example.org>', 'Subject: [PATCH] foo: commit on update',
    'Message-ID: <foo@example.org>', '', 'msg', '---',
    'diff --git a/drivers/foo/main.c b/drivers/foo/main.c', '--- a/drivers/foo/main.c', '+++ b/drivers/foo/main.c',
    '@@ -4,5 +4,5 @@ int foo_update(struct foo *foo, int v)', ' int foo_update(struct foo *foo, int v)', ' {', ' \tfoo->v = v;', '-\treturn 0;', `+\treturn ${call};`, ' }', '',
  ].join('\n');
}

async function lint(call: string, tree: string | null) {
  const patch = toPatch(await parseMessage(mail(call), { input: 'foo.mbox', index: 0, startLine: 1 }, 'mbox'));
  return lintPatches([{ patch, input: 'foo.mbox' }], [], { all: false, rules: RULES, ...(tree !== null ? { tree } : {}) });
}

describe('callees from the tree', () => {
  it('a helper in another file of the directory brings its lock contract', async () => {
    const hunk = await lint('foo_commit(foo)', null);
    expect(hunk.findings.filter(f => f.ruleId === 'lock-not-held')).toEqual([]);
    const inTree = await lint('foo_commit(foo)', base);
    expect(inTree.errors).toEqual([]);
    expect(inTree.findings.filter(f => f.ruleId === 'lock-not-held').map(f => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      'drivers/foo/main.c:7 The call to foo_commit() at line 7 requires foo->lock held (asserted at drivers/foo/helper.c:6), but it is not held there.',
    ]);
  });

  it('a static function of another file is not taken for the callee', async () => {
    const inTree = await lint('foo_reset(foo)', base);
    expect(inTree.findings.filter(f => f.ruleId === 'lock-not-held')).toEqual([]);
  });
});
