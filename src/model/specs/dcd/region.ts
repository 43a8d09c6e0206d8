/**
 * DC region creation through sysfs (spec §2.3 OP-CREATE-REGION, S33): the
 * `create_dynamic_ram_1_region` attribute, interleave ways, target attach and
 * `devm_cxl_add_dax_region`, as a sequence of user writes with their return codes.
 * Invariant I7: a committed DC region has interleave ways 1 and exactly one target.
 */
import type { Action, Invariant, Spec } from '../../checker/types.js';
import { E } from './state.js';

/** A sysfs write of the region-creation flow. */
export type RegionOp =
  | { readonly op: 'create'; readonly name: string }
  | { readonly op: 'ways'; readonly ways: number }
  | { readonly op: 'target'; readonly memdev: 'dcd' | 'nodcd' | 'nomds' }
  | { readonly op: 'commit' }
  | { readonly op: 'addDaxRegion' };

/** Configuration: whether the root decoder can create RAM regions, and the writes. */
export interface RegionConfig {
  readonly id: string;
  readonly canCreateRam: boolean;
  readonly ops: readonly RegionOp[];
}

/** Region-creation state. */
export interface RegionState {
  readonly i: number;
  readonly created: boolean;
  readonly ways: number;
  readonly targets: number;
  readonly committed: boolean;
  readonly rcs: readonly number[];
}

/** Return code and effect of one write [v11-07 / S1, AS-v10-07]. */
function apply(cfg: RegionConfig, s: RegionState, op: RegionOp): { rc: number; s: RegionState } {
  switch (op.op) {
    case 'create':
      if (!cfg.canCreateRam) return { rc: E.ENOENT, s };                   // attribute invisible
      if (op.name !== 'region0') return { rc: E.EBUSY, s };                // name compare-exchange
      return { rc: 0, s: { ...s, created: true } };
    case 'ways':
      if (!s.created) return { rc: E.ENXIO, s };
      if (op.ways !== 1) return { rc: E.EINVAL, s };                       // "Interleaving and DCD not supported"
      return { rc: 0, s: { ...s, ways: 1 } };
    case 'target':
      if (op.memdev === 'nomds') return { rc: E.ENODEV, s };
      if (op.memdev === 'nodcd') return { rc: E.EINVAL, s };
      if (s.targets >= s.ways) return { rc: E.ENXIO, s };
      return { rc: 0, s: { ...s, targets: s.targets + 1 } };
    case 'commit':
      if (s.targets !== s.ways) return { rc: E.ENXIO, s };
      return { rc: 0, s: { ...s, committed: true } };
    case 'addDaxRegion':
      return s.ways !== 1 ? { rc: E.EINVAL, s } : { rc: 0, s };
  }
}

/** The region-creation spec: one user thread performing the writes in order. */
export function buildRegionSpec(cfg: RegionConfig): Spec<RegionState> {
  const step: Action<RegionState> = {
    name: 'sysfsWrite',
    meta: { specifies: ['create_dynamic_ram_1_region_store', 'set_interleave_ways', 'store_targetN', 'devm_cxl_add_dax_region'], spec: '§2.3' },
    enabled: s => s.i < cfg.ops.length,
    next: s => {
      const r = apply(cfg, s, cfg.ops[s.i] as RegionOp);
      return { ...r.s, i: s.i + 1, rcs: [...s.rcs, r.rc] };
    },
    describe: s => `sysfsWrite(${JSON.stringify(cfg.ops[s.i])})`,
  };
  const i7: Invariant<RegionState> = {
    name: 'I7', description: 'A committed DC region has interleave ways 1 and exactly one target.',
    holds: s => !s.committed || (s.ways === 1 && s.targets === 1),
  };
  return {
    name: 'region',
    init: () => ({ i: 0, created: false, ways: 1, targets: 0, committed: false, rcs: [] }),
    actions: [step], invariants: [i7], done: () => true,
  };
}
