/** Deadlock detection over a wait-for graph (threads waiting on locks held by threads). */
import type { WaitEdge } from './types.js';

/**
 * Returns a cycle of threads (each waiting for a lock the next one holds, the last for one
 * the first holds), or null. A thread waiting for a lock it holds itself is a cycle of one.
 */
export function findWaitCycle(edges: readonly WaitEdge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.waiter) ?? [];
    list.push(...e.holders);
    next.set(e.waiter, list);
  }
  const state = new Map<string, 'open' | 'closed'>();
  const stack: string[] = [];
  const visit = (t: string): string[] | null => {
    state.set(t, 'open');
    stack.push(t);
    for (const u of next.get(t) ?? []) {
      const st = state.get(u);
      if (st === 'open') return stack.slice(stack.indexOf(u));
      if (st === undefined) {
        const c = visit(u);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(t, 'closed');
    return null;
  };
  for (const t of [...next.keys()].sort()) {
    if (!state.has(t)) {
      const c = visit(t);
      if (c) return c;
    }
  }
  return null;
}

/** Human-readable description of a cycle, naming the lock each thread waits for. */
export function describeCycle(cycle: readonly string[], edges: readonly WaitEdge[]): string {
  return cycle
    .map(t => {
      const e = edges.find(x => x.waiter === t);
      return `${t} waits for ${e?.lock ?? '?'} held by ${(e?.holders ?? []).join('+')}`;
    })
    .join('; ');
}
