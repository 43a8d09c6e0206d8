/**
 * Steps of the release path (spec §2.2 OP-REL) and the other device records:
 * v11 INV (checked) → DAX consent → rm_tag_group; v10 consent → rm_tag_group with INV
 * (ignored); v7 per overlapping extent: consent → INV (ignored) → unregister.
 */
import { members, rmTagGroup } from './add.js';
import type { Op } from './config.js';
import { daxRmGroup, daxRmOne } from './dax.js';
import { L, extById, finish, goto, invalidate, sendRel, sendRsp, th, unlock, unregisterExt } from './host.js';
import type { StepDef } from './ops-add.js';
import { E, contains, key, overlaps, type DcdState } from './state.js';

type RelOp = Extract<Op, { op: 'release' }>;

const refuse = (s: DcdState, keys: readonly string[]): DcdState =>
  ({ ...s, refused: [...new Set([...s.refused, ...keys])].sort() });

/** Steps of `release` (a RELEASE_CAPACITY record), `cxl_rm_extent`. */
export const RELEASE_STEPS: Readonly<Record<string, StepDef<RelOp>>> = {
  /** Region lookup and group lookup under `cxl_rwsem.region` read; v11: INV first, checked. */
  lookup: {
    take: () => ({ lock: L.region, mode: 'read' }),
    run: (s, k, op) => {
      const rules = k.cfg.rules;
      if (!s.region.exists) return finish(sendRel(s, op.ext), k.t, E.ENXIO);   // crash leftovers [v11-18]
      if (rules.release === 'per-extent') {
        const ids = s.exts.filter(x => overlaps(x, op.ext)).map(x => x.id);
        return goto(s, k.t, 'relExt', { ids, i: 0 });
      }
      const hit = [...s.exts].sort((a, b) => a.id - b.id).find(x => contains(x, op.ext) && x.tag === op.ext.tag);
      if (!hit || hit.group === null) return finish(s, k.t, E.EINVAL);           // matches no dc_extent
      if (rules.invOrder === 'before-consent') {
        const inv = invalidate(s, k.cfg);
        if (inv.rc !== 0) return finish(s, k.t, inv.rc);                          // "let the device retry"
        return goto(inv.s, k.t, 'consent', { gid: hit.group });
      }
      return goto(s, k.t, 'consent', { gid: hit.group });
    },
  },
  /** `cxlr_notify_extent(RELEASE)` → `dax_region_rm_resources`: refuse-all-or-none. */
  consent: {
    take: () => ({ lock: L.devLock, mode: 'exclusive' }),
    run: (s, k) => {
      const gid = th(s, k.t).f['gid'] as number;
      const ids = members(s, gid).map(m => m.id);
      if (s.region.bound && s.region.daxRegion) {
        const r = daxRmGroup(s, ids);
        if (r.rc !== 0) return finish(refuse(s, ids.map(id => key(extById(s, id) ?? { s: 0, l: 0 }))), k.t, 0);
        return goto(unlock(r.s, k.t, L.devLock), k.t, 'rmGroup');
      }
      return goto(unlock(s, k.t, L.devLock), k.t, 'rmGroup');
    },
  },
  /** `rm_tag_group`: v10 INVs here (result ignored); REL per member from `dc_extent_release`. */
  rmGroup: {
    run: (s, k) => {
      const gid = th(s, k.t).f['gid'] as number;
      return finish(rmTagGroup(s, k, gid), k.t, 0);
    },
  },
  /** v7: one overlapping region_extent: consent (-EBUSY ⇒ skip), INV (ignored), unregister ⇒ REL. */
  relExt: {
    take: () => ({ lock: L.devLock, mode: 'exclusive' }),
    run: (s, k) => {
      const f = th(s, k.t).f as { ids: number[]; i: number };
      const id = f.ids[f.i];
      let out = s;
      const x = id === undefined ? undefined : extById(s, id);
      if (x) {
        const r = s.region.bound ? daxRmOne(s, x.id) : { s, rc: 0 };
        out = r.rc !== 0 ? refuse(s, [key(x)]) : unregisterExt(invalidate(r.s, k.cfg).s, x.id);
      }
      out = unlock(out, k.t, L.devLock);
      return f.i + 1 < f.ids.length ? goto(out, k.t, 'relExt', { ...f, i: f.i + 1 }) : finish(out, k.t, 0);
    },
  },
};

/** FORCED_CAPACITY_RELEASE: logged and ignored (§2.2 OP-FORCED). */
export const FORCED_STEPS: Readonly<Record<string, StepDef>> = {
  log: { run: (s, k) => finish(s, k.t, 0) },
};

/** Any other record type (e.g. REGION_CONFIGURATION_UPDATED): -EINVAL, record cleared. */
export const BAD_EVENT_STEPS: Readonly<Record<string, StepDef>> = {
  dispatch: { run: (s, k) => finish(s, k.t, E.EINVAL) },
};

/** `cxl_dc_add_timeout` (OP-TIMEOUT): an armed chain is refused with an empty RSP. */
export const TIMEOUT_STEPS: Readonly<Record<string, StepDef>> = {
  fire: {
    take: (_s, k) => (k.cfg.rules.groups ? { lock: L.addCtx, mode: 'exclusive' } : null),
    run: (s, k) => {
      if (!s.ctx.armed) return finish(s, k.t, 0);
      const out = sendRsp(s, k.cfg, [], []);   // the device still considers its chain open (SK-13)
      return finish({ ...out, ctx: { pending: [], armed: false, timer: false } }, k.t, 0);
    },
  },
};

