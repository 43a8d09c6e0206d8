import rule from './rule.js';
import { ruleTester, c, patch } from '../../test/helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    {
      name: 'correct prose in comments and strings',
      code: c`
        static int notify(struct device *dev)
        {
        	/*
        	 * The lack of a driver indicates a notification has failed. No user
        	 * space coordination was possible.
        	 */
        	dev_dbg(dev, "Trying notify: type %d HPA %pra\n", 1, NULL);
        	return 0;
        }`,
    },
    {
      name: 'near miss: identifiers, format specifiers, backticks and calls are not words',
      code: c`
        /* recieve_buf(), \`teh_flag\`, cnt_recieve and RECIEVE_MAX are identifiers */
        static void f(struct device *dev)
        {
        	dev_err(dev, "s:%pa l:%pa recieveCount\n", NULL, NULL);
        	/* see drivers/cxl/recieve.c and https://example.org/teh */
        }`,
    },
    {
      name: 'near miss: a misspelling on a context line is not the patch\'s',
      patch: patch`
        diff --git a/drivers/test/a.c b/drivers/test/a.c
        --- a/drivers/test/a.c
        +++ b/drivers/test/a.c
        @@ -1,3 +1,4 @@
         /* an old comment that was never recieved */
         int a;
        +int b;
         int c;
      `,
    },
    {
      name: 'near miss: trailers and indented log lines of the commit message',
      message: 'Fix the region size.\n\n    [   1.0] cxl: teh log line as printed\n\nReported-by: Teh Bot <bot@example.org>',
      code: c`
        int x;`,
    },
  ],
  invalid: [
    {
      name: 'a misspelled word in an added comment, at its own line',
      code: c`
        static int notify(struct device *dev)
        {
        	/*
        	 * The lack of a driver indicates a notification has failed. No user
        	 * space coordiantion was possible.
        	 */
        	return 0;
        }`,
      errors: [{ messageId: 'misspelled', line: 5 }],
    },
    {
      name: 'a misspelled word in a string literal',
      code: c`
        static void f(struct device *dev)
        {
        	dev_err(dev, "Failed to recieve extent\n");
        }`,
      errors: [{ messageId: 'misspelled', line: 3 }],
    },
    {
      name: 'a misspelled word in the commit message (no file line)',
      message: 'Recieve extents before the region is probed.',
      code: c`
        int x;`,
      errors: [{ messageId: 'misspelled', line: 0 }],
    },
    {
      name: 'seed 002: the quoted comment of a review reply',
      mbox: '../shared/seeds/002_8481ad4baa67f96d.txt',
      errors: [{ messageId: 'misspelled', line: 287 }],
    },
  ],
});
