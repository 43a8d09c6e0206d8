/**
 * Regression (found by the fuzz suite, test/fuzz): every exit got its own chain of releases
 * and every goto and label a copy of the live resources, so cleanup variables × exits grew
 * quadratically (2 000 `guard()`s and 2 000 returns: 4 million nodes, 52 s, 1.7 GB), and each
 * statement scanned every macro site. The CFG now stays within a budget and says so.
 */
import { describe, expect, it } from 'vitest';
import { enumeratePaths } from '../../../src/parse/paths.js';
import { cfgOf } from './helpers.js';

const fn = (decl: string, exit: string, n: number): string =>
  `int f(struct d *d)\n{\n${`\t${decl}\n`.repeat(n)}${`\tif (d->x)\n\t\t${exit}\n`.repeat(n)}out:\n\treturn 0;\n}\n`;

describe('CFG size bounds', () => {
  it('2 000 guards and 2 000 returns: bounded graph, marked limited, built fast', () => {
    const t0 = performance.now();
    const cfg = cfgOf(fn('guard(mutex)(&d->lock);', 'return -EINVAL;', 2000));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(cfg.nodes.length).toBeLessThan(40_000);
    expect(cfg.depthLimited).toBe(true);
    expect(enumeratePaths(cfg, { maxSteps: 20_000 }).paths.length).toBeGreaterThan(0);
  });

  it('4 000 __free variables and 4 000 gotos are built in linear time', () => {
    const t0 = performance.now();
    const cfg = cfgOf(fn('struct buf *b __free(kfree) = NULL;', 'goto out;', 4000));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(cfg.gotos.every(g => g.target !== null)).toBe(true);
    expect(cfg.resources).toHaveLength(4000);
  });

  it('an ordinary function keeps every release and is not marked limited', () => {
    const cfg = cfgOf(fn('guard(mutex)(&d->lock);', 'return -EINVAL;', 3));
    expect(cfg.depthLimited).toBe(false);
    // three guards released on each of the three early returns and on the final one
    expect(cfg.nodes.filter(n => n.kind === 'cleanup')).toHaveLength(12);
  });
});
