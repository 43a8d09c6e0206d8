/** Small generic specs for testing the checker (no kernel knowledge). */
import { acquire, canAcquire, release, waitEdges, type LockTable, type LockRequest } from '../../../../src/model/checker/locks.js';
import type { Action, Spec } from '../../../../src/model/checker/types.js';

/** A counter 0..max with inc/dec; invariant `n != bad`. */
export function counterSpec(max: number, bad: number): Spec<{ n: number }> {
  return {
    name: 'counter',
    init: () => ({ n: 0 }),
    actions: [
      { name: 'inc', enabled: s => s.n < max, next: s => ({ n: s.n + 1 }) },
      { name: 'dec', enabled: s => s.n > 0, next: s => ({ n: s.n - 1 }) },
      { name: 'jump', enabled: s => s.n === 0 && max >= 5, next: () => ({ n: 5 }) },
      { name: 'never', enabled: () => false, next: s => ({ ...s }) },
    ],
    invariants: [{ name: 'notBad', holds: s => s.n !== bad }],
    done: () => true,
  };
}

interface TwoLock { pc: Record<'A' | 'B', number>; locks: LockTable }

const order: Record<'A' | 'B', readonly string[]> = { A: ['m1', 'm2'], B: ['m2', 'm1'] };

/** Two threads taking two mutexes in opposite orders (ABBA); `safe` makes B use A's order. */
export function twoLockSpec(safe: boolean): Spec<TwoLock> {
  const ord = safe ? { A: order.A, B: order.A } : order;
  const want = (s: TwoLock, t: 'A' | 'B'): LockRequest | null => {
    const l = ord[t][s.pc[t]];
    return l === undefined ? null : { lock: l, mode: 'exclusive' };
  };
  const step = (t: 'A' | 'B'): Action<TwoLock> => ({
    name: `${t}.step`,
    enabled: s => s.pc[t] < 3 && (s.pc[t] === 2 || canAcquire(s.locks, want(s, t) as LockRequest)),
    next: s => {
      if (s.pc[t] === 2) {
        let locks = s.locks;
        for (const l of ord[t]) locks = release(locks, t, l);
        return { pc: { ...s.pc, [t]: 3 }, locks };
      }
      return { pc: { ...s.pc, [t]: s.pc[t] + 1 }, locks: acquire(s.locks, t, want(s, t) as LockRequest) };
    },
  });
  return {
    name: 'two-lock',
    init: () => ({ pc: { A: 0, B: 0 }, locks: {} }),
    actions: [step('A'), step('B')],
    invariants: [],
    waits: s => {
      const pending = new Map<string, LockRequest>();
      for (const t of ['A', 'B'] as const) {
        const w = want(s, t);
        if (w && s.pc[t] < 2) pending.set(t, w);
      }
      return waitEdges(s.locks, pending);
    },
    done: s => s.pc.A === 3 && s.pc.B === 3,
  };
}

/** A spec with a fault point: `alloc` may fail (ENOMEM) and the failure path leaks. */
export function faultSpec(): Spec<{ phase: 'idle' | 'ok' | 'leaked' | 'clean' }> {
  return {
    name: 'fault',
    init: () => ({ phase: 'idle' }),
    actions: [
      {
        name: 'alloc', enabled: s => s.phase === 'idle', next: () => ({ phase: 'ok' }),
        faults: ['ENOMEM', 'EIO'],
        inject: (_s, f) => (f === 'ENOMEM' ? { phase: 'leaked' } : null),
      },
      { name: 'free', enabled: s => s.phase === 'ok', next: () => ({ phase: 'clean' }) },
    ],
    invariants: [{ name: 'noLeak', holds: s => s.phase !== 'leaked' }],
    done: () => true,
  };
}
