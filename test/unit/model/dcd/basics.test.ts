import { describe, expect, it } from 'vitest';
import { explore } from '../../../../src/model/checker/explore.js';
import { e, makeConfig } from '../../../../src/model/specs/dcd/config.js';
import { observe, runSchedule } from '../../../../src/model/specs/dcd/run.js';
import { buildDcdSpec, initialState } from '../../../../src/model/specs/dcd/spec.js';

describe('dcd model basics', () => {
  it('S01 v11: add untagged, claim', () => {
    const cfg = makeConfig('v11', {});
    const r = runSchedule(cfg, initialState(cfg), [
      { t: 'ev', op: { op: 'add', ext: e(0, 2), more: false } },
      { t: 'user', op: { op: 'uuidStore', dev: 'dax0.1', uuid: null } },
    ]);
    const o = observe(r.state);
    expect(r.blocked).toBeUndefined();
    expect(o.mailbox).toEqual(['RSP+[0+2]']);
    expect(o.rcs).toEqual({ ev: [0], user: [0] });
    expect(o.devs['dax0.1']).toBe(2);
    expect(o.avail).toBe(0);
  });
  it('explores a v11 claim/map/release workload and finds the INV-before-consent window', () => {
    const cfg = makeConfig('v11', {
      ev: [{ op: 'add', ext: e(0, 2, 'A'), more: true }, { op: 'add', ext: e(8, 2, 'A'), more: true }, { op: 'add', ext: e(4, 2, 'A'), more: false }, { op: 'release', ext: e(0, 2, 'A') }],
      user: [{ op: 'uuidStore', dev: 'dax0.1', uuid: 'A' }, { op: 'bindDax', dev: 'dax0.1' }, { op: 'mmapWrite', dev: 'dax0.1' }, { op: 'unbindDax', dev: 'dax0.1' }, { op: 'sizeStore', dev: 'dax0.1', size: 0 }],
    });
    const r = explore(buildDcdSpec(cfg));
    expect(r.exhaustive).toBe(true);
    // the S22 window: the user writes between INV and the DAX consent
    const i10 = r.violations.find(v => v.invariant === 'I10');
    expect(i10?.trace.map(t => t.action)).toContain('user: mmapWrite(dax0.1).write');
    expect(i10?.trace.at(-1)?.changes.some(c => c.includes('REL'))).toBe(true);
  });
});
