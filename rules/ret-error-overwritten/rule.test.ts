import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'every stored error is tested before the next store',
      code: c`
        int foo_start(struct foo *f)
        {
        	int rc;

        	rc = foo_enable(f);
        	if (rc)
        		return rc;
        	rc = foo_run(f);
        	if (rc < 0)
        		foo_disable(f);
        	return rc;
        }`,
    },
    {
      name: 'near miss: the first result is logged before it is overwritten',
      code: c`
        int foo_reset(struct foo *f)
        {
        	int rc;

        	rc = foo_quiesce(f);
        	dev_dbg(f->dev, "quiesce: %d\n", rc);
        	rc = foo_hw_reset(f);
        	return rc;
        }`,
    },
    {
      name: 'near miss: a store repeated by a loop',
      code: c`
        int foo_drain(struct foo *f)
        {
        	int rc = 0;

        	while (foo_pending(f))
        		rc = foo_pop(f);
        	return rc;
        }`,
    },
  ],
  invalid: [
    {
      name: 'an error overwritten by the next call',
      code: c`
        int foo_start(struct foo *f)
        {
        	int rc;

        	rc = foo_enable(f);
        	rc = foo_run(f);
        	if (rc)
        		return rc;
        	return 0;
        }`,
      errors: [{ messageId: 'overwritten', line: 5 }],
    },
    {
      name: 'an error dropped on the way to return 0',
      code: c`
        int foo_stop(struct foo *f)
        {
        	int rc;

        	rc = foo_flush(f);
        	if (rc)
        		return rc;
        	rc = foo_halt(f);
        	f->running = false;
        	return 0;
        }`,
      errors: [{ messageId: 'dropped', line: 8 }],
    },
    {
      name: 'false negative: the error is overwritten inside a loop by the next iteration',
      todo: 'loop-carried overwrites are not reported',
      code: c`
        int foo_apply_all(struct foo *f)
        {
        	int i, rc = 0;

        	for (i = 0; i < f->nr; i++)
        		rc = foo_apply(f, i);
        	if (rc)
        		return rc;
        	return 0;
        }`,
      errors: [{ messageId: 'overwritten', line: 6 }],
    },
  ],
});
