import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDiffs } from '../../src/patch/diff.js';
import type { FileDiff } from '../../src/patch/types.js';
import { applyWithFuzz } from '../../src/tree/apply.js';

const BASE = ['int a;', 'int b;', 'int c;', 'int d;', 'int e;', 'int f;', 'int g;', 'int h;', 'int i;', 'int j;'];
const text = (lines: readonly string[]): string => lines.map(l => `${l}\n`).join('');

function diffOf(body: string): FileDiff {
  const f = parseDiffs(`diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n${body}`).files[0];
  if (f === undefined) throw new Error('no diff');
  return f;
}

// adds `int X;` after `int e;`: three lines of context on each side
const ADD_X = diffOf('@@ -3,6 +3,7 @@\n int c;\n int d;\n int e;\n+int X;\n int f;\n int g;\n int h;\n');

describe('applyWithFuzz', () => {
  it('applies exactly where the header says', () => {
    const r = applyWithFuzz(text(BASE), ADD_X);
    expect(r.status).toBe('exact');
    expect(r.text).toBe(text([...BASE.slice(0, 5), 'int X;', ...BASE.slice(5)]));
    expect([...r.changedLines]).toEqual([6]);
    expect(r.placements).toEqual([{ offset: 0, fuzz: 0 }]);
  });

  it('finds the context a few lines away (offset)', () => {
    const r = applyWithFuzz(text(['// one', '// two', ...BASE]), ADD_X);
    expect(r.status).toBe('offset');
    expect(r.placements).toEqual([{ offset: 2, fuzz: 0 }]);
    expect([...r.changedLines]).toEqual([8]);
    expect(r.image.lines.find(l => l.kind === '+')?.line).toBe(8);
  });

  it('ignores one or two outer context lines that changed (fuzz), as patch does', () => {
    const one = [...BASE];
    one[2] = 'int c2;';
    expect(applyWithFuzz(text(one), ADD_X).placements).toEqual([{ offset: 0, fuzz: 1 }]);
    const two = [...one];
    two[7] = 'int h2;';
    two[6] = 'int g2;';
    const r = applyWithFuzz(text(two), ADD_X);
    expect(r.status).toBe('fuzz');
    expect(r.placements).toEqual([{ offset: 0, fuzz: 2 }]);
    // the changed context lines stay as the tree has them
    expect(r.text).toBe(text([...two.slice(0, 5), 'int X;', ...two.slice(5)]));
  });

  it('does not apply when the context next to the change differs (beyond fuzz 2), and says which hunk', () => {
    const near = [...BASE];
    near[4] = 'int e2;';
    const r = applyWithFuzz(text(near), ADD_X, { where: n => `mail, patch line ${n}` });
    expect(r.status).toBe('failed');
    expect(r.placements).toEqual([{ offset: null, fuzz: 0 }]);
    expect(r.problems).toEqual([{ message: 'Hunk does not apply to x.c.', where: 'mail, patch line 4' }]);
    expect(applyWithFuzz(text(near), ADD_X, { maxFuzz: 0 }).status).toBe('failed');
  });

  it('a removal marks the line that follows it as changed', () => {
    const d = diffOf('@@ -4,5 +4,4 @@\n int d;\n int e;\n-int f;\n int g;\n int h;\n');
    const r = applyWithFuzz(text(['// x', ...BASE]), d);
    expect(r.status).toBe('offset');
    expect([...r.changedLines]).toEqual([7]); // `int g;` now at line 7
  });

  it('property: a hunk made against a file applies to it with lines added above, adding only its line', () => {
    fc.assert(fc.property(
      fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 8, maxLength: 30 }),
      fc.nat(), fc.array(fc.stringMatching(/^#[a-z]{1,4}$/), { maxLength: 5 }),
      (lines, at, prefix) => {
        const i = 3 + (at % (lines.length - 6));
        const before = lines.slice(i - 3, i);
        const after = lines.slice(i, i + 3);
        const body = `@@ -${i - 2},6 +${i - 2},7 @@\n${before.map(l => ` ${l}`).join('\n')}\n+NEW\n${after.map(l => ` ${l}`).join('\n')}\n`;
        const r = applyWithFuzz(text([...prefix, ...lines]), diffOf(body));
        if (r.status === 'failed') return false;
        // an identical context earlier in the prefix-free part may be nearer: the result is still a valid placement
        return r.text.split('\n').filter(l => l === 'NEW').length === 1
          && r.text.replace('NEW\n', '') === text([...prefix, ...lines]);
      },
    ));
  });
});
