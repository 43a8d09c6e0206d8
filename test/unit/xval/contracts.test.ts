import { describe, expect, it } from 'vitest';
import { effectApplies, parseEffect, parseModelContracts, readModelContracts, readTakeGuards } from '../../../src/xval/contracts.js';

const SRC = `
import type { ActionMeta } from './types.js';
export const STEP_META: Readonly<Record<string, ActionMeta>> = {
  'add.notify': { specifies: ['cxlr_notify_extent', 'dax_region_add_resources'], spec: '§2.1',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }],
    errors: ['-ENOMEM'],
    effects: ['dev_set_drvdata (last, only on success)', 'rollback all members on failure (v11)'] },
  'x.y': { specifies: ['f'] },
};
`;

describe('model contracts read with ts-morph', () => {
  it('reads STEP_META entries with their model line', () => {
    const cs = parseModelContracts(SRC, 'actions.ts');
    expect(cs.map(c => c.step)).toEqual(['add.notify', 'x.y']);
    const a = cs[0];
    expect(a?.specifies).toEqual(['cxlr_notify_extent', 'dax_region_add_resources']);
    expect(a?.locks).toEqual([{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }]);
    expect(a?.errors).toEqual(['-ENOMEM']);
    expect(a?.line).toBe(4);
    expect(a?.effects.map(e => e.text)).toEqual(['dev_set_drvdata (last, only on success)', 'rollback all members on failure (v11)']);
    expect(cs[1]?.locks).toEqual([]);
  });

  it('throws without a STEP_META object literal', () => {
    expect(() => parseModelContracts('export const X = 1;', 'a.ts')).toThrow(/STEP_META/);
  });

  it('splits alternatives and reads version qualifiers', () => {
    const [v4, v5] = parseEffect('dev_set_drvdata before devm_add_action_or_reset (v4) / after devm_add_action (v5+)');
    expect(v4?.text).toBe('dev_set_drvdata before devm_add_action_or_reset (v4)');
    expect(v5?.whole).toContain('dev_set_drvdata');
    expect(v4 && effectApplies(v4, 'v4')).toBe(true);
    expect(v4 && effectApplies(v4, 'v7')).toBe(false);
    expect(v5 && effectApplies(v5, 'v11')).toBe(true);
    expect(v5 && effectApplies(v5, 'v4')).toBe(false);
    const [plain] = parseEffect('__request_region');
    expect(plain && effectApplies(plain, 'v10')).toBe(true);
  });

  it('reads the shipped model: the add and release steps name the C functions', () => {
    const cs = readModelContracts();
    const notify = cs.find(c => c.step === 'add.notify');
    const consent = cs.find(c => c.step === 'release.consent');
    expect(notify?.specifies).toContain('dax_region_add_resources');
    expect(consent?.specifies).toContain('dax_region_rm_resources');
    expect(notify?.file).toBe('src/model/specs/dcd/actions.ts');
    expect(notify?.line).toBeGreaterThan(1);
  });

  it('reads version-conditional lock takes from the ops source', () => {
    const g = readTakeGuards().find(x => x.step === 'add.stage');
    expect(g?.flag).toBe('groups');
    expect(g?.whenTrue).toContain('L.addCtx');
  });
});
