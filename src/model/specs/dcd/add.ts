/**
 * The add path (spec §2.1): grouping a closed More-chain by tag, the group gates,
 * `cxl_add_extent`, `online_tag_group`, the notify-failure cleanup, and the
 * existing-extent scan of v11 probe (OP-SCAN). Pure functions over the state.
 */
import { daxAddGroup, type Rc } from './dax.js';
import { isHeldBy } from '../../checker/locks.js';
import { devLockOf, extById, invalidate, sendRel, unregisterExt, type Ctx } from './host.js';
import {
  E, PART_SIZE, PMD, contains, key, note, overlaps, regionIndex, regionOf, withRegion,
  type DcdState, type Ext, type Group, type HostExt,
} from './state.js';

/**
 * `extract_tag_group` [v11-14]: partition by uuid equality (null included), groups in
 * order of first appearance, each stably sorted by shared_extn_seq. v7 has no groups:
 * every extent is its own unit.
 */
export function groupChain(rules: { readonly groups: boolean }, pending: readonly Ext[]): Ext[][] {
  if (!rules.groups) return pending.map(x => [x]);
  const out: Ext[][] = [];
  for (const x of pending) {
    const g = out.find(gr => gr[0]?.tag === x.tag);
    if (g) g.push(x);
    else out.push([x]);
  }
  return out.map(g => [...g].sort((a, b) => a.seq - b.seq));
}

/** Group gates of OP-ADD-PENDING; a non-zero rc drops the whole group (no RSP entry, no REL). */
export function groupGate(s: DcdState, k: Ctx, g: readonly Ext[]): number {
  const tag = g[0]?.tag ?? null;
  const rules = k.cfg.rules;
  if (!rules.tags) return 0;
  if (tag !== null && s.registry.includes(tag)) return E.EEXIST;                     // [v11-19]
  if (k.cfg.sharable && g.some((x, i) => x.seq !== i + rules.seqBase)) return E.EINVAL;  // [v11-17]
  if (rules.alignGate && g.some(x => x.s % PMD !== 0 || x.l % PMD !== 0)) return E.EINVAL;  // [v11-15]
  return 0;
}

/** Result of `cxl_add_extent`: 1 new member, 0 duplicate, <0 error. */
interface AddRc {
  readonly s: DcdState;
  readonly rc: number;
  readonly gid: number | null;
}

/**
 * `cxl_add_extent` (OP-ADD-EXTENT) under `cxl_rwsem.region` read: validation, scan gate,
 * duplicate/overlap classification, then `cxlr_add_extent` (group alloc on first member).
 */
export function addExtent(s: DcdState, k: Ctx, x: Ext, seq: number, existing: boolean, gid: number | null): AddRc {
  const rules = k.cfg.rules;
  const fail = (rc: number): AddRc => ({ s, rc, gid });
  if (!rules.tags && (x.tag !== null || x.seq !== 0)) return fail(E.EINVAL);          // v7: no tags [v7-20]
  if (x.s < 0 || x.l <= 0 || x.s + x.l > PART_SIZE) return fail(E.ENXIO);
  if (rules.tags && k.cfg.sharable && x.tag === null) return fail(E.ENXIO);         // [v11-16]
  if (rules.tags && !k.cfg.sharable && x.seq !== 0) return fail(E.ENXIO);
  // dpa_to_region: the region whose ED holds the extent, and its cxl_dax_region.
  const own = regionIndex(k.cfg.split, x.s);
  const cxlrDax = regionOf(s, own);
  if (!cxlrDax?.exists) return fail(E.ENXIO);
  if (rules.scanGate && !existing && !cxlrDax.scanned) return fail(E.EBUSY);        // [v11-27]
  if (s.exts.some(y => contains(y, x))) return { s, rc: 0, gid };                   // duplicate
  if (s.exts.some(y => overlaps(y, x))) return fail(E.ENXIO);
  if (k.fault('dcExtentBuild', x.s)) return fail(E.ENOMEM);
  let out = s;
  let g = gid;
  // The group's cxlr_dax is the region of its first realized member; later members are
  // onlined under it even when their ED belongs to another region (S42(b), SK-17).
  if (rules.groups && g === null) {
    if (x.tag !== null && out.registry.includes(x.tag)) return fail(E.EBUSY);       // backstop [v11-19]
    g = out.nextGid;
    const grp: Group = { gid: g, tag: x.tag, members: [], skipRel: false, r: own };
    out = { ...out, nextGid: g + 1, groups: [...out.groups, grp],
      registry: x.tag === null ? out.registry : [...out.registry, x.tag].sort() };
  }
  const id = out.region.nextId;
  const r = out.groups.find(gr => gr.gid === g)?.r ?? own;
  const he: HostExt = { id, s: x.s, l: x.l, tag: x.tag, seq, group: g, devm: false, drvdata: false, existing, r };
  out = { ...out, exts: [...out.exts, he], region: { ...out.region, nextId: id + 1 },
    groups: out.groups.map(gr => (gr.gid === g ? { ...gr, members: [...gr.members, id] } : gr)) };
  if (!existing && !cxlrDax.scanned) out = note(out, 'I21', `runtime extent ${key(x)} created before the scan`);
  return { s: out, rc: 1, gid: g };
}

/** Members of group `gid` in seq order. */
export function members(s: DcdState, gid: number): HostExt[] {
  const g = s.groups.find(x => x.gid === gid);
  return (g?.members ?? []).map(id => extById(s, id)).filter((x): x is HostExt => x !== undefined).sort((a, b) => a.seq - b.seq);
}

function setGroup(s: DcdState, gid: number, patch: Partial<Group>): DcdState {
  return { ...s, groups: s.groups.map(g => (g.gid === gid ? { ...g, ...patch } : g)) };
}

/**
 * `rm_tag_group`: unregister every member (REL unless the group skips device release).
 * v10's rm_tag_group INVs first, result ignored [v10-18]; v11 INVs in cxl_rm_extent instead.
 */
export function rmTagGroup(s: DcdState, k: Ctx, gid: number): DcdState {
  let out = k.cfg.rules.invOrder === 'after-consent' ? invalidate(s, k.cfg).s : s;
  for (const m of members(s, gid)) out = unregisterExt(out, m.id);
  return out;
}

/**
 * `online_tag_group` (OP-ONLINE): device_add + devm action on cxlr_dax per member. On a
 * failure the failing member is released *before* `skipDeviceRelease` is set, so it gets
 * a REL (S26, SK-14); the rest are unwound without REL when `skip` is set.
 */
export function onlineGroup(s: DcdState, k: Ctx, gid: number, skip: boolean): Rc {
  let out = s;
  for (const m of members(s, gid)) {
    if (k.fault('deviceAdd', m.s)) {
      out = unregisterExt(out, m.id);
      if (skip) out = setGroup(out, gid, { skipRel: true });
      return { s: rmTagGroup(out, k, gid), rc: E.ENOMEM };
    }
    out = withRegion({ ...out, exts: out.exts.map(x => (x.id === m.id ? { ...x, devm: true } : x)) },
      m.r, { devres: [...(regionOf(out, m.r)?.devres ?? []), `ext:${m.id}`] });
  }
  return { s: out, rc: 0 };
}

/** Outcome of realizing one group: accepted wire extents (for the RSP) and the group id. */
export interface Realized {
  readonly s: DcdState;
  readonly rc: number;
  readonly accepted: readonly Ext[];
  readonly gid: number | null;
}

/**
 * `cxl_realize_group` up to (not including) notify: add each member (a failing member is
 * dropped alone, the seq counter still advances — S07), then online the group.
 */
export function realizeGroup(s: DcdState, k: Ctx, g: readonly Ext[], existing: boolean): Realized {
  const rules = k.cfg.rules;
  let out = s;
  let gid: number | null = null;
  let counter = rules.seqBase - 1;
  const accepted: Ext[] = [];
  for (const x of g) {
    counter++;
    const seq = k.cfg.sharable ? x.seq : counter;
    const r = addExtent(out, k, x, seq, existing, gid);
    if (r.rc < 0) continue;
    out = r.s;
    gid = r.gid;
    accepted.push(x);
  }
  if (!rules.groups) {
    // v7: one region_extent per unit; a duplicate is "accepted again" and listed [v7-20].
    return { s: out, rc: accepted.length > 0 ? 0 : E.ENXIO, accepted, gid: null };
  }
  if (gid === null) return { s: out, rc: E.ENXIO, accepted: [], gid: null };
  const on = onlineGroup(out, k, gid, !existing && !rules.notifyFailRel);
  if (on.rc !== 0) return { s: on.s, rc: on.rc, accepted: [], gid: null };
  return { s: on.s, rc: 0, accepted, gid };
}

/**
 * Cleanup after a failed notify-ADD (§2.1 OP-REALIZE): v11 sets `skipDeviceRelease` for
 * runtime adds (no REL); v10 and recovered extents release every member with REL.
 */
export function notifyFailed(s: DcdState, k: Ctx, gid: number, existing: boolean): DcdState {
  const skip = !existing && !k.cfg.rules.notifyFailRel;
  return rmTagGroup(skip ? setGroup(s, gid, { skipRel: true }) : s, k, gid);
}

/**
 * v11 existing-extent scan inside probe (OP-SCAN): GET_DC_EXTENT_LIST, then
 * `cxl_add_pending(existing=true)` with `__cxlr_notify_extent` under the probe's
 * device_lock; no RSP. Extents neither tracked nor released afterwards break I18.
 *
 * The device list is the memdev's, not the region's: with a split partition an extent of
 * r1 realizes a group for r1 inside r0's probe (S42(a)). `__cxlr_notify_extent(r1)`'s
 * `device_lock_assert` fails (lockdep WARN, recorded under `hist.lockdep`) and then runs
 * as usual: no driver bound on r1 ⇒ returns 0 without a dax_resource (§2.1 OP-NOTIFY).
 */
export function scanExisting(s: DcdState, k: Ctx): Rc {
  let out: DcdState = { ...s, dev: { ...s.dev, mailbox: [...s.dev.mailbox, { op: 'GET_LIST' }] } };
  if (k.cfg.genUnstable) return { s: out, rc: E.EAGAIN };
  const listed = [...s.dev.accepted];
  const before = out.dev.mailbox.length;
  for (const g of groupChain(k.cfg.rules, listed.filter(x => !s.exts.some(y => key(y) === key(x))))) {
    if (groupGate(out, k, g) !== 0) continue;
    const r = realizeGroup(out, k, g, true);
    out = r.s;
    if (r.rc !== 0 || r.gid === null) continue;
    const gr = out.groups.find(x => x.gid === r.gid)?.r ?? 0;
    if (!isHeldBy(out.locks, k.t, devLockOf(gr))) {
      out = note(out, 'lockdep', `__cxlr_notify_extent(ADD) for r${gr} group ${g[0]?.tag ?? 'null'} without ${devLockOf(gr)}`);
    }
    const cxlrDax = regionOf(out, gr);
    // r0's own group: its probe is running, so its driver is set. Another region's group:
    // `if (!dev.driver) return 0` unless that region's driver is bound.
    if (gr !== 0 && !(cxlrDax?.bound === true && cxlrDax.daxRegion)) continue;
    const add = daxAddGroup(out, k, members(out, r.gid));
    out = add.rc === 0 ? add.s : notifyFailed(add.s, k, r.gid, true);
  }
  const released = new Set(out.dev.mailbox.slice(before).map(c => (c.op === 'REL' ? c.ext : '')));
  for (const x of listed) {
    const tracked = out.exts.some(y => key(y) === key(x));
    if (!tracked && !released.has(key(x))) out = note(out, 'I18', `recovered ${key(x)} neither tracked nor released`);
  }
  return { s: out, rc: 0 };
}

/** REL for a release naming a range with no region behind it (OP-REL `!cxlr`). */
export function releaseOrphan(s: DcdState, x: Ext): DcdState {
  return sendRel(s, x);
}
