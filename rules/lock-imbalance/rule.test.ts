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
