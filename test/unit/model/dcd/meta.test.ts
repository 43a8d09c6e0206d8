import { describe, expect, it } from 'vitest';
import { OP_STEPS, STEP_META, buildActions } from '../../../../src/model/specs/dcd/actions.js';
import { VERSION_NAMES } from '../../../../src/model/specs/dcd/versions.js';
import { defaultConfig } from '../../../../src/model/specs/dcd/configs.js';

describe('action contracts for cross-validation', () => {
  it('every operation step names the C function(s) it specifies and a spec section', () => {
    for (const [op, steps] of Object.entries(OP_STEPS)) {
      for (const label of Object.keys(steps)) {
        const meta = STEP_META[`${op}.${label}`];
        expect(meta, `${op}.${label}`).toBeDefined();
        expect(meta?.specifies.length).toBeGreaterThan(0);
        expect(meta?.spec).toMatch(/^§/);
      }
    }
    expect(Object.keys(STEP_META).filter(k => { const [op, l] = k.split('.'); return !OP_STEPS[op as keyof typeof OP_STEPS]?.[l ?? '']; })).toEqual([]);
  });

  it('built actions carry their metadata and deterministic names in every version', () => {
    for (const v of VERSION_NAMES) {
      const a = buildActions(defaultConfig(v));
      expect(a.every(x => x.meta !== undefined)).toBe(true);
      expect(new Set(a.map(x => x.name)).size).toBe(a.length);
    }
  });
});
