import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'every exit unlocks',
      code: c`
        int foo_set(struct foo *foo, int v)
        {
        	mutex_lock(&foo->lock);
        	if (v < 0) {
        		mutex_unlock(&foo->lock);
        		return -EINVAL;
        	}
        	foo->v = v;
        	mutex_unlock(&foo->lock);
        	return 0;
        }`,
    },
    {
      name: 'near miss: a guard is released by cleanup.h on the early return',
      code: c`
        int foo_set(struct foo *foo, int v)
        {
        	guard(mutex)(&foo->lock);
        	if (v < 0)
        		return -EINVAL;
        	foo->v = v;
        	return 0;
        }`,
    },
    {
      name: 'a lock helper returns with the lock held on every exit',
      code: c`
        void foo_lock_all(struct foo *foo)
        {
        	mutex_lock(&foo->lock);
        	foo->locked = true;
        }`,
    },
    {
      name: 'near miss: a get helper keeps the lock on success and drops it on failure',
      code: c`
        struct foo_range *foo_get_range(struct foo *foo)
        {
        	int rc;

        	rc = down_write_killable(&foo_rwsem);
        	if (rc)
        		return NULL;
        	if (foo->id < 0) {
        		up_write(&foo_rwsem);
        		return NULL;
        	}
        	return &foo->ranges[foo->id];
        }`,
    },
    {
      name: 'near miss: a killable lock tested in the condition itself',
      code: c`
        void foo_unregister(struct foo *foo)
        {
        	if (WARN_ON_ONCE(down_write_killable(&foo_rwsem) != 0))
        		return;
        	__foo_unregister(foo);
        	up_write(&foo_rwsem);
        }`,
    },
    {
      name: 'near miss: an unlock helper releases its caller\'s hold',
      code: c`
        static void foo_put_range(void)
        {
        	up_write(&foo_rwsem);
        }`,
    },
  ],
  invalid: [
    {
      name: 'error return with the mutex held',
      code: c`
        int foo_set(struct foo *foo, int v)
        {
        	mutex_lock(&foo->lock);
        	if (v < 0)
        		return -EINVAL;
        	foo->v = v;
        	mutex_unlock(&foo->lock);
        	return 0;
        }`,
      errors: [{ messageId: 'heldOnReturn', line: 5 }],
    },
    {
      name: 'a failed killable lock jumps to the label that unlocks it',
      code: c`
        int foo_resize(struct foo *foo, u64 val)
        {
        	int rc;

        	rc = down_write_killable(&foo_region_rwsem);
        	if (rc)
        		return rc;
        	rc = down_write_killable(&foo_dev_rwsem);
        	if (rc)
        		goto err_dev;
        	rc = foo_do_resize(foo, val);
        err_dev:
        	up_write(&foo_dev_rwsem);
        	up_write(&foo_region_rwsem);
        	return rc;
        }`,
      errors: [{ messageId: 'releaseNotHeld', line: 13 }],
    },
    {
      name: 'unlock on a path that never locked',
      code: c`
        int foo_set(struct foo *foo, int v)
        {
        	if (v < 0)
        		goto out;
        	mutex_lock(&foo->lock);
        	foo->v = v;
        out:
        	mutex_unlock(&foo->lock);
        	return 0;
        }`,
      errors: [{ messageId: 'releaseNotHeld', line: 8 }],
    },
  ],
});
