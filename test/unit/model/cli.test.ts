import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerModelCommands } from '../../../src/cli/model-command.js';

async function kvet(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = -1;
  const program = new Command('kvet').exitOverride();
  registerModelCommands(program, { stdout: s => { out += s; }, stderr: s => { err += s; }, exit: c => { code = c; } });
  await program.parseAsync(args, { from: 'user' });
  return { code, out, err };
}

describe('kvet model', () => {
  it('check --format json has the documented shape and exits 1 on a violation', async () => {
    const r = await kvet(['model', 'check', '--version', 'v11', '--format', 'json']);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    for (const k of ['model', 'version', 'exhaustive', 'bound', 'states', 'distinct', 'depth', 'elapsedMs', 'violations', 'coverage']) expect(j).toHaveProperty(k);
    const v = (j['violations'] as Array<{ invariant: string; kind: string; trace: Array<{ action: string; changes: string[] }>; replay: string }>);
    expect(v.map(x => x.invariant)).toContain('I10');
    expect(v[0]?.trace[0]).toHaveProperty('changes');
    expect(r.code).toBe(1);
    const rep = await kvet(['model', 'replay', v[0]?.replay ?? '']);
    expect(rep.out).toMatch(/Final state violates: .*I/);
    expect(rep.code).toBe(1);
  });

  it('check of a clean scenario exits 0 and says the search was exhaustive', async () => {
    const r = await kvet(['model', 'check', '--scenario', 'S01']);
    expect(r.out).toMatch(/Exhaustive within depth/);
    expect(r.code).toBe(0);
  });

  it('run prints observables; bad input is one stderr line with exit 2', async () => {
    const r = await kvet(['model', 'run', 'S26/v11']);
    expect(r.out).toMatch(/REL\[2\+2\] RSP\+\[\]/);
    expect(r.code).toBe(1);
    const bad = await kvet(['model', 'replay', 'not-a-token']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    const badDepth = await kvet(['model', 'check', '--depth', 'x']);
    expect(badDepth.code).toBe(2);
  });
});

describe('kvet model on submodels', () => {
  it('checks an SR run and replays its counterexample', async () => {
    const r = await kvet(['model', 'check', '--scenario', 'S36', '--run', 'SR-v4', '--format', 'json']);
    const j = JSON.parse(r.out) as { violations: Array<{ invariant: string; replay: string }>; exhaustive: boolean };
    expect(j.exhaustive).toBe(true);
    expect(j.violations.map(v => v.invariant)).toEqual(['I25']);
    expect(r.code).toBe(1);
    const rep = await kvet(['model', 'replay', j.violations[0]?.replay ?? '', '--format', 'json']);
    expect((JSON.parse(rep.out) as { violated: string[] }).violated).toEqual(['I25']);
  });

  it('DFS with a small depth bound reports a non-exhaustive search', async () => {
    const r = await kvet(['model', 'check', '--strategy', 'dfs', '--depth', '4', '--version', 'v7']);
    expect(r.out).toMatch(/NOT exhaustive/);
  });
});

describe('kvet model scenario arguments', () => {
  it('accepts a scenario file path and picks the run by --version', async () => {
    const { CORPUS } = await import('../../helpers/paths.js');
    const file = `${CORPUS}/scenarios/dcd/S24-rollback-races-claim.json`;
    const r = await kvet(['model', 'check', '--scenario', file, '--version', 'v10', '--format', 'json']);
    const j = JSON.parse(r.out) as { config: string; violations: Array<{ invariant: string }> };
    expect(j.config).toBe('S24/v10');
    expect(j.violations.map(v => v.invariant)).toContain('I2');
    const missing = await kvet(['model', 'check', '--scenario', 'missing/nowhere.json']);
    expect(missing.err).toBe('kvet model: missing/nowhere.json: cannot read scenario file\n');
    expect(missing.code).toBe(2);
  });
});
