import { describe, expect, it } from 'vitest';
import { formatRdjsonl } from '../../src/report/rdjsonl.js';
import { runCli } from '../helpers/run-cli.js';
import { DCD_V4, DEMO, findingOf, lintResult, withFindings } from './helpers.js';

const lines = (s: string) => s.trimEnd().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);

describe('rdjsonl reporter', () => {
  it('writes one reviewdog Diagnostic per line for the demo', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'rdjsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    const ds = lines(r.stdout);
    expect(ds).toHaveLength(6);
    expect(ds[3]).toEqual({
      message: 'The error path through goto err_free at line 92 skips undoing ida_alloc() from line 84: rc stays acquired at the return on line 110, while other error paths release it with ida_free().',
      location: { path: 'drivers/misc/widget/core.c', range: { start: { line: 92 } } },
      severity: 'ERROR',
      source: { name: 'kvet' },
      code: { value: 'goto-skips-unwind' },
      relatedLocations: [
        { message: 'ida_alloc() acquires rc', location: { path: 'drivers/misc/widget/core.c', range: { start: { line: 84 } } } },
        { message: 'goto err_free', location: { path: 'drivers/misc/widget/core.c', range: { start: { line: 92 } } } },
        { message: 'error return', location: { path: 'drivers/misc/widget/core.c', range: { start: { line: 110 } } } },
        { message: 'ida_free() undoes it on other paths', location: { path: 'drivers/misc/widget/core.c', range: { start: { line: 107 } } } },
      ],
    });
    expect(ds[1]).not.toHaveProperty('relatedLocations');
  });

  it('maps error/warning/note to ERROR/WARNING/INFO on dcd-v4', async () => {
    const result = await lintResult(DCD_V4);
    const ds = lines(formatRdjsonl(result));
    expect(ds.map(d => d.severity)).toEqual(result.findings.map(f => ({ error: 'ERROR', warning: 'WARNING', note: 'INFO' })[f.severity]));
    expect(ds.map(d => (d.code as { value: string }).value)).toEqual(result.findings.map(f => f.ruleId));
    expect(ds.map(d => d.location)).toContainEqual({ path: 'drivers/cxl/cxlmem.h', range: { start: { line: 758 } } });
  });

  it('escapes in JSON, points a finding without file at the input, skips fixed findings', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'patch-spelling');
    const noFile = { ...f, location: { ...f.location, file: null, line: null }, message: 'Two\nlines "quoted".' };
    const out = formatRdjsonl(withFindings(result, [noFile, { ...f, status: 'fixed' as const }]));
    expect(out.split('\n')).toHaveLength(2);
    expect(lines(out)[0]).toMatchObject({ message: 'Two\nlines "quoted".', location: { path: DEMO, range: { start: { line: f.location.mailLine } } } });
    expect(formatRdjsonl(withFindings(result, []))).toBe('');
  });
});
