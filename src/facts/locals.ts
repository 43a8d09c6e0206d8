/**
 * Local variable declarations with their declared types: `unsigned int n;`, `u32 id = 0;`,
 * `struct foo *f;`. For questions about a variable's type (a negative errno stored in an
 * unsigned variable). Nested blocks included; names are as declared (shadowing is not resolved).
 */
import type { SyntaxNode } from '../parse/load.js';
import { declaredName } from './calls.js';
import type { LocalFact } from './types.js';
import { descendants, spanOf, squash, type NodeLocator } from './syntax.js';

const DECLARATION = new Set(['declaration']);
const INDIRECT = new Set(['pointer_declarator', 'array_declarator', 'function_declarator']);

/** Locals of a function body, in document order. */
export function extractLocals(body: SyntaxNode, locator: NodeLocator): LocalFact[] {
  const out: LocalFact[] = [];
  for (const decl of descendants(body, DECLARATION)) {
    const typeNode = decl.childForFieldName('type');
    if (typeNode === null) continue;
    // qualifiers before the type (`const`, `unsigned` on its own stays in the type text)
    const type = squash(typeNode.text);
    for (const d of decl.childrenForFieldName('declarator')) {
      const name = declaredName(d);
      if (name === null) continue;
      const span = spanOf(decl);
      out.push({ name, type, indirect: isIndirect(d), node: locator.locate(span), line: span.line });
    }
  }
  return out;
}

/** The declarator makes a pointer, array or function (`*p`, `a[4]`, `(*fn)(void)`), looking through `= init`. */
function isIndirect(d: SyntaxNode): boolean {
  let cur: SyntaxNode | null = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
  while (cur !== null) {
    if (INDIRECT.has(cur.type)) return true;
    if (cur.type === 'identifier') return false;
    cur = cur.childForFieldName('declarator');
  }
  return false;
}
