/**
 * Regression (found by the fuzz suite, test/fuzz): a hunk header naming a start line far
 * beyond any source file (`@@ -0,99999999 +99999999,48 @@`) made a 100-million-line file
 * image, and lint ran for minutes in gigabytes. Such a header is now reported and skipped.
 */
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { MAX_HUNK_START, parseHunkHeader } from '../../../src/patch/hunk.js';
import { fileFactsOfDiff } from '../../../src/facts/file-facts.js';

const diff = (second: string): string => [
  'diff --git a/x.c b/x.c',
  '--- a/x.c',
  '+++ b/x.c',
  '@@ -1,3 +1,4 @@ int f(void)',
  ' {',
  '+\tx++;',
  ' \treturn 0;',
  ' }',
  second,
  ' {',
  '+\tgoto out;',
  ' }',
  '',
].join('\n');

describe('hunk start lines out of range', () => {
  it('a start line above the bound is not a hunk header; the bound itself is', () => {
    expect(parseHunkHeader(`@@ -1 +${MAX_HUNK_START + 1} @@`)).toBeNull();
    expect(parseHunkHeader(`@@ -${MAX_HUNK_START + 1},2 +1,2 @@`)).toBeNull();
    expect(parseHunkHeader(`@@ -${MAX_HUNK_START},2 +${MAX_HUNK_START},3 @@`)?.newStart).toBe(MAX_HUNK_START);
  });

  it('the hunk is reported and skipped; the file keeps its other hunks and a small image', () => {
    const { files, problems } = parseDiffs(diff('@@ -0,99999999 +99999999,48 @@ static void g(void)'));
    expect(files.map(f => [f.path, f.hunks.length, f.added])).toEqual([['x.c', 1, 1]]);
    expect(problems.map(p => [p.message, p.where])).toEqual([
      [`Hunk header numbers out of range (start above line ${MAX_HUNK_START}, or not a safe integer); hunk skipped.`, 'patch line 9'],
    ]);
    const t0 = performance.now();
    const facts = fileFactsOfDiff(files[0]!);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(facts.seen.map(l => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('counts that are not safe integers are reported the same way', () => {
    const { problems } = parseDiffs(diff('@@ -1,99999999999999999999 +1 @@'));
    expect(problems).toHaveLength(1);
  });
});
