/**
 * format=flowed unflowing (RFC 3676 §4.2, §4.4, §4.5): soft breaks joined only within one quote
 * depth, space-stuffing removed after the quote marks, and each decoded line mapped to the raw
 * line it starts on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unflow } from '../../../src/mail/flowed.js';
import { readMessages } from '../../../src/mail/read-input.js';
import type { Message, TextPart } from '../../../src/mail/types.js';
import { toPatch } from '../../../src/patch/patch.js';
import { CORPUS } from '../../helpers/paths.js';

const FLOWED_MAIL = path.join(CORPUS, 'mail', '0007-flowed-quoted-diff.mbox');

async function firstMessage(file: string): Promise<Message> {
  for await (const m of readMessages(file)) return m;
  throw new Error(`no message in ${file}`);
}

function lineOf(part: TextPart, i: number): number | null {
  if (part.lineMap) return part.lineMap[i] ?? null;
  return part.startLine === null ? null : part.startLine + i;
}

describe('unflow', () => {
  it('joins a soft-broken line (trailing space) with the next one', () => {
    expect(unflow(['one two ', 'three', 'four'], false)).toEqual({ lines: ['one two three', 'four'], starts: [0, 2] });
  });

  it('removes the trailing space of a soft break with delsp=yes', () => {
    expect(unflow(['abc', 'de ', 'f'], true).lines).toEqual(['abc', 'def']);
  });

  it('removes space-stuffing at depth 0', () => {
    expect(unflow([' From here', '  indented'], false).lines).toEqual(['From here', ' indented']);
  });

  it('joins quoted lines of the same depth, taking the quote marks and stuffing off the continuation', () => {
    expect(unflow(['> quoted and ', '> wrapped', '>> deeper ', '>> still'], false).lines)
      .toEqual(['> quoted and wrapped', '>> deeper still']);
  });

  it('never joins lines of different quote depth (§4.5)', () => {
    expect(unflow(['>> deep ', '> shallow', 'own text ', '> quoted'], false).lines)
      .toEqual(['>> deep ', '> shallow', 'own text ', '> quoted']);
  });

  it('counts `> >` as two levels, so `> > x ` does not flow into `> y`', () => {
    expect(unflow(['> > nested ', '> outer'], false).lines).toEqual(['> > nested ', '> outer']);
  });

  it('reads `> ` as an empty quoted line: the space is stuffing, not a soft break', () => {
    expect(unflow(['> ', '> Signed-off-by: A <a@example.com>'], false).lines)
      .toEqual(['> ', '> Signed-off-by: A <a@example.com>']);
  });

  it('does not flow a line that is only stuffing and spaces (a quoted blank diff context line)', () => {
    expect(unflow(['>   ', '> -\tif (x) {', '  ', 'text'], false).lines).toEqual(['>   ', '> -\tif (x) {', ' ', 'text']);
  });

  it('keeps the signature separator `-- ` (also quoted) a line of its own', () => {
    expect(unflow(['-- ', 'Name', '> -- ', '> Other'], false).lines).toEqual(['-- ', 'Name', '> -- ', '> Other']);
  });

  it('ends a paragraph at an empty line: the line after it starts anew', () => {
    expect(unflow(['end of paragraph ', '', 'next'], false)).toEqual({ lines: ['end of paragraph ', 'next'], starts: [0, 2] });
  });

  it('keeps a soft break on the last line as it is', () => {
    expect(unflow(['last '], false)).toEqual({ lines: ['last '], starts: [0] });
  });
});

describe('format=flowed reply quoting a diff (corpus/mail/0007)', () => {
  it('keeps every quoted diff line on a line of its own and maps lines to where they start', async () => {
    const m = await firstMessage(FLOWED_MAIL);
    expect(m.problems).toEqual([]);
    const raw = readFileSync(FLOWED_MAIL, 'utf8').split('\n');
    const text = m.body.text.split('\n');
    expect(text).toContain('> The disk and its queue are now allocated together, so the release path no longer needs to look at the queue on its own.');
    expect(text).toContain('> ');
    expect(text).toContain('> Signed-off-by: Patch Author <author@example.com>');
    expect(text).toContain('>   ');
    expect(text).toContain('> -\tif (pmem->queue) {');
    expect(text).toContain('Is put_disk() safe to call here when pmem->disk was never set? The probe error path can get here before alloc_disk succeeded.');
    // A soft break before a change of quote depth does not join the two.
    expect(text).toContain('>> Could the release path stop looking at the queue on its own, now that both are set up in one place? ');
    expect(text).toContain('-- ');
    text.slice(0, -1).forEach((t, i) => {
      const at = lineOf(m.body, i);
      expect(at, `line ${i}`).not.toBeNull();
      const first = raw[(at ?? 1) - 1] ?? '';
      expect(t.startsWith(first.trimEnd()), `line ${i}: ${JSON.stringify(t)} vs ${JSON.stringify(first)}`).toBe(true);
    });
  });

  it('gives a valid, unrepaired quoted hunk', async () => {
    const p = toPatch(await firstMessage(FLOWED_MAIL));
    expect(p.kind).toBe('reply');
    expect(p.quoted.map(f => f.path)).toEqual(['drivers/nvdimm/pmem.c']);
    const hunk = p.quoted[0]?.hunks[0];
    expect(hunk?.valid).toBe(true);
    expect(hunk?.repaired).toBe(false);
    expect(hunk?.lines.filter(l => l.kind === '-').map(l => l.text)).toEqual(['\tif (pmem->queue) {', '\t\tblk_cleanup_queue(pmem->queue);', '\t}']);
  });
});

describe('unflow properties', () => {
  const line = fc.tuple(
    fc.constantFrom('', '>', '> ', '>>', '> > ', '>>> '),
    fc.string({ unit: fc.constantFrom('a', ' ', '\t', '-', '+', '>'), maxLength: 6 }),
  ).map(([q, t]) => q + t);

  it('maps lines monotonically, each to the raw line it starts with, and joins only one quote depth', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (raw, delSp) => {
      const out = unflow(raw, delSp);
      expect(out.lines).toHaveLength(out.starts.length);
      out.starts.forEach((s, k) => {
        if (k > 0) expect(s).toBeGreaterThan(out.starts[k - 1] ?? -1);
        const first = raw[s] ?? '';
        const own = first.startsWith('>') ? first : first.replace(/^ /, '');
        const kept = delSp && (out.starts[k + 1] ?? raw.length) - s > 1 ? own.slice(0, -1) : own;
        expect(out.lines[k]?.startsWith(kept)).toBe(true);
        const depth = (l: string): number => (/^(>( ?>)*)/.exec(l)?.[0] ?? '').replace(/ /g, '').length;
        for (let j = s + 1; j < (out.starts[k + 1] ?? raw.length); j++) expect(depth(raw[j] ?? '')).toBe(depth(first));
      });
      if (raw.length > 0) expect(out.starts[0]).toBe(0);
    }));
  });

  it('leaves text without soft breaks as it is (depth-0 stuffing aside)', () => {
    const fixed = line.map(l => l.replace(/ +$/, ''));
    fc.assert(fc.property(fc.array(fixed, { maxLength: 30 }), raw => {
      expect(unflow(raw, false).lines).toEqual(raw.map(l => (l.startsWith('>') ? l : l.replace(/^ /, ''))));
    }));
  });
});
