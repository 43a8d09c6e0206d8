import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'caller holds the mutex through a guard',
      code: c`
        static void __foo_remove(struct foo *w)
        {
        	lockdep_assert_held(&foo_lock);
        	list_del(&w->node);
        }

        void foo_remove(struct foo *w)
        {
        	guard(mutex)(&foo_lock);
        	__foo_remove(w);
        }`,
    },
    {
      name: 'near miss: the lock is taken by the caller of the caller, asserted on the way',
      code: c`
        static void __foo_remove(struct foo *w)
        {
        	lockdep_assert_held_write(&foo_rwsem);
        	list_del(&w->node);
        }

        static void foo_remove_locked(struct foo *w)
        {
        	__foo_remove(w);
        }

        void foo_remove(struct foo *w)
        {
        	down_write(&foo_rwsem);
        	foo_remove_locked(w);
        	up_write(&foo_rwsem);
        }`,
    },
    {
      name: 'near miss: a driver lock wrapper the patch does not show takes the device lock',
      code: c`
        static struct foo_ep *foo_find_ep(struct foo_port *port)
        {
        	device_lock_assert(&port->dev);
        	return port->ep;
        }

        void foo_detach(struct foo_port *port)
        {
        	foo_device_lock(&port->dev);
        	foo_find_ep(port);
        	foo_device_unlock(&port->dev);
        }`,
    },
  ],
  invalid: [
    {
      name: 'called without the lock',
      code: c`
        static void __foo_remove(struct foo *w)
        {
        	lockdep_assert_held(&foo_lock);
        	list_del(&w->node);
        }

        void foo_destroy(struct foo *w)
        {
        	__foo_remove(w);
        }`,
      errors: [{ messageId: 'notHeld', line: 9 }],
    },
    {
      name: 'read hold where a write hold is asserted',
      code: c`
        static void __foo_remove(struct foo *w)
        {
        	lockdep_assert_held_write(&foo_rwsem);
        	list_del(&w->node);
        }

        void foo_remove(struct foo *w)
        {
        	down_read(&foo_rwsem);
        	__foo_remove(w);
        	up_read(&foo_rwsem);
        }`,
      errors: [{ messageId: 'wrongMode', line: 10 }],
    },
    {
      name: 'the contract is reached through a parameter: the caller locks another object',
      code: c`
        static void foo_update(struct foo *foo)
        {
        	lockdep_assert_held(&foo->lock);
        	foo->gen++;
        }

        void foo_sync(struct foo *a, struct foo *b)
        {
        	mutex_lock(&a->lock);
        	foo_update(b);
        	mutex_unlock(&a->lock);
        }`,
      errors: [{ messageId: 'notHeld', line: 10 }],
    },
  ],
});
