/**
 * Soft-Reserved ownership between HMEM and CXL (spec §1.10, §2.5, Q13) as a small
 * separate state machine: the boot-time race between CXL region probes, the dax_hmem
 * platform probe, its deferred work and (SR-v5) the CXL bus rescan. Designs:
 * `SR-v4` register_dax as posted, `SR-v4-fixed` (HMEM=n keeps registering DAX),
 * `SR-v5` DEFER/REGISTER/DROP (all-or-nothing), `SR-v8` per-range, mode removed.
 * Invariants I24 (exclusive ownership, mode monotone) and I25 (DAX with HMEM disabled).
 */
import type { Action, Invariant, Spec } from '../../checker/types.js';

/** Soft-reserved arbitration designs (§0.3 SR_MODE). */
export type SrDesign = 'SR-v4' | 'SR-v4-fixed' | 'SR-v5' | 'SR-v8';

/** A CXL region intersecting the SR ranges. */
export interface SrRegion {
  readonly name: string;
  /** Auto-assembled from BIOS-committed decoders (`construct_region`) ⇒ register_dax = false [S3]. */
  readonly auto: boolean;
  readonly mode: 'ram' | 'dc';
  /** SR range this region fully covers, if any. */
  readonly covers: string | null;
}

/** Configuration of one SR run. */
export interface SrConfig {
  readonly id: string;
  readonly design: SrDesign;
  readonly hmemEnabled: boolean;
  readonly ranges: readonly string[];
  readonly regions: readonly SrRegion[];
  /** Rebind dax_hmem once while its work may be pending (S48). */
  readonly rebind: boolean;
}

type DaxState = 'none' | 'deferred' | 'refused' | 'bound';

/** SR model state. */
export interface SrState {
  readonly mode: 'DEFER' | 'REGISTER' | 'DROP' | null;
  readonly regions: Readonly<Record<string, { readonly alive: boolean; readonly probed: boolean; readonly dax: DaxState }>>;
  readonly hmem: readonly string[];
  readonly hmemProbed: boolean;
  readonly workPending: boolean;
  readonly workDone: boolean;
  readonly initialProbe: boolean;
  readonly driverRegistered: boolean;
  readonly rebindRc: number | null;
  readonly modeHistory: readonly string[];
}

const EPROBE_DEFER = 'deferred';

/** Initial state: nothing probed; SR-v5 starts in DEFER [SR5-5]; SR-v8 registers the driver late [SR8-8]. */
export function srInit(cfg: SrConfig): SrState {
  return {
    mode: cfg.design === 'SR-v5' ? 'DEFER' : null,
    regions: Object.fromEntries(cfg.regions.map(r => [r.name, { alive: true, probed: false, dax: 'none' as DaxState }])),
    hmem: [], hmemProbed: !cfg.hmemEnabled, workPending: false, workDone: !cfg.hmemEnabled,
    initialProbe: false, driverRegistered: cfg.design !== 'SR-v8' || !cfg.hmemEnabled,
    rebindRc: cfg.rebind ? null : 0, modeHistory: cfg.design === 'SR-v5' ? ['DEFER'] : [],
  };
}

function setRegion(s: SrState, name: string, patch: Partial<SrState['regions'][string]>): SrState {
  const cur = s.regions[name] ?? { alive: false, probed: false, dax: 'none' as DaxState };
  return { ...s, regions: { ...s.regions, [name]: { ...cur, ...patch } } };
}

/** `cxl_region_probe` → `devm_cxl_add_dax_region` → `cxl_dax_region_probe` for one region. */
function regionProbe(cfg: SrConfig, r: SrRegion): Action<SrState> {
  return {
    name: `cxlRegionProbe(${r.name})`,
    meta: { specifies: ['cxl_region_probe', 'cxl_dax_region_probe'], spec: '§2.5' },
    enabled: s => (s.regions[r.name]?.alive ?? false) && !(s.regions[r.name]?.probed ?? true) && s.driverRegistered,
    next: s => {
      const done = setRegion(s, r.name, { probed: true });
      if (cfg.design === 'SR-v4' && r.auto) return done;                                   // as posted [S3]
      if (cfg.design === 'SR-v4-fixed' && r.auto && cfg.hmemEnabled) return done;         // fix [SR4-6-fix]
      if (cfg.design === 'SR-v5') {
        if (s.mode === 'DEFER') return setRegion(done, r.name, { dax: EPROBE_DEFER });
        if (s.mode === 'REGISTER') return setRegion(done, r.name, { dax: 'refused' });
      }
      return setRegion(done, r.name, { dax: 'bound' });
    },
  };
}

const covered = (cfg: SrConfig, s: SrState, range: string): boolean =>
  cfg.regions.some(r => r.covers === range && (s.regions[r.name]?.alive ?? false));

/** dax_hmem platform probe: walk the SR ranges [S3, SR5-6, SR8-8]. */
function hmemProbe(cfg: SrConfig): Action<SrState> {
  return {
    name: 'hmemProbe',
    meta: { specifies: ['dax_hmem_platform_probe', 'hmem_register_device'], spec: '§2.5' },
    enabled: s => !s.hmemProbed,
    next: s => {
      const done = { ...s, hmemProbed: true };
      if (cfg.design === 'SR-v5' || cfg.design === 'SR-v8') return { ...done, workPending: true };
      // SR-v4: per range, fully mapped → cxl_register_dax (RAM regions only); else teardown + HMEM.
      let out: SrState = done;
      for (const range of cfg.ranges) {
        if (covered(cfg, out, range)) {
          for (const r of cfg.regions.filter(x => x.covers === range && x.mode === 'ram')) out = setRegion(out, r.name, { dax: 'bound' });
        } else {
          for (const r of cfg.regions.filter(x => x.covers === range)) out = setRegion(out, r.name, { alive: false, dax: 'none' });
          out = { ...out, hmem: [...out.hmem, range] };
        }
      }
      return out;
    },
  };
}

/** Deferred ownership work: SR-v5 all-or-nothing mode decision [SR5-6]; SR-v8 per range [SR8-8]. */
function deferredWork(cfg: SrConfig): Action<SrState> {
  return {
    name: 'hmemDeferredWork',
    meta: { specifies: ['process_defer_work', 'wait_for_device_probe', 'dax_hmem_flush_work'], spec: '§2.5' },
    enabled: s => s.workPending,
    next: s => {
      const done = { ...s, workPending: false, workDone: true };
      if (cfg.design === 'SR-v8') {
        const hmem = cfg.ranges.filter(r => !covered(cfg, s, r));
        return { ...done, initialProbe: true, hmem, driverRegistered: true };            // CXL always wins
      }
      if (cfg.ranges.every(r => covered(cfg, s, r))) {
        let out: SrState = { ...done, mode: 'DROP', modeHistory: [...s.modeHistory, 'DROP'] };
        for (const r of cfg.regions) {                                                  // bus_rescan_devices(cxl)
          if (out.regions[r.name]?.dax === EPROBE_DEFER) out = setRegion(out, r.name, { dax: 'bound' });
        }
        return out;
      }
      let out: SrState = { ...done, mode: 'REGISTER', modeHistory: [...s.modeHistory, 'REGISTER'], hmem: [...cfg.ranges] };
      for (const r of cfg.regions) out = setRegion(out, r.name, { alive: false, dax: 'none' });   // teardown_all
      return out;
    },
  };
}

/** Rebinding dax_hmem while its work is pending is refused (-EBUSY) in SR-v8 [SR8-8, DW-SR6-8 (3)]. */
function rebind(cfg: SrConfig): Action<SrState> {
  return {
    name: 'hmemRebind',
    meta: { specifies: ['dax_hmem_platform_probe'], spec: '§2.5 SR-v8 requirement 3' },
    enabled: s => s.rebindRc === null && s.hmemProbed,
    next: s => ({ ...s, rebindRc: cfg.design === 'SR-v8' && s.workPending ? -16 : 0 }),
  };
}

/** I24 and I25 over the SR state. */
export function srInvariants(cfg: SrConfig): Invariant<SrState>[] {
  const terminal = (s: SrState): boolean => s.hmemProbed && !s.workPending &&
    cfg.regions.every(r => !(s.regions[r.name]?.alive ?? false) || (s.regions[r.name]?.probed ?? false));
  return [
    { name: 'I24', description: 'Each SR range has at most one owner; SR-v5 mode moves only out of DEFER; cxl_dax_region bound only in DROP.',
      holds: s => cfg.ranges.every(range => !(s.hmem.includes(range) && cfg.regions.some(r => r.covers === range && s.regions[r.name]?.dax === 'bound')))
        && s.modeHistory.slice(1).every(m => m !== 'DEFER') && s.modeHistory.length <= 2
        && (cfg.design !== 'SR-v5' || cfg.regions.every(r => s.regions[r.name]?.dax !== 'bound' || s.mode === 'DROP')) },
    { name: 'I25', description: 'With HMEM disabled, every CXL RAM region ends up with its cxl_dax_region bound.',
      holds: s => cfg.hmemEnabled || !terminal(s) || cfg.regions.filter(r => r.mode === 'ram').every(r => s.regions[r.name]?.dax === 'bound') },
  ];
}

/** The SR spec of a configuration. */
export function buildSrSpec(cfg: SrConfig): Spec<SrState> {
  const actions: Action<SrState>[] = [...cfg.regions.map(r => regionProbe(cfg, r))];
  if (cfg.hmemEnabled) actions.push(hmemProbe(cfg));
  if (cfg.rebind) actions.push(rebind(cfg));
  if (cfg.hmemEnabled) actions.push(deferredWork(cfg));
  return { name: 'sr', init: () => srInit(cfg), actions, invariants: srInvariants(cfg), done: () => true };
}

/** Observables of an SR state: owner per range and DAX state per region. */
export function srObserve(cfg: SrConfig, s: SrState): Record<string, unknown> {
  return {
    owners: Object.fromEntries(cfg.ranges.map(r => [r, s.hmem.includes(r) ? 'HMEM'
      : cfg.regions.some(x => x.covers === r && s.regions[x.name]?.dax === 'bound') ? 'CXL' : 'none'])),
    dax: Object.fromEntries(cfg.regions.map(r => [r.name, s.regions[r.name]?.alive ? s.regions[r.name]?.dax ?? 'none' : 'torn-down'])),
    mode: s.mode, rebindRc: s.rebindRc,
  };
}

