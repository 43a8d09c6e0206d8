/**
 * Steps of the runtime add path (`handle_add_event` → `cxl_add_pending` →
 * `cxl_realize_group` → `cxlr_notify_extent` → DAX add → RSP), split at the interleaving
 * points of spec §7.2: staging, realize (under add_ctx.lock), notify (device_lock),
 * per-extent DAX adds in v4/v7/v10, and the response.
 */
import type { LockRequest } from '../../checker/locks.js';
import { addExtent, groupChain, groupGate, members, notifyFailed, realizeGroup } from './add.js';
import type { Op } from './config.js';
import { daxAddGroup, daxAddOne, daxRmOne, v4ResetDone } from './dax.js';
import { L, devLockOf, extById, finish, goto, invalidate, sendRsp, th, unlock, unregisterExt, type Ctx } from './host.js';
import { E, key, note, regionOf, type DcdState, type Ext } from './state.js';

/** One atomic step: an optional lock taken at its start, and its pure effect. */
export interface StepDef<O extends Op = Op> {
  take?(s: DcdState, k: Ctx, op: O): LockRequest | null;
  run(s: DcdState, k: Ctx, op: O): DcdState;
}

type AddOp = Extract<Op, { op: 'add' }>;

interface AddFrame {
  readonly todo: readonly (readonly Ext[])[];
  readonly acc: readonly Ext[];
  readonly offer: readonly string[];
  readonly ids?: readonly number[];
  readonly cur?: readonly Ext[];
  readonly gid?: number | null;
  /** Region of the group's cxlr_dax (S42); absent means r0. */
  readonly rg?: number;
  readonly k?: number;
  readonly failRc?: number;
}

const frame = (s: DcdState, t: string): AddFrame => th(s, t).f as unknown as AddFrame;
const X = E.ENOMEM;

/** After notify-ADD (OP-REALIZE tail): accept on success, clean up on failure, drop device_lock. */
function afterNotify(s: DcdState, k: Ctx, rc: number): DcdState {
  const f = frame(s, k.t);
  let out = s;
  let acc = f.acc;
  if (rc === 0) acc = [...acc, ...(f.cur ?? [])];
  else if (k.cfg.rules.groups && f.gid !== undefined && f.gid !== null) out = notifyFailed(out, k, f.gid, false);
  else for (const id of f.ids ?? []) out = unregisterExt(invalidate(out, k.cfg).s, id);   // v7 region_rm_extent
  out = unlock(out, k.t, devLockOf(f.rg ?? 0));
  const { rg: _rg, ...rest } = f;
  return goto(out, k.t, f.todo.length > 0 ? 'realize' : 'respond', { ...rest, acc, ids: [], cur: [], k: 0 });
}

/** Steps of `add` (an ADD_CAPACITY record). */
export const ADD_STEPS: Readonly<Record<string, StepDef<AddOp>>> = {
  /** `handle_add_event` staging [v11-12, v11-13]; v7 has no add_ctx lock, but holds cxl_region_rwsem. */
  stage: {
    take: (_s, k, op) => (k.cfg.rules.groups ? { lock: L.addCtx, mode: 'exclusive' }
      : op.more ? null : { lock: L.region, mode: 'read' }),
    run: (s0, k, op) => {
      const s: DcdState = { ...s0, dev: { ...s0.dev, chainOpen: op.more, chainRsps: s0.dev.chainOpen ? s0.dev.chainRsps : 0 } };
      const cap = k.cfg.rules.cap;
      if (cap !== null && s.ctx.pending.length >= cap) {
        const out = note({ ...s, ctx: { ...s.ctx, pending: [] } }, 'I16', 'chain over the cap closed without RSP');
        return finish(out, k.t, E.ENOSPC);
      }
      if (k.fault('stageAlloc', op.ext.s)) {
        return finish(note({ ...s, ctx: { ...s.ctx, pending: [] } }, 'I16', 'chain dropped on -ENOMEM without RSP'), k.t, X);
      }
      const pending = [...s.ctx.pending, op.ext];
      if (op.more) {
        const timer = k.cfg.rules.timer;
        return finish({ ...s, ctx: { pending, armed: timer, timer } }, k.t, 0);
      }
      const out: DcdState = { ...s, ctx: { ...s.ctx, pending, armed: false, timer: false } };
      const f: AddFrame = { todo: groupChain(k.cfg.rules, pending), acc: [], offer: pending.map(key) };
      return goto(out, k.t, 'realize', f as unknown as Record<string, unknown>);
    },
  },
  /** Group gates + `cxl_realize_group` up to notify (v10/v11); v7: validate, INV, online one extent. */
  realize: {
    run: (s, k) => {
      let out = s;
      let f = frame(s, k.t);
      while (f.todo.length > 0) {
        const g = f.todo[0] as readonly Ext[];
        f = { ...f, todo: f.todo.slice(1) };
        if (!k.cfg.rules.groups) {
          const x = g[0] as Ext;
          const r = addExtent(out, k, x, 0, false, null);
          if (r.rc === 0) { f = { ...f, acc: [...f.acc, x] }; continue; }     // v7 "accept again"
          if (r.rc < 0) continue;
          out = r.s;
          const id = out.region.nextId - 1;
          const inv = invalidate(out, k.cfg);                                  // INV before online [S0], rc ignored
          out = inv.rc === 0 ? inv.s : note(out, 'I11', `extent ${key(x)} onlined without a successful INV`);
          out = { ...out, exts: out.exts.map(y => (y.id === id ? { ...y, devm: true } : y)),
            region: { ...out.region, devres: [...out.region.devres, `ext:${id}`] } };
          return goto(out, k.t, 'notify', { ...f, cur: [x], ids: [id], gid: null } as unknown as Record<string, unknown>);
        }
        if (groupGate(out, k, g) !== 0) continue;
        const r = realizeGroup(out, k, g, false);
        out = r.s;
        if (r.rc !== 0 || r.gid === null) continue;
        const ids = members(out, r.gid).map(m => m.id);
        const rg = out.groups.find(x => x.gid === r.gid)?.r ?? 0;
        return goto(out, k.t, 'notify', { ...f, cur: r.accepted, ids, gid: r.gid, ...(rg !== 0 ? { rg } : {}) } as unknown as Record<string, unknown>);
      }
      return goto(out, k.t, 'respond', f as unknown as Record<string, unknown>);
    },
  },
  /**
   * `cxlr_notify_extent(ADD)`: device_lock of the group's cxlr_dax; no driver ⇒ 0; v11 adds
   * the whole group atomically.
   */
  notify: {
    take: (s, k) => ({ lock: devLockOf(frame(s, k.t).rg ?? 0), mode: 'exclusive' }),
    run: (s, k) => {
      const f = frame(s, k.t);
      const cxlrDax = regionOf(s, f.rg ?? 0);
      if (!cxlrDax?.bound || !cxlrDax.daxRegion) return afterNotify(s, k, 0);
      if (k.cfg.rules.daxAdd === 'group') {
        const ms = (f.ids ?? []).map(id => extById(s, id)).filter(x => x !== undefined);
        const r = daxAddGroup(s, k, ms);
        return afterNotify(r.s, k, r.rc);
      }
      return goto(s, k.t, 'daxAdd', { ...f, k: 0 } as unknown as Record<string, unknown>);
    },
  },
  /** v4/v7/v10 `dax_region_add_resource` for one member, each under its own write section. */
  daxAdd: {
    take: () => ({ lock: L.daxRegion, mode: 'write' }),
    run: (s, k) => {
      const f = frame(s, k.t);
      const i = f.k ?? 0;
      const id = (f.ids ?? [])[i] ?? -1;
      const x = extById(s, id);
      if (!x) return afterNotify(unlock(s, k.t, L.daxRegion), k, 0);
      const r = daxAddOne(s, k, x);
      if (r.rc === 'v4-reset') return goto(r.s, k.t, 'v4Reset');               // W still held
      const out = unlock(r.s, k.t, L.daxRegion);
      if (r.rc !== 0) {
        return i > 0 ? goto(out, k.t, 'daxRollback', { ...f, failRc: r.rc } as unknown as Record<string, unknown>) : afterNotify(out, k, r.rc);
      }
      if (i + 1 < (f.ids ?? []).length) return goto(out, k.t, 'daxAdd', { ...f, k: i + 1 } as unknown as Record<string, unknown>);
      return afterNotify(out, k, 0);
    },
  },
  /** v10 rollback of the members added so far (`dax_region_rm_resource`, -EBUSY ignored). */
  daxRollback: {
    take: () => ({ lock: L.daxRegion, mode: 'write' }),
    run: (s, k) => {
      const f = frame(s, k.t);
      let out = s;
      for (const id of (f.ids ?? []).slice(0, f.k ?? 0)) out = daxRmOne(out, id).s;
      return afterNotify(unlock(out, k.t, L.daxRegion), k, f.failRc ?? X);
    },
  },
  /** v4 reset callback: `guard(rwsem_write)(&dax_region_rwsem)` while the caller holds it. */
  v4Reset: {
    take: () => ({ lock: L.daxRegion, mode: 'write' }),
    run: (s, k) => {
      const f = frame(s, k.t);
      const id = (f.ids ?? [])[f.k ?? 0] ?? -1;
      return afterNotify(unlock(v4ResetDone(s, id), k.t, L.daxRegion), k, X);
    },
  },
  /** One ADD_DC_RESPONSE with the accepted extents; `clear_pending` (armed untouched). */
  respond: {
    run: (s, k) => {
      const f = frame(s, k.t);
      const out = sendRsp(s, k.cfg, f.acc, f.offer);
      return finish({ ...out, ctx: { ...out.ctx, pending: [] } }, k.t, 0);
    },
  },
};
