import rule from './rule.js';
import { ruleTester, c, patch } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'static function and variable',
      code: c`
        static int foo_count;

        static int foo_get(void)
        {
        	return foo_count;
        }`,
    },
    {
      name: 'near miss: exported',
      code: c`
        int foo_get(void)
        {
        	return 0;
        }
        EXPORT_SYMBOL_GPL(foo_get);`,
    },
    {
      name: 'near miss: declared in a header of the series',
      patch: patch`
        diff --git a/drivers/foo/foo.h b/drivers/foo/foo.h
        --- a/drivers/foo/foo.h
        +++ b/drivers/foo/foo.h
        @@ -5,2 +5,3 @@ struct foo;
         int foo_init(struct foo *foo);
        +int foo_reset(struct foo *foo);
         #endif
        diff --git a/drivers/foo/foo.c b/drivers/foo/foo.c
        --- a/drivers/foo/foo.c
        +++ b/drivers/foo/foo.c
        @@ -30,2 +30,6 @@ int foo_init(struct foo *foo)
         }
        +int foo_reset(struct foo *foo)
        +{
        +	return 0;
        +}
         MODULE_LICENSE("GPL");
      `,
    },
    {
      name: 'near miss: used from another file of the series',
      patch: patch`
        diff --git a/drivers/foo/core.c b/drivers/foo/core.c
        --- a/drivers/foo/core.c
        +++ b/drivers/foo/core.c
        @@ -30,2 +30,3 @@ int foo_init(struct foo *foo)
         }
        +struct foo_ops foo_default_ops = { 0 };
         MODULE_LICENSE("GPL");
        diff --git a/drivers/foo/pci.c b/drivers/foo/pci.c
        --- a/drivers/foo/pci.c
        +++ b/drivers/foo/pci.c
        @@ -10,3 +10,3 @@ static int foo_probe(struct pci_dev *pdev)
         {
        -	return foo_setup(pdev, NULL);
        +	return foo_setup(pdev, &foo_default_ops);
         }
      `,
    },
    {
      name: 'near miss: a modified signature of an existing function',
      patch: patch`
        diff --git a/drivers/foo/foo.c b/drivers/foo/foo.c
        --- a/drivers/foo/foo.c
        +++ b/drivers/foo/foo.c
        @@ -30,4 +30,4 @@ int foo_init(struct foo *foo)
         }
        -int foo_reset(struct foo *foo)
        +int foo_reset(const struct foo *foo)
         {
         	return 0;
      `,
    },
    {
      name: 'near miss: a struct member exposed by a hunk that starts inside the struct',
      patch: patch`
        diff --git a/cxl/region.c b/cxl/region.c
        --- a/cxl/region.c
        +++ b/cxl/region.c
        @@ -49,4 +49,5 @@ struct parsed_params {
         	int argc;
         	struct cxl_decoder *root_decoder;
        +	enum cxl_region_mode region_mode;
         	bool enforce_qos;
         };
      `,
    },
    {
      name: 'near miss: an extern declaration and an XFS STATIC function',
      code: c`
        extern int errno;

        STATIC void
        xfs_fs_evict_inode(
        	struct inode		*inode)
        {
        	truncate_inode_pages_final(&inode->i_data);
        }`,
    },
  ],
  invalid: [
    {
      name: 'a new global variable used only in its own file',
      code: c`
        struct cxl_test_dcd dcd_event_rec_template = {
        	.id = 1,
        };

        static int f(void)
        {
        	return dcd_event_rec_template.id;
        }`,
      errors: [{ messageId: 'variable', line: 1 }],
    },
    {
      name: 'a new non-static helper',
      code: c`
        int foo_helper(struct foo *foo)
        {
        	return foo->x;
        }

        static int foo_probe(struct foo *foo)
        {
        	return foo_helper(foo);
        }`,
      errors: [{ messageId: 'function', line: 1 }],
    },
  ],
});
