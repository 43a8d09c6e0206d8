/**
 * Small questions rules ask of a function's CFG, answered in one place so each rule does not
 * re-implement goto/label walking (STYLE.md D).
 */
import type { CfgEdge, CfgNode, FunctionFacts } from '../facts/types.js';
import { BENIGN_CALLS } from '../facts/apis/benign.js';

export { BENIGN_CALLS };

/** Line of a CFG node (the function's first line for synthetic nodes). */
export function lineOf(fn: FunctionFacts, node: number): number {
  return fn.cfg.nodes[node]?.span?.line ?? fn.span.line;
}

export function nodeOf(fn: FunctionFacts, id: number): CfgNode | undefined {
  return fn.cfg.nodes[id];
}

/** Outgoing and incoming edges, built once per function and cached. */
const edgeCache = new WeakMap<FunctionFacts, { out: CfgEdge[][]; in: CfgEdge[][] }>();

export function edgesOf(fn: FunctionFacts): { out: CfgEdge[][]; in: CfgEdge[][] } {
  let e = edgeCache.get(fn);
  if (e === undefined) {
    const out: CfgEdge[][] = fn.cfg.nodes.map(() => []);
    const inc: CfgEdge[][] = fn.cfg.nodes.map(() => []);
    for (const x of fn.cfg.edges) { out[x.from]?.push(x); inc[x.to]?.push(x); }
    e = { out, in: inc };
    edgeCache.set(fn, e);
  }
  return e;
}


/**
 * The branch whose true side leads straight to `node` (through statements only), with the
 * edge kind taken: the `if (…)` a `goto` or `return` sits under.
 */
export function guardingBranch(fn: FunctionFacts, node: number): { branch: number; sense: 'true' | 'false' } | null {
  const { in: inc } = edgesOf(fn);
  let cur = node;
  for (let i = 0; i < 16; i++) {
    const preds = inc[cur] ?? [];
    if (preds.length !== 1) return null;
    const e = preds[0] as CfgEdge;
    const from = fn.cfg.nodes[e.from];
    if (from === undefined) return null;
    if (from.kind === 'branch' && (e.kind === 'true' || e.kind === 'false')) return { branch: e.from, sense: e.kind };
    if (from.kind !== 'statement') return null;
    cur = e.from;
  }
  return null;
}

/**
 * Follow the single-successor chain from `node` through plain statements to the first node
 * that is not a plain statement (a goto, return, branch, label…). Null if it forks or loops.
 */
export function straightTo(fn: FunctionFacts, node: number): number | null {
  const { out } = edgesOf(fn);
  let cur = node;
  for (let i = 0; i < 32; i++) {
    const n = fn.cfg.nodes[cur];
    if (n === undefined) return null;
    if (n.kind !== 'statement') return cur;
    const next = out[cur] ?? [];
    if (next.length !== 1) return null;
    cur = (next[0] as CfgEdge).to;
  }
  return null;
}

/** The successor of a branch along `sense`. */
export function branchSuccessor(fn: FunctionFacts, branch: number, sense: 'true' | 'false'): number | null {
  return edgesOf(fn).out[branch]?.find(e => e.kind === sense)?.to ?? null;
}

/** Non-benign calls made at a node. */
export function stepsAt(fn: FunctionFacts, node: number): FunctionFacts['calls'] {
  return fn.calls.filter(c => c.node === node && !BENIGN_CALLS.test(c.callee));
}
