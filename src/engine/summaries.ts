/**
 * Function summaries: what calling a function does to the caller's locks and resources —
 * "takes dax_region_rwsem for write", "needs cxlr->lock held", "frees its first argument".
 * Built from facts of every function in the same patch, series (or tree), and applied at
 * call sites by the path walker. Callbacks an API runs synchronously count as calls.
 */
import type { FunctionFacts } from '../facts/types.js';
import { CALLBACK_API_BY_NAME } from '../facts/apis/callbacks.js';
import { LOCK_API_BY_NAME, type LockMode } from '../facts/apis/locks.js';
import { lockIdentityOf } from './lock-names.js';

export interface LockNeed {
  readonly lock: string;
  readonly mode: LockMode | 'any';
  /** Line of the assert (or of the call that needs it) in the summarised function's file. */
  readonly line: number | null;
}

export interface FunctionSummary {
  readonly name: string;
  readonly isStatic: boolean;
  readonly file: string;
  readonly params: readonly (string | null)[];
  /** Locks that must be held on entry (asserted before the function takes them itself). */
  readonly requires: readonly LockNeed[];
  /** Locks the function takes at some point (and may release again). */
  readonly takes: readonly { readonly lock: string; readonly mode: LockMode; readonly line: number }[];
  /** Locks still held when it returns (lock helpers). */
  readonly acquires: readonly { readonly lock: string; readonly mode: LockMode }[];
  /** Locks it releases without taking them (unlock helpers). */
  readonly releases: readonly string[];
  /** Parameter positions it frees. */
  readonly freesParams: readonly number[];
}

export type SummaryLookup = (name: string) => FunctionSummary | null;

/** Replace a callee parameter at the head of a lock name with the caller's argument. */
export function substituteLock(lock: string, params: readonly (string | null)[], args: readonly string[]): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(lock);
  if (m === null || m[1] === undefined) return lock;
  const i = params.indexOf(m[1]);
  if (i < 0) return lock;
  const arg = args[i];
  if (arg === undefined) return lock;
  const rest = m[2] ?? '';
  return lockIdentityOf(arg, rest);
}

/** Summaries of `fns`, callee effects folded into callers to a fixpoint (bounded). */
export function buildSummaries(fns: readonly FunctionFacts[]): Map<string, FunctionSummary> {
  const byName = new Map<string, FunctionFacts>();
  for (const f of fns) if (f.name !== null && (f.complete || !byName.has(f.name))) byName.set(f.name, f);
  const out = new Map<string, FunctionSummary>();
  for (const [name, f] of byName) out.set(name, direct(name, f));
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const [name, f] of byName) {
      const cur = out.get(name) as FunctionSummary;
      const next = fold(cur, f, out);
      if (next.requires.length !== cur.requires.length || next.takes.length !== cur.takes.length) {
        out.set(name, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

function direct(name: string, f: FunctionFacts): FunctionSummary {
  const params = f.params.map(p => p.name);
  const takenBefore = (node: number, lock: string) => f.locks.some(l => l.lock === lock && (l.op === 'acquire' || l.op === 'try') && l.node < node);
  const requires: LockNeed[] = [];
  for (const l of f.locks) {
    if (l.op === 'assert' && !takenBefore(l.node, l.lock) && !requires.some(r => r.lock === l.lock)) {
      requires.push({ lock: l.lock, mode: l.mode, line: l.span.line });
    }
  }
  // `device_unlock(dev); wait…; device_lock(dev);` drops the caller's hold and takes it back:
  // such a function needs the lock held on entry and does not take it a second time.
  const releasedFirst = (lock: string, line: number) => f.locks.some(r => r.op === 'release' && r.scoped === null && r.lock === lock && r.span.line < line);
  for (const l of f.locks) {
    if (l.op === 'release' && l.scoped === null && !f.locks.some(a => a.lock === l.lock && (a.op === 'acquire' || a.op === 'try') && a.span.line < l.span.line)
      && f.locks.some(a => a.lock === l.lock && a.op === 'acquire' && a.span.line > l.span.line) && !requires.some(r => r.lock === l.lock)) {
      requires.push({ lock: l.lock, mode: l.mode, line: l.span.line });
    }
  }
  const takes = f.locks.filter(l => l.op === 'acquire' && !releasedFirst(l.lock, l.span.line))
    .map(l => ({ lock: l.lock, mode: l.mode === 'any' ? 'exclusive' as const : l.mode, line: l.span.line }));
  const acquired = new Set(f.locks.filter(l => l.op === 'acquire' && l.scoped === null).map(l => l.lock));
  const released = new Set(f.locks.filter(l => l.op === 'release' && l.scoped === null).map(l => l.lock));
  const acquires = f.locks.filter(l => l.op === 'acquire' && l.scoped === null && !released.has(l.lock))
    .map(l => ({ lock: l.lock, mode: l.mode === 'any' ? 'exclusive' as const : l.mode }));
  const releases = [...released].filter(l => !acquired.has(l));
  const freesParams = f.resources.filter(r => r.op === 'release' && !r.api.startsWith('__free(')).map(r => params.indexOf(r.target)).filter(i => i >= 0);
  return { name, isStatic: f.isStatic, file: f.file, params, requires, takes: dedupe(takes), acquires, releases, freesParams: [...new Set(freesParams)] };
}

/** Add what callees (and synchronous callbacks) need and take, seen from this function. */
function fold(cur: FunctionSummary, f: FunctionFacts, all: ReadonlyMap<string, FunctionSummary>): FunctionSummary {
  const requires = [...cur.requires];
  const takes = [...cur.takes];
  const ownTakes = new Set(f.locks.filter(l => l.op === 'acquire' || l.op === 'try').map(l => l.lock));
  for (const c of f.calls) {
    const targets: { name: string; args: readonly string[] }[] = [{ name: c.callee, args: c.args }];
    // callbacks run synchronously (always, or when the API fails) are calls made here
    const cb = CALLBACK_API_BY_NAME.get(c.callee);
    if (cb !== undefined) {
      const t = c.args[cb.callbackArg]?.replace(/^&/, '').trim();
      if (t !== undefined) targets.push({ name: t, args: [c.args[cb.callbackArg + 1] ?? '?'] });
    }
    for (const t of targets) {
      const callee = LOCK_API_BY_NAME.has(t.name) ? undefined : all.get(t.name);
      if (callee === undefined || callee.name === cur.name) continue;
      for (const r of callee.requires) {
        // A helper's callers inherit its lock contract only when it is internal (static,
        // __name, name_locked); a public entry point that calls it unlocked is the bug.
        if (!inheritsContracts(cur)) break;
        const lock = substituteLock(r.lock, callee.params, t.args);
        // a lock wrapper the tables do not know (cxl_device_lock(&port->dev)) may take it here
        if (unknownWrapperMayTake(f, lock, n => all.has(n))) continue;
        if (ownTakes.has(lock) || requires.some(x => x.lock === lock)) continue;
        if (!isExpressibleIn(lock, cur.params)) continue;
        requires.push({ lock, mode: r.mode, line: c.span.line });
      }
      for (const k of callee.takes) {
        const lock = substituteLock(k.lock, callee.params, t.args);
        if (takes.some(x => x.lock === lock) || !isExpressibleIn(lock, cur.params)) continue;
        takes.push({ lock, mode: k.mode, line: c.span.line });
      }
    }
  }
  return { ...cur, requires, takes };
}

/** A call to an unknown `*lock*` function on an expression the lock lives under. */
export function unknownWrapperMayTake(fn: FunctionFacts, lock: string, known: (name: string) => boolean): boolean {
  return fn.calls.some(c => /lock/i.test(c.callee) && !LOCK_API_BY_NAME.has(c.callee) && !known(c.callee)
    && c.args.some(a => {
      const base = a.replace(/^&\s*/, '').replace(/\s+/g, '');
      return base !== '' && (lock === base || lock.startsWith(`${base}.`) || lock.startsWith(`${base}->`));
    }));
}

/** Whether callers are expected to provide the locks this function's callees need. */
export function inheritsContracts(s: FunctionSummary): boolean {
  return s.isStatic || s.name.startsWith('__') || /_locked$|_nolock$/.test(s.name);
}

/** A lock name means something to callers only if it is global or rooted at a parameter. */
function isExpressibleIn(lock: string, params: readonly (string | null)[]): boolean {
  const head = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(lock)?.[1];
  if (head === undefined) return false;
  if (!/->|\./.test(lock)) return true; // a global lock
  return params.includes(head);
}

function dedupe<T extends { lock: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter(x => (seen.has(x.lock) ? false : (seen.add(x.lock), true)));
}
