import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'open-coded release under the lock instead of the _or_reset variant',
      code: c`
        static void foo_release(void *data)
        {
        	guard(rwsem_write)(&foo_rwsem);
        	kfree(data);
        }

        int foo_add(struct device *dev, struct foo *foo)
        {
        	int rc;

        	guard(rwsem_write)(&foo_rwsem);
        	rc = devm_add_action(dev, foo_release, foo);
        	if (rc) {
        		kfree(foo);
        		return rc;
        	}
        	return 0;
        }`,
    },
    {
      name: 'near miss: two read holds of an rwsem',
      code: c`
        static int foo_count(struct foo *foo)
        {
        	guard(rwsem_read)(&foo_rwsem);
        	return foo->n;
        }

        int foo_show(struct foo *foo)
        {
        	guard(rwsem_read)(&foo_rwsem);
        	return foo_count(foo);
        }`,
    },
    {
      name: 'near miss: the callee drops the held lock before taking it back',
      code: c`
        static void foo_wait_idle(struct device *dev)
        {
        	device_unlock(dev);
        	wait_event(foo_wq, !foo_busy);
        	device_lock(dev);
        }

        int foo_store(struct device *dev)
        {
        	device_lock(dev);
        	foo_wait_idle(dev);
        	device_unlock(dev);
        	return 0;
        }`,
    },
    {
      name: 'near miss: a patch that redefines a lock primitive does not double its meaning',
      code: c`
        static inline void device_lock(struct device *dev)
        {
        	mutex_lock(&dev->mutex);
        }

        int foo_store(struct device *dev)
        {
        	device_lock(dev);
        	device_unlock(dev);
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'devm_add_action_or_reset runs an action that takes the held rwsem',
      code: c`
        static void foo_release(void *data)
        {
        	guard(rwsem_write)(&foo_rwsem);
        	kfree(data);
        }

        int foo_add(struct device *dev, struct foo *foo)
        {
        	guard(rwsem_write)(&foo_rwsem);
        	return devm_add_action_or_reset(dev, foo_release, foo);
        }`,
      errors: [{ messageId: 'viaCallback', line: 10 }],
    },
    {
      name: 'a callee takes the mutex the caller holds',
      code: c`
        static void foo_update(struct foo *foo)
        {
        	mutex_lock(&foo->lock);
        	foo->gen++;
        	mutex_unlock(&foo->lock);
        }

        void foo_reset(struct foo *foo)
        {
        	mutex_lock(&foo->lock);
        	foo->n = 0;
        	foo_update(foo);
        	mutex_unlock(&foo->lock);
        }`,
      errors: [{ messageId: 'viaCallee', line: 12 }],
    },
    {
      name: 'taking the same mutex twice directly',
      code: c`
        void foo_reset(struct foo *foo)
        {
        	mutex_lock(&foo->lock);
        	if (foo->busy)
        		mutex_lock(&foo->lock);
        	mutex_unlock(&foo->lock);
        }`,
      errors: [{ messageId: 'direct', line: 5 }],
    },
  ],
});
