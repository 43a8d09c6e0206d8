/**
 * Small helpers over tree-sitter nodes for the facts stage (src/parse and src/facts are the only
 * folders that know tree-sitter node types).
 */
import type { SyntaxNode } from '../parse/load.js';
import type { Cfg } from '../parse/cfg-types.js';
import { spanOfPoints, type Span } from '../parse/span.js';

export function spanOf(node: SyntaxNode): Span {
  return spanOfPoints(node.startPosition, node.endPosition);
}

/** Collapse whitespace so expressions compare as written on one line. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Every descendant of `node` of one of `types`, in document order (native traversal). */
export function descendants(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  return node.descendantsOfType([...types]);
}

const STATEMENT_KINDS = new Set(['statement', 'branch', 'return', 'goto', 'acquire', 'loop', 'switch', 'case', 'label']);

/**
 * Maps source positions to the CFG node of the innermost statement that contains them: a call
 * inside an `if` condition belongs to the branch node, one inside `return` to the return node.
 */
export class NodeLocator {
  private readonly candidates: { id: number; span: Span; size: number }[];

  constructor(cfg: Cfg) {
    this.candidates = cfg.nodes
      .filter(n => n.span !== null && STATEMENT_KINDS.has(n.kind))
      .map(n => ({ id: n.id, span: n.span as Span, size: spanSize(n.span as Span) }))
      .sort((a, b) => a.size - b.size);
  }

  /** The innermost node containing `span`, or null when none does. */
  locate(span: Span): number | null {
    for (const c of this.candidates) if (contains(c.span, span)) return c.id;
    return null;
  }
}

function spanSize(s: Span): number {
  return (s.endLine - s.line) * 10_000 + (s.endCol - s.col);
}

function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 <= c2);
}

export function contains(outer: Span, inner: Span): boolean {
  return before(outer.line, outer.col, inner.line, inner.col) && before(inner.endLine, inner.endCol, outer.endLine, outer.endCol);
}

/** Strip one level of `&`, casts and parentheses: `&dax_region->res` → `dax_region->res`. */
export function lockIdentity(expr: string): string {
  let s = squash(expr);
  for (;;) {
    const before = s;
    s = s.replace(/^\((.*)\)$/, '$1').trim();
    s = s.replace(/^\([^()]*\)\s*(?=[&A-Za-z_(])/, '').trim();
    if (s.startsWith('&')) s = s.slice(1).trim();
    if (s === before) break;
  }
  return s.replace(/\s*(->|\.)\s*/g, '$1');
}
