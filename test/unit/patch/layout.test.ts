/** Body layout: separator, notes, diffstat (with binary entries and mode lines), signature. */
import { describe, expect, it } from 'vitest';
import { findDiffstat, findSignature, layoutBody } from '../../../src/patch/layout.js';

describe('layoutBody', () => {
  const lines = [
    'Subject line of the commit',   // 0
    '',                             // 1
    'Signed-off-by: A <a@x>',       // 2
    '---',                          // 3
    'v2: rebased',                  // 4
    '',                             // 5
    ' drivers/x.c | 12 +++++++-----', // 6
    ' logo.png    | Bin 0 -> 142 bytes', // 7
    ' 2 files changed, 7 insertions(+), 5 deletions(-)', // 8
    ' create mode 100644 logo.png', // 9
    '',                             // 10
    'diff --git a/drivers/x.c b/drivers/x.c', // 11
    '-- ',                          // 12
    '2.43.0',                       // 13
  ];

  it('finds message end, notes, diffstat and signature', () => {
    const l = layoutBody(lines, 0, 11);
    expect(l.messageEnd).toBe(3);
    expect(l.separator).toBe(3);
    expect(l.notes).toEqual([4, 6]);
    expect(l.signature).toBe(12);
    expect(l.diffstat).toEqual({
      files: [
        { path: 'drivers/x.c', changes: 12, binary: false, patchLine: 7 },
        { path: 'logo.png', changes: null, binary: true, patchLine: 8 },
      ],
      filesChanged: 2, insertions: 7, deletions: 5, patchLine: 7, endLine: 10,
    });
  });

  it('without a diff the `---` rule does not apply and the message ends at the diffstat', () => {
    const cover = ['Blurb.', '---', 'more blurb', '', ' a.c | 1 +', ' 1 file changed, 1 insertion(+)', '', 'base-commit: abc'];
    const l = layoutBody(cover, 0, null);
    expect([l.messageEnd, l.separator, l.signature]).toEqual([4, null, 8]);
  });

  it('needs a summary line for a diffstat; finds no signature without `-- `', () => {
    expect(findDiffstat(['a | 2 +-', 'prose'], 0, 2)).toBeNull();
    expect(findSignature(['--', 'x'], 0)).toBe(2);
  });
});
