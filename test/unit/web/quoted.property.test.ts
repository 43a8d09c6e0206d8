/**
 * Properties of quote extraction and page reading: quoting a diff and extracting it gives the
 * diff back (exactly with `> `; with the same counts after a hypermail-style whitespace
 * collapse), and no input makes either reader throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebPage } from '../../../src/mail/web-archive.js';
import type { TextPart } from '../../../src/mail/types.js';
import { parseDiffs } from '../../../src/patch/diff.js';
import { extractQuoted } from '../../../src/patch/quoted.js';
import type { FileDiff } from '../../../src/patch/types.js';

function part(text: string, startLine = 1): TextPart {
  return { text, mimeType: 'text/plain', filename: null, inline: true, startLine, partLine: startLine };
}

/** Code-like text that never starts with a diff prefix, quote marker or structure keyword. */
const word = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const punct = fc.constantFrom('(', ');', ' {', '}', ' = ', '->', ', ', ' *', ';');
const codeText = fc.tuple(fc.constantFrom('', '\t', '\t\t', ' '), word, fc.array(fc.oneof(word, punct), { maxLength: 5 }))
  .map(([indent, first, parts]) => indent + first + parts.join(''));

type Line = readonly [' ' | '+' | '-', string];
const hunkBody = fc.array(fc.tuple(fc.constantFrom<' ' | '+' | '-'>(' ', '+', '-'), fc.oneof(codeText, fc.constant(''))), { minLength: 1, maxLength: 12 })
  .filter(ls => ls.some(([k]) => k !== ' '));

interface GenFile { path: string; hunks: Line[][] }
const genFile = fc.record({
  path: fc.tuple(fc.constantFrom('drivers', 'include/linux', 'fs'), word, fc.constantFrom('.c', '.h')).map(([d, n, e]) => `${d}/${n}${e}`),
  hunks: fc.array(hunkBody as fc.Arbitrary<Line[]>, { minLength: 1, maxLength: 4 }),
});

function render(files: readonly GenFile[]): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`diff --git a/${f.path} b/${f.path}`, 'index 1111111..2222222 100644', `--- a/${f.path}`, `+++ b/${f.path}`);
    let at = 10;
    for (const h of f.hunks) {
      const old = h.filter(([k]) => k !== '+').length;
      const neu = h.filter(([k]) => k !== '-').length;
      out.push(`@@ -${old === 0 ? at - 1 : at},${old} +${neu === 0 ? at - 1 : at},${neu} @@ static int f(void)`);
      for (const [k, t] of h) out.push(k + t);
      at += old + 20;
    }
  }
  return out.join('\n');
}

/** lkml.iu.edu's rendering: runs of blanks collapsed to one space, leading blanks dropped. */
function collapse(line: string): string {
  return line.replace(/[ \t]+/g, ' ').replace(/^ /, '');
}

function shape(files: readonly FileDiff[]): unknown {
  return files.map(f => ({
    path: f.path, added: f.added, removed: f.removed,
    hunks: f.hunks.map(h => [h.oldStart, h.oldCount, h.newStart, h.newCount, h.lines.map(l => l.kind).join('')]),
  }));
}

describe('quoting a diff and extracting it', () => {
  it("with '> ' gives back exactly the files parseDiffs reads from the diff", () => {
    fc.assert(fc.property(fc.array(genFile, { minLength: 1, maxLength: 3 }), files => {
      const diff = render(files);
      const intro = ['On Mon, 1 Jan 2024, A Author wrote:'];
      const quoted = [...intro, ...diff.split('\n').map(l => `> ${l}`), '', 'Looks fine.'].join('\n');
      const want = parseDiffs(diff, { lineOf: i => i + 1 + intro.length + 10 }).files
        .map(f => ({ ...f, headerLine: f.headerLine + intro.length, hunks: f.hunks.map(h => ({
          ...h, headerLine: (h.headerLine ?? 0) + intro.length, lines: h.lines.map(l => ({ ...l, patchLine: l.patchLine + intro.length })),
        })) }));
      const got = extractQuoted(part(quoted, 11));
      expect(got.files).toEqual(want);
      expect(got.comments.map(c => c.text)).toEqual(['Looks fine.']);
      expect(got.comments[0]?.quoted).toEqual(want.at(-1)?.hunks.at(-1)?.lines.at(-1));
    }), { numRuns: 150 });
  });

  it('with format=flowed space-stuffing (`>   \\tctx`) gives back the same hunks and texts', () => {
    fc.assert(fc.property(fc.array(genFile, { minLength: 1, maxLength: 3 }), files => {
      const diff = render(files);
      // Stuffing is recognised by context lines that are empty or start with a tab, as kernel code's do.
      fc.pre(diff.split('\n').some(l => l === ' ' || l.startsWith(' \t')));
      const page = diff.split('\n').map(l => `> ${l.startsWith(' ') ? ` ${l}` : l}`).join('\n');
      const texts = (fs: readonly FileDiff[]) => fs.map(f => f.hunks.map(h => h.lines.map(l => l.kind + l.text)));
      const got = extractQuoted(part(page));
      const want = parseDiffs(diff).files;
      expect(shape(got.files)).toEqual(shape(want));
      expect(texts(got.files)).toEqual(texts(want));
    }), { numRuns: 150 });
  });

  it('after a hypermail whitespace collapse gives back the same hunks and counts', () => {
    fc.assert(fc.property(fc.array(genFile, { minLength: 1, maxLength: 3 }), files => {
      const diff = render(files);
      const page = diff.split('\n').map(l => {
        const c = collapse(l);
        return c === '' ? '>' : `> ${c}`;
      }).join('\n');
      const got = extractQuoted(part(page));
      expect(shape(got.files)).toEqual(shape(parseDiffs(diff).files));
      expect(got.files.flatMap(f => f.hunks).every(h => h.valid && !h.partial)).toBe(true);
    }), { numRuns: 150 });
  });

  it('with comments after random quoted lines attaches each to the line before it', () => {
    fc.assert(fc.property(genFile, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (file, cuts) => {
      const diff = render([file]).split('\n');
      const at = new Set(cuts.map(c => 4 + (c % (diff.length - 4))));
      const body: string[] = [];
      diff.forEach((l, i) => {
        body.push(`> ${l}`);
        if (at.has(i)) body.push(`note ${i}`);
      });
      const got = extractQuoted(part(body.join('\n')));
      expect(shape(got.files)).toEqual(shape(parseDiffs(diff.join('\n')).files));
      for (const c of got.comments) {
        const i = Number(c.text.slice('note '.length));
        const line = diff[i] ?? '';
        if (/^@@ /.test(line)) expect(c.quoted).toBeNull();
        else expect(c.quoted ? c.quoted.kind + c.quoted.text : null).toBe(line);
        expect(c.file).toBe(file.path);
      }
      expect(got.comments).toHaveLength(at.size);
    }), { numRuns: 150 });
  });
});

const fragment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '> ', '>', '>> ', '>   ', '> @@ -1,3 +1,4 @@ f', '@@ -1 +1 @@', '> diff --git a/x b/x', '> --- a/x', '> +++ b/x',
    'diff --git a/x b/x', '--- a/x', '+++ b/x', '> +foo', '> -bar', '> ctx', '...', '[snip]', '-- ', '--', '2.43.0',
    'Posted by X Y 2\u00a0days ago', 'Z posted 3 patches 1 week ago', 'From: A B', 'Date: Mon Jan 01 2024 - 00:00:00 EST',
    'Commit Message', 'Message ID a@b', 'State New', 'Patch', 'diff mbox series', 'Comments', 'Q R May 2, 2024, noon UTC',
    'Q R May 2, 2024, noon UTC | #1', 'On Mon, 1 Jan 2024', 'x@y wrote:', '+\tx;', '-\ty;', '\\ No newline at end of file',
  ),
);

describe('hostile input', () => {
  it('never throws, and every body line maps to its page line', () => {
    fc.assert(fc.property(fc.array(fragment, { maxLength: 60 }), fc.constantFrom('\n', '\r\n'), (parts, eol) => {
      const text = parts.join(eol);
      const messages = parseWebPage(text, 'fuzz');
      expect(messages.length).toBeGreaterThan(0);
      const page = text.replace(/\r\n?/g, '\n').split('\n');
      for (const m of messages) {
        // An empty body has no page line to map to.
        if (m.body.text !== '') m.body.text.split('\n').forEach((l, i) => {
          expect(page[(m.body.lineMap?.[i] ?? (m.body.startLine ?? 0) + i) - 1]).toBe(l);
        });
        const q = extractQuoted(m.body);
        for (const c of q.comments) expect(c.startLine).toBeLessThanOrEqual(c.endLine);
      }
    }), { numRuns: 400 });
  });

  it('extractQuoted never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), s => {
      extractQuoted(part(s));
      extractQuoted({ ...part(s), startLine: null });
    }), { numRuns: 300 });
  });
});
