/**
 * Checks one scenario run: runs its schedule sequentially (observables) and explores all
 * interleavings of its threads with optional faults (verdicts), then compares both with
 * the expectations from the scenario file and the manifest.
 */
import { explore } from './checker/explore.js';
import type { CheckResult, Spec } from './checker/types.js';
import { compareObservables, prepareRun, runId, runPrepared, type RunJson, type ScenarioJson } from './dcd-scenario.js';
import type { Observables } from './specs/dcd/run.js';
import { buildSrSpec, srObserve, type SrConfig } from './specs/dcd/sr.js';
import { buildRegionSpec } from './specs/dcd/region.js';

/** Expected verdict of one run (manifest entry). */
export interface ManifestEntry {
  readonly violates: readonly string[];
  readonly note?: string;
  /** Where the model's verdict differs from the spec's: what the model finds and why. */
  readonly modelDisagrees?: { readonly missing?: readonly string[]; readonly extra?: readonly string[]; readonly reason: string };
}

/** Result of checking one scenario run. */
export interface RunVerdict {
  readonly id: string;
  readonly modelled: boolean;
  readonly reason?: string;
  readonly observed?: Observables;
  readonly observableMismatches: readonly string[];
  readonly found: readonly string[];
  readonly expected: readonly string[];
  /** Violations expected by the spec that the model did not find. */
  readonly missing: readonly string[];
  /** Violations the model found that the spec does not expect. */
  readonly extra: readonly string[];
  readonly check?: CheckResult;
  readonly steps?: readonly string[];
}

/** Default exploration bounds for scenario runs (kept small: the suite runs in seconds). */
export const SCENARIO_BOUNDS = { depth: 400, maxStates: 200_000 } as const;

/** Checks one run of a scenario against its manifest entry. */
export function checkRun(sc: ScenarioJson, r: RunJson, entry: ManifestEntry | undefined): RunVerdict {
  const id = `${sc.id}/${runId(r)}`;
  const expected = entry ? [...entry.violates] : [];
  if (r.modelled === false) {
    return { id, modelled: false, ...(r.reason ? { reason: r.reason } : {}), observableMismatches: [], found: [], expected, missing: [], extra: [] };
  }
  if (r.sr) return checkSrRun(id, r, expected);
  if (r.region) return checkRegionRun(id, r, expected);
  const p = prepareRun(sc, r);
  const { result, observed } = runPrepared(p);
  const observableMismatches = compareObservables(r.expect, observed, result.blocked !== undefined);
  const check = explore(p.spec, {
    depth: r.bounds?.depth ?? SCENARIO_BOUNDS.depth,
    maxStates: r.bounds?.maxStates ?? SCENARIO_BOUNDS.maxStates,
    maxFaults: r.bounds?.maxFaults ?? (p.cfg.faults.length > 0 ? 1 : 0),
    config: id,
  });
  const found = [...new Set(check.violations.map(v => v.invariant))].sort();
  return {
    id, modelled: true, observed, observableMismatches, found, expected, check, steps: result.steps,
    missing: expected.filter(x => !found.includes(x)),
    extra: found.filter(x => !expected.includes(x)),
  };
}

/** First-enabled-action run to quiescence (the canonical order of a small submodel). */
function firstEnabledRun<S>(spec: Spec<S>): { state: S; steps: string[] } {
  let s = spec.init();
  const steps: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const a = spec.actions.find(x => x.enabled(s));
    if (!a) break;
    steps.push(a.describe ? a.describe(s) : a.name);
    s = a.next(s);
  }
  return { state: s, steps };
}

/** Submodel runs (SR ownership, region creation): canonical order for observables, exploration for verdicts. */
function checkSubmodel<S>(id: string, spec: Spec<S>, observe: (s: S) => Record<string, unknown>,
  want: Record<string, unknown> | undefined, prefix: string, expected: string[]): RunVerdict {
  const run = firstEnabledRun(spec);
  const got = observe(run.state);
  const observableMismatches = want === undefined ? [] : Object.entries(want)
    .filter(([k, v]) => JSON.stringify(got[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${prefix}.${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got[k])}`);
  const check = explore(spec, { config: id, maxFaults: 0 });
  const found = [...new Set(check.violations.map(v => v.invariant))].sort();
  return {
    id, modelled: true, observableMismatches, found, expected, check, steps: run.steps,
    missing: expected.filter(x => !found.includes(x)), extra: found.filter(x => !expected.includes(x)),
  };
}

function checkSrRun(id: string, r: RunJson, expected: string[]): RunVerdict {
  const sr = r.sr as NonNullable<RunJson['sr']>;
  const cfg: SrConfig = { ...sr, id, rebind: sr.rebind ?? false };
  return checkSubmodel(id, buildSrSpec(cfg), s => srObserve(cfg, s), r.expect?.sr, 'sr', expected);
}

function checkRegionRun(id: string, r: RunJson, expected: string[]): RunVerdict {
  const cfg = { ...(r.region as NonNullable<RunJson['region']>), id };
  return checkSubmodel(id, buildRegionSpec(cfg), s => ({ rcs: s.rcs, committed: s.committed }), r.expect?.region, 'region', expected);
}
