import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'same label for two exits with nothing acquired between',
      code: c`
        static int foo_create(struct foo_data *data)
        {
        	int rc;

        	if (data->size && !data->align) {
        		rc = -EINVAL;
        		goto err_range;
        	}
        	rc = foo_alloc_range(data);
        	if (rc)
        		goto err_range;
        	return 0;
        err_range:
        	foo_free_id(data);
        	return rc;
        }`,
    },
    {
      name: 'near miss: a successful step between the exits changes the state',
      code: c`
        static int foo_create(struct foo_data *data)
        {
        	int rc;

        	if (!data->ok) {
        		rc = -EINVAL;
        		goto err_id;
        	}
        	rc = foo_register(data);
        	if (rc)
        		goto err_id;
        	rc = foo_alloc_range(data);
        	if (rc)
        		goto err_register;
        	return 0;
        err_register:
        	foo_unregister(data);
        err_id:
        	foo_free_id(data);
        	return rc;
        }`,
    },
  ],
  invalid: [
    {
      name: 'goto err_id where the next exit goes to err_range (hunk without labels)',
      code: c`
        static int foo_create(struct foo_data *data)
        {
        	int rc;

        	foo_init(data);
        	if (data->sparse && data->size) {
        		dev_err(data->dev, "sparse regions start empty\n");
        		rc = -EINVAL;
        		goto err_id;
        	}
        	rc = foo_alloc_range(data);
        	if (rc)
        		goto err_range;
        	return 0;
        err_range:
        	foo_free_id(data);
        err_id:
        	kfree(data);
        	return rc;
        }`,
      errors: [{ messageId: 'labelMismatch', line: 9 }],
    },
  ],
});
