import { describe, expect, it } from 'vitest';
import { analyseFunctions } from '../../../src/parse/analyse.js';
import { findFunctions, parseStats } from '../../../src/parse/functions.js';
import { c } from './helpers.js';

/** A fragment-shaped text: `seen` maps real line numbers to text; other lines are empty. */
function image(total: number, seen: Record<number, string>): string {
  return Array.from({ length: total }, (_, i) => seen[i + 1] ?? '').join('\n');
}

/** Lines of `text` placed from real line `first` on. */
function at(first: number, text: string): Record<number, string> {
  return Object.fromEntries(text.split('\n').map((l, i) => [first + i, l]));
}

describe('findFunctions on whole files', () => {
  it('reports name, span, params, return type, storage and header annotations', () => {
    const src = c`
      static int __must_check demo_add(struct demo *d,
      				 u64 start, const char *name)
      {
      	return 0;
      }

      struct demo_res *demo_get(void)
      {
      	return NULL;
      }
    `;
    const fns = findFunctions(src);
    expect(fns.map((f) => [f.name, f.kind, f.span.line, f.span.endLine])).toEqual([
      ['demo_add', 'complete', 1, 5],
      ['demo_get', 'complete', 7, 10],
    ]);
    const [add, get] = fns;
    expect(add?.params.map((p) => [p.type, p.name])).toEqual([
      ['struct demo *', 'd'], ['u64', 'start'], ['const char *', 'name'],
    ]);
    expect(add?.isStatic).toBe(true);
    expect(add?.attributes).toEqual(['__must_check']);
    expect(add?.returnType).toBe('int');
    expect(get?.returnType).toBe('struct demo_res *');
    expect(get?.params).toEqual([{ name: null, type: 'void', span: { line: 7, col: 27, endLine: 7, endCol: 31 } }]);
    expect(fns.every((f) => !f.hasErrorNodes)).toBe(true);
  });
});

describe('findFunctions on fragments', () => {
  const fnA = c`
    static void demo_release(void *data)
    {
    	struct demo *d = data;

    	kfree(d->buf);
    }
  `;

  it('a definition wholly inside one fragment is complete', () => {
    const text = image(40, at(10, fnA));
    const fns = findFunctions(text, { fragments: [[10, 15]] });
    expect(fns).toHaveLength(1);
    expect(fns[0]).toMatchObject({ name: 'demo_release', kind: 'complete', seenStart: true, seenEnd: true, fragment: [10, 15] });
  });

  it('a function whose end was not seen is partial, analysed from its start', () => {
    const text = image(40, at(10, 'static int demo_probe(struct device *dev)\n{\n\tint rc;\n\n\trc = demo_init(dev);\n\tif (rc)'));
    const [fn] = findFunctions(text, { fragments: [[10, 15]] });
    expect(fn).toMatchObject({ name: 'demo_probe', kind: 'partial', seenStart: true, seenEnd: false, hasErrorNodes: false });
    expect(fn?.span).toMatchObject({ line: 10, endLine: 15 });
    expect(fn?.params.map((p) => p.name)).toEqual(['dev']);
  });

  it('a body seen without its start is partial with an unknown name', () => {
    const text = image(60, at(30, '\t\tgoto err;\n\treturn 0;\nerr:\n\tdemo_undo(d);\n\treturn rc;\n}\n\nstatic int demo_next(void)\n{\n\treturn 1;\n}'));
    const fns = findFunctions(text, { fragments: [[30, 40]] });
    expect(fns.map((f) => [f.name, f.kind, f.seenStart, f.seenEnd, f.span.line, f.span.endLine])).toEqual([
      [null, 'partial', false, true, 30, 35],
      ['demo_next', 'complete', true, true, 37, 40],
    ]);
    expect(fns.every((f) => !f.hasErrorNodes)).toBe(true);
  });

  it('a fragment in the middle of a body is one partial function', () => {
    const text = image(50, at(20, '\tif (!d)\n\t\treturn -ENODEV;\n\tdemo_start(d);'));
    const fns = findFunctions(text, { fragments: [[20, 22]] });
    expect(fns.map((f) => [f.name, f.kind, f.seenStart, f.seenEnd])).toEqual([[null, 'partial', false, false]]);
  });

  it('a fragment of tab-indented calls only is body code too', () => {
    const text = image(50, at(20, '\tdemo_start(d);\n\tdemo_wait(d,\n\t\t  HZ);'));
    const fns = findFunctions(text, { fragments: [[20, 22]] });
    expect(fns.map((f) => [f.name, f.kind, f.hasErrorNodes])).toEqual([[null, 'partial', false]]);
    const decl = image(50, at(20, 'static const int demo_max =\n\tDEMO_MAX;\nint demo_x;'));
    expect(findFunctions(decl, { fragments: [[20, 22]] })).toEqual([]);
  });

  it('a function split over two fragments is never complete', () => {
    const lines = fnA.split('\n');
    const seen = { ...at(10, lines.slice(0, 3).join('\n')), ...at(20, lines.slice(4).join('\n')) };
    const fns = findFunctions(image(40, seen), { fragments: [[10, 12], [20, 21]] });
    expect(fns.some((f) => f.kind === 'complete')).toBe(false);
  });

  it('an initialiser tail or a comment tail is not a function', () => {
    const text = image(30, at(5, ' * @dev: the device, for each child\n */\nstatic const struct attribute *demo_attrs[] = {\n\t&dev_attr_size.attr,\n\tNULL,\n};'));
    expect(findFunctions(text, { fragments: [[5, 10]] })).toEqual([]);
    const tail = image(30, at(5, '\t&dev_attr_size.attr,\n\tNULL,\n};'));
    expect(findFunctions(tail, { fragments: [[5, 7]] })).toEqual([]);
  });
});

describe('parseStats', () => {
  it('counts the share of complete functions with ERROR/MISSING nodes', () => {
    const src = 'int ok(void)\n{\n\treturn 0;\n}\nint bad(void)\n{\n\treturn 0 0;\n}\n';
    const stats = parseStats(findFunctions(src));
    expect(stats).toEqual({ functions: 2, complete: 2, withErrorNodes: 1, errorNodeRate: 0.5 });
  });
});

describe('analyseFunctions', () => {
  it('returns plain data only: a JSON round trip is lossless', () => {
    const src = 'int demo(struct demo *d)\n{\n\tstruct demo_buf *b __free(kfree) = NULL;\n\tguard(mutex)(&d->lock);\n\treturn 0;\n}\n';
    const out = analyseFunctions(src);
    expect(out).toHaveLength(1);
    expect(out[0]?.sites.map((s) => s.macro)).toEqual(['__free', 'guard']);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});
