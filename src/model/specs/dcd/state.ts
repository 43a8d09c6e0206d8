/**
 * DCD model state (spec §1, §7.1): one memdev M0 with one DC partition P, one region r0
 * whose single endpoint decoder covers P, its cxl_dax_region, the DAX region and its
 * dev_dax devices, the modelled device, threads and locks. Sizes are in MiB; DPA offsets
 * are relative to D, HPA offsets to H, and the ED maps P 1:1 so hpaOffset == dpaOffset.
 *
 * Sets are kept as sorted arrays so that equal states serialise identically.
 */
import type { LockTable } from '../../checker/locks.js';

/** A tag; `null` is the null uuid (untagged allocation, §1.4). */
export type Tag = string | null;

/** A wire extent (§1.2): DPA offset, length, tag, shared_extn_seq. */
export interface Ext {
  readonly s: number;
  readonly l: number;
  readonly tag: Tag;
  readonly seq: number;
}

/** Host per-extent object: v10/v11 `dc_extent`, v7 `region_extent` (§1.3). */
export interface HostExt {
  readonly id: number;
  readonly s: number;
  readonly l: number;
  readonly tag: Tag;
  /** Assigned seqNum (dense within the group). */
  readonly seq: number;
  /** Owning tag group id (v10/v11), or null (v7 has no groups). */
  readonly group: number | null;
  /** `dc_extent_unregister` registered as a devm action on cxlr_dax->dev. */
  readonly devm: boolean;
  /** The extent device's drvdata points at a dax_resource. */
  readonly drvdata: boolean;
  /** Recovered by the existing-extent scan (existing=true) rather than a runtime add. */
  readonly existing: boolean;
  /** Region whose cxl_dax_region the extent was onlined under (the group's region, §1.4). */
  readonly r: number;
}

/** A tag group (§1.4). */
export interface Group {
  readonly gid: number;
  readonly tag: Tag;
  readonly members: readonly number[];
  readonly skipRel: boolean;
  /** Region of the group's cxlr_dax (`cxl_dc_tag_group.cxlrDax`). */
  readonly r: number;
}

/** A dax_resource (§1.8), keyed by the host extent id whose device owns it. */
export interface DaxRes {
  readonly ext: number;
  readonly s: number;
  readonly l: number;
  readonly tag: Tag;
  readonly seq: number;
  /** `res != null`: the extent resource is still a child of the dax region. */
  readonly live: boolean;
  readonly useCnt: number;
}

/** One dev_dax range: an allocation inside the extent resource of host extent `ext`. */
export interface Range {
  readonly ext: number;
  readonly s: number;
  readonly l: number;
}

/** A dev_dax (§1.9). */
export interface DevDax {
  readonly name: string;
  readonly ranges: readonly Range[];
  readonly bound: boolean;
}

/** A host→device mailbox command (§1.1 `dev.mailboxLog`). */
export type Cmd =
  | { readonly op: 'RSP'; readonly list: readonly string[]; readonly rc: number }
  | { readonly op: 'REL'; readonly ext: string }
  | { readonly op: 'GET_LIST' };

/** One thread: position in its script, step label inside the current op, op-local frame. */
export interface Thread {
  readonly i: number;
  readonly pc: string;
  readonly f: Readonly<Record<string, unknown>>;
  /** Return code of each completed op, in script order (observables). */
  readonly rcs: readonly number[];
}

/**
 * Temporal invariants become state predicates over these history records (§7.4). The key
 * `lockdep` records kernel lockdep warnings the spec names as observables (S42(a)); no
 * invariant reads it.
 */
export type Hist = Readonly<Record<string, readonly string[]>>;

/** One `cxl_dax_region` (§1.6) as the model tracks it. */
export interface CxlDaxRegion {
  /** The region has a cxl_dax_region (`cxlr->cxlr_dax != NULL`). */
  readonly exists: boolean;
  /** The cxl_dax_region driver is bound (`dev.driver != NULL`). */
  readonly bound: boolean;
  /** `extentsScanned` (v11-27). */
  readonly scanned: boolean;
  /** dax_region allocated (probe alloc step done, not yet torn down). */
  readonly daxRegion: boolean;
  /** devres list on cxlr_dax->dev, registration order: `ext:<id>`, `seed`, `daxRegion`. */
  readonly devres: readonly string[];
}

/** The whole model state. */
export interface DcdState {
  /** The device (§1.1): extents accepted by the host, pending offers, mailbox log. */
  readonly dev: {
    readonly accepted: readonly Ext[];
    readonly mailbox: readonly Cmd[];
    readonly gen: number;
    /** A device More-chain is open (last ADD record had More=1). */
    readonly chainOpen: boolean;
    /** RSPs sent since the device's current More-chain started (I16). */
    readonly chainRsps: number;
  };
  /** `add_ctx` of M0 (§1.1). */
  readonly ctx: { readonly pending: readonly Ext[]; readonly armed: boolean; readonly timer: boolean };
  /**
   * cxl_dax_region of r0 (§1.6). `nextId` allocates host extent ids for both regions: the
   * id is the model's identity of a host extent, not the per-cxlr_dax `xa_alloc` id.
   */
  readonly region: CxlDaxRegion & { readonly nextId: number };
  /**
   * cxl_dax_region of r1, present only when P is split (S42): its own driver binding,
   * extentsScanned, dax_region and devres list, and its own device_lock (`devLockOf(1)`).
   */
  readonly r1?: CxlDaxRegion;
  readonly exts: readonly HostExt[];
  readonly groups: readonly Group[];
  readonly nextGid: number;
  /** Host-wide registry of live non-null tags (§1.4 registryNode, v11-19). */
  readonly registry: readonly string[];
  /** dax_resources by host extent id; a freed one is absent. */
  readonly res: readonly DaxRes[];
  readonly devs: readonly DevDax[];
  /** Extents whose cache lines may be dirty since the last successful INV (I10). */
  readonly dirty: readonly string[];
  /** Release requests the host refused (-EBUSY): I27 allows these to stay accepted. */
  readonly refused: readonly string[];
  readonly threads: Readonly<Record<string, Thread>>;
  readonly locks: LockTable;
  readonly hist: Hist;
}

/** PMD size in MiB (§0.3). */
export const PMD = 2;
/** Size of the DC partition P in MiB (§4 BASE). */
export const PART_SIZE = 64;
/** With a split partition (S42) region r1 starts here; r0 covers [0, SPLIT). */
export const SPLIT = 32;

/** `dpa_to_region`: index of the region whose endpoint decoder maps DPA offset `dpa` (0 or 1). */
export function regionIndex(split: boolean, dpa: number): number {
  return split && dpa >= SPLIT ? 1 : 0;
}

/** The cxl_dax_region of region `r`, or undefined when that region has none. */
export function regionOf(s: DcdState, r: number): CxlDaxRegion | undefined {
  return r === 0 ? s.region : s.r1;
}

/** `s` with the cxl_dax_region of region `r` patched (no-op for a region without one). */
export function withRegion(s: DcdState, r: number, patch: Partial<CxlDaxRegion>): DcdState {
  if (r === 0) return { ...s, region: { ...s.region, ...patch } };
  return s.r1 ? { ...s, r1: { ...s.r1, ...patch } } : s;
}

/** Linux error numbers used as return codes. */
export const E = {
  EPERM: -1, ENOENT: -2, EIO: -5, ENXIO: -6, EAGAIN: -11, ENOMEM: -12, EBUSY: -16, EEXIST: -17,
  ENODEV: -19, EINVAL: -22, ENOSPC: -28, EPROBE_DEFER: -517, EOPNOTSUPP: -95, EINTR: -4,
} as const;

/** Stable key of a DPA range, used in mailbox logs and observables: `start+len`. */
export function key(x: { readonly s: number; readonly l: number }): string {
  return `${x.s}+${x.l}`;
}

/** Whether [a.s, a.s+a.l) and [b.s, b.s+b.l) intersect. */
export function overlaps(a: { s: number; l: number }, b: { s: number; l: number }): boolean {
  return a.s < b.s + b.l && b.s < a.s + a.l;
}

/** Whether `outer` contains `inner`. */
export function contains(outer: { s: number; l: number }, inner: { s: number; l: number }): boolean {
  return outer.s <= inner.s && inner.s + inner.l <= outer.s + outer.l;
}

/** Appends `rec` to history list `inv` (sorted, unique). */
export function note(s: DcdState, inv: string, rec: string): DcdState {
  const list = s.hist[inv] ?? [];
  if (list.includes(rec)) return s;
  return { ...s, hist: { ...s.hist, [inv]: [...list, rec].sort() } };
}

/** The `BASE` state of §4: r0 probed and bound, scanned, seed dax0.1 of size 0, no extents. */
export function baseState(threads: readonly string[]): DcdState {
  return {
    dev: { accepted: [], mailbox: [], gen: 0, chainOpen: false, chainRsps: 0 },
    ctx: { pending: [], armed: false, timer: false },
    region: { exists: true, bound: true, scanned: true, daxRegion: true, devres: ['daxRegion', 'seed'], nextId: 1 },
    exts: [], groups: [], nextGid: 1, registry: [], res: [],
    devs: [{ name: 'dax0.1', ranges: [], bound: false }],
    dirty: [], refused: [],
    threads: Object.fromEntries(threads.map(t => [t, { i: 0, pc: '', f: {}, rcs: [] }])),
    locks: {}, hist: {},
  };
}

/** TLA+ TypeOK (§7.1): ids unique, references resolve, counts non-negative. */
export function typeOk(s: Readonly<DcdState>): true | string {
  const ids = new Set(s.exts.map(x => x.id));
  if (ids.size !== s.exts.length) return 'duplicate host extent id';
  for (const g of s.groups) {
    for (const m of g.members) if (!ids.has(m)) return `group ${g.gid} names missing extent ${m}`;
  }
  for (const r of s.res) if (r.useCnt < 0) return `dax_resource of extent ${r.ext} has negative useCnt`;
  for (const x of s.exts) {
    if (x.s < 0 || x.l <= 0 || x.s + x.l > PART_SIZE) return `extent ${x.id} outside P`;
  }
  return true;
}
