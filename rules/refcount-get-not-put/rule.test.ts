import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'the lookup reference is put on every path',
      code: c`
        static bool foo_has_child(struct device *parent, struct foo_match *m)
        {
        	struct device *dev;

        	dev = device_find_child(parent, m, foo_match_child);
        	if (!dev)
        		return false;
        	put_device(dev);
        	return true;
        }`,
    },
    {
      name: 'near miss: the reference is returned to the caller',
      code: c`
        struct foo *foo_find(struct device *parent, const char *name)
        {
        	struct device *dev;

        	dev = device_find_child_by_name(parent, name);
        	dev = bus_find_device_by_name(&foo_bus_type, NULL, name);
        	if (!dev)
        		return NULL;
        	if (!foo_is_ready(dev)) {
        		put_device(dev);
        		return NULL;
        	}
        	return to_foo(dev);
        }`,
    },
    {
      name: 'near miss: the reference is stored in a longer-lived structure',
      code: c`
        int foo_bind(struct foo *f, struct device_node *np)
        {
        	struct device_node *child;

        	child = of_get_child_by_name(np, "port");
        	if (!child)
        		return -ENODEV;
        	if (!of_device_is_available(child)) {
        		of_node_put(child);
        		return -ENODEV;
        	}
        	f->port = child;
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'an early success return skips put_device()',
      code: c`
        static int foo_claim(struct device *parent, struct foo_match *m)
        {
        	struct device *dev;

        	dev = device_find_child(parent, m, foo_match_child);
        	if (!dev)
        		return -ENOENT;
        	if (to_foo(dev)->claimed)
        		return 0;
        	to_foo(dev)->claimed = true;
        	put_device(dev);
        	return 0;
        }`,
      errors: [{ messageId: 'leakedOnPath', line: 9 }],
    },
    {
      name: 'an of_node_get() reference never put',
      code: c`
        static int foo_count_ports(struct device_node *np)
        {
        	struct device_node *node = of_node_get(np);
        	int n = 0;

        	if (of_property_read_bool(np, "foo,single"))
        		n = 1;
        	return n;
        }`,
      errors: [{ messageId: 'neverPut', line: 8 }],
    },
    {
      name: 'a path that passed the reference to an unseen callee is a note',
      code: c`
        static int foo_attach(struct device *parent, struct foo_match *m)
        {
        	struct device *dev;
        	int rc;

        	dev = device_find_child(parent, m, foo_match_child);
        	if (!dev)
        		return -ENOENT;
        	rc = foo_link(dev);
        	if (rc) {
        		put_device(dev);
        		return rc;
        	}
        	return 0;
        }`,
      errors: [{ messageId: 'maybeKept', line: 14 }],
    },
    {
      name: 'a NULL drvdata check returns without put_device()',
      code: c`
        static ssize_t foo_take_free(struct foo_region *r, size_t want)
        {
        	struct foo_chunk *chunk;
        	struct device *cdev;
        	ssize_t got;

        	cdev = device_find_child(r->dev, r, foo_match_free);
        	if (!cdev)
        		return 0;
        	chunk = dev_get_drvdata(cdev);
        	if (!chunk)
        		return 0;
        	got = foo_chunk_take(chunk, want);
        	put_device(cdev);
        	return got;
        }`,
      errors: [{ messageId: 'leakedOnPath', line: 12 }],
    },
    {
      name: 'false negative: the reference copied into another local before the early return',
      todo: 'aliases made by plain copies are not followed by the walker for refcounts',
      code: c`
        static int foo_peek(struct device *parent, struct foo_match *m)
        {
        	struct device *dev, *d;

        	dev = device_find_child(parent, m, foo_match_child);
        	if (!dev)
        		return -ENOENT;
        	d = dev;
        	if (to_foo(d)->busy)
        		return -EBUSY;
        	put_device(d);
        	return 0;
        }`,
      errors: [{ messageId: 'leakedOnPath', line: 10 }],
    },
  ],
});
