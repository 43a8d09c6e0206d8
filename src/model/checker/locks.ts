/**
 * A generic lock table for specs with threads: mutexes (`exclusive`) and rwsems
 * (`read`/`write`), owners named by thread. Pure functions over plain data.
 */
import type { LockMode, WaitEdge } from './types.js';

/** Holders of one lock: a writer/owner or a sorted list of readers. */
export interface LockState {
  readonly w: string | null;
  readonly r: readonly string[];
}

/** All locks by name; absent = free. */
export type LockTable = Readonly<Record<string, LockState>>;

/** A pending acquisition by a thread. */
export interface LockRequest {
  readonly lock: string;
  readonly mode: LockMode;
}

const FREE: LockState = { w: null, r: [] };

/** Holders of `lock` (writer or readers). */
export function holders(t: LockTable, lock: string): string[] {
  const st = t[lock] ?? FREE;
  return st.w !== null ? [st.w] : [...st.r];
}

/** Whether `thread` may take `lock` in `mode` now (no recursion: a held lock is not free). */
export function canAcquire(t: LockTable, req: LockRequest): boolean {
  const st = t[req.lock] ?? FREE;
  if (req.mode === 'read') return st.w === null;
  return st.w === null && st.r.length === 0;
}

/** The table after `thread` takes `req`; the caller checks `canAcquire` first. */
export function acquire(t: LockTable, thread: string, req: LockRequest): LockTable {
  const st = t[req.lock] ?? FREE;
  const next: LockState = req.mode === 'read' ? { w: null, r: [...st.r, thread].sort() } : { w: thread, r: [] };
  return { ...t, [req.lock]: next };
}

/** The table after `thread` drops `lock` (whatever mode it held it in). */
export function release(t: LockTable, thread: string, lock: string): LockTable {
  const st = t[lock] ?? FREE;
  const next: LockState = st.w === thread ? FREE : { w: st.w, r: st.r.filter(x => x !== thread) };
  const out: Record<string, LockState> = { ...t };
  if (next.w === null && next.r.length === 0) delete out[lock];
  else out[lock] = next;
  return out;
}

/** Whether `thread` holds `lock` in any mode. */
export function isHeldBy(t: LockTable, thread: string, lock: string): boolean {
  return holders(t, lock).includes(thread);
}

/** Wait-for edges of the threads whose pending request cannot be granted. */
export function waitEdges(t: LockTable, pending: ReadonlyMap<string, LockRequest>): WaitEdge[] {
  const out: WaitEdge[] = [];
  for (const [thread, req] of pending) {
    if (!canAcquire(t, req)) out.push({ waiter: thread, lock: req.lock, holders: holders(t, req.lock) });
  }
  return out;
}
