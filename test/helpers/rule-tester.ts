/**
 * RuleTester (STYLE.md C): literal valid/invalid cases per rule, run through the real pipeline
 * (mail → patch → facts → engine) with only that rule enabled and facts deep-frozen.
 *  - `code: c\`…\``: post-image text of a new file, wrapped into a synthetic patch; lines are
 *    lines of that text (line 1 = first line).
 *  - `patch: patch\`…\``: a real diff (with context), when the check depends on `+` lines.
 *  - `mbox: 'corpus/…'`: a whole mail or series file.
 * Every invalid case names messageId and line; extra or missing errors fail; duplicate case
 * names fail; a `todo` case that starts passing fails, so it gets promoted.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Rule } from '../../src/engine/define-rule.js';
import type { Finding } from '../../src/engine/finding.js';
import { lintPatches } from '../../src/engine/lint.js';
import { parseMessage } from '../../src/mail/message.js';
import { readMessages } from '../../src/mail/read-input.js';
import { toPatch } from '../../src/patch/patch.js';
import type { Patch } from '../../src/patch/types.js';
import { ROOT } from './paths.js';

export interface ExpectedError {
  readonly messageId: string;
  readonly line: number;
  readonly file?: string;
}

interface Input {
  readonly name: string;
  readonly code?: string;
  readonly patch?: string;
  readonly mbox?: string;
  /** File name for `code` cases (default `drivers/test/test.c`). */
  readonly filename?: string;
  /** Commit message for `code`/`patch` cases. */
  readonly message?: string;
  /** Differential mode off (`--all`). */
  readonly all?: boolean;
}

export interface ValidCase extends Input { readonly todo?: string }
export interface InvalidCase extends Input { readonly errors: readonly ExpectedError[]; readonly todo?: string }

/** Dedent a template literal: the C text of a test case. */
export function c(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw(strings, ...values);
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter(l => l.trim() !== '').map(l => /^\s*/.exec(l)?.[0].length ?? 0));
  return lines.map(l => l.slice(indent)).join('\n') + '\n';
}

/** A diff as written (dedented like `c`). */
export const patch = c;

async function patchesOf(input: Input): Promise<{ patch: Patch; input: string }[]> {
  if (input.mbox !== undefined) {
    const file = path.resolve(ROOT, input.mbox);
    const out: { patch: Patch; input: string }[] = [];
    for await (const m of readMessages(file)) out.push({ patch: toPatch(m), input: input.mbox });
    return out;
  }
  const diff = input.patch ?? newFileDiff(input.filename ?? 'drivers/test/test.c', input.code ?? '');
  const raw = [
    'From kvet-test Mon Sep 17 00:00:00 2001',
    'From: Test Author <author@example.org>',
    'Subject: [PATCH] test: rule tester case',
    'Message-ID: <rule-tester@kvet.invalid>',
    'Date: Sun, 22 Nov 2026 12:00:00 +0000',
    '',
    input.message ?? 'Add a test case.',
    '',
    'Signed-off-by: Test Author <author@example.org>',
    '---',
    diff,
  ].join('\n');
  const m = await parseMessage(raw, { input: 'case', index: 0, startLine: 1 }, 'format-patch');
  return [{ patch: toPatch(m), input: 'case' }];
}

function newFileDiff(file: string, code: string): string {
  const lines = code.replace(/\n$/, '').split('\n');
  return [
    `diff --git a/${file} b/${file}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${file}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map(l => `+${l}`),
  ].join('\n') + '\n';
}

async function findingsOf(rule: Rule, input: Input): Promise<Finding[]> {
  const patches = await patchesOf(input);
  return [...lintPatches(patches, [], { all: input.all === true, rules: [rule], freeze: true }).findings];
}

function shape(f: Finding): ExpectedError & { message: string } {
  return { messageId: f.messageId, line: f.location.line ?? 0, file: f.location.file ?? '', message: f.message };
}

export const ruleTester = {
  run(rule: Rule, cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] }): void {
    describe(rule.id, () => {
      it('has valid and invalid cases with unique names', () => {
        expect(cases.valid.length).toBeGreaterThan(0);
        expect(cases.invalid.length).toBeGreaterThan(0);
        const names = [...cases.valid, ...cases.invalid].map(x => x.name);
        expect(new Set(names).size).toBe(names.length);
      });
      for (const v of cases.valid) {
        it(`valid: ${v.name}`, async () => {
          const found = (await findingsOf(rule, v)).map(shape);
          if (v.todo !== undefined) {
            expect(found.length, `todo now passes, promote it: ${v.todo}`).toBeGreaterThan(0);
            return;
          }
          expect(found).toEqual([]);
        });
      }
      for (const inv of cases.invalid) {
        it(`invalid: ${inv.name}`, async () => {
          const found = (await findingsOf(rule, inv)).map(shape);
          const got = found.map(f => ({ messageId: f.messageId, line: f.line })).sort(byLine);
          const want = inv.errors.map(e => ({ messageId: e.messageId, line: e.line })).sort(byLine);
          if (inv.todo !== undefined) {
            expect(got, `todo now passes, promote it: ${inv.todo}`).not.toEqual(want);
            return;
          }
          expect(got, JSON.stringify(found, null, 1)).toEqual(want);
          for (const f of found) expect(f.message).toMatch(/^[A-Z].*\.$/);
        });
      }
    });
  },
};

function byLine(a: { line: number; messageId: string }, b: { line: number; messageId: string }): number {
  return a.line - b.line || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}
