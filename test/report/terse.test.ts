import { describe, expect, it } from 'vitest';
import { formatTerse } from '../../src/report/terse.js';
import { runCli } from '../helpers/run-cli.js';
import { DCD_V4, DEMO, findingOf, lintResult, withFindings } from './helpers.js';

describe('terse / compact reporter', () => {
  it('prints path:line:col: severity: message [rule], one line per finding of the demo', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'terse']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe([
      'drivers/misc/widget/core.c:45:1: warning: The kernel-doc comment of widget_add_region() does not describe parameter len; add @len:. [kernel-doc-params]',
      'drivers/misc/widget/core.c:64:1: warning: Misspelled word "seperately" in a comment, probably "separately". [patch-spelling]',
      'drivers/misc/widget/core.c:65:1: warning: Driver data wr is published by dev_set_drvdata() at line 65 before devm_add_action_or_reset() at line 66 can still fail the function; publish it after the last step that can fail. [drvdata-published-early]',
      'drivers/misc/widget/core.c:92:1: error: The error path through goto err_free at line 92 skips undoing ida_alloc() from line 84: rc stays acquired at the return on line 110, while other error paths release it with ida_free(). [goto-skips-unwind]',
      'drivers/misc/widget/core.c:124:1: warning: Misspelled word "recieve" in a comment, probably "receive". [patch-spelling]',
      'drivers/misc/widget/core.c:125:1: error: The call to __widget_remove() at line 125 requires widget_lock held (asserted at drivers/misc/widget/core.c:116), but it is not held there. [lock-not-held]',
      '',
    ].join('\n'));
  });

  it('compact is the same output under the name ESLint users know', async () => {
    const terse = await runCli(['lint', DCD_V4, '--format', 'terse']);
    const compact = await runCli(['lint', DCD_V4, '--format', 'compact']);
    expect(compact).toEqual(terse);
    const lines = terse.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines).toContain('drivers/dax/bus.c:234:1: error: The call to devm_add_action_or_reset() at line 234 runs dax_release_resource() synchronously when it fails, and dax_release_resource() takes dax_region_rwsem, already held since line 220: self-deadlock. [lock-recursive]');
    for (const l of lines) expect(l).toMatch(/^[^:\s]+:\d+:1: (error|warning|note): .+\. \[[a-z0-9-]+\]$/);
  });

  it('points a finding without a file line at the input and its mail line; skips fixed ones; keeps one line', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'patch-spelling');
    const noFile = { ...f, location: { ...f.location, file: null, line: null }, message: 'Two\nlines.' };
    const fixed = { ...f, status: 'fixed' as const };
    const out = formatTerse(withFindings(result, [noFile, fixed]));
    expect(out).toBe(`${DEMO}:${f.location.mailLine}:1: warning: Two lines. [patch-spelling]\n`);
    expect(formatTerse(withFindings(result, []))).toBe('');
  });
});
