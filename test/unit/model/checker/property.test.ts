import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../../src/model/checker/explore.js';
import { runPath } from '../../../../src/model/checker/path.js';
import { decodeReplay } from '../../../../src/model/checker/replay.js';
import type { Spec } from '../../../../src/model/checker/types.js';

/** A random directed graph on nodes 0..n-1 as a spec: one action per edge; node `bad` violates. */
function graphSpec(edges: ReadonlyArray<readonly [number, number]>, bad: number): Spec<{ v: number }> {
  return {
    name: 'graph',
    init: () => ({ v: 0 }),
    actions: edges.map(([a, b], i) => ({ name: `e${i}`, enabled: s => s.v === a, next: () => ({ v: b }) })),
    invariants: [{ name: 'notBad', holds: s => s.v !== bad }],
    done: () => true,
  };
}

/** Reference BFS distances from node 0. */
function distances(edges: ReadonlyArray<readonly [number, number]>): Map<number, number> {
  const d = new Map<number, number>([[0, 0]]);
  const q = [0];
  while (q.length > 0) {
    const x = q.shift() as number;
    for (const [a, b] of edges) if (a === x && !d.has(b)) { d.set(b, (d.get(x) ?? 0) + 1); q.push(b); }
  }
  return d;
}

const graphs = fc.integer({ min: 2, max: 12 }).chain(n => fc.record({
  n: fc.constant(n),
  edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 40 }),
  bad: fc.integer({ min: 1, max: n - 1 }),
}));

describe('checker properties on random graphs', () => {
  it('BFS visits exactly the reachable nodes and its counterexample is a shortest path that replays', () => {
    fc.assert(fc.property(graphs, ({ edges, bad }) => {
      const spec = graphSpec(edges, bad);
      const d = distances(edges);
      const r = explore(spec);
      expect(r.distinct).toBe(d.size);
      expect(r.exhaustive).toBe(true);
      const v = r.violations[0];
      if (!d.has(bad)) return v === undefined;
      expect(v?.trace.length).toBe(d.get(bad));
      const run = runPath(spec, decodeReplay(v?.replay ?? '').path);
      return run.error === undefined && run.states.at(-1)?.v === bad;
    }), { numRuns: 200 });
  });

  it('DFS finds the same reachable set and the same violated invariants', () => {
    fc.assert(fc.property(graphs, ({ edges, bad }) => {
      const spec = graphSpec(edges, bad);
      const b = explore(spec);
      const f = explore(spec, { strategy: 'dfs' });
      return b.distinct === f.distinct && b.violations.length === f.violations.length;
    }), { numRuns: 200 });
  });
});
