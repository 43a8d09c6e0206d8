/**
 * Small pure helpers shared by the operations: thread bookkeeping, locks, the device's
 * mailbox (RSP / REL), INV, and extent-device teardown (`dc_extent_release`).
 */
import { acquire, release, type LockRequest } from '../../checker/locks.js';
import type { DcdConfig, FaultPoint } from './config.js';
import { E, key, note, regionOf, withRegion, type DcdState, type Ext, type HostExt, type Thread } from './state.js';

/** What a step sees besides the state: config, its thread, and the injected fault. */
export interface Ctx {
  readonly cfg: DcdConfig;
  readonly t: string;
  /** True when the injected fault is `point` (at DPA offset `at`); marks it as fired. */
  fault(point: FaultPoint, at: number): boolean;
}

/** Lock names (§1.11). */
export const L = {
  daxRegion: 'dax_region_rwsem',
  daxDev: 'dax_dev_rwsem',
  devLock: 'device_lock(cxlr_dax)',
  region: 'cxl_rwsem.region',
  addCtx: 'add_ctx.lock',
} as const;

/** The device_lock of region `r`'s cxl_dax_region (r0 keeps the name of §1.11). */
export function devLockOf(r: number): string {
  return r === 0 ? L.devLock : `device_lock(cxlr_dax r${r})`;
}

/** The thread record of `t`. */
export function th(s: DcdState, t: string): Thread {
  return s.threads[t] ?? { i: 0, pc: '', f: {}, rcs: [] };
}

/** Moves thread `t` to step `pc` of its current op with frame `f`. */
export function goto(s: DcdState, t: string, pc: string, f: Readonly<Record<string, unknown>> = th(s, t).f): DcdState {
  return { ...s, threads: { ...s.threads, [t]: { ...th(s, t), pc, f } } };
}

/** Completes the current op of `t` with return code `rc` and drops every lock `t` holds. */
export function finish(s: DcdState, t: string, rc: number): DcdState {
  const cur = th(s, t);
  let locks = s.locks;
  for (const l of Object.keys(locks)) locks = release(locks, t, l);
  return { ...s, locks, threads: { ...s.threads, [t]: { i: cur.i + 1, pc: '', f: {}, rcs: [...cur.rcs, rc] } } };
}

/** `t` takes `req` (the action guard checked it is free). */
export function lock(s: DcdState, t: string, req: LockRequest): DcdState {
  return { ...s, locks: acquire(s.locks, t, req) };
}

/** `t` drops `name`. */
export function unlock(s: DcdState, t: string, name: string): DcdState {
  return { ...s, locks: release(s.locks, t, name) };
}

/** Sets `f[k] = v` in the frame of `t`. */
export function setFrame(s: DcdState, t: string, patch: Readonly<Record<string, unknown>>): DcdState {
  return goto(s, t, th(s, t).pc, { ...th(s, t).f, ...patch });
}

/**
 * ADD_DC_RESPONSE (§6.5): the device accepts the listed offered extents. Listing an
 * already-accepted range breaks I16 (device answers Invalid Physical Address, rc -ENXIO).
 * With `mockOrder` the device stops at the first extent out of offer order (S03b, Q10).
 */
export function sendRsp(s: DcdState, cfg: DcdConfig, list: readonly Ext[], offer: readonly string[]): DcdState {
  let out = s;
  let rc = 0;
  let take: Ext[] = [];
  let lastPos = -1;
  for (const x of list) {
    if (s.dev.accepted.some(a => key(a) === key(x))) {
      // Invalid Physical Address: the command fails as a whole (§6.5, DJ-v10-27)
      out = note(out, 'I16', `RSP re-lists accepted ${key(x)}`);
      rc = E.ENXIO;
      take = [];
      break;
    }
    const pos = offer.indexOf(key(x));
    if (cfg.mockOrder && pos < lastPos) { rc = E.EINVAL; break; }   // mock keeps the prefix (S03b)
    lastPos = Math.max(lastPos, pos);
    take.push(x);
  }
  const accepted = [...s.dev.accepted, ...take].sort((a, b) => a.s - b.s);
  const rsps = out.dev.chainRsps + 1;
  if (rsps > 1) out = note(out, 'I16', 'second RSP for one device chain');
  return {
    ...out,
    dev: { ...out.dev, accepted, chainRsps: rsps, gen: out.dev.gen + 1,
      mailbox: [...out.dev.mailbox, { op: 'RSP', list: list.map(key), rc }] },
  };
}

/** RELEASE_DC for one range: I17 (never accepted) and I10 (dirty since last INV) recorded. */
export function sendRel(s: DcdState, x: { s: number; l: number }): DcdState {
  let out = s;
  const k = key(x);
  if (!s.dev.accepted.some(a => key(a) === k)) out = note(out, 'I17', `REL for never-accepted ${k}`);
  if (s.dirty.includes(k)) out = note(out, 'I10', `REL of ${k} with lines dirtied after the last INV`);
  return {
    ...out,
    refused: out.refused.filter(r => r !== k),
    dev: { ...out.dev, accepted: out.dev.accepted.filter(a => key(a) !== k), gen: out.dev.gen + 1,
      mailbox: [...out.dev.mailbox, { op: 'REL', ext: k }] },
  };
}

/** `cxl_region_invalidate_memregion` (§2 INV): 0 and clean caches, or -ENXIO. */
export function invalidate(s: DcdState, cfg: DcdConfig): { s: DcdState; rc: number } {
  return cfg.archInvalidate ? { s: { ...s, dirty: [] }, rc: 0 } : { s, rc: E.ENXIO };
}

/** Host extent by id. */
export function extById(s: DcdState, id: number): HostExt | undefined {
  return s.exts.find(x => x.id === id);
}

/**
 * `dax_release_resource` (devm action on the extent device, §2.1): takes the dax region
 * rwsem, releases `res` if still set, frees the dax_resource — with no useCnt check (I2).
 */
export function daxReleaseResource(s: DcdState, id: number): DcdState {
  const r = s.res.find(x => x.ext === id);
  if (!r) return s;
  let out = s;
  if (r.useCnt > 0) out = note(out, 'I2', `dax_resource of ${key(r)} freed with useCnt ${r.useCnt}`);
  return { ...out, res: out.res.filter(x => x.ext !== id) };
}

/**
 * Extent device teardown: `device_unregister` runs the extent's devres (dax_release_resource),
 * then `dc_extent_release` sends REL unless the group skips device release, removes the
 * member, and frees the group (unregistering its tag) when it becomes empty (§2.1 OP-ONLINE).
 */
export function unregisterExt(s: DcdState, id: number): DcdState {
  const x = extById(s, id);
  if (!x) return s;
  let out = daxReleaseResource(s, id);
  out = withRegion(out, x.r, { devres: (regionOf(out, x.r)?.devres ?? []).filter(d => d !== `ext:${id}`) });
  const g = x.group === null ? undefined : out.groups.find(gr => gr.gid === x.group);
  if (!g?.skipRel) out = sendRel(out, x);
  out = { ...out, exts: out.exts.filter(y => y.id !== id) };
  if (g) {
    const members = g.members.filter(m => m !== id);
    if (members.length === 0) {
      out = { ...out, groups: out.groups.filter(gr => gr.gid !== g.gid),
        registry: g.tag === null ? out.registry : out.registry.filter(tg => tg !== g.tag) };
    } else {
      out = { ...out, groups: out.groups.map(gr => (gr.gid === g.gid ? { ...gr, members } : gr)) };
    }
  }
  return out;
}
