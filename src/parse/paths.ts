/**
 * Path enumeration over a {@link Cfg} with hard bounds: it always finishes, and says
 * `truncated` when a bound cut it short (a function with 2^40 paths returns at once).
 * Cycles (loop `back` edges, backward `goto`s) are unrolled: a node appears at most
 * `loopBound + 1` times on one path.
 */
import type { Cfg, CfgEdge, CfgNode, ScopedResource } from './cfg-types.js';

/** Bounds for {@link enumeratePaths}. */
export interface PathOptions {
  /** Stop after this many complete paths (default 512). */
  readonly maxPaths?: number;
  /** Stop after this many node visits in total (default 100 000). */
  readonly maxSteps?: number;
  /**
   * Loop iterations a path may complete (default 1): a node appears at most `loopBound + 1`
   * times on one path, so a loop head is passed `loopBound + 1` times and a last iteration may
   * still start and leave by `break`, `goto` or `return`. 0: loops are never entered.
   */
  readonly loopBound?: number;
  /** Start node (default: the entry). */
  readonly from?: number;
  /** Stop a path at the first node that satisfies this (it ends with `end: 'target'`). */
  readonly until?: (node: CfgNode) => boolean;
}

/**
 * How a path ended: at the exit through a `return` or the function end, at the `unresolved` or
 * `unseen` terminal, at an `until` target, or (a CFG construction bug) at a node without edges.
 */
export type PathEnd = 'return' | 'end' | 'unresolved' | 'unseen' | 'target' | 'dead-end';

/** One path: node ids from the start to a terminal. */
export interface CfgPath {
  readonly nodes: readonly number[];
  readonly end: PathEnd;
}

/** The paths found, and whether a bound stopped the search before all were found. */
export interface PathEnumeration {
  readonly paths: readonly CfgPath[];
  readonly truncated: boolean;
  readonly steps: number;
}

/** Outgoing edges per node. */
export function successors(cfg: Cfg): CfgEdge[][] {
  const out: CfgEdge[][] = cfg.nodes.map(() => []);
  for (const e of cfg.edges) out[e.from]?.push(e);
  return out;
}

/** Enumerate paths depth-first within the bounds of `options` (never hangs; see module doc). */
export function enumeratePaths(cfg: Cfg, options: PathOptions = {}): PathEnumeration {
  const maxPaths = options.maxPaths ?? 512;
  const maxSteps = options.maxSteps ?? 100_000;
  const repeat = (options.loopBound ?? 1) + 1;
  const succ = successors(cfg);
  const paths: CfgPath[] = [];
  const onPath = new Uint32Array(cfg.nodes.length);
  const path: number[] = [];
  const stack: { node: number; next: number }[] = [];
  let steps = 0;
  let truncated = false;

  const push = (node: number): void => {
    path.push(node);
    onPath[node] = (onPath[node] ?? 0) + 1;
    stack.push({ node, next: 0 });
    steps++;
  };
  push(options.from ?? cfg.entry);
  while (stack.length > 0) {
    if (steps > maxSteps || paths.length >= maxPaths) { truncated = true; break; }
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const node = cfg.nodes[top.node];
    const terminal = endOf(cfg, top.node, node, options.until);
    const edges = succ[top.node] ?? [];
    if (top.next === 0 && (terminal !== null || edges.length === 0)) {
      const nodes = [...path];
      paths.push({ nodes, end: terminal ?? (top.node === cfg.exit ? exitKind(cfg, nodes) : 'dead-end') });
      top.next = Number.MAX_SAFE_INTEGER;
    }
    let advanced = false;
    while (top.next < edges.length) {
      const e = edges[top.next++];
      if (e !== undefined && (onPath[e.to] ?? 0) < repeat) { push(e.to); advanced = true; break; }
    }
    if (advanced) continue;
    stack.pop();
    const done = path.pop();
    if (done !== undefined) onPath[done] = (onPath[done] ?? 1) - 1;
  }
  return { paths, truncated, steps };
}

function endOf(cfg: Cfg, id: number, node: CfgNode | undefined, until: PathOptions['until']): PathEnd | null {
  if (node !== undefined && until !== undefined && id !== cfg.entry && until(node)) return 'target';
  if (id === cfg.unresolved) return 'unresolved';
  if (id === cfg.unseen) return 'unseen';
  return null;
}

/** A path that reached the exit left through a `return` statement or by falling off the end. */
function exitKind(cfg: Cfg, nodes: readonly number[]): PathEnd {
  return nodes.some((n) => cfg.nodes[n]?.kind === 'return') ? 'return' : 'end';
}

/**
 * Number of entry-to-terminal paths with every cycle cut (each loop taken at most once),
 * as a float: exact up to 2^53, then approximate, `Infinity` past ~1e308. Linear time.
 */
export function countPaths(cfg: Cfg): number {
  const succ = successors(cfg);
  const state = new Uint8Array(cfg.nodes.length); // 0 new, 1 on stack, 2 done
  const count = new Float64Array(cfg.nodes.length);
  const stack: { node: number; next: number }[] = [{ node: cfg.entry, next: 0 }];
  state[cfg.entry] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const edges = succ[top.node] ?? [];
    const e = edges[top.next++];
    if (e !== undefined) {
      if (state[e.to] === 0) { state[e.to] = 1; stack.push({ node: e.to, next: 0 }); }
      continue;
    }
    let n = 0;
    for (const x of edges) if (state[x.to] === 2) n += count[x.to] ?? 0; // edges to nodes on the stack are back edges
    count[top.node] = edges.length === 0 ? 1 : n;
    state[top.node] = 2;
    stack.pop();
  }
  return count[cfg.entry] ?? 0;
}

/** A cleanup on a path, and whether it releases anything there. */
export interface PathCleanup {
  readonly node: number;
  readonly resource: ScopedResource;
  /**
   * False for a `__free()` variable whose ownership left earlier on the path (after its
   * declaration) through `no_free_ptr`/`return_ptr`/`retain_and_null_ptr`.
   */
  readonly effective: boolean;
}

/** The scope-exit releases along a path, in order. */
export function effectiveCleanups(cfg: Cfg, path: CfgPath): PathCleanup[] {
  const out: PathCleanup[] = [];
  const moved = new Set<string>();
  for (const id of path.nodes) {
    const node = cfg.nodes[id];
    if (node === undefined) continue;
    if (node.acquires !== undefined) {
      const r = cfg.resources[node.acquires];
      if (r?.variable != null) moved.delete(r.variable);
    }
    for (const v of node.transfers ?? []) moved.add(v);
    if (node.kind === 'cleanup' && node.releases !== undefined) {
      const r = cfg.resources[node.releases];
      if (r === undefined) continue;
      const effective = !(r.kind === 'free' && r.variable !== null && moved.has(r.variable));
      out.push({ node: id, resource: r, effective });
    }
  }
  return out;
}
