/**
 * Property: normalisation keeps every character of non-macro code at its offset (hence its
 * line and column), for random C-ish text with kernel macros inserted between plain pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseKernelC } from '../../../src/parse/normalise.js';
import { tokenizeC } from '../../../src/parse/c-tokens.js';

/** Plain code: identifiers, numbers, punctuation, whitespace, and comments/strings that mention macros. */
const plain = fc.constantFrom(
  'x', 'ret', 'dev', 'foo_bar', 'if', 'return', 'int', 'u64', 'while', '42', '0x1f',
  ' ', '  ', '\t', '\n', '\n\t', ';', '{', '}', '(', ')', ',', '=', '->', '*', '&', '+', '!',
  '/* guard(mutex)(&m); */', '// scoped_guard(mutex, &m) {\n', '"list_for_each_entry(p, h, m) {"',
  "'x'", '/* __free(kfree) */',
);

/** Macro uses as written in kernel code. */
/** A file-scope macro takes the `;` after it as its own, so the pieces carry theirs. */
const macro = fc.constantFrom(
  ';\nguard(mutex)(&d->lock);', ';\nscoped_guard(spinlock_irqsave, &d->lock) {', ';\nscoped_guard(rcu) x',
  ';\nscoped_cond_guard(mutex_intr, return -EINTR, &d->lock) {', ' __free(kfree) ', ' __free(put_device) ',
  ';\nlist_for_each_entry(pos, &head, node) {', ';\nxa_for_each(&xa, idx, ent) {', ';\nfor_each_set_bit(b, &m, 64) x',
  ' __init ', ' __must_check ', ' __iomem ', ' __rcu ', ' __maybe_unused ', ' __acquires(&x->lock) ',
  ';\nEXPORT_SYMBOL_GPL(f);', ';\nDEFINE_FREE(kfree, void *, if (_T) kfree(_T))\nint y;', ';\nstatic DEVICE_ATTR_RO(size);',
  ';\nMODULE_LICENSE("GPL");', '(p, struct s, m)', ';\nCLASS(fd, f)(fd);', ' no_free_ptr(p) ',
);

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.array(plain, { minLength: 1, maxLength: 6 }).map((xs) => ({ macro: false, text: xs.join(' ') })) },
  { weight: 1, arbitrary: macro.map((text) => ({ macro: true, text })) },
);

describe('normalisation keeps non-macro code in place', () => {
  it('every plain character stays at the same offset, line and column', () => {
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }), (pieces) => {
      let text = '';
      const plainRanges: [number, number][] = [];
      for (const p of pieces) {
        if (!p.macro) plainRanges.push([text.length, text.length + p.text.length]);
        text += p.text;
      }
      const out = normaliseKernelC(text).text;
      expect(out.length).toBe(text.length);
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') expect(out[i]).toBe('\n');
      // A plain piece may hold a token that touches a macro piece (`x` + `__init` is one identifier),
      // so compare plain pieces token by token, skipping tokens that cross into a macro piece.
      const tokens = tokenizeC(text);
      for (const [a, b] of plainRanges) {
        for (const t of tokens) {
          if (t.start < a || t.end > b) continue;
          expect(out.slice(t.start, t.end)).toBe(text.slice(t.start, t.end));
        }
      }
    }), { numRuns: 400 });
  });
});
