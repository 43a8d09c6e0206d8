import { describe, expect, it } from 'vitest';
import { formatB4 } from '../../src/report/b4.js';
import { DEMO, findingOf, lintResult, withFindings } from './helpers.js';

describe('b4 reporter', () => {
  it('writes ERROR/WARNING/CHECK lines; ERROR: never appears in a warning or note line', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'patch-spelling');
    const note = { ...f, severity: 'note' as const, ruleId: 'decl-unused', message: 'Says ERROR: here\nand more.' };
    const warn = { ...f, message: 'Quotes "ERROR: x".' };
    const err = { ...findingOf(result, 'lock-not-held'), message: 'Real ERROR: y.' };
    expect(formatB4(withFindings(result, [note, warn, err]))).toBe([
      `drivers/misc/widget/core.c:64: CHECK:decl-unused: Says ERROR : here and more.`,
      `drivers/misc/widget/core.c:64: WARNING:patch-spelling: Quotes "ERROR : x".`,
      `drivers/misc/widget/core.c:125: ERROR:lock-not-held: Real ERROR: y.`,
      '',
    ].join('\n'));
  });

  it('points a finding without a file line at the input (-:N: on stdin, as checkpatch); skips fixed ones', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'patch-spelling');
    const stdin = { ...f, input: '-', location: { ...f.location, file: null, line: null } };
    const nowhere = { ...stdin, location: { file: null, line: null, mailLine: null, patchLine: null } };
    expect(formatB4(withFindings(result, [stdin, nowhere, { ...f, status: 'fixed' as const }]))).toBe(
      `-:${f.location.mailLine}: WARNING:patch-spelling: ${f.message}\n-: WARNING:patch-spelling: ${f.message}\n`,
    );
    expect(formatB4(withFindings(result, []))).toBe('');
  });
});
