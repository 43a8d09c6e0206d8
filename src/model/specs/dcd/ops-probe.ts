/**
 * Steps of the cxl_dax_region driver lifecycle (spec §2.3) and of the DAX user
 * operations (§2.4). Probe: alloc | scan (v11) or child scan (v7/v10) | seed, all under
 * the device_lock the driver core holds; unload releases devres in reverse order.
 */
import { groupChain, groupGate, realizeGroup, scanExisting } from './add.js';
import type { Op } from './config.js';
import { createDevDax, sizeStore, trimAll, uuidStore } from './dax.js';
import { L, extById, finish, goto, sendRsp, unlock, unregisterExt } from './host.js';
import { daxAddOne } from './dax.js';
import type { StepDef } from './ops-add.js';
import { E, key, type DcdState, type Ext } from './state.js';

/**
 * `devres_release_all(cxlr_dax->dev)` in reverse registration order [KERNEL]: each
 * `dc_extent_unregister` (REL, `dax_release_resource` without a useCnt check), the seed
 * dev_dax teardown (trims its ranges), then the dax_region.
 */
export function devresReleaseAll(s: DcdState): DcdState {
  let out = s;
  for (const d of [...s.region.devres].reverse()) {
    if (d.startsWith('ext:')) out = unregisterExt(out, Number(d.slice(4)));
    else if (d === 'seed') {
      for (const dev of out.devs) out = trimAll(out, dev.name);
      out = { ...out, devs: [] };
    } else if (d === 'daxRegion') out = { ...out, region: { ...out.region, daxRegion: false } };
  }
  return { ...out, region: { ...out.region, devres: [], bound: false } };
}

/** Probe failure: the driver core unwinds what probe attached. */
function probeFails(s: DcdState, t: string, rc: number, before: readonly string[]): DcdState {
  const added = s.region.devres.filter(d => !before.includes(d));
  const unwound = devresReleaseAll({ ...s, region: { ...s.region, devres: added } });
  return finish({ ...unwound, region: { ...unwound.region, devres: before.filter(d => unwound.exts.some(x => d === `ext:${x.id}`)) } }, t, rc);
}

/** Steps of `probe` (`cxl_dax_region_probe`). */
export const PROBE_STEPS: Readonly<Record<string, StepDef>> = {
  /** really_probe devres gate, then `alloc_dax_region` (flags DCD / KMEM|SPARSE). */
  alloc: {
    take: () => ({ lock: L.devLock, mode: 'exclusive' }),
    run: (s, k) => {
      if (s.region.bound) return finish(s, k.t, 0);
      if (k.cfg.devresProbeGate && s.region.devres.length > 0) return finish(s, k.t, E.EBUSY);
      const out: DcdState = { ...s, region: { ...s.region, daxRegion: true, devres: [...s.region.devres, 'daxRegion'] } };
      return goto(out, k.t, k.cfg.rules.scanAt === 'probe' ? 'scan' : 'children', { before: s.region.devres });
    },
  },
  /** v11 `cxl_region_add_existing_extents` under add_ctx.lock; sets extentsScanned on success. */
  scan: {
    take: () => ({ lock: L.addCtx, mode: 'exclusive' }),
    run: (s, k) => {
      const r = scanExisting(s, k);
      if (r.rc !== 0) return probeFails(r.s, k.t, r.rc, []);
      const out: DcdState = { ...r.s, region: { ...r.s.region, scanned: true }, ctx: { ...r.s.ctx, pending: [] } };
      return goto(unlock(out, k.t, L.addCtx), k.t, 'seed');
    },
  },
  /** v7/v10: add a dax_resource for every extent device that already exists [S0, v10-21]. */
  children: {
    run: (s, k) => {
      let out = s;
      for (const x of [...s.exts].sort((a, b) => a.id - b.id)) {
        const cur = extById(out, x.id);
        if (!cur || cur.drvdata) continue;
        const r = daxAddOne(out, k, cur);
        if (r.rc === 0) out = r.s;
      }
      return goto(out, k.t, 'seed');
    },
  },
  /** Seed dev_dax of size 0; the driver is bound once probe returns 0. */
  seed: {
    run: (s, k) => {
      if (k.fault('seedCreate', 0)) return probeFails(s, k.t, E.ENOMEM, []);
      const devs = s.devs.some(d => d.name === 'dax0.1') ? s.devs : [{ name: 'dax0.1', ranges: [], bound: false }, ...s.devs];
      const out: DcdState = { ...s, devs, region: { ...s.region, bound: true, devres: [...s.region.devres, 'seed'] } };
      return finish(out, k.t, 0);
    },
  },
};

/**
 * v7/v10 `devm_cxl_add_dax_region` reading the device's extents at region creation
 * (OP-CREATE-REGION): v10 goes through `cxl_add_pending` and re-acknowledges them with an
 * RSP [v10-27, DJ-v10-27]; v7 adds them one by one without RSP [v7-24]. 11 attempts.
 */
export const REGION_SCAN_STEPS: Readonly<Record<string, StepDef>> = {
  scan: {
    take: (_s, k) => (k.cfg.rules.groups ? { lock: L.addCtx, mode: 'exclusive' } : null),
    run: (s0, k) => {
      const s: DcdState = { ...s0, dev: { ...s0.dev, mailbox: [...s0.dev.mailbox, { op: 'GET_LIST' }] } };
      if (k.cfg.genUnstable) return finish(s, k.t, E.EAGAIN);
      const listed = s.dev.accepted.filter(x => !s.exts.some(y => key(y) === key(x)));
      let out = s;
      const acc: Ext[] = [];
      for (const g of groupChain(k.cfg.rules, listed)) {
        if (groupGate(out, k, g) !== 0) continue;
        const r = realizeGroup(out, k, g, true);
        out = r.s;
        if (r.rc !== 0) continue;
        if (!k.cfg.rules.groups) {
          const id = out.region.nextId - 1;
          out = { ...out, exts: out.exts.map(y => (y.id === id ? { ...y, devm: true } : y)),
            region: { ...out.region, devres: [...out.region.devres, `ext:${id}`] } };
        }
        acc.push(...r.accepted);     // no driver bound at creation: notify returns 0
      }
      if (k.cfg.rules.existingRsp) out = sendRsp(out, k.cfg, acc, acc.map(key));
      return finish({ ...out, ctx: { ...out.ctx, pending: [] } }, k.t, 0);
    },
  },
};

/** `rmmod dax_cxl` / region teardown: release all devres of cxlr_dax under device_lock. */
export const UNLOAD_STEPS: Readonly<Record<string, StepDef>> = {
  teardown: {
    take: () => ({ lock: L.devLock, mode: 'exclusive' }),
    run: (s, k) => finish(devresReleaseAll(s), k.t, 0),
  },
};

const W = { lock: L.daxRegion, mode: 'write' } as const;

/** `uuid_store` (one step under dax_region_rwsem W → dax_dev_rwsem W). */
export const UUID_STEPS: Readonly<Record<string, StepDef<Extract<Op, { op: 'uuidStore' }>>>> = {
  store: { take: () => W, run: (s, k, op) => { const r = uuidStore(s, k, op.dev, op.uuid); return finish(r.s, k.t, r.rc); } },
};

/** `size_store` (one step under dax_region_rwsem W). */
export const SIZE_STEPS: Readonly<Record<string, StepDef<Extract<Op, { op: 'sizeStore' }>>>> = {
  store: { take: () => W, run: (s, k, op) => { const r = sizeStore(s, k, op.dev, op.size); return finish(r.s, k.t, r.rc); } },
};

/** Region `create` attribute → `__devm_create_dev_dax`. */
export const CREATE_STEPS: Readonly<Record<string, StepDef<Extract<Op, { op: 'createDevDax' }>>>> = {
  create: { take: () => W, run: (s, k, op) => { const r = createDevDax(s, op.size); return finish(r.s, k.t, r.rc); } },
};

type DevOp = Extract<Op, { op: 'bindDax' | 'unbindDax' | 'mmapWrite' }>;

function setBound(s: DcdState, dev: string, bound: boolean): DcdState {
  return { ...s, devs: s.devs.map(d => (d.name === dev ? { ...d, bound } : d)) };
}

/** Bind device_dax to a dev_dax. */
export const BIND_STEPS: Readonly<Record<string, StepDef<DevOp>>> = {
  bind: { run: (s, k, op) => (s.devs.some(d => d.name === op.dev) ? finish(setBound(s, op.dev, true), k.t, 0) : finish(s, k.t, E.ENODEV)) },
};

/** Unbind device_dax from a dev_dax. */
export const UNBIND_STEPS: Readonly<Record<string, StepDef<DevOp>>> = {
  unbind: { run: (s, k, op) => finish(setBound(s, op.dev, false), k.t, 0) },
};

/** A user write through the dev_dax mapping: dirties the cache lines of its extents (I10). */
export const MMAP_STEPS: Readonly<Record<string, StepDef<DevOp>>> = {
  write: {
    run: (s, k, op) => {
      const d = s.devs.find(v => v.name === op.dev);
      if (!d?.bound) return finish(s, k.t, E.ENXIO);
      const keys = d.ranges.map(r => extById(s, r.ext)).filter(x => x !== undefined).map(key);
      return finish({ ...s, dirty: [...new Set([...s.dirty, ...keys])].sort() }, k.t, 0);
    },
  },
};
