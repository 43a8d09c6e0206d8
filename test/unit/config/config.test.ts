import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, applyPolicy, checkConfig, findConfig, loadConfig, makePolicy } from '../../../src/config/config.js';
import { matchesGlob } from '../../../src/config/glob.js';
import type { Finding } from '../../../src/engine/finding.js';

const IDS = ['patch-spelling', 'lock-recursive', 'decl-unused', 'kernel-doc-params'];

function finding(ruleId: string, file: string | null, severity: Finding['severity'] = 'warning'): Finding {
  return {
    ruleId, messageId: 'm', category: 'other', message: 'M.', severity, confidence: 'high', source: 'rule',
    location: { file, line: 1, mailLine: 1, patchLine: 1 }, function: null, mailMessageId: null, patch: null,
    input: 'in.mbox', related: [], fingerprint: `${ruleId}:${file}`,
  };
}

describe('path globs', () => {
  it('matches ** across directories, * and ? within one, {a,b}, and bare names at any depth', () => {
    expect(matchesGlob('drivers/cxl/core/region.c', 'drivers/cxl/**')).toBe(true);
    expect(matchesGlob('drivers/cxl/core/region.c', 'drivers/**/region.c')).toBe(true);
    expect(matchesGlob('drivers/cxl/region.c', 'drivers/**/region.c')).toBe(true);
    expect(matchesGlob('drivers/cxl/core/region.c', 'drivers/cxl/*.c')).toBe(false);
    expect(matchesGlob('drivers/cxl/pci.c', 'drivers/?xl/*.c')).toBe(true);
    expect(matchesGlob('include/linux/cxl.h', '*.h')).toBe(true);
    expect(matchesGlob('drivers/dax/bus.c', 'drivers/{cxl,dax}/**')).toBe(true);
    expect(matchesGlob('drivers/nvdimm/bus.c', 'drivers/{cxl,dax}/**')).toBe(false);
    expect(matchesGlob('tools/testing/cxl/test/mem.c', './tools/testing/**')).toBe(true);
    expect(matchesGlob('drivers/cxlx/a.c', 'drivers/cxl/**')).toBe(false);
  });
});

describe('config checking', () => {
  it('accepts a full config', () => {
    const cfg = checkConfig({ preset: 'strict', rules: { 'patch-spelling': 'off' }, overrides: [{ files: ['drivers/**'], rules: { 'decl-unused': 'error' } }], ignore: ['tools/**'], maxWarnings: 3 }, 'c.json', IDS);
    expect(cfg.preset).toBe('strict');
    expect(cfg.overrides?.[0]?.rules['decl-unused']).toBe('error');
  });
  it.each([
    [[], 'the config must be a JSON object'],
    [{ rulez: {} }, 'unknown key "rulez"'],
    [{ rules: { 'no-such-rule': 'off' } }, 'rules: no rule named "no-such-rule"'],
    [{ rules: { 'patch-spelling': 'loud' } }, 'rules.patch-spelling: setting must be one of'],
    [{ preset: 'lenient' }, 'preset must be one of'],
    [{ maxWarnings: -1 }, 'maxWarnings must be a non-negative integer'],
    [{ overrides: [{ files: 'drivers/**', rules: {} }] }, 'overrides[0].files must be an array'],
  ])('refuses %j with a message naming the file and the problem', (doc, problem) => {
    expect(() => checkConfig(doc, 'x/.kvet.json', IDS)).toThrow(ConfigError);
    expect(() => checkConfig(doc, 'x/.kvet.json', IDS)).toThrow(`x/.kvet.json: ${problem}`);
  });
  it('reports unreadable and non-JSON files by name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-cfg-'));
    const bad = path.join(dir, '.kvet.json');
    writeFileSync(bad, '{ "rules": ');
    expect(() => loadConfig(bad, IDS)).toThrow(/\.kvet\.json: not JSON/);
    expect(() => loadConfig(path.join(dir, 'missing.json'), IDS)).toThrow(/missing\.json: cannot read the config \(ENOENT\)/);
  });
});

describe('config discovery', () => {
  it('walks up to the repository top and no further', () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'kvet-find-'));
    writeFileSync(path.join(outer, '.kvet.json'), '{}');
    const repo = path.join(outer, 'linux');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'drivers', 'cxl'), { recursive: true });
    expect(findConfig(path.join(repo, 'drivers', 'cxl'))).toBeNull();
    writeFileSync(path.join(repo, '.kvet.json'), '{}');
    expect(findConfig(path.join(repo, 'drivers', 'cxl'))).toBe(path.join(repo, '.kvet.json'));
    expect(findConfig(outer)).toBe(path.join(outer, '.kvet.json'));
  });
});

describe('policy', () => {
  it('turns rules off, sets severities per path, later overrides winning, and ignores paths', () => {
    const cfg = checkConfig({
      rules: { 'patch-spelling': 'off', 'decl-unused': 'note' },
      overrides: [
        { files: ['drivers/cxl/**'], rules: { 'patch-spelling': 'warning', 'decl-unused': 'error' } },
        { files: ['drivers/cxl/core/**'], rules: { 'decl-unused': 'off' } },
      ],
      ignore: ['tools/testing/**'],
    }, 'c', IDS);
    const policy = makePolicy(cfg, {}, IDS);
    expect(policy.ruleIds).toBeNull(); // patch-spelling still runs for drivers/cxl
    const out = applyPolicy([
      finding('patch-spelling', 'drivers/dax/bus.c'),
      finding('patch-spelling', 'drivers/cxl/pci.c'),
      finding('decl-unused', 'drivers/dax/bus.c'),
      finding('decl-unused', 'drivers/cxl/pci.c'),
      finding('decl-unused', 'drivers/cxl/core/region.c'),
      finding('lock-recursive', 'tools/testing/cxl/test/mem.c', 'error'),
      finding('lock-recursive', 'drivers/cxl/core/region.c', 'error'),
    ], policy);
    expect(out.map(f => [f.ruleId, f.location.file, f.severity])).toEqual([
      ['patch-spelling', 'drivers/cxl/pci.c', 'warning'],
      ['decl-unused', 'drivers/dax/bus.c', 'note'],
      ['decl-unused', 'drivers/cxl/pci.c', 'error'],
      ['lock-recursive', 'drivers/cxl/core/region.c', 'error'],
    ]);
  });
  it('runs only the preset rules, and the command line preset beats the file', () => {
    const policy = makePolicy({ preset: 'strict' }, { preset: 'style' }, IDS);
    expect(policy.preset).toBe('style');
    expect(policy.ruleIds).toEqual(['patch-spelling', 'decl-unused', 'kernel-doc-params']);
    const strict = makePolicy({ preset: 'strict' }, {}, IDS);
    expect(applyPolicy([finding('decl-unused', 'a.c', 'note')], strict)[0]?.severity).toBe('warning');
    expect(makePolicy({ maxWarnings: 4 }, { maxWarnings: 9 }, IDS).maxWarnings).toBe(9);
  });
});
