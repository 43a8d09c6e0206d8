/**
 * Exhaustive explicit-state exploration: BFS (shortest counterexamples) or DFS with a
 * depth bound, with fault injection under a budget, deadlock detection and per-action
 * coverage. Visited states are stored as 64-bit fingerprints only; traces are rebuilt
 * from parent pointers by re-running the path.
 */
import { describeCycle, findWaitCycle } from './deadlock.js';
import { canonicalize, fingerprint, FingerprintSet, IntColumn } from './hash.js';
import { runPath } from './path.js';
import { encodeReplay } from './replay.js';
import type { Bounds, CheckResult, Choice, Coverage, Spec, Violation } from './types.js';

/** Options of one exploration; unspecified bounds use `DEFAULT_BOUNDS`. */
export interface ExploreOptions {
  readonly strategy?: 'bfs' | 'dfs';
  readonly depth?: number;
  readonly maxStates?: number;
  readonly maxFaults?: number;
  /** Stop at the first violation (TLC default); otherwise record the first per invariant. */
  readonly stopOnFirst?: boolean;
  /** Config id written into replay tokens. */
  readonly config?: string;
  /** Clock in ms; injectable for reproducible tests. */
  readonly now?: () => number;
}

/** Default bounds: generous depth, one million states, one injected fault. */
export const DEFAULT_BOUNDS: Bounds = { depth: 200, maxStates: 1_000_000, maxFaults: 1 };

interface Node<S> {
  readonly s: S;
  readonly idx: number;
  readonly faults: number;
  readonly depth: number;
}

/** Explores `spec` within the bounds and reports statistics, coverage and violations. */
export function explore<S>(spec: Spec<S>, opts: ExploreOptions = {}): CheckResult {
  const now = opts.now ?? (() => performance.now());
  const bound: Bounds = {
    depth: opts.depth ?? DEFAULT_BOUNDS.depth,
    maxStates: opts.maxStates ?? DEFAULT_BOUNDS.maxStates,
    maxFaults: opts.maxFaults ?? DEFAULT_BOUNDS.maxFaults,
  };
  const strategy = opts.strategy ?? 'bfs';
  const config = opts.config ?? 'default';
  const t0 = now();
  const seen = new FingerprintSet();
  const parent = new IntColumn();
  const viaAction = new IntColumn();
  const viaFault = new IntColumn();
  const depthOf = new IntColumn();
  const coverage: Record<string, Coverage> = {};
  for (const a of spec.actions) coverage[a.name] = { fired: 0, newStates: 0 };
  const violations: Violation[] = [];
  const violated = new Set<string>();
  let generated = 0;
  let maxDepth = 0;
  let cutoff = false;
  let stopped = false;

  const key = (s: S, faults: number): string => `${canonicalize(spec.canonical ? spec.canonical(s) : s)}#${faults}`;

  const pathTo = (idx: number): Choice[] => {
    const out: Choice[] = [];
    for (let i = idx; i > 0; i = parent.at(i)) out.push({ action: viaAction.at(i), fault: viaFault.at(i) });
    return out.reverse();
  };

  const report = (invariant: string, kind: Violation['kind'], path: Choice[], detail?: string): void => {
    if (violated.has(invariant)) return;
    violated.add(invariant);
    const run = runPath(spec, path);
    violations.push({
      invariant, kind, ...(detail !== undefined ? { detail } : {}),
      trace: run.trace, path, replay: encodeReplay({ model: spec.name, config, path }),
    });
    if (opts.stopOnFirst) stopped = true;
  };

  /** Checks TypeOK, invariants and lock-wait cycles of a newly found state. */
  const check = (s: S, path: () => Choice[]): void => {
    const ok = spec.typeOk ? spec.typeOk(s) : true;
    if (ok !== true) report('typeOk', 'type', path(), ok);
    for (const inv of spec.invariants) {
      if (!violated.has(inv.name) && !inv.holds(s)) report(inv.name, 'safety', path());
    }
    if (spec.waits) {
      const edges = spec.waits(s);
      const cycle = edges.length > 0 ? findWaitCycle(edges) : null;
      if (cycle) report('deadlock', 'deadlock', path(), describeCycle(cycle, edges));
    }
  };

  /** Successors of a node as (choice, state) pairs, updating coverage. */
  const successors = (n: Node<S>): Array<{ c: Choice; s: S; faults: number }> => {
    const out: Array<{ c: Choice; s: S; faults: number }> = [];
    spec.actions.forEach((a, ai) => {
      if (!a.enabled(n.s)) return;
      out.push({ c: { action: ai, fault: -1 }, s: a.next(n.s), faults: n.faults });
      if (a.inject && a.faults && n.faults < bound.maxFaults) {
        a.faults.forEach((f, fi) => {
          const r = a.inject?.(n.s, f) ?? null;
          if (r !== null) out.push({ c: { action: ai, fault: fi }, s: r, faults: n.faults + 1 });
        });
      }
    });
    return out;
  };

  const init = spec.init();
  const root = seen.add(fingerprint(key(init, 0)));
  parent.push(0); viaAction.push(-1); viaFault.push(-1); depthOf.push(0);
  check(init, () => []);

  const expand = (n: Node<S>, onNew: (m: Node<S>) => void, pathOf: () => Choice[]): void => {
    const succ = successors(n);
    if (succ.length === 0 && !(spec.done?.(n.s) ?? true)) {
      report('deadlock', 'deadlock', pathOf(), 'no action is enabled and the system has not terminated');
    }
    for (const { c, s, faults } of succ) {
      generated++;
      const name = spec.actions[c.action]?.name ?? '';
      const cov = coverage[name];
      if (cov) cov.fired++;
      const idx = seen.add(fingerprint(key(s, faults)));
      if (idx < 0) continue;
      if (cov) cov.newStates++;
      parent.push(n.idx); viaAction.push(c.action); viaFault.push(c.fault); depthOf.push(n.depth + 1);
      maxDepth = Math.max(maxDepth, n.depth + 1);
      const m: Node<S> = { s, idx, faults, depth: n.depth + 1 };
      check(s, () => pathTo(idx));
      onNew(m);
      if (stopped || seen.size >= bound.maxStates) return;
    }
  };

  let queueLeft = 0;
  if (strategy === 'bfs') {
    let frontier: Node<S>[] = [{ s: init, idx: root, faults: 0, depth: 0 }];
    let head = 0;
    while (head < frontier.length && !stopped) {
      if (seen.size >= bound.maxStates) { cutoff = true; break; }
      const n = frontier[head++] as Node<S>;
      if (head > 4096 && head * 2 > frontier.length) { frontier = frontier.slice(head); head = 0; }
      if (n.depth >= bound.depth) {
        if (spec.actions.some(a => a.enabled(n.s))) cutoff = true;
        continue;
      }
      expand(n, m => { frontier.push(m); }, () => pathTo(n.idx));
    }
    queueLeft = frontier.length - head;
  } else {
    // DFS: the stack holds the current path; a state is re-expanded only if reached shallower.
    const stack: Array<{ n: Node<S>; path: Choice[] }> = [{ n: { s: init, idx: root, faults: 0, depth: 0 }, path: [] }];
    while (stack.length > 0 && !stopped) {
      if (seen.size >= bound.maxStates) { cutoff = true; break; }
      const top = stack.pop() as { n: Node<S>; path: Choice[] };
      if (top.n.depth >= bound.depth) {
        if (spec.actions.some(a => a.enabled(top.n.s))) cutoff = true;
        continue;
      }
      const kids: Array<{ n: Node<S>; path: Choice[] }> = [];
      expand(top.n, m => {
        kids.push({ n: m, path: [...top.path, { action: viaAction.at(m.idx), fault: viaFault.at(m.idx) }] });
      }, () => top.path);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as { n: Node<S>; path: Choice[] });
    }
    queueLeft = stack.length;
  }

  const elapsedMs = Math.max(0, now() - t0);
  const warnings = spec.actions.filter(a => (coverage[a.name]?.fired ?? 0) === 0).map(a => `action ${a.name} was never enabled`);
  const exhaustive = !cutoff && !stopped && queueLeft === 0;
  return {
    model: spec.name, strategy, bound, exhaustive,
    states: generated + 1, distinct: seen.size, queue: queueLeft, depth: maxDepth,
    elapsedMs: Math.round(elapsedMs),
    statesPerSec: elapsedMs > 0 ? Math.round((seen.size * 1000) / elapsedMs) : seen.size,
    violations, coverage, warnings,
  };
}
