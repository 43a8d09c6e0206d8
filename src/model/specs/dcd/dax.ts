/**
 * The DAX layer (spec §2.1 OP-DAX-ADD / OP-DAX-RM, §2.4): dax_resources per extent, the
 * available size, and the user-facing `uuid` / `size` / create operations on dev_dax.
 * All functions run inside one `dax_region_rwsem` write section unless noted.
 */
import { E, PMD, key, note, type DaxRes, type DcdState, type DevDax, type HostExt, type Range } from './state.js';
import type { Ctx } from './host.js';

/** Result of a DAX operation: the new state and a return code. */
export interface Rc {
  readonly s: DcdState;
  readonly rc: number;
}

/** Sum of lengths of all dev_dax ranges inside extent `id`. */
export function usedIn(s: DcdState, id: number): number {
  let n = 0;
  for (const d of s.devs) for (const r of d.ranges) if (r.ext === id) n += r.l;
  return n;
}

/** `available_size` of the DC dax region: unclaimed bytes of live extent resources (I1). */
export function availSize(s: DcdState): number {
  return s.res.filter(r => r.live).reduce((n, r) => n + r.l - usedIn(s, r.ext), 0);
}

function setExt(s: DcdState, id: number, patch: Partial<HostExt>): DcdState {
  return { ...s, exts: s.exts.map(x => (x.id === id ? { ...x, ...patch } : x)) };
}

function setRes(s: DcdState, id: number, patch: Partial<DaxRes>): DcdState {
  return { ...s, res: s.res.map(r => (r.ext === id ? { ...r, ...patch } : r)) };
}

/**
 * `__dax_region_add_resource` for one extent [v11-21, S0]: alloc, `__request_region`
 * (conflict → -ENOSPC), `devm_add_action` (fail → `__dax_release_resource`, -ENOMEM),
 * drvdata set only on success. v4 instead sets drvdata first and uses
 * `devm_add_action_or_reset`, whose reset re-takes the rwsem: rc 'v4-reset' tells the
 * caller to block on the lock it already holds [v4-24, IW-v4-24].
 */
export function daxAddOne(s: DcdState, k: Ctx, x: HostExt): { s: DcdState; rc: number | 'v4-reset' } {
  if (k.fault('daxResAlloc', x.s)) return { s, rc: E.ENOMEM };
  const clash = s.res.some(r => r.live && r.s < x.s + x.l && x.s < r.s + r.l);
  if (clash || k.fault('requestRegion', x.s)) return { s, rc: E.ENOSPC };
  const res: DaxRes = { ext: x.id, s: x.s, l: x.l, tag: x.tag, seq: x.seq, live: true, useCnt: 0 };
  if (k.cfg.rules.drvdataBeforeDevm) {
    const withData = setExt({ ...s, res: [...s.res, res] }, x.id, { drvdata: true });
    if (k.fault('daxDevm', x.s)) return { s: withData, rc: 'v4-reset' };
    return { s: withData, rc: 0 };
  }
  if (k.fault('daxDevm', x.s)) return { s, rc: E.ENOMEM };
  return { s: setExt({ ...s, res: [...s.res, res] }, x.id, { drvdata: true }), rc: 0 };
}

/**
 * v4 reset callback `dax_release_resource` after it finally got the lock: frees the
 * dax_resource; the caller then clears drvdata. Until then drvdata dangles (I4).
 */
export function v4ResetDone(s: DcdState, id: number): DcdState {
  return setExt({ ...s, res: s.res.filter(r => r.ext !== id) }, id, { drvdata: false });
}

/** `__dax_region_rm_resource`: release `res`, drvdata = NULL; refuses (-EBUSY) while used. */
export function daxRmOne(s: DcdState, id: number): Rc {
  const r = s.res.find(x => x.ext === id);
  const x = s.exts.find(y => y.id === id);
  if (!r || !x?.drvdata) return { s, rc: 0 };
  if (r.useCnt > 0) return { s, rc: E.EBUSY };
  return { s: setExt(setRes(s, id, { live: false }), id, { drvdata: false }), rc: 0 };
}

/** v11 `dax_region_add_resources`: the whole group in one write section, atomic rollback. */
export function daxAddGroup(s: DcdState, k: Ctx, members: readonly HostExt[]): Rc {
  let cur = s;
  for (const [i, m] of members.entries()) {
    const r = daxAddOne(cur, k, m);
    if (r.rc !== 0) {
      let back = r.s;
      for (const prev of members.slice(0, i)) back = daxRmOne(back, prev.id).s;
      return { s: back, rc: r.rc === 'v4-reset' ? E.ENOMEM : r.rc };
    }
    cur = r.s;
  }
  return { s: cur, rc: 0 };
}

/** v10/v11 `dax_region_rm_resources`: refuse all (-EBUSY) if any member is used, else release all. */
export function daxRmGroup(s: DcdState, members: readonly number[]): Rc {
  if (members.some(id => (s.res.find(r => r.ext === id)?.useCnt ?? 0) > 0)) return { s, rc: E.EBUSY };
  let cur = s;
  for (const id of members) cur = daxRmOne(cur, id).s;
  return { s: cur, rc: 0 };
}

function setDev(s: DcdState, name: string, patch: Partial<DevDax>): DcdState {
  return { ...s, devs: s.devs.map(d => (d.name === name ? { ...d, ...patch } : d)) };
}

function claimWhole(s: DcdState, dev: string, x: DaxRes): DcdState {
  const d = s.devs.find(v => v.name === dev);
  const range: Range = { ext: x.ext, s: x.s, l: x.l };
  return setRes(setDev(s, dev, { ranges: [...(d?.ranges ?? []), range] }), x.ext, { useCnt: x.useCnt + 1 });
}

/** Claimable dax_resources in device-list (extent id) order: drvdata set, live, unused. */
function claimable(s: DcdState): DaxRes[] {
  return s.res
    .filter(r => r.live && r.useCnt === 0 && s.exts.some(x => x.id === r.ext && x.drvdata))
    .sort((a, b) => a.ext - b.ext);
}

/** `uuid_store` (§2.4 OP-UUID-STORE, v10/v11): claim a whole untagged extent or a whole tag group. */
export function uuidStore(s: DcdState, k: Ctx, dev: string, uuid: string | null): Rc {
  const rules = k.cfg.rules;
  if (!rules.claim) return { s, rc: E.EOPNOTSUPP };
  if (uuid !== null && !/^[A-Z]$/.test(uuid)) return { s, rc: E.EINVAL };        // uuid_parse fails
  if (!s.region.bound) return { s, rc: E.ENXIO };
  const d = s.devs.find(v => v.name === dev);
  if (!d) return { s, rc: E.ENODEV };
  const size = d.ranges.reduce((n, r) => n + r.l, 0);
  if (rules.reclaimCheck && size !== 0) return { s, rc: E.EBUSY };
  if (uuid === null) {
    const r = claimable(s).find(x => x.tag === null);
    if (!r) return { s, rc: E.ENOENT };
    if (r.l % PMD !== 0) return { s, rc: E.EINVAL };
    return { s: claimWhole(s, dev, r), rc: 0 };
  }
  const c = claimable(s).filter(x => x.tag === uuid).sort((a, b) => a.seq - b.seq);
  if (c.length === 0) return { s, rc: E.ENOENT };
  if (c.some((x, i) => x.seq !== i + rules.seqBase)) return { s, rc: E.EINVAL };
  let cur = s;
  for (const x of c) cur = claimWhole(cur, dev, x);
  return { s: cur, rc: 0 };
}

/** Trims every range of `dev` (size → 0): each range drops one use of its dax_resource. */
export function trimAll(s: DcdState, dev: string): DcdState {
  const d = s.devs.find(v => v.name === dev);
  let cur = s;
  for (const r of d?.ranges ?? []) {
    const res = cur.res.find(x => x.ext === r.ext);
    if (!res) cur = note(cur, 'I2', `trim of ${dev} range in freed dax_resource of ${key(r)}`);
    else cur = setRes(cur, r.ext, { useCnt: res.useCnt - 1 });
  }
  return setDev(cur, dev, { ranges: [] });
}

/**
 * `size_store` (§2.4 OP-SIZE-STORE). v11/v10: only 0. v7 sparse: grow in the first
 * extent with room, extending the last range in place when adjacent — and counting a
 * use for every allocation, even an in-place extension (S34, I3).
 */
export function sizeStore(s: DcdState, k: Ctx, dev: string, size: number): Rc {
  const d = s.devs.find(v => v.name === dev);
  if (!d) return { s, rc: E.ENODEV };
  if (d.bound) return { s, rc: E.EBUSY };
  const cur = d.ranges.reduce((n, r) => n + r.l, 0);
  if (size === cur) return { s, rc: 0 };
  if (k.cfg.rules.resize === 'zero-only') {
    if (size !== 0) return { s, rc: E.EOPNOTSUPP };
    return { s: trimAll(s, dev), rc: 0 };
  }
  return size > cur ? sparseGrow(s, dev, size - cur) : sparseShrink(s, dev, cur - size);
}

function sparseGrow(s: DcdState, dev: string, need: number): Rc {
  let out = s;
  while (need > 0) {
    const x = out.res.find(r => r.live && out.exts.some(y => y.id === r.ext && y.drvdata) && r.l - usedIn(out, r.ext) > 0);
    if (!x) return { s, rc: E.ENOSPC };
    const take = Math.min(need, x.l - usedIn(out, x.ext));
    const start = x.s + usedIn(out, x.ext);
    const d = out.devs.find(v => v.name === dev) as DevDax;
    const last = d.ranges.at(-1);
    const ranges = last && last.ext === x.ext && last.s + last.l === start
      ? [...d.ranges.slice(0, -1), { ...last, l: last.l + take }]          // adjust_dev_dax_range
      : [...d.ranges, { ext: x.ext, s: start, l: take }];                  // alloc_dev_dax_range
    out = setRes(setDev(out, dev, { ranges }), x.ext, { useCnt: x.useCnt + 1 });  // use_cnt++ either way
    need -= take;
  }
  return { s: out, rc: 0 };
}

function sparseShrink(s: DcdState, dev: string, drop: number): Rc {
  let out = s;
  while (drop > 0) {
    const d = out.devs.find(v => v.name === dev) as DevDax;
    const last = d.ranges.at(-1);
    if (!last) break;
    if (last.l <= drop) {
      out = setDev(out, dev, { ranges: d.ranges.slice(0, -1) });
      const r = out.res.find(x => x.ext === last.ext);
      out = r ? setRes(out, last.ext, { useCnt: r.useCnt - 1 }) : note(out, 'I2', `trim in freed dax_resource ${key(last)}`);
      drop -= last.l;
    } else {
      out = setDev(out, dev, { ranges: [...d.ranges.slice(0, -1), { ...last, l: last.l - drop }] });
      drop = 0;
    }
  }
  return { s: out, rc: 0 };
}

/** `__devm_create_dev_dax` on a DC region: size must be 0 [v11-25, S0]. */
export function createDevDax(s: DcdState, size: number): Rc {
  if (size !== 0) return { s, rc: E.EINVAL };
  const name = `dax0.${s.devs.length + 1}`;
  return { s: { ...s, devs: [...s.devs, { name, ranges: [], bound: false }] }, rc: 0 };
}
