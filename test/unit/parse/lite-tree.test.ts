import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type Parser from 'tree-sitter';
import { loadParser } from '../../../src/parse/load.js';
import { LiteTree, type LiteNode } from '../../../src/parse/lite-tree.js';
import { normaliseKernelC } from '../../../src/parse/normalise.js';

const FIELDS = ['alternative', 'argument', 'arguments', 'body', 'condition', 'consequence', 'declarator', 'field',
  'function', 'initializer', 'label', 'left', 'name', 'operator', 'parameters', 'right', 'type', 'update', 'value'];

/** Every difference between the native tree and the lite one, as `path: what`. */
function differences(text: string): string[] {
  const native = loadParser().parse(text);
  const lite = new LiteTree(text, native, 'root');
  const out: string[] = [];
  const pt = (p: { row: number; column: number }) => `${p.row}:${p.column}`;
  const key = (n: { startIndex: number; endIndex: number; type: string } | null) => (n === null ? '-' : `${n.type}@${n.startIndex}-${n.endIndex}`);
  const cmp = (n: Parser.SyntaxNode, l: LiteNode, path: string) => {
    const got = [l.type, l.isNamed, l.isMissing, l.isError, l.hasError, l.startIndex, l.endIndex, pt(l.startPosition), pt(l.endPosition), l.text, l.children.length, l.namedChildren.length];
    const want = [n.type, n.isNamed, n.isMissing, n.isError, n.hasError, n.startIndex, n.endIndex, pt(n.startPosition), pt(n.endPosition), n.text, n.children.length, n.namedChildren.length];
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${path}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    for (const f of FIELDS) {
      if (key(l.childForFieldName(f)) !== key(n.childForFieldName(f))) out.push(`${path}: field ${f}`);
      if (l.childrenForFieldName(f).map(key).join() !== n.childrenForFieldName(f).map(key).join()) out.push(`${path}: fields ${f}`);
    }
    n.children.forEach((c, i) => { const lc = l.children[i]; if (lc !== undefined) cmp(c, lc, `${path}/${i}`); });
  };
  cmp(native.rootNode, lite.rootNode, '');
  for (const types of [['identifier'], ['call_expression', 'init_declarator'], ['comment', 'string_literal', 'ERROR']]) {
    const a = native.rootNode.descendantsOfType(types).map(key).join();
    const b = lite.rootNode.descendantsOfType(types).map(key).join();
    if (a !== b) out.push(`descendantsOfType ${types.join()}`);
  }
  return out;
}

describe('LiteTree (tree-sitter read once into plain objects)', () => {
  it('matches the native nodes on clean code, with UTF-16 columns', () => {
    expect(differences('/* é — ü */ static int g(int *p, char c)\n{\n\tint x = f(p) + 1;\n\tif (!x)\n\t\treturn -EINVAL;\n\treturn x;\n}\n')).toEqual([]);
  });

  it('matches on ERROR and MISSING nodes, a lexer error and a hidden MISSING token', () => {
    expect(differences('int f(void)\n{\n\tint x = ;\n\tfoo(@bar, 1;\n\tif (x) {\n')).toEqual([]);
    expect(differences('\tstatic void (struct a *a, int b,\n\tint c) { return }\n}\n')).toEqual([]);
    expect(differences('#define cxl_foreach(ctx, m) \\\n        for (m = first(ctx); \\\n')).toEqual([]);
  });

  it('skips an empty node at the very start in descendantsOfType, as the native walk does', () => {
    expect(differences('\n\n\t.submit = nd_submit,\n};\nstatic void f(void) { g(); }\n')).toEqual([]);
  });

  it('matches on every function of the demo series', () => {
    const mbox = readFileSync('corpus/series/0001-demo-widget-v2.mbox', 'utf8');
    const added = mbox.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1)).join('\n');
    expect(differences(normaliseKernelC(added).text)).toEqual([]);
  });
});
