import { describe, expect, it } from 'vitest';
import { pendingLock } from '../../../../src/model/specs/dcd/actions.js';
import { e, makeConfig, type Op } from '../../../../src/model/specs/dcd/config.js';
import { INVARIANTS } from '../../../../src/model/specs/dcd/invariants.js';
import { observe, runSchedule } from '../../../../src/model/specs/dcd/run.js';
import { initialState } from '../../../../src/model/specs/dcd/spec.js';
import type { DcdState } from '../../../../src/model/specs/dcd/state.js';

const probe = [{ t: 'probe', op: { op: 'probe' } as const }];
const recovered = [e(0, 2), e(40, 2, 'A')];
const broken = (cfg: ReturnType<typeof makeConfig>, s: DcdState): string[] =>
  INVARIANTS.filter(i => i.appliesTo.includes(cfg.version) && !i.holds(s, cfg)).map(i => i.name);

describe('dcd model: P split into r0 and r1, each with a cxl_dax_region (S42)', () => {
  it('r0 probe realizes r1\'s group: lockdep WARN, extent onlined under r1 without DAX while r1 is unbound', () => {
    const cfg = makeConfig('v11', {}, { split: true });
    const s0 = initialState(cfg, { fresh: true, accepted: recovered, r1: { fresh: true } });
    const r = runSchedule(cfg, s0, probe);
    const s = r.state;
    expect(r.blocked).toBeUndefined();
    expect(s.hist['lockdep']).toEqual(['__cxlr_notify_extent(ADD) for r1 group A without device_lock(cxlr_dax r1)']);
    const x1 = s.exts.find(x => x.s === 40);
    expect(x1?.r).toBe(1);
    expect(s.r1?.devres).toEqual([`ext:${String(x1?.id)}`]);
    expect(s.region.devres.some(d => d === `ext:${String(x1?.id)}`)).toBe(false);
    expect(s.res.map(x => x.s)).toEqual([0]);
    expect(s.r1?.bound).toBe(false);
    expect(s.r1?.scanned).toBe(false);
    expect(broken(cfg, s)).toEqual([]);
  });

  it('with r1 bound the WARN is the same and notify adds r1\'s dax_resource without r1\'s device_lock', () => {
    const cfg = makeConfig('v11', {}, { split: true });
    const s0 = initialState(cfg, { fresh: true, accepted: recovered, r1: { bound: true, scanned: false } });
    const s = runSchedule(cfg, s0, probe).state;
    expect(s.hist['lockdep']).toHaveLength(1);
    expect(s.res.map(x => x.s).sort((a, b) => a - b)).toEqual([0, 40]);
    expect(broken(cfg, s)).toEqual([]);
  });

  it('an unsplit probe notifies only its own region: no lockdep record', () => {
    const cfg = makeConfig('v11', {});
    const s = runSchedule(cfg, initialState(cfg, { fresh: true, accepted: [e(0, 2), e(40, 2, 'A')] }), probe).state;
    expect(s.hist['lockdep']).toBeUndefined();
    expect(s.r1).toBeUndefined();
    expect(observe(s).extents).toEqual(['0+2#0', '40+2#0']);
  });

  it('a runtime group whose first member is r1\'s takes r1\'s device_lock to notify', () => {
    const first: Op = { op: 'add', ext: e(40, 2, 'A'), more: true };
    const last: Op = { op: 'add', ext: e(0, 2, 'A'), more: false };
    const script = [first, last];
    const cfg = makeConfig('v11', { ev: script }, { split: true });
    const paused = runSchedule(cfg, initialState(cfg), [{ t: 'ev', op: first }, { t: 'ev', op: last, until: 'notify' }]);
    expect(paused.state.threads['ev']?.pc).toBe('notify');
    expect(pendingLock(cfg, paused.state, 'ev')?.lock).toBe('device_lock(cxlr_dax r1)');
    const done = runSchedule(cfg, initialState(cfg), script.map(op => ({ t: 'ev', op }))).state;
    // r0's extent onlined under r1's cxlr_dax: the S42(b) defect with the regions swapped
    expect(broken(cfg, done)).toEqual(['I15']);
    expect(done.locks).toEqual({});
    expect(done.r1?.devres).toEqual(['daxRegion', 'seed', 'ext:1', 'ext:2']);
  });
});
