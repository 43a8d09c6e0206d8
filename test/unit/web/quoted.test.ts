/**
 * Quote markers and the edges of review replies: nesting, format=flowed stuffing, elisions
 * written by the replier, top-posting, signatures, bullet lists versus proposed changes.
 */
import { describe, expect, it } from 'vitest';
import type { TextPart } from '../../../src/mail/types.js';
import { isElision, isSpaceStuffed, splitQuote } from '../../../src/patch/quoted-lines.js';
import { extractQuoted } from '../../../src/patch/quoted.js';

function part(lines: readonly string[], startLine: number | null = 1): TextPart {
  return { text: lines.join('\n'), mimeType: 'text/plain', filename: null, inline: true, startLine, partLine: startLine ?? 1 };
}

const DIFF_HEAD = [
  '> diff --git a/drivers/foo/bar.c b/drivers/foo/bar.c',
  '> index 1234567..89abcde 100644',
  '> --- a/drivers/foo/bar.c',
  '> +++ b/drivers/foo/bar.c',
];

describe('splitQuote', () => {
  it.each([
    ['plain', 0, 'plain'],
    ['> +x', 1, '+x'],
    ['>+x', 1, '+x'],
    ['>', 1, ''],
    ['> ', 1, ''],
    ['>> -y', 2, '-y'],
    ['> > -y', 2, '-y'],
    ['> >> z', 3, 'z'],
    ['>   \tfoo', 1, '  \tfoo'],
    ['>  \tfoo', 1, ' \tfoo'],
  ])('%j is depth %i with %j under the markers', (raw, depth, content) => {
    expect(splitQuote(raw, 0)).toMatchObject({ depth, content });
  });
});

describe('isSpaceStuffed', () => {
  const q = (ls: string[]) => ls.map((l, i) => splitQuote(l, i));
  it('sees format=flowed stuffing of context lines', () => {
    expect(isSpaceStuffed(q(['> +\tx;', '>   \ty;', '>   ']), 1)).toBe(true);
  });
  it('does not take a plain quote for stuffed', () => {
    expect(isSpaceStuffed(q(['> +\tx;', '>  \ty;', '>  ']), 1)).toBe(false);
    expect(isSpaceStuffed(q(['>  drivers/x.c | 2 +', '>   \ty;']), 1)).toBe(false);
  });
  it('does not take comment continuations alone for stuffing', () => {
    expect(isSpaceStuffed(q(['>   * foo', '> + * bar', '>   */']), 1)).toBe(false);
  });
});

describe('isElision', () => {
  it.each(['...', '[...]', '[ ... ]', '<snip>', '[snip]', '[ snip ]', '…', '--- snip ---', '[trimmed]'])('%j is an elision', s => {
    expect(isElision(s)).toBe(true);
  });
  it.each(['... and more', 'snip this', '[PATCH]', 'x...'])('%j is not', s => {
    expect(isElision(s)).toBe(false);
  });
});

describe('extractQuoted', () => {
  it('gives nothing for a body without quotes', () => {
    expect(extractQuoted(part(['diff --git a/x b/x', '+y']))).toEqual({ files: [], orphans: [], comments: [], attributions: [] });
  });

  it("splits a hunk at the replier's '...': the rest becomes a hunk without header", () => {
    const body = [
      ...DIFF_HEAD,
      '> @@ -10,8 +10,9 @@ static int bar_probe(struct device *dev)',
      '>  \tint ret;',
      '> +\tint irq;',
      '...',
      '> +\tirq = platform_get_irq(pdev, 0);',
      '>  \treturn 0;',
      '',
      'irq < 0?',
    ];
    const q = extractQuoted(part(body, 101));
    const hunks = q.files[0]?.hunks ?? [];
    expect(hunks.map(h => [h.headerLine, h.partial, h.valid, h.lines.length])).toEqual([[5, true, false, 2], [null, true, false, 2]]);
    expect(hunks[1]).toMatchObject({ oldStart: 0, oldCount: 1, newStart: 0, newCount: 2 });
    expect(hunks[1]?.lines[0]).toMatchObject({ kind: '+', text: '\tirq = platform_get_irq(pdev, 0);', patchLine: 9, mailLine: 109 });
    expect(q.comments).toHaveLength(1);
    expect(q.comments[0]).toMatchObject({ text: 'irq < 0?', startLine: 12, endLine: 12, file: 'drivers/foo/bar.c' });
    expect(q.comments[0]?.quoted).toMatchObject({ kind: ' ', text: '\treturn 0;', patchLine: 10 });
  });

  it('keeps top-posted text as a comment on no line, drops the signature', () => {
    const body = [
      'Top-posted: please fix the error path.',
      '',
      'On Tue, 1 Oct 2024, A Author wrote:',
      ...DIFF_HEAD,
      '> @@ -1,2 +1,3 @@',
      '>  a',
      '> +b',
      '>  c',
      '',
      '-- ',
      'Reviewer Name',
      'Some Company',
    ];
    const q = extractQuoted(part(body));
    expect(q.files[0]?.hunks[0]).toMatchObject({ valid: true, partial: false });
    expect(q.comments.map(c => [c.text, c.quoted])).toEqual([['Top-posted: please fix the error path.', null]]);
    expect(q.attributions).toHaveLength(1);
  });

  it('reads a bullet list as words, a -/+ pair with tabs as a proposed change', () => {
    const body = [
      ...DIFF_HEAD,
      '> @@ -1,2 +1,3 @@',
      '>  a',
      '> +b',
      '- first, rename it',
      '- then, drop the cast',
      '>  c',
      'Better:',
      '-\told();',
      '+\tnew();',
    ];
    const q = extractQuoted(part(body));
    expect(q.comments.map(c => c.proposed.map(l => l.kind + l.text))).toEqual([[], ['-\told();', '+\tnew();']]);
    expect(q.comments[1]?.proposed[0]).toMatchObject({ patchLine: 12, mailLine: 12 });
    expect(q.files[0]?.hunks[0]).toMatchObject({ valid: true, partial: false });
  });

  it('leaves mail lines null when the body has no line-exact origin', () => {
    const q = extractQuoted(part([...DIFF_HEAD, '> @@ -1 +1 @@', '> -a', '> +b', 'why?'], null));
    expect(q.files[0]?.hunks[0]?.lines.map(l => l.mailLine)).toEqual([null, null]);
    expect(q.comments[0]?.quoted).toMatchObject({ kind: '+', text: 'b', patchLine: 7 });
  });

  it.each([
    ['Quoting Some One (2024-10-07 18:16:30)'],
    ["Excerpts from Some One's message of October 7, 2024 6:16 pm:"],
    ['Some One <some.one@example.org> writes:'],
  ])('reads %j as an attribution', line => {
    const q = extractQuoted(part([line, ...DIFF_HEAD, '> @@ -1 +1 @@', '> -a', '> +b']));
    expect(q.attributions.map(a => a.text)).toEqual([line]);
    expect(q.comments).toEqual([]);
  });

  it('ties a comment after the file header lines to the file, on no line', () => {
    const q = extractQuoted(part([...DIFF_HEAD, 'Why is this file touched at all?', '> @@ -1 +1 @@', '> -a', '> +b']));
    expect(q.comments[0]).toMatchObject({ file: 'drivers/foo/bar.c', quoted: null });
    expect(q.files[0]?.hunks[0]).toMatchObject({ valid: true });
  });

  it('reads a hunk under a diff --git line whose ---/+++ lines were cut', () => {
    const q = extractQuoted(part(['> diff --git a/lib/x.c b/lib/x.c', '> @@ -1 +1 @@', '> -a', '> +b', 'ok']));
    expect(q.files.map(f => [f.path, f.headerLine, f.hunks.length, f.added, f.removed])).toEqual([['lib/x.c', 1, 1, 1, 1]]);
    expect(q.comments[0]?.quoted).toMatchObject({ kind: '+', text: 'b', patchLine: 4 });
  });

  it('joins lines a mail client wrapped back together, the hunk header included', () => {
    const body = [
      ...DIFF_HEAD,
      '> @@ -381,7 +381,7 @@ static int ps3_system_bus_probe(struct device',
      '> *_dev)',
      '>  \treturn result;',
      '>  }',
      '>  ',
      '> -static int ps3_system_bus_remove(struct device *_dev, unsigned long',
      '> flags)',
      '> +static void ps3_system_bus_remove(struct device *_dev)',
      '>  {',
      '>  \tstruct ps3_system_bus_device *dev =',
      '>  \tstruct ps3_system_bus_driver *drv;',
      'ok',
    ];
    const q = extractQuoted(part(body));
    const h = q.files[0]?.hunks[0];
    expect(h).toMatchObject({ valid: true, partial: false, repaired: true, section: 'static int ps3_system_bus_probe(struct device *_dev)' });
    expect(h?.lines[3]).toMatchObject({ kind: '-', text: 'static int ps3_system_bus_remove(struct device *_dev, unsigned long flags)', patchLine: 10 });
    expect(q.comments[0]?.quoted?.text).toBe('\tstruct ps3_system_bus_driver *drv;');
  });

  it('does not let a quoted signature of the patch become hunk lines', () => {
    const body = [...DIFF_HEAD, '> @@ -1,3 +1,3 @@', '>  a', '> -b', '> +c', '> -- ', '> 2.43.0', '', 'Thanks'];
    const q = extractQuoted(part(body));
    expect(q.files[0]?.hunks[0]).toMatchObject({ partial: true });
    expect(q.files[0]?.hunks[0]?.lines.map(l => l.kind + l.text)).toEqual([' a', '-b', '+c']);
    expect(q.comments[0]).toMatchObject({ text: 'Thanks', quoted: null, file: null });
  });

  it('reads a removed list item (- ) as a diff line, not a signature', () => {
    const body = [...DIFF_HEAD, '> @@ -1,3 +1,2 @@', '>  a', '> -- ', '>  b'];
    const q = extractQuoted(part(body));
    expect(q.files[0]?.hunks[0]).toMatchObject({ valid: true, partial: false });
    expect(q.files[0]?.removed).toBe(1);
  });
});
