import { describe, expect, it } from 'vitest';
import { parseC, parserSelfTest } from '../../../src/parse/load.js';

describe('parser loading', () => {
  it('passes its start-up self-test', () => {
    expect(parserSelfTest()).toEqual({ ok: true });
  });

  it('reports a native load failure in one line', () => {
    const res = parserSelfTest(() => {
      throw new Error('Cannot find module tree-sitter.node\nRequire stack:\n- x');
    });
    expect(res).toEqual({ ok: false, error: 'native C parser (tree-sitter/tree-sitter-c) failed to load: Cannot find module tree-sitter.node' });
  });

  it('parses texts far larger than 32 KB', () => {
    const fn = 'static int f(int a)\n{\n\treturn a + 1;\n}\n';
    const text = fn.repeat(5000);
    expect(text.length).toBeGreaterThan(32 * 1024 * 4);
    const tree = parseC(text);
    expect(tree.rootNode.hasError).toBe(false);
    expect(tree.rootNode.namedChildren.filter((n) => n.type === 'function_definition')).toHaveLength(5000);
  });

  it('reports columns in UTF-16 units, like JavaScript strings', () => {
    const text = '/* é — ü */ int g(void) { return 0; }\n';
    const fn = parseC(text).rootNode.namedChildren.find((n) => n.type === 'function_definition');
    expect(fn?.startPosition.column).toBe(text.indexOf('int'));
  });
});
