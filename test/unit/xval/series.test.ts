/**
 * Cross-validation on the real DCD series (shared corpus): the issue's done-when, asserted.
 * v11 agrees with the v11 model on the add and release paths; v7 releases per extent where the
 * v11 spec releases a tag group all or nothing; v4's devres failure path self-deadlocks, which
 * the rule finds in C and the v4 model confirms.
 */
import { Readable } from 'node:stream';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runXval } from '../../../src/cli/xval-command.js';
import { SERIES } from '../../helpers/paths.js';

interface Contract { action: string; function: string | null; verdict: string; clause: string; contract: string; observed: string | null; evidence: string; file: string | null; line: number | null }
interface Doc {
  findings: { ruleId: string; category: string; severity: string; message: string; file: string | null; line: number | null; function: string | null; related: { file: string | null; line: number | null }[] }[];
  summary: { patches: number; functions: number; findings: number };
  modelVersion: string;
  contracts: Contract[];
  reference: Contract[];
  scenarios: { id: string; found: string[]; status: string }[];
}

async function xval(series: string, extra: { modelVersion?: string; format?: 'text' | 'json' } = {}): Promise<{ code: number; out: string; doc: Doc | null }> {
  let out = '';
  const code = await runXval([path.join(SERIES, series)], { format: extra.format ?? 'json', ...(extra.modelVersion ? { modelVersion: extra.modelVersion } : {}) },
    { stdout: s => { out += s; }, stderr: () => {}, stdin: Readable.from([]) });
  return { code, out, doc: extra.format === 'text' ? null : JSON.parse(out) as Doc };
}

const find = (cs: readonly Contract[], action: string, clause: string): Contract | undefined => cs.find(c => c.action === action && c.clause === clause);

describe('kvet xval on dcd-v11', () => {
  it('agrees with the v11 model on the add and release paths and lists what it checked', async () => {
    const { code, doc } = await xval('dcd-v11.mbox');
    expect(doc?.modelVersion).toBe('v11');
    const cs = doc?.contracts ?? [];
    expect(cs.length).toBeGreaterThan(20);
    const addGroup = find(cs, 'add.notify', 'granularity');
    expect(addGroup?.verdict).toBe('agree');
    expect(addGroup?.evidence).toContain('dax_region_add_resources');
    const relGroup = find(cs, 'release.consent', 'granularity');
    expect(relGroup?.verdict).toBe('agree');
    expect(relGroup?.evidence).toContain('dax_region_rm_resources');
    for (const [action, fn] of [['add.notify', 'dax_region_add_resources'], ['release.consent', 'dax_region_rm_resources']] as const) {
      const own = cs.filter(c => c.action === action && c.function === fn);
      expect(own.length).toBeGreaterThan(0);
      expect(own.every(c => c.verdict === 'agree')).toBe(true);
    }
    expect(cs.find(c => c.action === 'add.notify' && c.contract.startsWith('rollback all members'))?.verdict).toBe('agree');
    expect(cs.find(c => c.action === 'add.notify' && c.contract.startsWith('dev_set_drvdata'))?.verdict).toBe('agree');
    expect(cs.find(c => c.action === 'release.lookup' && c.contract.startsWith('INV before consent'))?.verdict).toBe('agree');
    expect(cs.filter(c => /^(add|release)\./.test(c.action) && c.verdict === 'mismatch')).toEqual([]);
    expect(doc?.findings.filter(f => f.severity !== 'note')).toEqual([]);
    expect(code).toBe(0);
    expect(doc?.scenarios.length).toBeGreaterThan(40);
  });

  it('prints the contracts it checked in text', async () => {
    const { out } = await xval('dcd-v11.mbox', { format: 'text' });
    expect(out).toMatch(/dcd model v11/);
    expect(out).toMatch(/contracts checked: \d+/);
    expect(out).toMatch(/agree\s+release\.consent\s+\S+\s+release all-or-nothing per tag group/);
    expect(out).toMatch(/agree\s+add\.notify\s+dax_region_add_resources/);
  });
});

describe('kvet xval on dcd-v7', () => {
  it('reports release per extent, not all-or-nothing per tag group, against the v11 spec', async () => {
    const { doc } = await xval('dcd-v7.mbox');
    expect(doc?.modelVersion).toBe('v7');
    expect(find(doc?.contracts ?? [], 'release.relExt', 'granularity')?.verdict).toBe('agree');
    const drift = find(doc?.reference ?? [], 'release.consent', 'granularity');
    expect(drift?.verdict).toBe('mismatch');
    expect(drift?.observed).toBe('per-extent');
    expect(drift?.evidence).toMatch(/device_for_each_child.*dax_region_rm_resource \(once per extent\)/);
    const f = doc?.findings.find(x => x.category === 'model-mismatch' && /release all-or-nothing per tag group/.test(x.message));
    expect(f?.message).toMatch(/v11 model/);
    expect(f?.file).toBe('drivers/dax/cxl.c');
    expect(f?.related[0]?.file).toBe('src/model/specs/dcd/actions.ts');
  });

  it('with --model-version v11 the per-extent release is a mismatch and exits 1', async () => {
    const { code, doc } = await xval('dcd-v7.mbox', { modelVersion: 'v11' });
    expect(find(doc?.contracts ?? [], 'release.consent', 'granularity')?.verdict).toBe('mismatch');
    expect(code).toBe(1);
  });
});

describe('kvet xval on dcd-v4', () => {
  it('confirms the self-deadlock on the devres failure path against the v4 model', async () => {
    const { code, doc } = await xval('dcd-v4.mbox');
    expect(doc?.modelVersion).toBe('v4');
    const dl = find(doc?.contracts ?? [], 'add.v4Reset', 'deadlock');
    expect(dl?.verdict).toBe('agree');
    expect(dl?.function).toBe('dax_region_add_resource');
    const confirmed = doc?.findings.find(f => f.ruleId === 'xval-confirmed');
    expect(confirmed?.severity).toBe('error');
    expect(confirmed?.function).toBe('dax_region_add_resource');
    expect(confirmed?.message).toMatch(/Confirmed by the v4 model.*devm_add_action_or_reset.*self-deadlock.*S19\/v4.*deadlock/);
    expect(confirmed?.related.some(r => r.file === 'src/model/specs/dcd/actions.ts')).toBe(true);
    expect(doc?.scenarios.find(s => s.id === 'S19/v4')?.found).toContain('deadlock');
    expect(code).toBe(1);
  });
  it('draws the confirming counterexample on one html page with the findings', async () => {
    let out = '';
    const code = await runXval([path.join(SERIES, 'dcd-v4.mbox')], { format: 'html' },
      { stdout: s => { out += s; }, stderr: () => undefined, stdin: Readable.from([]) });
    expect(code).toBe(1);
    expect(out).toMatch(/^<!DOCTYPE html>/i);
    // the rule's finding and the model's confirmation, inline in the diff
    expect(out).toContain('lock-recursive');
    expect(out).toContain('xval-confirmed');
    // the S19/v4 deadlock as a sequence diagram with its replay token
    const section = out.slice(out.indexOf('S19/v4 on the v4 model'));
    expect(section).toContain('<svg');
    expect(section).toMatch(/kvet model replay \S+/);
  });
});

describe('kvet xval through the CLI', () => {
  it('is registered with --model-version and --format', async () => {
    const { runCli } = await import('../../helpers/run-cli.js');
    const r = await runCli(['xval', path.join(SERIES, 'dcd-v7.mbox'), '--model', 'dcd', '--model-version', 'v11', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.modelVersion).toBe('v11');
    expect(doc.contracts.every(c => ['agree', 'mismatch', 'unseen'].includes(c.verdict))).toBe(true);
    expect((await runCli(['xval', path.join(SERIES, 'dcd-v7.mbox'), '--model-version', 'v9'])).code).toBe(2);
  });
});
