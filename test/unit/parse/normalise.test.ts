import { describe, expect, it } from 'vitest';
import { parseC } from '../../../src/parse/load.js';
import { normaliseKernelC, type MacroSite } from '../../../src/parse/normalise.js';
import { c } from './helpers.js';

const kinds = (sites: readonly MacroSite[]): string[] => sites.map((s) => `${s.macro}:${s.meaning.kind}`);

function errorsIn(text: string): boolean {
  return parseC(text).rootNode.hasError;
}

describe('normaliseKernelC', () => {
  it('keeps length and every newline', () => {
    const src = c`
      static int __init foo_init(void)
      {
      	scoped_guard(mutex,
      		     &foo_lock) {
      		foo_count++;
      	}
      	return 0;
      }
      module_init(foo_init);
    `;
    const out = normaliseKernelC(src).text;
    expect(out).toHaveLength(src.length);
    expect([...out].map((ch, i) => (ch === '\n' ? i : -1)).filter((i) => i >= 0))
      .toEqual([...src].map((ch, i) => (ch === '\n' ? i : -1)).filter((i) => i >= 0));
  });

  it('turns a cleanup.h function into a tree without errors and records each macro', () => {
    const src = c`
      static int demo_add(struct demo *d, u64 start)
      {
      	struct demo_res *res __free(kfree) = kzalloc(sizeof(*res), GFP_KERNEL);
      	struct demo_item *it;

      	guard(rwsem_write)(&demo_rwsem);
      	if (!res)
      		return -ENOMEM;
      	scoped_guard(spinlock_irqsave, &d->lock) {
      		d->pending++;
      	}
      	list_for_each_entry(it, &d->items, node) {
      		if (it->start == start)
      			return -EEXIST;
      	}
      	d->res = no_free_ptr(res);
      	return 0;
      }
    `;
    expect(errorsIn(src)).toBe(true);
    const n = normaliseKernelC(src);
    expect(errorsIn(n.text)).toBe(false);
    expect(kinds(n.sites)).toEqual([
      '__free:cleanup-attribute', 'guard:guard', 'scoped_guard:scoped-guard',
      'list_for_each_entry:iterator-loop', 'no_free_ptr:ownership-transfer',
    ]);
    const free = n.sites[0];
    expect(free?.meaning).toEqual({ kind: 'cleanup-attribute', fn: 'kfree', variable: 'res' });
    expect(free?.span).toMatchObject({ line: 3, col: 23 });
    expect(n.sites[1]?.meaning).toEqual({ kind: 'guard', lockClass: 'rwsem_write', args: ['&demo_rwsem'] });
    expect(n.sites[2]?.meaning).toEqual({ kind: 'scoped-guard', lockClass: 'spinlock_irqsave', args: ['&d->lock'], conditional: false });
    expect(n.sites[4]?.meaning).toEqual({ kind: 'ownership-transfer', variable: 'res', returns: false });
  });

  it('rewrites scoped_cond_guard into if (…) fail; else', () => {
    const src = 'int f(struct d *d)\n{\n\tscoped_cond_guard(mutex_intr, return -EINTR, &d->lock) {\n\t\td->n++;\n\t}\n\treturn 0;\n}\n';
    const n = normaliseKernelC(src);
    expect(n.text.split('\n')[2]).toBe(`\tif${' '.repeat(15)}(mutex_intr) return -EINTR;else${' '.repeat(7)}{`);
    expect(errorsIn(n.text)).toBe(false);
    expect(n.sites[0]?.meaning).toEqual({ kind: 'scoped-cond-guard', lockClass: 'mutex_intr', fail: 'return -EINTR', args: ['&d->lock'] });
  });

  it('keeps the opening parenthesis where it was, even after a space or a newline', () => {
    const src = 'void f(void)\n{\n\txa_for_each (&xa, i, e)\n\t\tput(e);\n\tscoped_guard\n\t\t(mutex, &m) {\n\t\tx++;\n\t}\n}\n';
    const n = normaliseKernelC(src);
    expect(n.text.split('\n').slice(2, 6)).toEqual(['\twhile       (&xa, i, e)', '\t\tput(e);', '\twhile       ', '\t\t(mutex, &m) {']);
    expect(errorsIn(n.text)).toBe(false);
  });

  it('finds the variable of __free() past other annotations', () => {
    const n = normaliseKernelC('void f(void)\n{\n\tstruct a *p __maybe_unused __free(kfree) = NULL;\n}\n');
    expect(n.sites.map((s) => s.meaning)).toContainEqual({ kind: 'cleanup-attribute', fn: 'kfree', variable: 'p' });
  });

  it('tells iterator loops from calls: device_for_each_child(...); is a call', () => {
    const src = c`
      int f(struct device *dev)
      {
      	struct device_node *child;

      	for_each_child_of_node(dev->of_node, child) {
      		of_node_put(child);
      	}
      	return device_for_each_child(dev, NULL, check_one);
      }
    `;
    const n = normaliseKernelC(src);
    expect(kinds(n.sites)).toEqual(['for_each_child_of_node:iterator-loop']);
    expect(errorsIn(n.text)).toBe(false);
  });

  it('does not treat a function named like an iterator as a loop', () => {
    const src = 'int xa_for_each_thing(struct xarray *xa)\n{\n\treturn 0;\n}\n';
    expect(normaliseKernelC(src).sites).toEqual([]);
  });

  it('blanks annotations and file-scope macros and records them', () => {
    const src = c`
      static DEVICE_ATTR_RO(size);
      DEFINE_FREE(demo_put, struct demo *, if (_T) demo_put(_T))
      static void __iomem *base;
      int __must_check demo_probe(struct demo __rcu *d) __acquires(&d->lock);
      EXPORT_SYMBOL_NS_GPL(demo_probe, "DEMO");
      MODULE_LICENSE("GPL");
      module_platform_driver(demo_driver);
    `;
    const n = normaliseKernelC(src);
    expect(kinds(n.sites)).toEqual([
      'DEVICE_ATTR_RO:file-scope', 'DEFINE_FREE:file-scope', '__iomem:attribute', '__must_check:attribute',
      '__rcu:attribute', '__acquires:attribute', 'EXPORT_SYMBOL_NS_GPL:file-scope', 'MODULE_LICENSE:file-scope',
      'module_platform_driver:file-scope',
    ]);
    expect(n.sites[1]?.meaning).toEqual({ kind: 'file-scope', args: ['demo_put', 'struct demo *', 'if (_T) demo_put(_T)'] });
    expect(errorsIn(n.text)).toBe(false);
  });

  it('leaves a DECLARE_*() with an initialiser alone (a variable, not a file-scope statement)', () => {
    const src = '\tDECLARE_BITMAP(cmds, 64) = {};\n\tint i;\n';
    expect(normaliseKernelC(src)).toEqual({ text: src, sites: [] });
  });

  it('makes type arguments of container_of-like macros identifiers, not sizeof', () => {
    const src = 'struct a *f(struct b *p)\n{\n\tint n = sizeof(struct a);\n\treturn container_of(p, struct a, b);\n}\n';
    expect(errorsIn(src)).toBe(true);
    const n = normaliseKernelC(src);
    expect(kinds(n.sites)).toEqual(['struct:type-argument']);
    expect(n.text).toContain('sizeof(struct a)');
    expect(errorsIn(n.text)).toBe(false);
  });

  it('leaves macros in comments, strings and #define bodies alone', () => {
    const src = '/* guard(mutex)(&m); */\nconst char *s = "scoped_guard(mutex, &m) {";\n#define LOCKED() scoped_guard(mutex, &m) { \\\n\tx++; }\n';
    const n = normaliseKernelC(src);
    expect(n.text).toBe(src);
    expect(n.sites).toEqual([]);
  });
});
