import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'devm_kfree() on devm memory',
      code: c`
        int foo_parse(struct device *dev, struct foo *f)
        {
        	u8 *buf = devm_kzalloc(dev, 64, GFP_KERNEL);

        	if (!buf)
        		return -ENOMEM;
        	if (foo_read(f, buf)) {
        		devm_kfree(dev, buf);
        		return -EIO;
        	}
        	f->buf = buf;
        	return 0;
        }`,
    },
    {
      name: 'near miss: the variable is reassigned with kzalloc() before kfree()',
      code: c`
        int foo_parse(struct device *dev, struct foo *f)
        {
        	u8 *buf = devm_kzalloc(dev, 64, GFP_KERNEL);

        	if (!buf)
        		return -ENOMEM;
        	f->buf = buf;
        	buf = kzalloc(16, GFP_KERNEL);
        	if (!buf)
        		return -ENOMEM;
        	foo_scratch(f, buf);
        	kfree(buf);
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'kfree() of devm_kzalloc() memory on an error path',
      code: c`
        int foo_parse(struct device *dev, struct foo *f)
        {
        	u8 *buf;

        	buf = devm_kzalloc(dev, 64, GFP_KERNEL);
        	if (!buf)
        		return -ENOMEM;
        	if (foo_read(f, buf)) {
        		kfree(buf);
        		return -EIO;
        	}
        	f->buf = buf;
        	return 0;
        }`,
      errors: [{ messageId: 'freedManually', line: 9 }],
    },
    {
      name: 'kfree() of a devm_kstrdup() member',
      code: c`
        void foo_rename(struct device *dev, struct foo *f, const char *name)
        {
        	f->name = devm_kstrdup(dev, name, GFP_KERNEL);
        	if (!foo_valid(f))
        		kfree(f->name);
        }`,
      errors: [{ messageId: 'freedManually', line: 5 }],
    },
    {
      name: 'false negative: kfree() of a copy of the devm pointer',
      todo: 'copies of a managed pointer into another variable are not followed',
      code: c`
        void foo_drop(struct device *dev, struct foo *f)
        {
        	u8 *buf = devm_kzalloc(dev, 64, GFP_KERNEL);
        	u8 *tmp;

        	if (!buf)
        		return;
        	tmp = buf;
        	kfree(tmp);
        }`,
      errors: [{ messageId: 'freedManually', line: 9 }],
    },
  ],
});
