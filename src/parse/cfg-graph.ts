/**
 * The mutable graph under construction for the CFG builder: nodes, edges, scoped resources and
 * the resources live at the current point, with the primitives that release them at scope exits.
 */
import type { CfgEdge, CfgNode, CfgNodeKind, ScopedResource } from './cfg-types.js';
import { condense, describe, type Pending } from './cfg-syntax.js';
import type { SyntaxNode } from './load.js';
import { spanOfPoints } from './span.js';

/** Base of the CFG builder (internal to `src/parse`). */
export class CfgGraph {
  protected readonly nodes: CfgNode[] = [];
  protected readonly edges: CfgEdge[] = [];
  protected readonly resources: ScopedResource[] = [];
  /** Resource ids live at the current point, in declaration order. */
  protected live: number[] = [];

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

  /** Run the releases of `ids` (already innermost first) after `preds`. */
  protected cleanups(preds: Pending, ids: readonly number[], at: SyntaxNode | null): Pending {
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
