/**
 * applyFileDiff (tree mode): a parsed diff applied to the base text gives the new file, as
 * `git apply` does; reversed it gives the old file back; shifted bases apply at an offset.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { toPatch } from '../../../src/patch/patch.js';
import { applyFileDiff } from '../../../src/reconstruct/apply-hunks.js';
import { CORPUS } from '../../helpers/paths.js';
import { fileLines, fileText, unifiedDiff } from '../patch/helpers/diff-generator.js';
import { readAll } from '../patch/helpers/read-all.js';

const LINE = fc.constantFrom('{', '}', '', '\treturn 0;', 'int x;', 'a', 'b', 'c', '- d', '+ e');
const FILE = fc.record({ texts: fc.array(LINE, { maxLength: 25 }), eol: fc.boolean() }).map(f => fileLines(f.texts, f.eol));

describe('applyFileDiff', () => {
  it('applies generated diffs forwards and backwards, and at an offset', () => {
    fc.assert(
      fc.property(FILE, FILE, fc.array(LINE, { maxLength: 5 }), (old, neu, prefix) => {
        const written = unifiedDiff('f.c', old, neu, 3);
        fc.pre(written.hunks > 0);
        const [file] = parseDiffs(written.text).files;
        const forward = applyFileDiff(fileText(old), file!);
        expect(forward.problems).toEqual([]);
        expect(forward.text).toBe(fileText(neu));
        expect(forward.image.lines.filter(l => l.kind === '+')).toHaveLength(written.added);
        const rows = forward.text.split('\n');
        for (const l of forward.image.lines) expect(rows[l.line - 1]).toBe(fileText([neu[l.line - 1]!]).replace(/\n$/, ''));
        const backward = applyFileDiff(fileText(neu), file!, { reverse: true });
        expect(backward.problems).toEqual([]);
        expect(backward.text).toBe(fileText(old));
        // The same diff against a base with lines in front applies at an offset (unless the
        // prefix makes an earlier place match too, which git would pick as well).
        const shifted = applyFileDiff(prefix.map(t => t + '\n').join('') + fileText(old), file!);
        expect(shifted.problems).toEqual([]);
        if (shifted.offsets.every(o => o === prefix.length)) {
          expect(shifted.text).toBe(prefix.map(t => t + '\n').join('') + fileText(neu));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with git apply on generated files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-apply-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      fc.assert(
        fc.property(FILE, FILE, (old, neu) => {
          const written = unifiedDiff('f.c', old, neu, 3);
          fc.pre(written.hunks > 0);
          writeFileSync(path.join(dir, 'f.c'), fileText(old));
          execFileSync('git', ['apply', '-'], { cwd: dir, input: written.text });
          const ours = applyFileDiff(fileText(old), parseDiffs(written.text).files[0]!);
          expect(ours.text).toBe(readFileSync(path.join(dir, 'f.c'), 'utf8'));
        }),
        { numRuns: 25 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the authored v2 series to its base file in order', async () => {
    const base = 'int a;\nint b;\n\nint f(void)\n{\n\treturn 0;\n}\n';
    const messages = await readAll(path.join(CORPUS, 'series', '0002-versions-resend-gap-review.mbox'));
    const p1 = toPatch(messages[4]!).files[0]!;
    const p3 = toPatch(messages[5]!).files[0]!;
    const after1 = applyFileDiff(base, p1);
    const after3 = applyFileDiff(after1.text, p3);
    expect(after3.problems).toEqual([]);
    expect(after3.text).toBe('int a;\nint b;\n\nint f(void)\n{\n\treturn 1;\n}\n\nint g(int x)\n{\n\treturn x * 2;\n}\n');
    expect(after3.image.complete).toBe(true);
    expect(after3.image.lines.filter(l => l.kind === '+').map(l => l.line)).toEqual([8, 9, 10, 11, 12]);
    // Applied to the wrong base, the hunk is reported, not forced.
    const wrong = applyFileDiff('something else\n', p3);
    expect(wrong.offsets).toEqual([null]);
    expect(wrong.problems).toHaveLength(1);
    expect(wrong.text).toBe('something else\n');
  });
});
