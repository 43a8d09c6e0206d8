/**
 * Hostile input never throws and never hangs: deep nesting, long else-if chains, random
 * bytes with unbalanced braces, stray comment ends and directives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseFunctions } from '../../../src/parse/analyse.js';
import { normaliseKernelC } from '../../../src/parse/normalise.js';
import { countPaths, enumeratePaths } from '../../../src/parse/paths.js';

describe('hostile C', () => {
  it('a 10 000-branch else-if chain and 10 000 nested blocks', () => {
    const n = 10_000;
    const chain = `int f(int x)\n{\n${Array.from({ length: n }, (_, i) => `${i ? 'else ' : ''}if (x == ${i}) return ${i};`).join('\n')}\nreturn -1;\n}\n`;
    const [f] = analyseFunctions(chain);
    expect(f?.info.hasErrorNodes).toBe(false);
    expect(countPaths(f!.cfg)).toBe(n + 1);
    expect(enumeratePaths(f!.cfg).truncated).toBe(true);
    const nest = `int g(int x)\n{\n${'{'.repeat(n)}x++;${'}'.repeat(n)}\nreturn x;\n}\n`;
    const [g] = analyseFunctions(nest);
    expect(g?.cfg.depthLimited).toBe(true);
    expect(enumeratePaths(g!.cfg).paths.map((p) => p.end)).toEqual(['return']);
  });

  it('random C-ish noise: normalise keeps length; analysis never throws and enumeration ends', () => {
    const piece = fc.constantFrom(
      '{', '}', '(', ')', ';', '/*', '*/', '//', '\n', '#if X\n', '#endif\n', '"', "'", 'goto out;', 'out:', 'if (x)',
      'else', 'while (y)', 'do', 'switch (z)', 'case 1:', 'default:', 'break;', 'continue;', 'return 1;',
      'guard(mutex)(&m);', 'scoped_guard(mutex, &m)', 'scoped_cond_guard(mutex_intr, return -EINTR, &m)',
      'list_for_each_entry(p, h, n)', '__free(kfree)', 'int f(void)', 'struct s *p', '=', 'x', ' ', '\t',
      'EXPORT_SYMBOL(f);', 'return_ptr(p);', 'no_free_ptr(p)',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }), (xs) => {
      const text = xs.join(' ');
      expect(normaliseKernelC(text).text).toHaveLength(text.length);
      for (const f of analyseFunctions(text)) enumeratePaths(f.cfg, { maxSteps: 20_000 });
    }), { numRuns: 300 });
  });
});
