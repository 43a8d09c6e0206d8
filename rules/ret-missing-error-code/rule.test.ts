import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'the error code is set before the goto',
      code: c`
        int foo_setup(struct foo *f)
        {
        	int rc;

        	rc = foo_enable(f);
        	if (rc)
        		return rc;
        	f->buf = kzalloc(64, GFP_KERNEL);
        	if (!f->buf) {
        		rc = -ENOMEM;
        		goto err_disable;
        	}
        	return 0;
        err_disable:
        	foo_disable(f);
        	return rc;
        }`,
    },
    {
      name: 'near miss: a lookup that finds nothing is not a failure',
      code: c`
        int foo_refresh(struct foo *f)
        {
        	struct device_node *np;
        	int rc = 0;

        	mutex_lock(&f->lock);
        	np = of_get_child_by_name(f->np, "cache");
        	if (!np)
        		goto out;
        	rc = foo_load_cache(f, np);
        	of_node_put(np);
        	if (rc < 0)
        		goto out;
        	f->cached = true;
        out:
        	mutex_unlock(&f->lock);
        	return rc;
        }`,
    },
  ],
  invalid: [
    {
      name: 'goto after a failed allocation returns 0',
      code: c`
        int foo_setup(struct foo *f)
        {
        	int rc;

        	rc = foo_enable(f);
        	if (rc)
        		return rc;
        	f->buf = kzalloc(64, GFP_KERNEL);
        	if (!f->buf)
        		goto err_disable;
        	return 0;
        err_disable:
        	foo_disable(f);
        	return rc;
        }`,
      errors: [{ messageId: 'missingErrorCode', line: 10 }],
    },
    {
      name: 'IS_ERR() without PTR_ERR() before the goto',
      code: c`
        int foo_attach(struct foo *f)
        {
        	struct foo_port *port;
        	int ret = 0;

        	mutex_lock(&f->lock);
        	port = foo_port_create(f);
        	if (IS_ERR(port))
        		goto out;
        	ret = foo_port_enable(port);
        	if (ret)
        		goto out;
        	f->port = port;
        out:
        	mutex_unlock(&f->lock);
        	return ret;
        }`,
      errors: [{ messageId: 'missingErrorCode', line: 9 }],
    },
    {
      name: 'false negative: a failed allocation returns 0 directly, without a goto',
      todo: 'direct returns of 0 are not judged (some are deliberate)',
      code: c`
        int foo_cache_init(struct foo *f)
        {
        	f->cache = kcalloc(f->nr, sizeof(*f->cache), GFP_KERNEL);
        	if (!f->cache)
        		return 0;
        	return foo_cache_fill(f);
        }`,
      errors: [{ messageId: 'missingErrorCode', line: 5 }],
    },
  ],
});
