/**
 * Calls as facts: every call expression in a function, with its arguments, the CFG node it
 * belongs to, and where its result goes. Kernel API meaning is added by `classify.ts`.
 */
import type { SyntaxNode } from '../parse/load.js';
import type { CallSite } from './types.js';
import { descendants, squash, spanOf, type NodeLocator } from './syntax.js';

const CALL = new Set(['call_expression']);
/** cleanup.h syntax the CFG already models as scoped resources. */
const SCOPED_SYNTAX = new Set(['guard', 'scoped_guard', 'scoped_cond_guard', 'CLASS', '__free']);

/** Extract the calls of a function body. */
export function extractCalls(body: SyntaxNode, locator: NodeLocator, kindOf: (node: number) => string | undefined): CallSite[] {
  const out: CallSite[] = [];
  for (const call of descendants(body, CALL)) {
    const fn = call.childForFieldName('function');
    if (fn === null) continue;
    if (fn.type === 'call_expression') continue; // guard(cls)(args): the inner call names the class
    const callee = squash(fn.text);
    if (SCOPED_SYNTAX.has(callee)) continue;
    const argList = call.childForFieldName('arguments');
    const args = argList === null ? [] : argList.namedChildren.filter(a => a.type !== 'comment').map(a => squash(a.text));
    const span = spanOf(call);
    const node = locator.locate(span);
    if (node === null) continue;
    const kind = kindOf(node);
    out.push({
      callee, args, node, span,
      assignedTo: resultTarget(call),
      inCondition: kind === 'branch' || kind === 'loop' || kind === 'switch',
      returned: kind === 'return',
    });
  }
  return out;
}

/** `x = call()`, `T *x = call()`, `x = (T)call()`: the lvalue receiving the result. */
function resultTarget(call: SyntaxNode): string | null {
  let node = call;
  let parent = node.parent;
  while (parent !== null && (parent.type === 'parenthesized_expression' || parent.type === 'cast_expression')) {
    node = parent;
    parent = parent.parent;
  }
  if (parent === null) return null;
  if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    return left === null ? null : squash(left.text);
  }
  if (parent.type === 'init_declarator' && parent.childForFieldName('value')?.id === node.id) {
    return declaredName(parent.childForFieldName('declarator'));
  }
  return null;
}

/** The identifier a declarator declares (`*p`, `p[4]`, `(*p)`). */
export function declaredName(decl: SyntaxNode | null): string | null {
  let d = decl;
  while (d !== null && d.type !== 'identifier') {
    d = d.childForFieldName('declarator') ?? d.namedChildren.find(c => c.type === 'identifier' || c.type.endsWith('declarator')) ?? null;
  }
  return d === null ? null : d.text;
}
