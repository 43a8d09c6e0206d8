/**
 * Assembles a checkable `Spec` from a DCD configuration: initial state (BASE plus
 * overrides, then setup ops run to completion), actions, the invariants intended for the
 * version, TypeOK, lock waits and termination.
 */
import type { Invariant, Spec } from '../../checker/types.js';
import { buildActions, waits } from './actions.js';
import type { DcdConfig, Op } from './config.js';
import { INVARIANTS } from './invariants.js';
import { runOps } from './run.js';
import { baseState, typeOk, type DcdState, type Ext } from './state.js';

/** Overrides of the BASE state (§4) a scenario may ask for. */
export interface InitialOverrides {
  readonly bound?: boolean;
  readonly scanned?: boolean;
  readonly regionExists?: boolean;
  /** Extents the device already accepted (e.g. from a prior boot, S13). */
  readonly accepted?: readonly Ext[];
  /** Region freshly created: no dax_region, no seed, not yet probed (S13, S17). */
  readonly fresh?: boolean;
  /**
   * Split partition only (S42): r1's cxl_dax_region. Default: probed, bound and scanned
   * like r0 in BASE; `fresh` = created, driver not yet bound, extents not yet scanned.
   */
  readonly r1?: { readonly bound?: boolean; readonly scanned?: boolean; readonly fresh?: boolean };
}

/** The initial state of a configuration: BASE, overrides, then `setup` run sequentially. */
export function initialState(cfg: DcdConfig, init: InitialOverrides = {}, setup: readonly Op[] = [], setupCfg: DcdConfig = { ...cfg, faults: [] }): DcdState {
  let s = baseState(Object.keys(cfg.threads));
  const fresh = init.fresh ?? false;
  s = {
    ...s,
    dev: { ...s.dev, accepted: [...(init.accepted ?? [])] },
    region: {
      ...s.region,
      exists: init.regionExists ?? true,
      bound: fresh ? false : init.bound ?? true,
      scanned: fresh ? false : init.scanned ?? true,
      daxRegion: fresh ? false : init.bound ?? true,
      devres: fresh || init.bound === false ? [] : ['daxRegion', 'seed'],
    },
    devs: fresh ? [] : s.devs,
  };
  if (cfg.split) {
    const o = init.r1 ?? {};
    const f1 = o.fresh ?? false;
    const bound = f1 ? false : o.bound ?? true;
    s = { ...s, r1: { exists: true, bound, scanned: f1 ? false : o.scanned ?? true, daxRegion: bound, devres: bound ? ['daxRegion', 'seed'] : [] } };
  }
  if (setup.length > 0) {
    const r = runOps(setupCfg, s, setup);
    s = { ...r.state, threads: s.threads, locks: {}, hist: {}, dev: { ...r.state.dev, mailbox: [] } };
  }
  return s;
}

/** The invariants of §3 intended in `cfg.version`, bound to the config. */
export function invariantsFor(cfg: DcdConfig): Invariant<DcdState>[] {
  return INVARIANTS.filter(i => i.appliesTo.includes(cfg.version))
    .map(i => ({ name: i.name, description: i.description, holds: (s: Readonly<DcdState>) => i.holds(s, cfg) }));
}

/**
 * Hash view: the state without pure history (mailbox log, generation, per-thread return
 * codes). No action or invariant reads them; effects that matter are in `hist`.
 */
export function hashView(s: Readonly<DcdState>): unknown {
  const threads: Record<string, unknown> = {};
  for (const [t, x] of Object.entries(s.threads)) threads[t] = { i: x.i, pc: x.pc, f: x.f };
  return { ...s, dev: { accepted: s.dev.accepted, chainOpen: s.dev.chainOpen, chainRsps: s.dev.chainRsps }, threads };
}

/** The checkable spec of one configuration. */
export function buildDcdSpec(cfg: DcdConfig, init: InitialOverrides = {}, setup: readonly Op[] = [], setupCfg?: DcdConfig): Spec<DcdState> {
  const s0 = initialState(cfg, init, setup, setupCfg ?? { ...cfg, faults: [] });
  return {
    name: 'dcd',
    init: () => s0,
    actions: buildActions(cfg),
    invariants: invariantsFor(cfg),
    typeOk,
    waits: s => waits(cfg, s),
    canonical: hashView,
    done: s => Object.entries(cfg.threads).every(([t, script]) => (s.threads[t]?.i ?? 0) >= script.length),
  };
}
