import rule from './rule.js';
import { ruleTester, patch } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'a new typedef and macro used by the same series',
      patch: patch`
        diff --git a/drivers/dax/dax-private.h b/drivers/dax/dax-private.h
        --- a/drivers/dax/dax-private.h
        +++ b/drivers/dax/dax-private.h
        @@ -10,3 +10,6 @@ struct dax_region;
         int dax_region_add_resource(struct dax_region *dax_region);
         
        +typedef int (*match_cb)(struct device *dev, resource_size_t *size_avail);
        +#define for_each_child_resource(parent, res) \\
        +	for (res = (parent)->child; res; res = res->sibling)
         #endif
        diff --git a/drivers/dax/bus.c b/drivers/dax/bus.c
        --- a/drivers/dax/bus.c
        +++ b/drivers/dax/bus.c
        @@ -100,3 +100,11 @@ static bool is_sparse(struct dax_region *dax_region)
         }
         
        +static int walk(struct resource *parent, match_cb match)
        +{
        +	struct resource *res;
        +
        +	for_each_child_resource(parent, res)
        +		match(NULL, NULL);
        +	return 0;
        +}
         bool static_dev_dax(struct dev_dax *dev_dax)
      `,
    },
    {
      name: 'near miss: a declaration moved between files is not new',
      patch: patch`
        diff --git a/drivers/dax/bus.h b/drivers/dax/bus.h
        --- a/drivers/dax/bus.h
        +++ b/drivers/dax/bus.h
        @@ -10,3 +10,4 @@ struct dax_region;
         struct dax_device;
         
        +typedef int (*old_match_cb)(struct device *dev);
         #endif
        diff --git a/drivers/dax/dax-private.h b/drivers/dax/dax-private.h
        --- a/drivers/dax/dax-private.h
        +++ b/drivers/dax/dax-private.h
        @@ -20,4 +20,3 @@ struct dev_dax;
         struct dev_dax_range;
         
        -typedef int (*old_match_cb)(struct device *dev);
         #endif
      `,
    },
    {
      name: 'near miss: a prototype whose definition the series does not show',
      patch: patch`
        diff --git a/drivers/dax/dax-private.h b/drivers/dax/dax-private.h
        --- a/drivers/dax/dax-private.h
        +++ b/drivers/dax/dax-private.h
        @@ -10,3 +10,4 @@ struct dax_region;
         int dax_region_add_resource(struct dax_region *dax_region);
         
        +int dax_region_rm_resource(struct dax_region *dax_region, struct device *dev);
         #endif
      `,
    },
    {
      name: 'near miss: an enum, whose enumerators are what code uses',
      patch: patch`
        diff --git a/drivers/cxl/cxlmem.h b/drivers/cxl/cxlmem.h
        --- a/drivers/cxl/cxlmem.h
        +++ b/drivers/cxl/cxlmem.h
        @@ -240,3 +240,8 @@ struct cxl_mbox_cmd {
         };
         
        +enum dcd_cmd_enabled_bits {
        +	CXL_DCD_ENABLED_GET_CONFIG,
        +	CXL_DCD_ENABLED_MAX
        +};
        +
         #endif
      `,
    },
  ],
  invalid: [
    {
      name: 'a typedef nothing uses',
      patch: patch`
        diff --git a/drivers/dax/dax-private.h b/drivers/dax/dax-private.h
        --- a/drivers/dax/dax-private.h
        +++ b/drivers/dax/dax-private.h
        @@ -10,3 +10,5 @@ struct dax_region;
         int dax_region_add_resource(struct dax_region *dax_region);
         
        +typedef int (*match_cb)(struct device *dev, resource_size_t *size_avail);
        +
         #endif
      `,
      errors: [{ messageId: 'unused', line: 12 }],
    },
    {
      name: 'a prototype defined in the series but never called, and an unused macro',
      patch: patch`
        diff --git a/drivers/foo/foo.h b/drivers/foo/foo.h
        --- a/drivers/foo/foo.h
        +++ b/drivers/foo/foo.h
        @@ -5,3 +5,5 @@ struct foo;
         int foo_init(struct foo *foo);
         
        +int foo_reset(struct foo *foo);
        +#define FOO_RESET_TIMEOUT_MS 100
         #endif
        diff --git a/drivers/foo/foo.c b/drivers/foo/foo.c
        --- a/drivers/foo/foo.c
        +++ b/drivers/foo/foo.c
        @@ -30,3 +30,7 @@ int foo_init(struct foo *foo)
         }
         
        +int foo_reset(struct foo *foo)
        +{
        +	return 0;
        +}
         MODULE_LICENSE("GPL");
      `,
      errors: [{ messageId: 'unusedPrototype', line: 7 }, { messageId: 'unused', line: 8 }],
    },
    {
      name: 'seed 002: the typedef the reviewer questions, in the quoted hunks',
      mbox: '../shared/seeds/002_8481ad4baa67f96d.txt',
      errors: [{ messageId: 'unusedQuoted', line: 12 }],
    },
  ],
});
