import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'return_ptr() hands the object to the caller',
      code: c`
        struct foo *foo_alloc(int id)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return NULL;
        	p->id = id;
        	return_ptr(p);
        }`,
    },
    {
      name: 'near miss: returning the __free variable only where it is NULL',
      code: c`
        struct foo *foo_alloc(int id)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return p;
        	p->id = id;
        	return no_free_ptr(p);
        }`,
    },
    {
      name: 'near miss: the pointer no_free_ptr() returned is used, and the variable is reassigned before use',
      code: c`
        int foo_publish(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
        	struct foo *f;

        	if (!p)
        		return -ENOMEM;
        	f = no_free_ptr(p);
        	f->state = 1;
        	dev_set_drvdata(dev, f);
        	p = kzalloc(sizeof(*p), GFP_KERNEL);
        	if (!p)
        		return -ENOMEM;
        	p->state = 2;
        	return 0;
        }`,
    },
    {
      name: 'devres takes the object with no_free_ptr()',
      code: c`
        int foo_add(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return -ENOMEM;
        	return devm_add_action_or_reset(dev, foo_release, no_free_ptr(p));
        }`,
    },
    {
      name: 'near miss: devm_add_action() failure keeps ownership, success retains it',
      code: c`
        int foo_add(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
        	int rc;

        	if (!p)
        		return -ENOMEM;
        	rc = devm_add_action(dev, foo_release, p);
        	if (rc)
        		return rc;
        	retain_and_null_ptr(p);
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'a __free variable returned as is',
      code: c`
        struct foo *foo_alloc(int id)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return NULL;
        	p->id = id;
        	return p;
        }`,
      errors: [{ messageId: 'returnedFreed', line: 8 }],
    },
    {
      name: 'dereference after no_free_ptr()',
      code: c`
        int foo_publish(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return -ENOMEM;
        	dev_set_drvdata(dev, no_free_ptr(p));
        	p->state = 1;
        	return 0;
        }`,
      errors: [{ messageId: 'usedAfterTransfer', line: 8 }],
    },
    {
      name: 'the variable passed on after no_free_ptr()',
      code: c`
        int foo_publish(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
        	struct foo *f;

        	if (!p)
        		return -ENOMEM;
        	f = no_free_ptr(p);
        	return foo_register(dev, p);
        }`,
      errors: [{ messageId: 'passedAfterTransfer', line: 9 }],
    },
    {
      name: 'devm_add_action_or_reset() with the __free variable itself',
      code: c`
        int foo_add(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
        	int rc;

        	if (!p)
        		return -ENOMEM;
        	rc = devm_add_action_or_reset(dev, foo_release, p);
        	if (rc)
        		return rc;
        	return 0;
        }`,
      errors: [{ messageId: 'devresDoubleFree', line: 8 }],
    },
    {
      name: 'devm_add_action() success path still frees at scope exit',
      code: c`
        int foo_add(struct device *dev)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
        	int rc;

        	if (!p)
        		return -ENOMEM;
        	rc = devm_add_action(dev, foo_release, p);
        	if (rc)
        		return rc;
        	return 0;
        }`,
      errors: [{ messageId: 'devresFreedOnSuccess', line: 8 }],
    },
    {
      name: 'false negative: a member address of the __free object is returned',
      todo: 'only the variable itself is followed, not &p->member',
      code: c`
        struct device *foo_dev_alloc(void)
        {
        	struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

        	if (!p)
        		return NULL;
        	device_initialize(&p->dev);
        	return &p->dev;
        }`,
      errors: [{ messageId: 'returnedFreed', line: 8 }],
    },
  ],
});
