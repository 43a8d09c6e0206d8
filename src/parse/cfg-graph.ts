/**
 * The mutable graph under construction for the CFG builder: nodes, edges, scoped resources and
 * the resources live at the current point, with the primitives that release them at scope exits.
 */
import type { CfgEdge, CfgNode, CfgNodeKind, ScopedResource } from './cfg-types.js';
import { condense, describe, type Pending } from './cfg-syntax.js';
import type { SyntaxNode } from './load.js';
import { spanOfPoints } from './span.js';

/**
 * Release nodes one CFG may hold. Every exit edge gets its own chain of releases, so L live
 * cleanup variables and R returns make L×R nodes: 2 000 `guard()`s and 2 000 returns made
 * 4 million nodes (52 s, 1.7 GB). Real functions stay far below.
 */
const MAX_CLEANUP_NODES = 20_000;

/**
 * Live-resource entries copied into goto and label snapshots and compared when gotos are
 * resolved: also L×G (4 000 `__free` variables and 4 000 gotos took 12 s).
 */
const MAX_LIVE_CELLS = 2_000_000;

/** Base of the CFG builder (internal to `src/parse`). */
export class CfgGraph {
  protected readonly nodes: CfgNode[] = [];
  protected readonly edges: CfgEdge[] = [];
  protected readonly resources: ScopedResource[] = [];
  /** Resource ids live at the current point, in declaration order. */
  protected live: number[] = [];
  /** Release nodes added so far. */
  private cleanupNodes = 0;
  private liveCells = 0;
  /** Some exits were left without their releases (a budget above was reached). */
  protected cleanupsLimited = false;

  /** The live resources, copied for a goto or label; null past {@link MAX_LIVE_CELLS}. */
  protected snapshot(): readonly number[] | null {
    return this.charge(this.live.length) ? [...this.live] : null;
  }

  /** Spend `cells` of the live-cell budget; false (and `cleanupsLimited`) when it is spent. */
  protected charge(cells: number): boolean {
    if (this.liveCells + cells > MAX_LIVE_CELLS) {
      this.cleanupsLimited = true;
      return false;
    }
    this.liveCells += cells;
    return true;
  }

  /** Add a node; its span is the syntax node's. */
  protected add(kind: CfgNodeKind, node: SyntaxNode | null, text: string, extra: Partial<CfgNode> = {}): number {
    const id = this.nodes.length;
    const span = node === null ? null : spanOfPoints(node.startPosition, node.endPosition);
    this.nodes.push({ id, kind, span, text: condense(text), syntax: node?.type ?? kind, ...extra });
    return id;
  }

  /** Point the pending edges at `to`. */
  protected connect(preds: Pending, to: number): void {
    for (const p of preds) this.edges.push({ from: p.from, to, kind: p.kind });
  }

  /** Add a node after `preds`. */
  protected step(preds: Pending, kind: CfgNodeKind, node: SyntaxNode | null, text: string, extra: Partial<CfgNode> = {}): number {
    const id = this.add(kind, node, text, extra);
    this.connect(preds, id);
    return id;
  }

  /**
   * Run the releases of `ids` (already innermost first) after `preds`. Past the release-node
   * budget the exit gets no releases at all (and `cleanupsLimited` is set).
   */
  protected cleanups(preds: Pending, ids: readonly number[], at: SyntaxNode | null): Pending {
    if (this.cleanupNodes + ids.length > MAX_CLEANUP_NODES) {
      this.cleanupsLimited = true;
      return preds;
    }
    this.cleanupNodes += ids.length;
    let out = preds;
    for (const id of ids) {
      const r = this.resources[id];
      const text = r === undefined ? '' : describe(r);
      out = [{ from: this.step(out, 'cleanup', at, text, { releases: id }), kind: 'next' }];
    }
    return out;
  }

  /** Leave a scope normally: release what it declared, innermost first. */
  protected exitScope(preds: Pending, liveLen: number, at: SyntaxNode | null): Pending {
    const ids = this.live.slice(liveLen).reverse();
    this.live = this.live.slice(0, liveLen);
    return preds.length === 0 ? [] : this.cleanups(preds, ids, at);
  }

  /** Register a scoped resource. */
  protected resource(r: Omit<ScopedResource, 'id'>): number {
    const id = this.resources.length;
    this.resources.push({ id, ...r });
    return id;
  }
}
