import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'scope-based cleanup only, early returns',
      code: c`
        int foo_probe(struct foo *f)
        {
        	struct foo_buf *buf __free(kfree) = kzalloc(sizeof(*buf), GFP_KERNEL);
        	int rc;

        	if (!buf)
        		return -ENOMEM;
        	guard(mutex)(&f->lock);
        	rc = foo_fill(f, buf);
        	if (rc)
        		return rc;
        	f->buf = no_free_ptr(buf);
        	return 0;
        }`,
    },
    {
      name: 'near miss: goto unwind ladder without any cleanup.h helper',
      code: c`
        int foo_setup(struct foo *f)
        {
        	int rc;

        	f->buf = kzalloc(64, GFP_KERNEL);
        	if (!f->buf)
        		return -ENOMEM;
        	rc = foo_enable(f);
        	if (rc)
        		goto err_buf;
        	return 0;
        err_buf:
        	kfree(f->buf);
        	return rc;
        }`,
    },
  ],
  invalid: [
    {
      name: 'goto jumps over a __free declaration into its scope',
      code: c`
        int foo_load(struct foo *f)
        {
        	int rc = 0;

        	if (!f->ready)
        		goto out;
        	struct foo_buf *buf __free(kfree) = kzalloc(sizeof(*buf), GFP_KERNEL);
        	if (!buf)
        		return -ENOMEM;
        	rc = foo_fill(f, buf);
        out:
        	return rc;
        }`,
      errors: [{ messageId: 'jumpIntoScope', line: 6 }],
    },
    {
      name: 'goto jumps past a guard into its scope',
      code: c`
        void foo_kick(struct foo *f)
        {
        	if (!f->enabled)
        		goto skip;
        	guard(mutex)(&f->lock);
        	foo_start(f);
        skip:
        	foo_stat(f);
        }`,
      errors: [{ messageId: 'jumpIntoScope', line: 4 }],
    },
    {
      name: 'goto mixed with guard() in one function',
      code: c`
        int foo_update(struct foo *f, int v)
        {
        	int rc;

        	guard(mutex)(&f->lock);
        	rc = foo_check(f, v);
        	if (rc)
        		goto out;
        	f->v = v;
        out:
        	return rc;
        }`,
      errors: [{ messageId: 'gotoMixed', line: 8 }],
    },
  ],
});
