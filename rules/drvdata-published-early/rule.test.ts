import rule from './rule.js';
import { ruleTester, c } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'published as the last step',
      code: c`
        int foo_add(struct device *dev, struct foo_region *parent)
        {
        	struct foo *foo;
        	int rc;

        	foo = kzalloc(sizeof(*foo), GFP_KERNEL);
        	if (!foo)
        		return -ENOMEM;
        	rc = devm_add_action_or_reset(dev, foo_release, foo);
        	if (rc)
        		return rc;
        	dev_set_drvdata(dev, foo);
        	return 0;
        }`,
    },
    {
      name: 'near miss: a later call whose failure does not fail the function',
      code: c`
        int foo_add(struct device *dev, struct foo *foo)
        {
        	int rc;

        	dev_set_drvdata(dev, foo);
        	rc = foo_enable_stats(foo);
        	if (rc)
        		dev_warn(dev, "no stats: %d\n", rc);
        	return 0;
        }`,
    },
    {
      name: 'near miss: a failed probe leaves drvdata to the driver core, which clears it',
      code: c`
        int foo_probe(struct platform_device *pdev)
        {
        	struct foo *foo;

        	foo = devm_kzalloc(&pdev->dev, sizeof(*foo), GFP_KERNEL);
        	if (!foo)
        		return -ENOMEM;
        	platform_set_drvdata(pdev, foo);
        	return foo_hw_init(foo);
        }`,
    },
  ],
  invalid: [
    {
      name: 'published before devm_add_action_or_reset, cleared on error',
      code: c`
        int foo_add(struct device *dev, struct foo *foo)
        {
        	int rc;

        	dev_set_drvdata(dev, foo);
        	rc = devm_add_action_or_reset(dev, foo_release, foo);
        	if (rc)
        		dev_set_drvdata(dev, NULL);
        	return rc;
        }`,
      errors: [{ messageId: 'publishedEarly', line: 5 }],
    },
    {
      name: 'published, then an error path frees and returns without clearing',
      code: c`
        int foo_attach(struct platform_device *pdev)
        {
        	struct foo *foo;
        	int rc;

        	foo = kzalloc(sizeof(*foo), GFP_KERNEL);
        	if (!foo)
        		return -ENOMEM;
        	platform_set_drvdata(pdev, foo);
        	rc = foo_hw_init(foo);
        	if (rc) {
        		kfree(foo);
        		return rc;
        	}
        	return 0;
        }`,
      errors: [{ messageId: 'publishedEarly', line: 9 }, { messageId: 'leftOnError', line: 13 }],
    },
  ],
});
