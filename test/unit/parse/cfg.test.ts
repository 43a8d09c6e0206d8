import { describe, expect, it } from 'vitest';
import { nodeAt } from '../../../src/parse/cfg-query.js';
import { enumeratePaths, effectiveCleanups } from '../../../src/parse/paths.js';
import { c, cfgOf, effectStrings, exits, pathStrings } from './helpers.js';

describe('guard(): released at the end of the enclosing scope', () => {
  it('releases on the early return and on the normal return', () => {
    const cfg = cfgOf(c`
      int demo_bump(struct demo *d)
      {
      	guard(mutex)(&d->lock);
      	if (!d->ready)
      		return -EBUSY;
      	d->count++;
      	return 0;
      }
    `);
    expect(effectStrings(cfg)).toEqual([
      'acquire:guard(mutex)(&d->lock); > return:-EBUSY > cleanup:release mutex(&d->lock) [return]',
      'acquire:guard(mutex)(&d->lock); > return:0 > cleanup:release mutex(&d->lock) [return]',
    ]);
    expect(cfg.resources).toEqual([{ id: 0, kind: 'guard', name: 'mutex', variable: null, args: ['&d->lock'], span: { line: 3, col: 2, endLine: 3, endCol: 24 } }]);
  });

  it('releases a guard taken in an inner block before the statement after the block', () => {
    const cfg = cfgOf(c`
      void demo_set(struct demo *d)
      {
      	if (d->x) {
      		guard(spinlock_irqsave)(&d->lock);
      		d->y = 1;
      	}
      	d->z = 2;
      }
    `);
    expect(pathStrings(cfg)).toEqual([
      'branch > acquire:guard(spinlock_irqsave)(&d->lock); > statement > cleanup:release spinlock_irqsave(&d->lock) > statement [end]',
      'branch > statement [end]',
    ]);
  });
});

describe('scoped_guard(): released at the end of its block', () => {
  it('releases at block end; break leaves the guard block, not the enclosing loop', () => {
    const cfg = cfgOf(c`
      int demo_scan(struct demo *d)
      {
      	int i;

      	for (i = 0; i < 4; i++) {
      		scoped_guard(mutex, &d->lock) {
      			if (d->v[i])
      				break;
      			d->n++;
      		}
      		d->m++;
      	}
      	return 0;
      }
    `);
    // `int i;`, `i = 0`, head; after the guard block: `d->m++`, `i++`, head again, exit.
    expect(pathStrings(cfg, { loopBound: 1 })).toEqual([
      'statement > statement > loop > acquire:scoped_guard(mutex, &d->lock) > branch > break > cleanup:release mutex(&d->lock) > statement > statement > loop > return:0 [return]',
      'statement > statement > loop > acquire:scoped_guard(mutex, &d->lock) > branch > statement > cleanup:release mutex(&d->lock) > statement > statement > loop > return:0 [return]',
      'statement > statement > loop > return:0 [return]',
    ]);
    expect(pathStrings(cfg, { loopBound: 0 })).toEqual(['statement > statement > loop > return:0 [return]']);
  });

  it('a conditional class may skip the block without releasing', () => {
    const cfg = cfgOf(c`
      int demo_try(struct demo *d)
      {
      	scoped_guard(mutex_try, &d->lock)
      		d->n++;
      	return 0;
      }
    `);
    expect(effectStrings(cfg)).toEqual([
      'acquire:scoped_guard(mutex_try, &d->lock) > cleanup:release mutex_try(&d->lock) > return:0 [return]',
      'return:0 [return]',
    ]);
  });

  it('scoped_cond_guard runs its fail statement without the lock', () => {
    const cfg = cfgOf(c`
      int demo_intr(struct demo *d)
      {
      	scoped_cond_guard(mutex_intr, return -EINTR, &d->lock) {
      		d->n++;
      	}
      	return 0;
      }
    `);
    expect(effectStrings(cfg)).toEqual([
      'return:-EINTR [return]',
      'acquire:scoped_cond_guard(mutex_intr, &d->lock) > cleanup:release mutex_intr(&d->lock) > return:0 [return]',
    ]);
  });
});

describe('__free(): runs at scope exit unless ownership left', () => {
  it('no_free_ptr() makes the cleanup ineffective on the success path only', () => {
    const cfg = cfgOf(c`
      int demo_attach(struct demo *d)
      {
      	struct demo_buf *b __free(kfree) = kzalloc(sizeof(*b), GFP_KERNEL);

      	if (!b)
      		return -ENOMEM;
      	if (d->bad)
      		return -EINVAL;
      	d->buf = no_free_ptr(b);
      	return 0;
      }
    `);
    const res = enumeratePaths(cfg).paths.map((p) => {
      const ret = p.nodes.map((n) => cfg.nodes[n]).find((n) => n?.kind === 'return')?.text;
      return `${ret}: ${effectiveCleanups(cfg, p).map((x) => `${x.resource.name}(${x.resource.variable}) ${x.effective ? 'runs' : 'no-op'}`).join(', ')}`;
    });
    expect(res).toEqual(['-ENOMEM: kfree(b) runs', '-EINVAL: kfree(b) runs', '0: kfree(b) no-op']);
  });

  it('return_ptr() is a return that takes ownership', () => {
    const cfg = cfgOf(c`
      struct demo_buf *demo_make(struct demo *d)
      {
      	struct demo_buf *b __free(kfree) = kzalloc(sizeof(*b), GFP_KERNEL);

      	if (!b)
      		return NULL;
      	if (demo_fill(d, b))
      		return NULL;
      	return_ptr(b);
      }
    `);
    const { paths } = enumeratePaths(cfg);
    expect(paths.map((p) => p.end)).toEqual(['return', 'return', 'return']);
    expect(paths.map((p) => effectiveCleanups(cfg, p).map((x) => x.effective))).toEqual([[true], [true], [false]]);
  });

  it('releases several scoped resources innermost first', () => {
    const cfg = cfgOf(c`
      int demo_two(struct demo *d)
      {
      	struct demo_buf *a __free(kfree) = kzalloc(8, GFP_KERNEL);
      	guard(rwsem_read)(&d->sem);
      	struct device *dev __free(put_device) = get_device(d->dev);

      	return demo_use(a, dev);
      }
    `);
    expect(effectStrings(cfg)).toEqual([
      'acquire:guard(rwsem_read)(&d->sem); > return:demo_use(a, dev) > cleanup:put_device(dev) > cleanup:release rwsem_read(&d->sem) > cleanup:kfree(a) [return]',
    ]);
  });
});

describe('CLASS() and retain_and_null_ptr()', () => {
  it('a CLASS() object is destroyed on every exit of its scope', () => {
    const cfg = cfgOf(c`
      int demo_fd(int fd)
      {
      	CLASS(fd, f)(fd);

      	if (fd_empty(f))
      		return -EBADF;
      	return demo_use(fd_file(f));
      }
    `);
    expect(cfg.resources.map((r) => [r.kind, r.name, r.variable, r.args])).toEqual([['class', 'fd', 'f', ['fd']]]);
    expect(exits(cfg)).toEqual(['-EBADF | fd(f)', 'demo_use(fd_file(f)) | fd(f)']);
  });

  it('retain_and_null_ptr() keeps the object and disarms the cleanup', () => {
    const cfg = cfgOf(c`
      int demo_keep(struct demo *d)
      {
      	struct demo_buf *b __free(kfree) = kzalloc(8, GFP_KERNEL);
      	int rc;

      	if (!b)
      		return -ENOMEM;
      	rc = demo_register(d, b);
      	if (rc)
      		return rc;
      	retain_and_null_ptr(b);
      	return 0;
      }
    `);
    expect(exits(cfg)).toEqual(['-ENOMEM | kfree(b)', 'rc | kfree(b)', '0 | kfree(b) no-op']);
  });
});

describe('goto and labels', () => {
  it('resolves an unwind ladder; each error path runs the undo steps below its label', () => {
    const cfg = cfgOf(c`
      int demo_setup(struct demo *d)
      {
      	int rc;

      	rc = demo_a(d);
      	if (rc)
      		return rc;
      	rc = demo_b(d);
      	if (rc)
      		goto err_a;
      	rc = demo_c(d);
      	if (rc)
      		goto err_b;
      	return 0;

      err_b:
      	undo_b(d);
      err_a:
      	undo_a(d);
      	return rc;
      }
    `);
    expect(cfg.gotos.map((g) => [g.label, g.target !== null])).toEqual([['err_a', true], ['err_b', true]]);
    expect(cfg.labels.map((l) => l.name)).toEqual(['err_b', 'err_a']);
    const texts = enumeratePaths(cfg).paths.map((p) => p.nodes.map((n) => cfg.nodes[n]).filter((n) => n?.kind === 'statement' || n?.kind === 'label' || n?.kind === 'return').map((n) => n?.text).join(' | '));
    expect(texts.map((t) => t.replace(/^int rc; \| /, ''))).toEqual([
      'rc = demo_a(d); | rc',
      'rc = demo_a(d); | rc = demo_b(d); | err_a: | undo_a(d); | rc',
      'rc = demo_a(d); | rc = demo_b(d); | rc = demo_c(d); | err_b: | undo_b(d); | err_a: | undo_a(d); | rc',
      'rc = demo_a(d); | rc = demo_b(d); | rc = demo_c(d); | 0',
    ]);
  });

  it('a goto out of a guard scope releases the lock on the way; unknown labels are reported', () => {
    const cfg = cfgOf(c`
      int demo_out(struct demo *d)
      {
      	int rc = 0;

      	{
      		guard(mutex)(&d->lock);
      		if (d->bad) {
      			rc = -EIO;
      			goto out;
      		}
      		if (d->worse)
      			goto nowhere;
      	}
      out:
      	return rc;
      }
    `);
    expect(cfg.gotos.map((g) => [g.label, g.target === null ? 'unresolved' : 'resolved'])).toEqual([['out', 'resolved'], ['nowhere', 'unresolved']]);
    expect(effectStrings(cfg)).toEqual([
      'acquire:guard(mutex)(&d->lock); > cleanup:release mutex(&d->lock) > return:rc [return]',
      'acquire:guard(mutex)(&d->lock); [unresolved]',
      'acquire:guard(mutex)(&d->lock); > cleanup:release mutex(&d->lock) > return:rc [return]',
    ]);
  });
});

describe('switch and loops', () => {
  it('switch: fallthrough edge into the next case, break to after, default', () => {
    const cfg = cfgOf(c`
      int demo_mode(int x)
      {
      	int r = 0;

      	switch (x) {
      	case 1:
      		r += 1;
      		fallthrough;
      	case 2:
      		r += 2;
      		break;
      	default:
      		r = -1;
      	}
      	return r;
      }
    `);
    expect(cfg.edges.filter((e) => e.kind === 'fallthrough').map((e) => cfg.nodes[e.to]?.text)).toEqual(['case 2:']);
    const cases = enumeratePaths(cfg).paths.map((p) => p.nodes.map((n) => cfg.nodes[n]).filter((n) => n?.kind === 'case').map((n) => n?.text).join(' '));
    expect(cases).toEqual(['case 1: case 2:', 'case 2:', 'default:']);
  });

  it('a switch without default can skip every case', () => {
    const cfg = cfgOf('int f(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n');
    expect(effectStrings(cfg)).toEqual(['return:1 [return]', 'return:0 [return]']);
  });

  it('for loop: continue goes to the update, break leaves the loop', () => {
    const cfg = cfgOf(c`
      int demo_count(struct demo *d)
      {
      	int i, n = 0;

      	for (i = 0; i < d->nr; i++) {
      		if (d->skip[i])
      			continue;
      		if (d->stop[i])
      			break;
      		n++;
      	}
      	return n;
      }
    `);
    const after = (kind: string): string[] => cfg.edges.filter((e) => cfg.nodes[e.from]?.kind === kind).map((e) => `${e.kind}->${cfg.nodes[e.to]?.text}`);
    expect(after('continue')).toEqual(['continue->i++']);
    expect(after('break')).toEqual(['break->n']);
    expect(cfg.edges.filter((e) => e.kind === 'back').map((e) => `${cfg.nodes[e.from]?.text}->${cfg.nodes[e.to]?.text}`)).toEqual(['i++->i < d->nr']);
  });

  it('iterator macros are loops; a goto out of one lands on its label', () => {
    const cfg = cfgOf(c`
      int demo_find(struct demo *d, u64 start)
      {
      	struct demo_item *it;

      	list_for_each_entry(it, &d->items, node) {
      		if (it->start == start)
      			goto found;
      	}
      	return -ENOENT;
      found:
      	device_for_each_child(d->dev, it, demo_check);
      	return 0;
      }
    `);
    const loops = cfg.nodes.filter((n) => n.kind === 'loop');
    expect(loops.map((n) => [n.macro, n.text])).toEqual([['list_for_each_entry', 'list_for_each_entry(it, &d->items, node)']]);
    expect(cfg.nodes.find((n) => n.text.startsWith('device_for_each_child'))?.kind).toBe('statement');
    expect(cfg.gotos[0]?.target).not.toBeNull();
  });

  it('do { } while (0) does not loop', () => {
    const cfg = cfgOf('void f(int x)\n{\n\tdo {\n\t\tx++;\n\t} while (0);\n}\n');
    expect(cfg.edges.some((e) => e.kind === 'back')).toBe(false);
    expect(enumeratePaths(cfg).paths).toHaveLength(1);
  });
});

describe('CFG as data', () => {
  const src = c`
    int demo_data(struct demo *d)
    {
    	guard(mutex)(&d->lock);
    	if (demo_check(d))
    		return -EINVAL;
    	return demo_commit(d);
    }
  `;

  it('is plain serialisable data (JSON round trip is lossless)', () => {
    const cfg = cfgOf(src);
    expect(JSON.parse(JSON.stringify(cfg))).toEqual(cfg);
  });

  it('nodeAt finds the node that evaluates a position', () => {
    const cfg = cfgOf(src);
    expect(nodeAt(cfg, 4, 6)?.kind).toBe('branch'); // demo_check( in the condition
    expect(nodeAt(cfg, 6, 9)).toMatchObject({ kind: 'return', text: 'demo_commit(d)' });
    expect(nodeAt(cfg, 3, 2)?.kind).toBe('acquire');
    expect(nodeAt(cfg, 2, 1)).toBeNull();
  });
});
