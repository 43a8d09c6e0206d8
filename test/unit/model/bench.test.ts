import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/model/checker/explore.js';
import { defaultConfig } from '../../../src/model/specs/dcd/configs.js';
import { buildDcdSpec } from '../../../src/model/specs/dcd/spec.js';

describe('default v11 exploration (what benchModel measures first)', () => {
  it('is exhaustive at the default bound and deterministic in its state count', () => {
    const a = explore(buildDcdSpec(defaultConfig('v11')), { maxFaults: 1 });
    const b = explore(buildDcdSpec(defaultConfig('v11')), { maxFaults: 1 });
    expect(a.exhaustive).toBe(true);
    expect(a.distinct).toBe(b.distinct);
    expect(a.distinct).toBeGreaterThan(1000);
    expect(a.violations.map(v => v.invariant).sort()).toEqual(['I10', 'I16', 'I17']);
  });
});
