/**
 * DCD invariants (spec §3) as named state predicates. Temporal ones (I2 frees, I10, I11,
 * I16, I17, I18, I21) read history records the operations append when the event happens.
 * `appliesTo` says in which versions an invariant is intended to hold; the checker only
 * asserts it there. I22 (lock-order acyclicity) is the checker's deadlock detection.
 */
import { L } from './host.js';
import { PMD, key, overlaps, regionIndex, type DcdState } from './state.js';
import type { Version } from './versions.js';
import type { DcdConfig } from './config.js';

/** A DCD invariant with the versions it is intended for. */
export interface DcdInvariant {
  readonly name: string;
  readonly description: string;
  readonly appliesTo: readonly Version[];
  holds(s: Readonly<DcdState>, cfg: DcdConfig): boolean;
}

const ALL: readonly Version[] = ['v4', 'v7', 'v10', 'v11'];
const none = (s: Readonly<DcdState>, id: string): boolean => (s.hist[id] ?? []).length === 0;
const quiescent = (s: Readonly<DcdState>): boolean => Object.values(s.threads).every(t => t.pc === '');
const noDaxWriter = (s: Readonly<DcdState>): boolean => s.locks[L.daxRegion] === undefined;

/** The invariants of §3 that the model checks. */
export const INVARIANTS: readonly DcdInvariant[] = [
  { name: 'I1prime', appliesTo: ['v10', 'v11'],
    description: 'Every extent resource is unclaimed or covered by exactly one range spanning it (claimed all-or-nothing).',
    holds: s => s.res.every(r => {
      const ranges = s.devs.flatMap(d => d.ranges).filter(x => x.ext === r.ext);
      return ranges.length === 0 || (ranges.length === 1 && ranges[0]?.l === r.l);
    }) },
  { name: 'I2', appliesTo: ['v7', 'v10', 'v11'],
    description: 'No dax_resource is freed or has its res released while useCnt > 0.',
    holds: s => none(s, 'I2') && s.res.every(r => r.live || r.useCnt === 0) },
  { name: 'I3', appliesTo: ALL,
    description: 'useCnt(r) equals the number of dev_dax ranges referencing r.',
    holds: s => s.res.every(r => r.useCnt === s.devs.flatMap(d => d.ranges).filter(x => x.ext === r.ext).length) },
  { name: 'I4', appliesTo: ALL,
    description: 'drvdata(extent) is set iff its dax_resource is live; never dangling.',
    holds: s => s.exts.every(x => x.drvdata === (s.res.find(r => r.ext === x.id)?.live ?? false)) },
  { name: 'I5', appliesTo: ['v11'],
    description: 'Outside a dax_region_rwsem write section, all or none of a group\'s members have a live dax_resource.',
    holds: s => !noDaxWriter(s) || s.groups.every(g => {
      const live = g.members.map(id => s.res.some(r => r.ext === id && r.live));
      return live.every(Boolean) || !live.some(Boolean);
    }) },
  { name: 'I9', appliesTo: ['v7', 'v10', 'v11'],
    description: 'Every dev_dax range lies in a live extent resource and references it.',
    holds: s => s.devs.every(d => d.ranges.every(x => s.res.some(r => r.ext === x.ext && r.live && r.s <= x.s && x.s + x.l <= r.s + r.l))) },
  { name: 'I10', appliesTo: ['v7', 'v10', 'v11'],
    description: 'Every RELEASE_DC is preceded by a successful INV after the extent\'s last use.',
    holds: s => none(s, 'I10') },
  { name: 'I11', appliesTo: ['v7'],
    description: 'Every onlining of a new extent is preceded by INV (v7 only).',
    holds: s => none(s, 'I11') },
  { name: 'I12', appliesTo: ['v10', 'v11'],
    description: 'Each live tag group\'s seqNums are exactly {base..base+n-1}.',
    holds: (s, cfg) => s.groups.every(g => {
      const seqs = g.members.map(id => s.exts.find(x => x.id === id)?.seq ?? -1).sort((a, b) => a - b);
      return seqs.every((q, i) => q === i + cfg.rules.seqBase);
    }) },
  { name: 'I13', appliesTo: ['v10', 'v11'],
    description: 'At most one live tag group per non-null uuid.',
    holds: s => s.groups.filter(g => g.tag !== null).every(g => s.groups.filter(h => h.tag === g.tag).length === 1) },
  { name: 'I14', appliesTo: ALL,
    description: 'No two host extents overlap.',
    holds: s => s.exts.every(x => s.exts.every(y => x.id === y.id || !overlaps(x, y))) },
  { name: 'I15', appliesTo: ['v10', 'v11'],
    description: 'Every dc_extent is onlined under the region whose decoder maps it (HPA offset within that region).',
    holds: (s, cfg) => s.exts.every(x => x.r === regionIndex(cfg.split, x.s)) },
  { name: 'I16', appliesTo: ['v10', 'v11'],
    description: 'Each closed chain gets exactly one RSP listing only newly offered ranges.',
    holds: s => none(s, 'I16') },
  { name: 'I17', appliesTo: ['v7', 'v10', 'v11'],
    description: 'No RELEASE_DC for an extent the device never saw accepted.',
    holds: s => none(s, 'I17') },
  { name: 'I18', appliesTo: ['v11'],
    description: 'Every recovered extent is tracked by a dc_extent or released.',
    holds: s => none(s, 'I18') },
  { name: 'I19', appliesTo: ['v11'],
    description: 'nrPending ≤ 100 and armed ⇒ timer pending.',
    holds: s => s.ctx.pending.length <= 100 && (!s.ctx.armed || s.ctx.timer) },
  { name: 'I20', appliesTo: ['v11'],
    description: 'Every live dc_extent is PMD-aligned.',
    holds: s => s.exts.every(x => x.s % PMD === 0 && x.l % PMD === 0) },
  { name: 'I21', appliesTo: ['v11'],
    description: 'No runtime dc_extent is created before the existing-extent scan.',
    holds: s => none(s, 'I21') },
  { name: 'I23', appliesTo: ALL,
    description: 'Without a bound cxl_dax_region driver no live dax_resource exists (for r1: none of its extents).',
    holds: s => !quiescent(s) || ((s.region.bound || s.res.every(r => !r.live))
      && (s.r1 === undefined || s.r1.bound || s.res.every(r => !r.live || s.exts.find(x => x.id === r.ext)?.r !== 1))) },
  { name: 'I26', appliesTo: ALL,
    description: 'A bound DC dax region has its seed dev_dax.',
    holds: s => !s.region.bound || s.region.devres.includes('seed') },
  { name: 'I27', appliesTo: ALL,
    description: 'In quiescent states the device\'s accepted list equals the host\'s live extents (plus refused releases).',
    // Quiescent also requires that the host has read the device's list (region exists and
    // scanned): before the probe's scan, recovered extents are "in flight" (S13, S28).
    holds: s => !quiescent(s) || !s.region.exists || !s.region.scanned || sameSet(s.dev.accepted.map(key), [...new Set([...s.exts.map(key), ...s.refused])]) },
];

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

