/**
 * Diff parsing and line maps on mutated real patches: parseDiffs never throws and is
 * deterministic; every hunk line is the input line it claims to come from; mail lines are
 * exactly what `lineOf` gave; valid hunks agree with their header counts; both file images
 * put every seen line at its file line, with monotonic line maps whose lookups agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../src/patch/diff.js';
import { fileImages, lineMapLookup, patchLineLookup } from '../../src/reconstruct/image.js';
import type { FileImage } from '../../src/reconstruct/types.js';
import { realMails } from './helpers/corpus.js';
import { fuzz, testTimeout, timed } from './helpers/fuzz.js';
import { applyMutations, mutationsArb } from './helpers/mutate.js';

const patches = realMails().filter(m => Buffer.from(m.bytes).includes('\n@@ -'));

function checkImage(img: FileImage): void {
  const rows = img.text.split('\n');
  for (let k = 0; k < img.lines.length; k++) {
    const l = img.lines[k]!;
    if (k > 0) {
      expect(l.line).toBeGreaterThan(img.lines[k - 1]!.line);
      expect(l.patchLine).toBeGreaterThan(img.lines[k - 1]!.patchLine);
    }
    expect(l.line).toBeLessThanOrEqual(rows.length);
    expect(lineMapLookup(img, l.line)).toEqual(l);
    expect(patchLineLookup(img, l.patchLine)).toEqual(l);
  }
  const covered = img.fragments.reduce((n, [a, b]) => n + b - a + 1, 0);
  expect(covered).toBe(img.lines.length);
  for (let k = 1; k < img.fragments.length; k++) expect(img.fragments[k]![0]).toBeGreaterThan(img.fragments[k - 1]![1] + 1);
}

describe('diff parsing and line maps', () => {
  it('has real patches', () => {
    expect(patches.length).toBeGreaterThan(10);
  });

  it('a mutated real patch: hunk lines are the input lines they claim; counts, images and line maps agree', async () => {
    const arb = fc.tuple(fc.nat({ max: patches.length - 1 }), mutationsArb, fc.boolean(), fc.integer({ min: 0, max: 5000 }));
    await fuzz('diff/mutated-patch', fc.asyncProperty(arb, async ([k, ms, repairWhitespace, offset]) => {
      const bytes = applyMutations(patches[k]!.bytes, ms);
      const text = Buffer.from(bytes).toString('utf8');
      await timed('diff/mutated-patch', bytes, () => {
        const lineOf = (i: number): number => offset + 2 * i + 1;
        const a = parseDiffs(text, { lineOf, repairWhitespace });
        expect(JSON.stringify(parseDiffs(text, { lineOf, repairWhitespace }))).toBe(JSON.stringify(a));
        const input = text.split('\n');
        for (const f of a.files) {
          let last = 0;
          for (const h of f.hunks) {
            const kinds = { ' ': 0, '+': 0, '-': 0 };
            for (const l of h.lines) {
              kinds[l.kind]++;
              expect(l.patchLine).toBeGreaterThan(last);
              last = l.patchLine;
              expect(l.mailLine).toBe(lineOf(l.patchLine - 1));
              // A CR before the line end is content (a CRLF file), kept in the text.
              const raw = input[l.patchLine - 1] ?? '';
              // Repaired hunks restore prefixes a web copy lost; an empty line is an empty context line.
              // A line of only a CR is an empty context line whose space was lost (CRLF mail).
              if (!h.repaired && raw.replace(/\r$/, '') !== '') expect(raw, `patch line ${l.patchLine}`).toBe(`${l.kind}${l.text}`);
              else if (raw.replace(/\r$/, '') === '') expect([l.kind, l.text.replace(/\r$/, '')]).toEqual([' ', '']);
            }
            if (h.valid && !h.partial) expect([kinds[' '] + kinds['-'], kinds[' '] + kinds['+']]).toEqual([h.oldCount, h.newCount]);
          }
          const { post, pre } = fileImages(f);
          checkImage(post);
          checkImage(pre);
          const postRows = post.text.split('\n');
          const byPatchLine = new Map(f.hunks.flatMap(h => h.lines.map(l => [l.patchLine, l] as const)));
          for (const l of post.lines) expect(postRows[l.line - 1]).toBe(byPatchLine.get(l.patchLine)?.text);
        }
        for (const p of a.problems) expect(typeof p.message === 'string' && typeof p.where === 'string').toBe(true);
      });
    }), 80);
  }, testTimeout());
});
