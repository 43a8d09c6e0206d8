import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'a signed variable receives the error',
      code: c`
        int foo_get_id(struct foo *f)
        {
        	int id;

        	id = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (id < 0)
        		return id;
        	f->id = id;
        	return 0;
        }`,
    },
    {
      name: 'near miss: an unsigned variable tested < 0 but only ever given sizes',
      code: c`
        static int foo_fit(struct foo *f, u32 want)
        {
        	u32 room;

        	room = f->size - f->used;
        	if (room < 0)
        		return -ENOSPC;
        	return want <= room;
        }`,
    },
    {
      name: 'near miss: an unsigned pointer target',
      code: c`
        static int foo_read(struct foo *f, unsigned int *out)
        {
        	int rc;

        	rc = foo_reg_read(f, out);
        	if (rc < 0)
        		return rc;
        	return 0;
        }`,
    },
  ],
  invalid: [
    {
      name: 'ida_alloc() into a u32',
      code: c`
        int foo_get_id(struct foo *f)
        {
        	u32 id;

        	id = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (id < 0)
        		return id;
        	f->id = id;
        	return 0;
        }`,
      errors: [{ messageId: 'neverNegative', line: 6 }],
    },
    {
      name: 'an unsigned int parameter reused for an error code',
      code: c`
        static int foo_resize(struct foo *f, unsigned int count)
        {
        	count = foo_round(f, count);
        	if (count >= 0)
        		f->count = count;
        	return 0;
        }`,
      errors: [{ messageId: 'neverNegative', line: 4 }],
    },
    {
      name: 'false negative: an unsigned struct member tested < 0',
      todo: 'member types are not in the facts',
      code: c`
        int foo_get_id(struct foo *f)
        {
        	f->id = ida_alloc(&foo_ida, GFP_KERNEL);
        	if (f->id < 0)
        		return f->id;
        	return 0;
        }`,
      errors: [{ messageId: 'neverNegative', line: 4 }],
    },
  ],
});
