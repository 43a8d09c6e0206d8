/**
 * Properties of parseDiffs and fileImages over generated files and edits: the diff parses
 * back to what was written, images hold the real file lines at their line numbers, the line
 * map is monotonic, and damaged diffs are reported rather than thrown or looped on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { fileImages } from '../../../src/reconstruct/image.js';
import { fileLines, unifiedDiff, type FileLine } from './helpers/diff-generator.js';

/** Lines from a small alphabet (so edits share lines), including ones that look like diff syntax. */
const LINE = fc.oneof(
  fc.constantFrom('{', '}', '', '\treturn 0;', 'int x;', '- item', '+ plus', ' space', '\\ back', '@@ -1 +1 @@', '-- ', 'diff --git a/x b/x'),
  fc.string({ maxLength: 12 }).map(s => s.replace(/[\r\n]/g, '')),
);
const FILE = fc.record({ texts: fc.array(LINE, { maxLength: 30 }), eol: fc.boolean() }).map(f => fileLines(f.texts, f.eol));

/** A new version of `old` by random line edits (keeps most lines, so hunks are local). */
const EDITED = FILE.chain(old =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'rep'), LINE), { maxLength: 6 }).chain(edits =>
    fc.boolean().map(eol => {
      const texts = old.map(l => l.text);
      for (const [at, op, text] of edits) {
        const k = texts.length === 0 ? 0 : at % (texts.length + (op === 'ins' ? 1 : 0));
        if (op === 'del') texts.splice(k, 1);
        else if (op === 'ins') texts.splice(k, 0, text);
        else if (texts.length > 0) texts[k] = text;
      }
      return { old, neu: fileLines(texts, texts.length === 0 ? true : eol) };
    }),
  ),
);

function imageAgrees(text: string, seen: readonly { line: number }[], file: readonly FileLine[]): void {
  const rows = text.split('\n');
  for (const l of seen) expect(rows[l.line - 1]).toBe(file[l.line - 1]?.text);
}

describe('generated diffs', () => {
  it('parse back to the written files, hunks and counts; images match both files', () => {
    fc.assert(
      fc.property(EDITED, fc.nat({ max: 4 }), ({ old, neu }, context) => {
        const written = unifiedDiff('dir/f.c', old, neu, context);
        const { files, problems } = parseDiffs(written.text);
        expect(problems).toEqual([]);
        if (written.hunks === 0) {
          expect(files).toEqual([]);
          return;
        }
        expect(files).toHaveLength(1);
        const f = files[0]!;
        expect([f.path, f.hunks.length, f.added, f.removed]).toEqual(['dir/f.c', written.hunks, written.added, written.removed]);
        expect(f.hunks.every(h => h.valid && !h.repaired && !h.partial)).toBe(true);
        const { post, pre } = fileImages(f);
        imageAgrees(post.text, post.lines, neu);
        imageAgrees(pre.text, pre.lines, old);
        for (const img of [post, pre]) {
          for (let k = 1; k < img.lines.length; k++) {
            expect(img.lines[k]!.line).toBeGreaterThan(img.lines[k - 1]!.line);
            expect(img.lines[k]!.patchLine).toBeGreaterThan(img.lines[k - 1]!.patchLine);
          }
          const covered = img.fragments.reduce((n, [a, b]) => n + b - a + 1, 0);
          expect(covered).toBe(img.lines.length);
        }
        // Every added line of the new file is seen in the post image as '+'.
        expect(post.lines.filter(l => l.kind === '+')).toHaveLength(written.added);
        expect(pre.lines.filter(l => l.kind === '-')).toHaveLength(written.removed);
      }),
      { numRuns: 300 },
    );
  });

  it('whitespace-collapsed copies of generated diffs are repaired to the same counts', () => {
    const PLAIN = fc.array(fc.constantFrom('a', 'b c', 'int x;', 'return 0;', '}'), { maxLength: 25 }).map(t => fileLines(t, true));
    fc.assert(
      fc.property(PLAIN, PLAIN, (old, neu) => {
        const written = unifiedDiff('f.c', old, neu, 3);
        // What hypermail does: runs of whitespace collapsed, one leading space stripped per line.
        const damaged = written.text.split('\n').map(l => l.replace(/[ \t]+/g, ' ').replace(/^ /, '')).join('\n');
        const { files } = parseDiffs(damaged);
        const got = files.map(f => [f.hunks.length, f.added, f.removed]);
        expect(got).toEqual(written.hunks === 0 ? [] : [[written.hunks, written.added, written.removed]]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('damaged diffs are reported, never thrown', () => {
  const DIFF = EDITED.map(({ old, neu }) => unifiedDiff('f.c', old, neu, 3)).filter(d => d.hunks > 0);

  it('a wrong count in a hunk header gives a problem or an invalid hunk', () => {
    fc.assert(
      fc.property(DIFF, fc.nat(), fc.constantFrom(-2, -1, 1, 2), fc.boolean(), (d, pick, delta, oldSide) => {
        const lines = d.text.split('\n');
        const headers = lines.flatMap((l, k) => (l.startsWith('@@ ') ? [k] : []));
        const k = headers[pick % headers.length]!;
        const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[k]!)!;
        const [os, oc, ns, nc] = [m[1], m[2] ?? '1', m[3], m[4] ?? '1'].map(Number) as [number, number, number, number];
        const oc2 = oldSide ? Math.max(0, oc + delta) : oc;
        const nc2 = oldSide ? nc : Math.max(0, nc + delta);
        fc.pre(oc2 !== oc || nc2 !== nc);
        lines[k] = `@@ -${os},${oc2} +${ns},${nc2} @@`;
        const { files, problems } = parseDiffs(lines.join('\n'));
        const hunks = files.flatMap(f => f.hunks);
        // A removed line `- ` right after an undercounting header reads as a `-- ` signature, and
        // a removed `-` as a signature whose trailing space the mailer stripped (`--`).
        const after = hunks.find(h => h.headerLine === k + 1)?.lines.at(-1)?.patchLine ?? k + 1;
        const next = lines.slice(after).find(l => !l.startsWith('\\')) ?? '';
        fc.pre(!next.startsWith('-- ') && next !== '--');
        expect(problems.length > 0 || hunks.some(h => !h.valid)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a truncated body gives an invalid, partial hunk and a problem', () => {
    fc.assert(
      fc.property(DIFF, fc.nat(), (d, cut) => {
        const lines = d.text.replace(/\n$/, '').split('\n');
        const firstHunk = lines.findIndex(l => l.startsWith('@@ '));
        const bodyLines = lines.length - firstHunk - 1;
        fc.pre(bodyLines > 1);
        const keep = firstHunk + 1 + (cut % (bodyLines - 1));
        const truncated = lines.slice(0, keep).join('\n');
        // Cutting at a hunk boundary, or only trailing no-newline markers, leaves a complete diff.
        const nextKept = lines.slice(keep).find(l => !l.startsWith('\\'));
        fc.pre(nextKept !== undefined && !nextKept.startsWith('@@ '));
        const { files, problems } = parseDiffs(truncated);
        const last = files[0]?.hunks.at(-1);
        expect(last?.valid).toBe(false);
        expect(last?.partial).toBe(true);
        expect(problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary text made of diff-like lines never throws and finishes', () => {
    const JUNK = fc.array(
      fc.oneof(
        LINE,
        fc.constantFrom('diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1,3 +1,2 @@', '@@ -0,0 +1 @@', 'Index: f', '====================',
          'GIT binary patch', 'literal 5', 'rename from x', 'new file mode 100644', '\\ No newline at end of file', '@@  -1 +1 @@'),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(JUNK, fc.boolean(), (lines, repairWhitespace) => {
        const r = parseDiffs(lines.join('\n'), { repairWhitespace });
        for (const f of r.files) {
          const { post, pre } = fileImages(f);
          expect(post.lines.every((l, k) => k === 0 || l.line > post.lines[k - 1]!.line)).toBe(true);
          expect(pre.lines.every((l, k) => k === 0 || l.line > pre.lines[k - 1]!.line)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a 10 MB line is read in linear time', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const text = ['diff --git a/big b/big', '--- a/big', '+++ b/big', '@@ -1,2 +1,2 @@', ' a', '-' + big, '+' + big + 'y', ''].join('\n');
    const t0 = Date.now();
    const { files, problems } = parseDiffs(text);
    expect(problems).toEqual([]);
    expect(files[0]!.hunks[0]!.lines[2]!.text.length).toBe(big.length + 1);
    const { post } = fileImages(files[0]!);
    expect(post.lines).toHaveLength(2);
    const garbage = parseDiffs(big + '\n' + '@@ -1 +1 @@ ' + big);
    expect(garbage.files).toEqual([]);
    const spaced = 'a/x '.repeat(2_500_000);
    const header = parseDiffs(['diff --git ' + spaced, '--- ' + spaced, '+++ ' + spaced, '@@ -1 +1 @@', '-a', '+b'].join('\n'));
    expect(header.files).toHaveLength(1);
    expect(header.files[0]!.added).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
