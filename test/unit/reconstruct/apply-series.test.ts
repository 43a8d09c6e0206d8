/** applySeries: patches applied in order over a base tree read through a function. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import { toPatch } from '../../../src/patch/patch.js';
import { applySeries } from '../../../src/reconstruct/apply-series.js';
import { CORPUS } from '../../helpers/paths.js';
import { readAll } from '../patch/helpers/read-all.js';

const BASE: Record<string, string> = {
  'lib/calc.c': 'int a;\nint b;\n\nint f(void)\n{\n\treturn 0;\n}\n',
  Makefile: 'CFLAGS = -O2\n',
};

describe('applySeries', () => {
  it('applies each version of the authored series in order; a patch applied twice is reported', async () => {
    const patches = (await readAll(path.join(CORPUS, 'series', '0002-versions-resend-gap-review.mbox'))).map(m => toPatch(m));
    const v1 = applySeries([patches[1]!, patches[2]!], p => BASE[p] ?? null);
    expect(v1.problems).toEqual([]);
    expect(Object.fromEntries(v1.files)).toEqual({
      'lib/calc.c': 'int a;\nint b;\n\nint f(void)\n{\n\treturn 1;\n}\n',
      Makefile: 'CFLAGS = -O2 -Wall\n',
    });
    expect(v1.steps.map(s => [s.patch, s.path, s.applied.offsets])).toEqual([[0, 'lib/calc.c', [0]], [1, 'Makefile', [0]]]);
    // v2 1/3 and 3/3 in order (2/3 is missing from the thread) build g() on top.
    const v2 = applySeries([patches[4]!, patches[5]!], p => BASE[p] ?? null);
    expect(v2.problems).toEqual([]);
    expect(v2.files.get('lib/calc.c')).toMatch(/int g\(int x\)\n\{\n\treturn x \* 2;\n\}\n$/);
    // 1/3 applied twice: the second time its context no longer matches.
    const twice = applySeries([patches[4]!, patches[4]!], p => BASE[p] ?? null);
    expect(twice.problems.map(p => p.message)).toEqual(['Hunk does not apply to lib/calc.c.']);
  });

  it('follows renames and deletions, and reports files the tree lacks', async () => {
    const mail = [
      'From: A <a@x>', 'Message-Id: <r@x>', 'Subject: [PATCH] move', '',
      'diff --git a/old.c b/new.c', 'similarity index 80%', 'rename from old.c', 'rename to new.c',
      '--- a/old.c', '+++ b/new.c', '@@ -1,2 +1,2 @@', ' x', '-y', '+z',
      'diff --git a/gone.c b/gone.c', 'deleted file mode 100644', '--- a/gone.c', '+++ /dev/null', '@@ -1 +0,0 @@', '-g',
      'diff --git a/nowhere.c b/nowhere.c', '--- a/nowhere.c', '+++ b/nowhere.c', '@@ -1 +1 @@', '-n', '+m', '',
    ].join('\n');
    const patch = toPatch(await parseMessage(mail, { input: 'inline', index: 0, startLine: 1 }, 'eml'));
    const tree: Record<string, string> = { 'old.c': 'x\ny\n', 'gone.c': 'g\n' };
    const r = applySeries([patch], p => tree[p] ?? null);
    expect(Object.fromEntries(r.files)).toEqual({ 'old.c': null, 'new.c': 'x\nz\n', 'gone.c': null });
    expect(r.problems.map(p => p.message)).toEqual(['nowhere.c is not in the tree; its diff is not applied.']);
  });
});
