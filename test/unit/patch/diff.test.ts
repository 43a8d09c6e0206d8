/**
 * parseDiffs on the shapes diffs take in mail: git extended headers, renames, binaries,
 * --no-prefix, plain and CVS diffs, no-newline markers, damage (wrong counts, truncation,
 * collapsed whitespace), and the web seeds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { SEEDS } from '../../helpers/paths.js';

const text = (...lines: string[]): string => lines.join('\n');
const seed = (name: string): string => readFileSync(path.join(SEEDS, name), 'utf8');
const summary = (t: string, repairWhitespace = false) =>
  parseDiffs(t, { repairWhitespace }).files.map(f => [f.path, f.hunks.length, f.added, f.removed]);

describe('git diffs', () => {
  it('reads a modified file with mode in the index line and function context', () => {
    const { files, problems } = parseDiffs(text(
      'Some commit message, it is difficult to say more.',
      '---',
      ' a.c | 2 +-',
      '',
      'diff --git a/src/a.c b/src/a.c',
      'index 1111111..2222222 100644',
      '--- a/src/a.c',
      '+++ b/src/a.c',
      '@@ -10,3 +10,3 @@ int main(void)',
      ' {',
      '-\treturn 1;',
      '+\treturn 0;',
      ' }',
      '-- ',
      '2.43.0',
    ));
    expect(problems).toEqual([]);
    expect(files).toHaveLength(1);
    const f = files[0]!;
    expect(f).toMatchObject({
      path: 'src/a.c', oldPath: 'src/a.c', newPath: 'src/a.c', status: 'modified', oldMode: '100644',
      newMode: '100644', binary: false, headerLine: 5, added: 1, removed: 1, similarity: null,
    });
    const h = f.hunks[0]!;
    expect(h).toMatchObject({ oldStart: 10, oldCount: 3, newStart: 10, newCount: 3, section: 'int main(void)', headerLine: 9, valid: true, repaired: false, partial: false });
    expect(h.lines.map(l => [l.kind, l.text, l.patchLine])).toEqual([
      [' ', '{', 10], ['-', '\treturn 1;', 11], ['+', '\treturn 0;', 12], [' ', '}', 13],
    ]);
  });

  it('maps patch lines to mail lines through lineOf', () => {
    const { files } = parseDiffs(text('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b'), {
      lineOf: i => (i === 4 ? null : 100 + i),
    });
    expect(files[0]!.hunks[0]!.lines.map(l => [l.patchLine, l.mailLine])).toEqual([[5, null], [6, 105]]);
  });

  it('reads new, deleted, renamed, copied and mode-changed files', () => {
    const { files, problems } = parseDiffs(text(
      'diff --git a/new.c b/new.c',
      'new file mode 100644',
      'index 0000000..e69de29',
      '--- /dev/null',
      '+++ b/new.c',
      '@@ -0,0 +1,2 @@',
      '+one',
      '+two',
      'diff --git a/old.c b/old.c',
      'deleted file mode 100755',
      'index e69de29..0000000',
      '--- a/old.c',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
      'diff --git a/dir/from.c b/dir/to.c',
      'similarity index 100%',
      'rename from dir/from.c',
      'rename to dir/to.c',
      'diff --git a/orig.h b/copy.h',
      'similarity index 90%',
      'copy from orig.h',
      'copy to copy.h',
      'index 1111111..2222222 100644',
      '--- a/orig.h',
      '+++ b/copy.h',
      '@@ -1,2 +1,2 @@',
      ' x',
      '-y',
      '+z',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    ));
    expect(problems).toEqual([]);
    expect(files.map(f => [f.path, f.status, f.oldPath, f.newPath, f.oldMode, f.newMode, f.similarity, f.hunks.length, f.added, f.removed])).toEqual([
      ['new.c', 'added', null, 'new.c', null, '100644', null, 1, 2, 0],
      ['old.c', 'deleted', 'old.c', null, '100755', null, null, 1, 0, 1],
      ['dir/to.c', 'renamed', 'dir/from.c', 'dir/to.c', null, null, 100, 0, 0, 0],
      ['copy.h', 'copied', 'orig.h', 'copy.h', '100644', '100644', 90, 1, 1, 1],
      ['run.sh', 'modified', 'run.sh', 'run.sh', '100644', '100755', null, 0, 0, 0],
    ]);
  });

  it('skips GIT binary patch blocks and Binary files lines, --no-prefix paths kept whole', () => {
    const { files, problems } = parseDiffs(text(
      'diff --git pixel.bmp pixel.bmp',
      'new file mode 100644',
      'index 0000000000000000000000000000000000000000..9710347a13c4336e7dbaafa69af0e44a40c21172',
      'GIT binary patch',
      'literal 142',
      'zcmZ?r?PGv|E+AC{#Eft(0hV9^lFE7z3>E+r{}~t{2+VVG4=P5;5yxUeQzj#`nE?RC',
      'Ceh3`^',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git quit.sh quit.sh',
      'new file mode 100644',
      'index 0000000..f5f929a',
      '--- /dev/null',
      '+++ quit.sh',
      '@@ -0,0 +1,2 @@',
      '+#!/bin/sh',
      '+exit 1',
      'diff --git a/logo.png b/logo.png',
      'index 1111111..2222222 100644',
      'Binary files a/logo.png and b/logo.png differ',
    ));
    expect(problems).toEqual([]);
    expect(files.map(f => [f.path, f.status, f.binary, f.hunks.length, f.added])).toEqual([
      ['pixel.bmp', 'added', true, 0, 0],
      ['quit.sh', 'added', false, 1, 2],
      ['logo.png', 'modified', true, 0, 0],
    ]);
  });

  it('decodes quoted names and names with spaces', () => {
    const { files } = parseDiffs(text(
      'diff --git "a/dir/f\\303\\266o bar.c" "b/dir/f\\303\\266o bar.c"',
      'index 1111111..2222222 100644',
      '--- "a/dir/f\\303\\266o bar.c"',
      '+++ "b/dir/f\\303\\266o bar.c"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/my file.txt b/my file.txt',
      'index 1111111..2222222 100644',
      '--- a/my file.txt\t',
      '+++ b/my file.txt\t',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ));
    expect(files.map(f => f.path)).toEqual(['dir/föo bar.c', 'my file.txt']);
  });

  it('keeps both no-newline markers and attaches them to the line before', () => {
    const { files } = parseDiffs(text(
      'diff --git a/link b/link',
      '--- a/link',
      '+++ b/link',
      '@@ -1 +1 @@',
      '-old',
      '\\ No newline at end of file',
      '+new',
      '\\ No newline at end of file',
      '',
    ));
    const lines = files[0]!.hunks[0]!.lines;
    expect(lines.map(l => [l.kind, l.text, l.noNewline ?? false])).toEqual([['-', 'old', true], ['+', 'new', true]]);
    expect(files[0]!.hunks[0]!.valid).toBe(true);
  });

  it('takes an empty line inside a hunk as an empty context line', () => {
    const { files } = parseDiffs(text('--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c'));
    expect(files[0]!.hunks[0]!.lines.map(l => l.kind + l.text)).toEqual([' a', ' ', '-b', '+c']);
    expect(files[0]!.hunks[0]!.valid).toBe(true);
  });
});

describe('non-git diffs', () => {
  it('reads plain ---/+++ diffs and strips one component like git apply', () => {
    expect(summary(text(
      'diff -urN linux.orig/drivers/x.c linux/drivers/x.c',
      '--- linux.orig/drivers/x.c\t2024-01-01 10:00:00.000000000 +0100',
      '+++ linux/drivers/x.c\t2024-01-02 10:00:00.000000000 +0100',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+c',
      '--- foo.c.orig',
      '+++ foo.c',
      '@@ -1 +1 @@',
      '-x',
      '+y',
    ))).toEqual([['drivers/x.c', 1, 1, 1], ['foo.c', 1, 1, 1]]);
  });

  it('reads CVS Index: diffs', () => {
    const { files } = parseDiffs(text(
      'Index: bfd/elf-bfd.h',
      '===================================================================',
      'RCS file: /cvs/src/src/bfd/elf-bfd.h,v',
      'retrieving revision 1.329',
      'diff -u -p -r1.329 elf-bfd.h',
      '--- bfd/elf-bfd.h\t17 Aug 2011 00:39:38 -0000\t1.329',
      '+++ bfd/elf-bfd.h\t5 Dec 2011 20:15:49 -0000',
      '@@ -198,2 +198,3 @@ struct elf_link_hash_entry',
      '   unsigned int a : 1;',
      '+  unsigned int b : 1;',
      '   unsigned int c : 1;',
    ));
    expect(files.map(f => [f.path, f.headerLine, f.added])).toEqual([['elf-bfd.h', 1, 1]]);
  });

  it('needs ---, +++ and a @@ - header in a row, as git apply does', () => {
    expect(summary(text('--- a/b4/junk.py', '+++ b/b4/junk.py', '@@@ -1,1 +1,1 @@ def junk():', '-junk1', '+junk2'))).toEqual([]);
    expect(summary(text('---', 'The diff below is difficult.', 'diff mbox series', 'differs', '--- a', 'b'))).toEqual([]);
  });
});

describe('damage is reported, never thrown', () => {
  it('keeps a hunk whose body disagrees with its header as invalid and goes on', () => {
    const { files, problems } = parseDiffs(text(
      'diff --git a/r.patch b/s.patch',
      'similarity index 100%',
      'rename from r.patch',
      'rename to s.patch',
      '@@ -100,7 +100,7 @@',
      ' a',
      '-a',
      '+b',
      'diff --git a/t.c b/t.c',
      '--- a/t.c',
      '+++ b/t.c',
      '@@ -1 +1 @@',
      '-x',
      '+y',
    ));
    expect(files.map(f => [f.path, f.hunks.map(h => h.valid)])).toEqual([['s.patch', [false]], ['t.c', [true]]]);
    expect(files[0]!.hunks[0]!.partial).toBe(true);
    expect(problems.map(p => p.where)).toEqual(['patch line 1', 'patch line 5']);
    expect(problems[1]!.message).toMatch(/cut short/);
  });

  it('reports a hunk cut by the end of the input', () => {
    const { files, problems } = parseDiffs(text('--- a/f', '+++ b/f', '@@ -1,5 +1,5 @@', ' a', '-b'));
    expect(files[0]!.hunks[0]).toMatchObject({ valid: false, partial: true });
    expect(problems[0]!.message).toMatch(/ends with the input/);
  });

  it('reports hunk headers without a file header', () => {
    const { files, problems } = parseDiffs(text('@@ -1 +1 @@', '-a', '+b'));
    expect(files).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});

describe('web copies', () => {
  it('seed 000 (patchwork page, two spaces before the section): 11 files, 38 hunks, +413 -39', () => {
    const { files, problems } = parseDiffs(seed('000_481a6e8a537f12fa.txt'));
    expect(problems).toEqual([]);
    expect(files).toHaveLength(11);
    expect(files.reduce((n, f) => n + f.hunks.length, 0)).toBe(38);
    expect(files.reduce((n, f) => n + f.added, 0)).toBe(413);
    expect(files.reduce((n, f) => n + f.removed, 0)).toBe(39);
    expect(Object.fromEntries(files.map(f => [f.path, f.hunks.length]))).toMatchObject({ 'drivers/dax/bus.c': 18, 'drivers/cxl/core/extent.c': 4 });
    expect(files[0]!.hunks[0]!.section).toBe('cxled_to_mds(struct cxl_endpoint_decoder *cxled)');
  });

  it('seed 004 (hypermail page, collapsed whitespace) is repaired to git apply\'s 13/0, 59/0, 42/12, 6/2', () => {
    const expected = [
      ['drivers/cxl/core/extent.c', 2, 13, 0],
      ['drivers/dax/bus.c', 1, 59, 0],
      ['drivers/dax/cxl.c', 2, 42, 12],
      ['drivers/dax/dax-private.h', 1, 6, 2],
    ];
    expect(summary(seed('004_feaad2c012210ef7.txt'))).toEqual(expected);
    expect(summary(seed('004_feaad2c012210ef7.txt'), true)).toEqual(expected);
    const { files, problems } = parseDiffs(seed('004_feaad2c012210ef7.txt'));
    expect(files.every(f => f.hunks.every(h => h.valid && h.repaired))).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/Whitespace-damaged/);
    // `+\tint rc;` arrived as `+ int rc;`; the context line `\tuuid_t tag;` as `uuid_t tag;`.
    const lines = files[0]!.hunks[0]!.lines;
    expect(lines.slice(2, 4).map(l => [l.kind, l.text])).toEqual([[' ', 'uuid_t tag;'], ['+', ' int rc;']]);
  });

  it('seed 003 (patchew thread page): the patch, not the quoted replies', () => {
    expect(summary(seed('003_f8bf247366c02a4f.txt'))).toEqual([
      ['drivers/cxl/core/region.c', 7, 16, 5],
      ['drivers/cxl/cxl.h', 1, 1, 0],
    ]);
  });

  it('joins a hunk header a mailer wrapped, and does not take wrapped lines for collapsed whitespace', () => {
    // From a reply in the nvdimm archive: the header and a long line wrapped, context intact.
    const { files, problems } = parseDiffs(text(
      'diff --git a/drivers/nvdimm/nd.h b/drivers/nvdimm/nd.h',
      '--- a/drivers/nvdimm/nd.h',
      '+++ b/drivers/nvdimm/nd.h',
      '@@ -180,7 +180,7 @@ static inline const uuid_t *nsl_get_uuid(struct',
      'nvdimm_drvdata *ndd,',
      '                                         struct nd_namespace_label *nd_label,',
      '                                         uuid_t *uuid)',
      ' {',
      '-       uuid_copy(uuid, &nd_label->uuid);',
      '+       import_uuid(uuid, nd_label->uuid);',
      '        return uuid;',
      ' }',
      '',
    ));
    // Only the wrapped header is joined back; the body is read as sent, context intact.
    expect(files[0]!.hunks[0]).toMatchObject({
      valid: true, repaired: true, partial: false, section: 'static inline const uuid_t *nsl_get_uuid(struct nvdimm_drvdata *ndd,',
    });
    expect(files[0]!.hunks[0]!.lines.map(l => l.kind).join('')).toBe('   -+   ');
    expect(problems.map(p => p.message)).toEqual(['Hunk header wrapped by the mailer; its two lines were joined.']);
    // A wrapped body line is not guessed at: the hunk stays invalid.
    const body = parseDiffs(text('--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@ f', ' a', '-static int f(struct', 'foo *p);', '+b', ' c'));
    expect(body.files[0]!.hunks[0]).toMatchObject({ valid: false, repaired: false });
  });

  it('does not repair an intact diff, nor swallow a signature into a repaired hunk', () => {
    const { files } = parseDiffs(text('--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' a', '-b', '+c', '-- ', '2.43.0'), { repairWhitespace: true });
    expect(files[0]!.hunks[0]).toMatchObject({ valid: false, repaired: false });
  });
});
