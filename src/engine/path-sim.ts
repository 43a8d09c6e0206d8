/**
 * Path reasoning as a service to rules: a bounded, path-sensitive walk of a function's CFG
 * that carries what a reviewer tracks in their head — locks held (and in which mode),
 * resources acquired and not yet undone, what drvdata publishes, and what each variable is
 * known to hold (`rc` negative after `if (rc < 0)`, `p` NULL after `if (!p)`).
 *
 * Branches that contradict what is known are not taken (`rc = 0; if (rc) …`). Loops are
 * entered at most `loopBound` times per path. When a bound cuts the search, `truncated` says
 * so and every answer is about the paths seen — never a hang.
 *
 * Callees with a summary (same patch, series or tree) and callbacks an API runs synchronously
 * (a devres action on `devm_add_action_or_reset()` failure, `device_for_each_child()`) are
 * applied at their call site, so a lock the callee takes or asserts is checked against the
 * locks held there.
 */
import type { CfgEdge, CallSite, FunctionFacts, LockOp, ResourceOp } from '../facts/types.js';
import { CALLBACK_API_BY_NAME } from '../facts/apis/callbacks.js';
import { LOCK_API_BY_NAME, modeSatisfies, type LockMode } from '../facts/apis/locks.js';
import { negateFact, type Implied, type ValueFact } from './value-facts.js';
import type { FunctionSummary, SummaryLookup } from './summaries.js';
import { substituteLock } from './summaries.js';

export interface Held {
  readonly lock: string;
  readonly mode: LockMode;
  readonly node: number;
  readonly line: number;
  readonly scoped: boolean;
}

export interface Live {
  readonly op: ResourceOp;
  /** The fallible acquisition's result was tested and it succeeded (or it cannot fail). */
  readonly checked: boolean;
}

export interface Published {
  readonly device: string;
  readonly value: string;
  readonly node: number;
  readonly line: number;
}

/** Something noticed while walking a path, at a node. */
export type PathEvent =
  | { readonly kind: 'recursive-lock'; readonly node: number; readonly lock: string; readonly mode: LockMode; readonly held: Held;
      /** The callee (or callback) that takes the lock; null when this function takes it. */
      readonly via: string | null;
      /** The API that runs `via` as a callback (`devm_add_action_or_reset`); null for a plain call. */
      readonly api: string | null;
      readonly viaLine: number | null }
  | { readonly kind: 'release-not-held'; readonly node: number; readonly lock: string; readonly api: string }
  | { readonly kind: 'requirement-not-met'; readonly node: number; readonly lock: string; readonly needed: LockMode | 'any'; readonly heldMode: LockMode | null; readonly callee: string; readonly assertLine: number | null;
      /** The API that runs `callee` as a callback; null for a plain call. */
      readonly api: string | null }
  | { readonly kind: 'fallible-after-publish'; readonly node: number; readonly call: string; readonly published: Published };

export interface SimPath {
  readonly nodes: readonly number[];
  /** `return`/`end` reached the exit; `unseen`/`unresolved`: the path left what was seen. */
  readonly end: 'return' | 'end' | 'unseen' | 'unresolved';
  /** The return node, when the path ended in a `return`. */
  readonly returnNode: number | null;
  /** Does this exit report failure to the caller? */
  readonly error: 'yes' | 'no' | 'maybe';
  /** State at the exit (after scope-exit cleanups ran). */
  readonly held: readonly Held[];
  readonly live: readonly Live[];
  readonly published: readonly Published[];
  readonly events: readonly PathEvent[];
  /** Locks held when the function was entered (assumed from its own asserts), not to be released. */
  readonly entryHeld: readonly string[];
  /** What each variable is known to hold at the exit (`rc` zero, `p` NULL); absent when unknown. */
  readonly values: Readonly<Record<string, ValueFact>>;
}

export interface Simulation {
  readonly paths: readonly SimPath[];
  readonly truncated: boolean;
}

export interface SimOptions {
  readonly maxPaths?: number;
  readonly maxSteps?: number;
  readonly loopBound?: number;
  /** Locks assumed held at entry (e.g. the function asserts them). */
  readonly entryHeld?: readonly Held[];
}

interface State {
  held: Map<string, Held>;
  live: Map<string, Live>;
  published: Map<string, Published>;
  values: Map<string, ValueFact>;
  /** Variable → the resource target it aliases (`w->id = rc`). */
  alias: Map<string, string>;
  /** `__free` variables whose ownership left (no_free_ptr …). */
  moved: Set<string>;
  /** Try-lock results pending a branch: variable → lock op. */
  tries: Map<string, LockOp>;
  /** Variables assigned from a call: the callee. */
  fromCall: Map<string, string>;
  events: PathEvent[];
}

function cloneState(s: State): State {
  return {
    held: new Map(s.held), live: new Map(s.live), published: new Map(s.published), values: new Map(s.values),
    alias: new Map(s.alias), moved: new Set(s.moved), tries: new Map(s.tries), fromCall: new Map(s.fromCall), events: [...s.events],
  };
}

/** Per-node index of the facts that happen there. */
interface NodeFacts {
  calls: CallSite[];
  locks: LockOp[];
  resources: ResourceOp[];
}

/** Simulate every path of `fn` within bounds. Pure. */
export function simulate(fn: FunctionFacts, lookup: SummaryLookup, opts: SimOptions = {}): Simulation {
  const maxPaths = opts.maxPaths ?? 1024;
  const maxSteps = opts.maxSteps ?? 200_000;
  const repeat = (opts.loopBound ?? 1) + 1;
  const cfg = fn.cfg;
  const succ: CfgEdge[][] = cfg.nodes.map(() => []);
  for (const e of cfg.edges) succ[e.from]?.push(e);
  const at: NodeFacts[] = cfg.nodes.map(() => ({ calls: [], locks: [], resources: [] }));
  for (const c of fn.calls) at[c.node]?.calls.push(c);
  for (const l of fn.locks) at[l.node]?.locks.push(l);
  for (const r of fn.resources) at[r.node]?.resources.push(r);
  const assignsAt = new Map<number, FunctionFacts['assignments'][number][]>();
  for (const a of fn.assignments) assignsAt.set(a.node, [...(assignsAt.get(a.node) ?? []), a]);
  const condAt = new Map(fn.conditions.map(c => [c.node, c]));
  const drvAt = new Map<number, FunctionFacts['drvdata'][number][]>();
  for (const d of fn.drvdata) drvAt.set(d.node, [...(drvAt.get(d.node) ?? []), d]);
  const devresAt = new Map<number, FunctionFacts['devres'][number][]>();
  for (const d of fn.devres) devresAt.set(d.node, [...(devresAt.get(d.node) ?? []), d]);
  const returnNodes = new Set(fn.returns.map(r => r.node));
  const returnsByNode = new Map(fn.returns.map(r => [r.node, r]));
  const params = fn.params.map(p => p.name);

  const paths: SimPath[] = [];
  let steps = 0;
  let truncated = false;
  const initial: State = {
    held: new Map((opts.entryHeld ?? []).map(h => [h.lock, h])), live: new Map(), published: new Map(), values: new Map(),
    alias: new Map(), moved: new Set(), tries: new Map(), fromCall: new Map(), events: [],
  };
  const entryHeld = (opts.entryHeld ?? []).map(h => h.lock);
  // The state of the path being walked: the helpers below read and update it. They are made once
  // per call, not once per step (seven closures allocated per CFG node walked).
  let s: State = initial;

  function applyNode(id: number): void {
    const nf = at[id] as NodeFacts;
    // __free ownership transfers happen at the node that calls no_free_ptr() & co.
    for (const v of cfg.nodes[id]?.transfers ?? []) s.moved.add(v);
    for (const a of assignsAt.get(id) ?? []) {
      s.values.delete(a.target);
      s.fromCall.delete(a.target);
      if (a.fromCall !== null) s.fromCall.set(a.target, a.fromCall);
      const v = valueOfClass(a.valueClass);
      if (v !== null) s.values.set(a.target, v);
      if (a.valueClass === 'variable') {
        const src = resolve(s, a.value);
        if (s.live.has(src)) s.alias.set(a.target, src);
        const known = s.values.get(a.value);
        if (known !== undefined) s.values.set(a.target, known);
      }
    }
    for (const c of nf.calls) applyCall(c);
    for (const l of nf.locks) applyLock(l);
    for (const r of nf.resources) applyResource(r);
    for (const d of devresAt.get(id) ?? []) {
      // On success devres owns the data; with _or_reset a failure releases it too.
      // (without _or_reset the caller still owns it on failure; leak rules look at that path themselves)
      if (d.data !== null) s.live.delete(resolve(s, stripTransfer(d.data)));
    }
    for (const d of drvAt.get(id) ?? []) {
      if (d.op === 'set' && d.value !== null) s.published.set(d.device, { device: d.device, value: d.value, node: id, line: d.span.line });
      else if (d.op === 'clear') s.published.delete(d.device);
    }
  }

  function applyCall(c: CallSite): void {
    // the API tables define what kernel primitives do; a patch that touches, say,
    // device_lock() itself must not make its summary apply on top of the table's meaning
    const summary = LOCK_API_BY_NAME.has(c.callee) ? null : lookup(c.callee);
    if (summary !== null) applySummary(c, summary, c.callee, null);
    const cb = CALLBACK_API_BY_NAME.get(c.callee);
    if (cb !== undefined) {
      const target = c.args[cb.callbackArg]?.replace(/^&/, '').trim();
      const cbSummary = target === undefined ? null : lookup(target);
      if (cbSummary !== null && target !== undefined) {
        const dataArg = cb.callbackArg + 1;
        applySummary({ ...c, args: [c.args[dataArg] ?? '?'] }, cbSummary, target, c.callee);
      }
    }
    if (s.published.size > 0 && isFallible(c)) {
      for (const p of s.published.values()) {
        if (p.node !== c.node) s.events.push({ kind: 'fallible-after-publish', node: c.node, call: c.callee, published: p });
      }
    }
  }

  function isFallible(c: CallSite): boolean {
    if (c.assignedTo === null && !c.inCondition && !c.returned) return false;
    const target = c.assignedTo;
    const tested = target !== null && fn.conditions.some(k => k.variable === target && k.node > c.node);
    return tested || c.inCondition || c.returned;
  }

  function applySummary(c: CallSite, sum: FunctionSummary, name: string, api: string | null): void {
    for (const req of sum.requires) {
      const lock = substituteLock(req.lock, sum.params, c.args);
      const h = s.held.get(lock);
      if (h === undefined || !modeSatisfies(h.mode, req.mode)) {
        if (h === undefined && unknownEntry(lock)) continue;
        s.events.push({ kind: 'requirement-not-met', node: c.node, lock, needed: req.mode, heldMode: h?.mode ?? null, callee: name, assertLine: req.line, api });
      }
    }
    for (const t of sum.takes) {
      const lock = substituteLock(t.lock, sum.params, c.args);
      const h = s.held.get(lock);
      if (h !== undefined && !(h.mode === 'read' && t.mode === 'read')) {
        s.events.push({ kind: 'recursive-lock', node: c.node, lock, mode: t.mode, held: h, via: name, api, viaLine: t.line });
      }
    }
    for (const a of sum.acquires) {
      const lock = substituteLock(a.lock, sum.params, c.args);
      s.held.set(lock, { lock, mode: a.mode, node: c.node, line: c.span.line, scoped: false });
    }
    for (const r of sum.releases) s.held.delete(substituteLock(r, sum.params, c.args));
    for (const i of sum.freesParams) {
      const arg = c.args[i];
      if (arg !== undefined) s.live.delete(resolve(s, arg.replace(/^&/, '')));
    }
  }

  function unknownEntry(lock: string): boolean {
    // A partial function whose start was not seen may have taken the lock above what we saw.
    return !fn.seenStart && lock !== '';
  }

  function applyLock(l: LockOp): void {
    switch (l.op) {
      case 'acquire': {
        const h = s.held.get(l.lock);
        if (h !== undefined && !(h.mode === 'read' && l.mode === 'read')) {
          s.events.push({ kind: 'recursive-lock', node: l.node, lock: l.lock, mode: asMode(l.mode), held: h, via: null, api: null, viaLine: null });
        }
        s.held.set(l.lock, { lock: l.lock, mode: asMode(l.mode), node: l.node, line: l.span.line, scoped: l.scoped !== null });
        break;
      }
      case 'release':
        // (an unlock helper that never takes the lock releases its caller's hold: not reported)
        if (!s.held.has(l.lock) && l.scoped === null && fn.seenStart && !entryHeld.includes(l.lock)
          && fn.locks.some(x => x.lock === l.lock && (x.op === 'acquire' || x.op === 'try'))) {
          s.events.push({ kind: 'release-not-held', node: l.node, lock: l.lock, api: l.api });
        }
        s.held.delete(l.lock);
        break;
      case 'try':
        // the result decides: through its variable, or the branch that tests the call itself
        if (l.result?.variable) s.tries.set(l.result.variable, l);
        else if (cfg.nodes[l.node]?.kind === 'branch') s.tries.set(`call:${l.api}`, l);
        else s.held.set(l.lock, { lock: l.lock, mode: asMode(l.mode), node: l.node, line: l.span.line, scoped: false });
        break;
      default:
        break;
    }
  }

  function applyResource(r: ResourceOp): void {
    if (r.op === 'acquire') {
      s.live.set(r.target, { op: r, checked: r.fails === 'never' });
      return;
    }
    if (r.api.startsWith('__free(')) {
      // scope exit of a __free variable: frees unless ownership moved
      if (!s.moved.has(r.target)) s.live.delete(resolve(s, r.target));
      return;
    }
    s.live.delete(resolve(s, r.target));
    // releasing a pointer releases what was stored under its fields too? no: kfree(w) does not free w->name
  }

  // Explicit stack: (node, state, path, visit counts, return node seen)
  interface Frame { node: number; state: State; path: number[]; visits: Map<number, number>; ret: number | null }
  const stack: Frame[] = [{ node: cfg.entry, state: initial, path: [], visits: new Map(), ret: null }];
  while (stack.length > 0) {
    if (paths.length >= maxPaths || steps > maxSteps) { truncated = true; break; }
    const f = stack.pop() as Frame;
    steps++;
    const visits = (f.visits.get(f.node) ?? 0) + 1;
    if (visits > repeat) continue;
    f.visits.set(f.node, visits);
    f.path.push(f.node);
    const node = cfg.nodes[f.node];
    if (node === undefined) continue;
    s = f.state;
    applyNode(f.node);
    const ret = returnNodes.has(f.node) ? f.node : f.ret;
    if (f.node === cfg.exit || f.node === cfg.unseen || f.node === cfg.unresolved) {
      const end = f.node === cfg.exit ? (ret !== null ? 'return' : 'end') : f.node === cfg.unseen ? 'unseen' : 'unresolved';
      paths.push({
        nodes: f.path, end, returnNode: ret, error: exitError(ret, s),
        held: [...s.held.values()], live: [...s.live.values()], published: [...s.published.values()], events: s.events, entryHeld,
        values: Object.fromEntries(s.values),
      });
      continue;
    }
    const edges = succ[f.node] ?? [];
    if (edges.length === 0) continue;
    const cond = condAt.get(f.node);
    // push in reverse so the first edge is explored first (deterministic order)
    for (let i = edges.length - 1; i >= 0; i--) {
      const e = edges[i] as CfgEdge;
      const next = i === 0 ? s : cloneState(s);
      if (cond !== undefined && (e.kind === 'true' || e.kind === 'false')) {
        if (!applyBranch(next, cond, e.kind === 'true')) continue; // infeasible
      }
      stack.push({ node: e.to, state: next, path: i === 0 ? f.path : [...f.path], visits: i === 0 ? f.visits : new Map(f.visits), ret });
    }
  }

  return { paths, truncated };

  function exitError(ret: number | null, s: State): 'yes' | 'no' | 'maybe' {
    if (ret === null) return fn.returnType.trim() === 'void' ? 'no' : 'maybe';
    const r = returnsByNode.get(ret);
    if (r === undefined) return 'maybe';
    if (r.isError !== 'maybe') return r.isError;
    if (r.variable !== null) {
      const v = s.values.get(r.variable);
      if (v === 'negative' || v === 'errptr') return 'yes';
      if (v === 'nonzero' && (s.fromCall.has(r.variable) || /^(rc|ret|err|error|result|status)$/.test(r.variable))) {
        return /\*/.test(fn.returnType) ? 'no' : 'yes';
      }
      if (v === 'zero') return /\*/.test(fn.returnType) ? 'yes' : 'no';
      if (v === 'nonneg') return 'no';
      if (/\*/.test(fn.returnType) && (v === 'nonzero' || v === 'validptr')) return 'no';
    }
    if (r.valueClass === 'null') return 'yes';
    void params;
    return 'maybe';
  }
}

function asMode(m: LockMode | 'any'): LockMode {
  return m === 'any' ? 'exclusive' : m;
}

function resolve(s: State, name: string): string {
  const n = name.replace(/^&/, '').trim();
  return s.alias.get(n) ?? n;
}

function stripTransfer(expr: string): string {
  const m = /^(?:no_free_ptr|return_ptr)\s*\((.*)\)$/.exec(expr.trim());
  return m && m[1] !== undefined ? m[1].trim() : expr;
}

function valueOfClass(cls: string): ValueFact | null {
  switch (cls) {
    case 'zero': return 'zero';
    case 'errno': return 'negative';
    case 'err-ptr': return 'errptr';
    case 'ptr-err': return 'negative';
    case 'null': return 'zero';
    case 'constant': return 'nonzero';
    default: return null;
  }
}

/**
 * Apply what taking the true/false edge of a branch implies. Returns false when the edge
 * contradicts what is known (the path is infeasible).
 */
function applyBranch(s: State, cond: FunctionFacts['conditions'][number], sense: boolean): boolean {
  if (cond.whenTrue === 'unknown' || (cond.variable === null && cond.callee === null)) {
    return true;
  }
  const implied = sense ? cond.whenTrue : negateFact(cond.whenTrue);
  if (cond.variable === null) {
    // `if (down_write_killable(&sem))`: a try-lock tested directly
    const key = `call:${cond.callee}`;
    const t = s.tries.get(key);
    if (t !== undefined && t.result !== null) {
      const ok = t.result.acquiredWhen === 'zero' ? implied === 'zero' || implied === 'nonnegative' : implied === 'nonzero';
      if (ok) s.held.set(t.lock, { lock: t.lock, mode: t.mode === 'any' ? 'exclusive' : t.mode, node: t.node, line: t.span.line, scoped: false });
      s.tries.delete(key);
    }
    return true;
  }
  const v = cond.variable;
  const known = s.values.get(v);
  if (known !== undefined && contradicts(known, implied)) return false;
  const fact = narrow(known, implied);
  if (fact !== null) s.values.set(v, fact);
  // a fallible acquisition whose result says "failed": nothing was acquired
  const target = s.alias.get(v) ?? v;
  const live = s.live.get(target);
  if (live !== undefined && !live.checked) {
    if (failureMeans(live.op.fails, implied)) s.live.delete(target);
    else if (successMeans(live.op.fails, implied)) s.live.set(target, { ...live, checked: true });
  }
  // try-locks: acquired on the success edge
  const t = s.tries.get(v);
  if (t !== undefined && t.result !== null) {
    const ok = t.result.acquiredWhen === 'zero' ? implied === 'zero' || implied === 'nonnegative' : implied === 'nonzero';
    const failed = t.result.acquiredWhen === 'zero' ? implied === 'nonzero' || implied === 'negative' : implied === 'zero';
    if (ok) s.held.set(t.lock, { lock: t.lock, mode: t.mode === 'any' ? 'exclusive' : t.mode, node: t.node, line: t.span.line, scoped: false });
    if (ok || failed) s.tries.delete(v);
  }
  return true;
}

function contradicts(known: ValueFact, implied: Implied): boolean {
  switch (implied) {
    case 'zero': return known === 'nonzero' || known === 'negative' || known === 'errptr' || known === 'validptr';
    case 'nonzero': return known === 'zero';
    case 'negative': return known === 'zero' || known === 'nonneg';
    case 'nonnegative': return known === 'negative';
    case 'err-ptr': return known === 'zero' || known === 'validptr';
    case 'not-err-ptr': return known === 'errptr';
    default: return false;
  }
}

function narrow(known: ValueFact | undefined, implied: Implied): ValueFact | null {
  switch (implied) {
    case 'zero': return 'zero';
    case 'nonzero': return known === 'negative' || known === 'errptr' || known === 'validptr' ? known : 'nonzero';
    case 'negative': return 'negative';
    case 'nonnegative': return known === 'zero' ? 'zero' : 'nonneg';
    case 'err-ptr': return 'errptr';
    case 'not-err-ptr': return known === 'zero' ? 'zero' : known ?? null;
    default: return null;
  }
}

function failureMeans(fails: ResourceOp['fails'], implied: Implied): boolean {
  switch (fails) {
    case 'null': return implied === 'zero' || implied === 'err-or-null';
    case 'err-ptr': return implied === 'err-ptr' || implied === 'err-or-null';
    case 'negative': return implied === 'negative';
    case 'nonzero': return implied === 'nonzero' || implied === 'negative';
    default: return false;
  }
}

function successMeans(fails: ResourceOp['fails'], implied: Implied): boolean {
  switch (fails) {
    case 'null': return implied === 'nonzero' || implied === 'not-err-ptr';
    case 'err-ptr': return implied === 'not-err-ptr';
    case 'negative': return implied === 'nonnegative';
    case 'nonzero': return implied === 'zero';
    default: return false;
  }
}
