import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { PATCHWORK_DESCRIPTION_MAX, patchworkChecks, type PatchworkCheck } from '../../src/report/patchwork.js';
import { runCli } from '../helpers/run-cli.js';
import { DCD_V3, DCD_V4, DEMO, findingOf, lintResult, withFindings } from './helpers.js';

const OPTS = { context: 'kvet', targetUrl: null };

describe('patchwork reporter', () => {
  it('writes one check per patch of the demo with state, context, description and target_url', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'patchwork', '--context', 'kvet-lint', '--target-url', 'https://ci.example.org/run/7']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const checks = JSON.parse(r.stdout) as PatchworkCheck[];
    expect(checks).toEqual([
      {
        messageId: '35fd634a3daea9fe05ef31293b905f1ca136b75c.1795374213.git.demo@example.org',
        patch: '[PATCH v2 1/3] widget: claim bus window spans for widget regions',
        state: 'warning', context: 'kvet-lint', description: '3 warnings: kernel-doc-params, patch-spelling, drvdata-published-early', target_url: 'https://ci.example.org/run/7',
      },
      {
        messageId: '93af3ad555c869c0b6876899250e73841f0e6d17.1795374213.git.demo@example.org',
        patch: '[PATCH v2 2/3] widget: add widget_create()',
        state: 'fail', context: 'kvet-lint', description: '1 error: goto-skips-unwind', target_url: 'https://ci.example.org/run/7',
      },
      {
        messageId: '66e815bcb2246a81d40ea1a416872b4db9a69aed.1795374213.git.demo@example.org',
        patch: '[PATCH v2 3/3] widget: add widget_destroy() and widget_destroy_all()',
        state: 'fail', context: 'kvet-lint', description: '1 error, 1 warning: lock-not-held, patch-spelling', target_url: 'https://ci.example.org/run/7',
      },
    ]);
  });

  it('checks every patch of dcd-v4, clean ones as success, without target_url when none is given', async () => {
    const result = await lintResult(DCD_V4);
    const checks = patchworkChecks(result, OPTS);
    expect(checks).toHaveLength(28);
    expect(checks.map(c => c.patch)).toEqual(result.patches.filter(p => p.kind === 'patch').map(p => p.subject));
    const failing = new Set(result.findings.filter(f => f.severity !== 'note').map(f => f.mailMessageId));
    expect(checks.filter(c => c.state !== 'success').map(c => c.messageId).sort()).toEqual([...failing].sort());
    const p24 = checks.find(c => c.patch.startsWith('[PATCH v4 24/28]'));
    expect(p24).toEqual({
      messageId: '20241007-dcd-type2-upstream-v4-24-c261ee6eeded@intel.com', patch: '[PATCH v4 24/28] dax/region: Create resources on sparse DAX regions',
      state: 'fail', context: 'kvet', description: '1 error, 4 warnings: lock-recursive, patch-spelling, drvdata-published-early, goto-label-mismatch, decl-unused',
    });
    const p8 = checks.find(c => c.patch.startsWith('[PATCH v4 08/28]'));
    expect(p8).toMatchObject({ state: 'success', description: '1 note: decl-unused' });
    expect(checks.find(c => c.patch.startsWith('[PATCH v4 02/28]'))).toMatchObject({ state: 'success', description: 'No findings.' });
    for (const c of checks) expect(c).not.toHaveProperty('target_url');
  });

  it('fans a finding on the cover letter (or with no mail) out to every patch of the series', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'goto-skips-unwind');
    const cover: Finding = { ...f, mailMessageId: 'cover.1795374213.git.demo@example.org', ruleId: 'series-check' };
    expect(patchworkChecks(withFindings(result, [cover]), OPTS).map(c => [c.state, c.description])).toEqual([
      ['fail', '1 error: series-check'], ['fail', '1 error: series-check'], ['fail', '1 error: series-check'],
    ]);
    const none: Finding = { ...f, mailMessageId: null, severity: 'warning' };
    expect(patchworkChecks(withFindings(result, [none]), OPTS).map(c => c.state)).toEqual(['warning', 'warning', 'warning']);
  });

  it('keeps the description within 255 characters', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'lock-not-held');
    const many = Array.from({ length: 40 }, (_, i) => ({ ...f, ruleId: `some-rather-long-rule-name-${i}` }));
    const [, , third] = patchworkChecks(withFindings(result, many), OPTS);
    expect(third?.description.length).toBeLessThanOrEqual(PATCHWORK_DESCRIPTION_MAX);
    expect(third?.description).toMatch(/^40 errors: some-rather-long-rule-name-0, .*-name-\d+…$/);
  });

  it('judges each posting by its own findings, also those a later version fixed (dcd v3 then v4)', async () => {
    const r = await runCli(['lint', DCD_V3, DCD_V4, '--format', 'patchwork']);
    const checks = JSON.parse(r.stdout) as { patch: string; state: string; description: string }[];
    const v3 = checks.find(c => c.patch.startsWith('[PATCH v3 21/25]'));
    // the device_find_child() leak (fixed in v4) and the devres self-deadlock (still in v4)
    expect(v3?.state).toBe('fail');
    expect(v3?.description).toMatch(/^2 errors, \d+ warnings?: .*lock-recursive.*refcount-get-not-put|^2 errors, .*refcount-get-not-put.*lock-recursive/);
    const v4 = checks.find(c => c.patch.startsWith('[PATCH v4 24/28]'));
    expect(v4?.state).toBe('fail');
    expect(v4?.description).not.toContain('refcount-get-not-put');
  });
});
