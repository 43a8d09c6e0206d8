/**
 * CFG properties over random structured C functions: every goto is resolved to a label or
 * reported as unresolved; every path ends at a return, the function end, or the unresolved
 * terminal; on paths that leave through the exit every scoped acquisition is released exactly as
 * often as it was taken; path enumeration stays bounded however many paths there are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countPaths, enumeratePaths } from '../../../src/parse/paths.js';
import { cfgOf } from './helpers.js';

const LABELS = ['out', 'err', 'unwind', 'retry'];

/** Random statements, kernel-flavoured, up to a depth. */
const stmt: fc.Memo<string> = fc.memo((depth) => {
  const leaf = fc.oneof(
    fc.constant('x++;'),
    fc.constant('rc = demo_op(d);'),
    fc.constant('return rc;'),
    fc.constant('return -EINVAL;'),
    fc.constant('guard(mutex)(&d->lock);'),
    fc.constant('d->buf = no_free_ptr(b);'),
    fc.constant('break;'),
    fc.constant('continue;'),
    fc.constantFrom(...LABELS, 'missing').map((l) => `goto ${l};`),
  );
  if (depth <= 1) return leaf;
  const sub = stmt(depth - 1);
  // Declarations only where C allows them: directly in a block.
  const item = fc.oneof({ weight: 4, arbitrary: sub }, { weight: 1, arbitrary: fc.constant('struct demo_buf *b __free(kfree) = kzalloc(8, GFP_KERNEL);') });
  const block = fc.array(item, { maxLength: 3 }).map((xs) => `{\n${xs.join('\n')}\n}`);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: block },
    { weight: 1, arbitrary: fc.tuple(sub, fc.option(sub)).map(([a, b]) => `if (rc)\n${a}${b === null ? '' : `\nelse\n${b}`}`) },
    { weight: 1, arbitrary: block.map((b) => `while (x < 4)\n${b}`) },
    { weight: 1, arbitrary: block.map((b) => `for (i = 0; i < n; i++)\n${b}`) },
    { weight: 1, arbitrary: block.map((b) => `do\n${b}\nwhile (x);`) },
    { weight: 1, arbitrary: block.map((b) => `list_for_each_entry(it, &d->items, node)\n${b}`) },
    { weight: 1, arbitrary: block.map((b) => `scoped_guard(spinlock, &d->slock)\n${b}`) },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([a, b]) => `switch (x) {\ncase 1:\n${a}\ncase 2:\n${b}\nbreak;\ndefault:\nx = 0;\n}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LABELS), sub).map(([l, s]) => `${l}:\n${s}`) },
  );
});

const fn = fc.array(stmt(4), { minLength: 1, maxLength: 6 })
  .map((xs) => `int demo_fn(struct demo *d)\n{\nint rc = 0, x = 0, i, n = 3;\n${xs.join('\n')}\n}\n`);

describe('CFG properties', () => {
  it('reports a goto or case that jumps into the scope of a __free variable', () => {
    const cfg = cfgOf('int f(int x)\n{\n\tif (x)\n\t\tgoto out;\n\tstruct demo_buf *b __free(kfree) = NULL;\nout:\n\treturn 0;\n}\n');
    expect(cfg.bypasses.map((b) => [cfg.nodes[b.from]?.kind, cfg.nodes[b.to]?.kind, b.resources])).toEqual([['goto', 'label', [0]]]);
  });

  it('gotos resolved or reported; paths end at return/end/unresolved; scoped resources balanced on exit paths', () => {
    fc.assert(fc.property(fn, (src) => {
      const defined = src.match(/^\w+:$/gm) ?? [];
      fc.pre(new Set(defined).size === defined.length); // duplicate labels are not C
      const cfg = cfgOf(src);
      const labels = new Set(cfg.labels.map((l) => l.name));
      for (const g of cfg.gotos) {
        if (labels.has(g.label)) expect(cfg.nodes[g.target ?? -1]?.label).toBe(g.label);
        else {
          expect(g.target).toBeNull();
          expect(cfg.edges.some((e) => e.from === g.node && e.to === cfg.unresolved)).toBe(true);
        }
      }
      expect(cfg.gotos.length).toBe((src.match(/\bgoto /g) ?? []).length);
      const { paths } = enumeratePaths(cfg, { maxPaths: 300, maxSteps: 30_000 });
      for (const p of paths) {
        expect(['return', 'end', 'unresolved']).toContain(p.end);
        if (p.end === 'unresolved') continue;
        // Jumps into a cleanup scope are rejected by compilers; the CFG reports them instead.
        const bypassed = cfg.bypasses.some((b) => p.nodes.some((n, i) => n === b.from && p.nodes.slice(i + 1).includes(b.to)));
        if (bypassed) continue;
        expect(p.nodes[p.nodes.length - 1]).toBe(cfg.exit);
        const held = new Map<number, number>();
        for (const id of p.nodes) {
          const n = cfg.nodes[id];
          if (n?.acquires !== undefined) held.set(n.acquires, (held.get(n.acquires) ?? 0) + 1);
          if (n?.releases !== undefined) held.set(n.releases, (held.get(n.releases) ?? 0) - 1);
        }
        for (const v of held.values()) expect(v).toBe(0);
      }
    }), { numRuns: 250 });
  });

  it('enumeration of a function with 2^40 paths stops fast and says truncated', () => {
    const body = Array.from({ length: 40 }, (_, i) => `\tif (d->f${i})\n\t\tdemo_op${i}(d);`).join('\n');
    const cfg = cfgOf(`void demo_wide(struct demo *d)\n{\n${body}\n}\n`);
    expect(countPaths(cfg)).toBe(2 ** 40);
    const t0 = performance.now();
    const res = enumeratePaths(cfg);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(res.truncated).toBe(true);
    expect(res.paths.length).toBeLessThanOrEqual(512);
    const few = enumeratePaths(cfg, { maxSteps: 1000 });
    expect(few.truncated).toBe(true);
    expect(few.steps).toBeLessThanOrEqual(1001);
  });

  it('nested loops with gotos backwards terminate under the loop bound', () => {
    const cfg = cfgOf(`int demo_retry(struct demo *d)
{
retry:
	while (d->a) {
		for (;;) {
			if (d->b)
				goto retry;
			if (d->c)
				break;
		}
		list_for_each_entry(it, &d->items, node)
			if (it->x)
				goto retry;
	}
	return 0;
}
`);
    const res = enumeratePaths(cfg, { loopBound: 2 });
    expect(res.paths.length).toBeGreaterThan(0);
    expect(res.paths.every((p) => p.end === 'return')).toBe(true);
  });
});
