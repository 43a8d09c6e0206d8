import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'every error exit lands on the label that undoes what it acquired',
      code: c`
        struct foo *foo_create(const char *name)
        {
        	struct foo *w;
        	int rc;

        	w = kzalloc(sizeof(*w), GFP_KERNEL);
        	if (!w)
        		return ERR_PTR(-ENOMEM);
        	rc = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (rc < 0)
        		goto err_free;
        	w->id = rc;
        	w->name = kstrdup(name, GFP_KERNEL);
        	if (!w->name) {
        		rc = -ENOMEM;
        		goto err_id;
        	}
        	return w;

        err_id:
        	ida_free(&foo_ida, w->id);
        err_free:
        	kfree(w);
        	return ERR_PTR(rc);
        }`,
    },
    {
      name: 'near miss: the failed allocation itself jumps past its own undo',
      code: c`
        int foo_init(struct foo *w)
        {
        	int rc;

        	rc = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (rc < 0)
        		return rc;
        	w->id = rc;
        	w->buf = kzalloc(64, GFP_KERNEL);
        	if (!w->buf) {
        		ida_free(&foo_ida, w->id);
        		return -ENOMEM;
        	}
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'goto err_free skips ida_free()',
      code: c`
        struct foo *foo_create(const char *name)
        {
        	struct foo *w;
        	int rc;

        	w = kzalloc(sizeof(*w), GFP_KERNEL);
        	if (!w)
        		return ERR_PTR(-ENOMEM);
        	rc = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (rc < 0)
        		goto err_free;
        	w->id = rc;
        	w->name = kstrdup(name, GFP_KERNEL);
        	if (!w->name) {
        		rc = -ENOMEM;
        		goto err_free;
        	}
        	rc = foo_register(w);
        	if (rc)
        		goto err_name;
        	return w;

        err_name:
        	kfree(w->name);
        err_id:
        	ida_free(&foo_ida, w->id);
        err_free:
        	kfree(w);
        	return ERR_PTR(rc);
        }`,
      errors: [{ messageId: 'gotoSkips', line: 16 }],
    },
    {
      name: 'an early return skips the unwind ladder',
      code: c`
        int foo_setup(struct foo *w)
        {
        	int rc;

        	w->buf = kzalloc(64, GFP_KERNEL);
        	if (!w->buf)
        		return -ENOMEM;
        	rc = foo_check(w);
        	if (rc)
        		return rc;
        	rc = foo_enable(w);
        	if (rc)
        		goto err_buf;
        	return 0;
        err_buf:
        	kfree(w->buf);
        	return rc;
        }`,
      errors: [{ messageId: 'returnSkips', line: 10 }],
    },
  ],
});
