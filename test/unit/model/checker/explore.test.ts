import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../../../src/model/checker/explore.js';
import { canonicalize, fingerprint, FingerprintSet } from '../../../../src/model/checker/hash.js';
import { runPath } from '../../../../src/model/checker/path.js';
import { decodeReplay } from '../../../../src/model/checker/replay.js';
import { formatText } from '../../../../src/model/checker/report.js';
import { counterSpec, faultSpec, twoLockSpec } from './toys.js';

describe('explore (BFS)', () => {
  it('visits every state of a counter and says the search was exhaustive', () => {
    const r = explore(counterSpec(10, -1));
    expect(r.distinct).toBe(11);
    expect(r.exhaustive).toBe(true);
    expect(r.violations).toEqual([]);
    expect(r.coverage['inc']?.fired).toBe(10);
    expect(r.coverage['jump']).toEqual({ fired: 1, newStates: 1 });
    expect(r.warnings).toContain('action never was never enabled');
  });

  it('gives the shortest counterexample (jump beats five incs)', () => {
    const r = explore(counterSpec(10, 5));
    const v = r.violations[0];
    expect(v?.invariant).toBe('notBad');
    expect(v?.trace.map(t => t.action)).toEqual(['jump']);
    expect(v?.trace[0]?.changes).toEqual(['n: 0 → 5']);
  });

  it('reports the depth bound and non-exhaustive search', () => {
    const r = explore(counterSpec(10, -1), { depth: 3 });
    expect(r.exhaustive).toBe(false);
    expect(r.bound.depth).toBe(3);
    expect(r.depth).toBe(3);
    expect(formatText(r, 'counter')).toMatch(/NOT exhaustive/);
    const m = explore(counterSpec(10, -1), { maxStates: 4 });
    expect(m.exhaustive).toBe(false);
    expect(m.distinct).toBe(4);
  });

  it('replay tokens reproduce the trace exactly', () => {
    const r = explore(counterSpec(10, 7), { config: 'c7' });
    const v = r.violations[0];
    expect(v).toBeDefined();
    const info = decodeReplay(v?.replay ?? '');
    expect(info.model).toBe('counter');
    expect(info.config).toBe('c7');
    const run = runPath(counterSpec(10, 7), info.path);
    expect(run.error).toBeUndefined();
    expect(run.trace).toEqual(v?.trace);
    expect(run.states.at(-1)).toEqual({ n: 7 });
  });
});

describe('explore (DFS)', () => {
  it('finds the same states and respects the depth bound', () => {
    const r = explore(counterSpec(10, -1), { strategy: 'dfs' });
    expect(r.distinct).toBe(11);
    expect(r.exhaustive).toBe(true);
    const b = explore(counterSpec(10, 9), { strategy: 'dfs', depth: 4 });
    expect(b.exhaustive).toBe(false);
    expect(b.violations).toEqual([]);
  });
});

describe('deadlock and faults', () => {
  it('finds the ABBA deadlock with the cycle and none when orders agree', () => {
    const r = explore(twoLockSpec(false));
    const d = r.violations.find(v => v.kind === 'deadlock');
    expect(d?.detail).toMatch(/A waits for m2 held by B; B waits for m1 held by A/);
    expect(d?.trace.map(t => t.action)).toEqual(['A.step', 'B.step']);
    expect(explore(twoLockSpec(true)).violations).toEqual([]);
  });

  it('injects declared faults within the budget', () => {
    expect(explore(faultSpec(), { maxFaults: 0 }).violations).toEqual([]);
    const r = explore(faultSpec(), { maxFaults: 1 });
    expect(r.violations[0]?.trace[0]).toMatchObject({ action: 'alloc', fault: 'ENOMEM' });
    const info = decodeReplay(r.violations[0]?.replay ?? '');
    expect(runPath(faultSpec(), info.path).states.at(-1)).toEqual({ phase: 'leaked' });
  });
});

describe('hashing', () => {
  it('canonical form ignores key order', () => {
    expect(canonicalize({ b: 1, a: [2, { d: 3, c: null }] })).toBe(canonicalize({ a: [2, { c: null, d: 3 }], b: 1 }));
  });

  it('has no collisions among 200k small distinct states', () => {
    const set = new FingerprintSet();
    for (let i = 0; i < 200_000; i++) {
      expect(set.add(fingerprint(canonicalize({ n: i, s: [i % 7, i % 13] })))).toBe(i);
    }
    expect(set.size).toBe(200_000);
    expect(set.get(fingerprint(canonicalize({ n: 5, s: [5, 5] })))).toBe(5);
  });

  it('equal states always get equal fingerprints (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.integer()), d => {
      const rev = Object.fromEntries(Object.entries(d).reverse());
      const a = fingerprint(canonicalize(d));
      const b = fingerprint(canonicalize(rev));
      return a.hi === b.hi && a.lo === b.lo;
    }));
  });
});
