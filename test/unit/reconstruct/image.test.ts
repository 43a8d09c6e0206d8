/**
 * fileImages: text laid out at real file lines, seen lines mapped to patch and mail lines,
 * fragments, completeness for added and deleted files; and on the real DCD series.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { toPatch } from '../../../src/patch/patch.js';
import { fileImages, isSeen, lineMapLookup, patchLineLookup } from '../../../src/reconstruct/image.js';
import { SERIES } from '../../helpers/paths.js';
import { readAll } from '../patch/helpers/read-all.js';

const text = (...lines: string[]): string => lines.join('\n');

describe('fileImages', () => {
  const modified = parseDiffs(text(
    'diff --git a/m.c b/m.c',                 // 1
    '--- a/m.c',                              // 2
    '+++ b/m.c',                              // 3
    '@@ -2,3 +2,4 @@ int f(void)',           // 4
    ' {',                                     // 5
    '-\treturn 0;',                           // 6
    '+\tint r = 1;',                          // 7
    '+\treturn r;',                           // 8
    ' }',                                     // 9
    '@@ -10,2 +11,2 @@',                      // 10
    ' x',                                     // 11
    '-y',                                     // 12
    '+z',                                     // 13
  ), { lineOf: i => 1000 + i }).files[0]!;

  it('lays the post image out at real file lines, unseen lines empty', () => {
    const { post } = fileImages(modified);
    expect(post.text.split('\n').slice(0, 12)).toEqual(['', '{', '\tint r = 1;', '\treturn r;', '}', '', '', '', '', '', 'x', 'z']);
    expect(post.fragments).toEqual([[2, 5], [11, 12]]);
    expect(post.complete).toBe(false);
    expect(post.path).toBe('m.c');
    expect(post.lines.map(l => [l.line, l.kind, l.patchLine, l.mailLine])).toEqual([
      [2, ' ', 5, 1004], [3, '+', 7, 1006], [4, '+', 8, 1007], [5, ' ', 9, 1008], [11, ' ', 11, 1010], [12, '+', 13, 1012],
    ]);
  });

  it('lays the pre image out at old file lines', () => {
    const { pre } = fileImages(modified);
    expect(pre.lines.map(l => [l.line, l.kind])).toEqual([[2, ' '], [3, '-'], [4, ' '], [10, ' '], [11, '-']]);
    expect(pre.text.split('\n')[2]).toBe('\treturn 0;');
    expect(pre.fragments).toEqual([[2, 4], [10, 11]]);
  });

  it('looks lines up both ways', () => {
    const { post } = fileImages(modified);
    expect(lineMapLookup(post, 4)).toEqual({ line: 4, kind: '+', patchLine: 8, mailLine: 1007 });
    expect(lineMapLookup(post, 7)).toBeNull();
    expect(patchLineLookup(post, 13)?.line).toBe(12);
    expect(patchLineLookup(post, 12)).toBeNull(); // a removed line is not in the post image
    expect([isSeen(post, 5), isSeen(post, 6), isSeen(post, 11)]).toEqual([true, false, true]);
  });

  it('gives the whole file for an added file and keeps a missing final newline', () => {
    const added = parseDiffs(text(
      'diff --git a/n.c b/n.c', 'new file mode 100644', '--- /dev/null', '+++ b/n.c', '@@ -0,0 +1,2 @@', '+a', '+b',
      '\\ No newline at end of file',
    )).files[0]!;
    const { post, pre } = fileImages(added);
    expect([post.complete, post.text, post.fragments]).toEqual([true, 'a\nb', [[1, 2]]]);
    expect([pre.complete, pre.text, pre.lines]).toEqual([true, '', []]);
    expect(isSeen(post, 2)).toBe(true);
  });

  it('gives the whole old file for a deleted file', () => {
    const deleted = parseDiffs(text(
      'diff --git a/o.c b/o.c', 'deleted file mode 100644', '--- a/o.c', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-a', '-b',
    )).files[0]!;
    const { post, pre } = fileImages(deleted);
    expect([pre.complete, pre.text, pre.path]).toEqual([true, 'a\nb\n', 'o.c']);
    expect([post.complete, post.text]).toEqual([true, '']);
  });

  it('shows nothing of a rename without hunks or of a binary file', () => {
    const files = parseDiffs(text(
      'diff --git a/x b/y', 'similarity index 100%', 'rename from x', 'rename to y',
      'diff --git a/p.png b/p.png', 'Binary files a/p.png and b/p.png differ',
    )).files;
    for (const f of files) {
      const { post, pre } = fileImages(f);
      expect([post.lines, pre.lines, post.complete, pre.complete]).toEqual([[], [], false, false]);
    }
    expect(fileImages(files[0]!).pre.path).toBe('x');
    expect(fileImages(files[0]!).post.path).toBe('y');
  });
});

describe('fileImages on the DCD v11 series', () => {
  it('new files come out whole; every seen post line carries the text its mail line shows', async () => {
    const file = path.join(SERIES, 'dcd-v11.mbox');
    const input = readFileSync(file, 'utf8').split('\n');
    let added = 0;
    let seen = 0;
    for (const m of await readAll(file)) {
      for (const f of toPatch(m).files) {
        const { post } = fileImages(f);
        if (f.status === 'added') {
          added += 1;
          expect(post.complete).toBe(true);
          expect(post.lines.length).toBe(f.added);
          expect(post.fragments).toEqual([[1, f.added]]);
        }
        const rows = post.text.split('\n');
        for (const l of post.lines) {
          seen += 1;
          const shown = input[(l.mailLine ?? 0) - 1];
          const want = rows[l.line - 1];
          if (!(shown === l.kind + want || (shown === '' && want === ''))) expect.fail(`${f.path}:${l.line} ${shown}`);
        }
      }
    }
    expect(added).toBeGreaterThan(0);
    expect(seen).toBeGreaterThan(5000);
  });
});

describe('fileImages on damaged input', () => {
  it('does not call a cut-short new file complete', () => {
    const cut = parseDiffs(text('diff --git a/n.c b/n.c', 'new file mode 100644', '--- /dev/null', '+++ b/n.c', '@@ -0,0 +1,3 @@', '+a', '+b')).files[0]!;
    const { post } = fileImages(cut);
    expect([post.complete, post.lines.length, post.fragments]).toEqual([false, 2, [[1, 2]]]);
  });
});
