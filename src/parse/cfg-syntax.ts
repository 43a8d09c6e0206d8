/**
 * Small syntax helpers for the CFG builder: condensed texts, span containment, descriptions
 * of scope-exit releases.
 */
import type { CfgEdgeKind, ScopedResource } from './cfg-types.js';
import type { SyntaxNode } from './load.js';
import type { Span } from './span.js';

/** Edges waiting for their target node. */
export type Pending = { readonly from: number; readonly kind: CfgEdgeKind }[];

const TEXT_MAX = 200;

/** The same pending edges with another kind. */
export function asKind(preds: Pending, kind: CfgEdgeKind): Pending {
  return preds.map((p) => ({ from: p.from, kind }));
}

/** The statement of an `else` clause (or the alternative itself). */
export function elseBody(alt: SyntaxNode | null): SyntaxNode | null {
  if (alt === null) return null;
  if (alt.type !== 'else_clause') return alt;
  return alt.namedChildren.find((c) => c.type !== 'comment') ?? null;
}

/** `case X:` or `default:`. */
export function caseText(stmt: SyntaxNode): string {
  const value = stmt.childForFieldName('value');
  return value === null ? 'default:' : `case ${value.text}:`;
}

/** A condition without its outer parentheses. */
export function stripParens(s: string): string {
  const t = s.trim();
  return t.startsWith('(') && t.endsWith(')') ? t.slice(1, -1).trim() : t;
}

/** Whitespace collapsed, cut at 200 characters. */
export function condense(s: string): string {
  const c = s.replace(/\s+/g, ' ').trim();
  return c.length > TEXT_MAX ? `${c.slice(0, TEXT_MAX - 1)}…` : c;
}

/** `inner` lies inside `outer`. */
export function within(inner: Span, outer: Span): boolean {
  const after = inner.line > outer.line || (inner.line === outer.line && inner.col >= outer.col);
  const before = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endCol <= outer.endCol);
  return after && before;
}

/** How a scope exit releases `r`, e.g. `release mutex(&m)`, `kfree(p)`. */
export function describe(r: ScopedResource): string {
  switch (r.kind) {
    case 'guard':
    case 'scoped-guard':
      return `release ${r.name}(${r.args.join(', ')})`;
    case 'free':
      return `${r.name}(${r.variable ?? ''})`;
    case 'class':
      return `~${r.name}(${r.variable ?? ''})`;
  }
}
