/**
 * One cross-validation run: patches in; per series the model version it implements, every
 * contract clause joined with the C (and, for older series, against the newest model too),
 * the scenario outcomes of that model version (the model's own runner), rule findings
 * confirmed by the model (STYLE F), and the resulting findings.
 *
 * Reads the model's source and the scenario corpus from disk (the CLI's file readers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Patch } from '../patch/types.js';
import { patchFacts } from '../facts/patch-facts.js';
import { lintPatches } from '../engine/lint.js';
import type { Finding } from '../engine/finding.js';
import { RULES } from '../../rules/index.js';
import { checkRun, type ManifestEntry } from '../model/dcd-verdict.js';
import { runId } from '../model/dcd-scenario.js';
import { readScenario, scenarioDir } from '../model/registry.js';
import { STEP_EXISTS, STEP_META } from '../model/specs/dcd/actions.js';
import { VERSIONS, VERSION_NAMES, type Version } from '../model/specs/dcd/versions.js';
import { L } from '../model/specs/dcd/host.js';
import { readModelContracts, readTakeGuards, type ModelContract, type TakeGuard } from './contracts.js';
import { compareContracts, type ContractCheck } from './compare.js';
import { SeriesIndex, type FnVersion } from './series-index.js';
import { confirmedFindings, mismatchFindings } from './findings.js';
import type { Violation } from '../model/checker/types.js';

/** Outcome of one scenario run of the model version, next to the static verdicts. */
export interface ScenarioOutcome {
  readonly id: string;
  readonly modelled: boolean;
  /** Invariants (or `deadlock`) the exploration found violated. */
  readonly found: readonly string[];
  readonly expected: readonly string[];
  /**
   * `as-expected` when found = expected (manifest) and the observables match;
   * `known-disagreement` when the difference is the one the manifest records (`modelDisagrees`).
   */
  readonly status: 'as-expected' | 'known-disagreement' | 'differs' | 'not-modelled';
  readonly violations: readonly ScenarioViolation[];
}

/** One counterexample of a scenario run: the step names, and the full trace for drawing it. */
export interface ScenarioViolation {
  readonly invariant: string;
  readonly kind: Violation['kind'];
  readonly detail?: string;
  readonly steps: readonly string[];
  readonly trace: Violation['trace'];
  readonly replay: string;
}

/** Cross-validation of one series. */
export interface SeriesXval {
  readonly input: string;
  readonly seriesVersion: number;
  readonly modelVersion: Version;
  /** How the model version was chosen. */
  readonly versionFrom: 'subject' | 'option';
  readonly functions: number;
  readonly checks: readonly ContractCheck[];
  /** Against the newest model version, when the series implements an older one. */
  readonly reference: { readonly version: Version; readonly checks: readonly ContractCheck[] } | null;
  readonly scenarios: readonly ScenarioOutcome[];
}

/** Everything one run produced: per-series joins and the findings (unsorted). */
export interface XvalResult {
  readonly series: readonly SeriesXval[];
  readonly findings: readonly Finding[];
  readonly patches: number;
  readonly functions: number;
}

/** Options of a run; the model version defaults to the one nearest the series version. */
export interface XvalOptions {
  readonly model?: string;
  readonly modelVersion?: Version;
  /** Skip the scenario runs (tests of the static side). */
  readonly scenarios?: boolean;
  /** Contracts to use instead of reading the model's source. */
  readonly contracts?: readonly ModelContract[];
}

/** The newest modelled version: the spec the series converges to. */
export const REFERENCE_VERSION: Version = VERSION_NAMES[VERSION_NAMES.length - 1] as Version;

/** The configured model version nearest to a series version (ties: the older). */
export function nearestVersion(n: number): Version {
  let best = VERSION_NAMES[0] as Version;
  for (const v of VERSION_NAMES) if (Math.abs(Number(v.slice(1)) - n) < Math.abs(Number(best.slice(1)) - n)) best = v;
  return best;
}

/** Whether a model step exists in `version` (the model's STEP_EXISTS; steps without a rule always do). */
export function stepExists(version: Version): (step: string) => boolean {
  return step => STEP_META[step] !== undefined && (STEP_EXISTS[step]?.(VERSIONS[version]) ?? true);
}

/**
 * Whether a step takes `lock` in `version`: steps whose `take` is conditional on a version
 * flag (read from the model source) take it only on the branch that names it.
 */
export function lockApplies(guards: readonly TakeGuard[], version: Version): (step: string, lock: string) => boolean {
  const rules = VERSIONS[version] as unknown as Readonly<Record<string, unknown>>;
  return (step, lock) => {
    const g = guards.find(x => x.step === step);
    if (g === undefined) return true;
    const text = rules[g.flag] ? g.whenTrue : g.whenFalse;
    const key = Object.entries(L).find(([, v]) => v === lock)?.[0];
    return key === undefined || text.includes(`L.${key}`);
  };
}

/** Runs cross-validation over patches (any number of series). */
export function runXvalOnPatches(patches: readonly { readonly patch: Patch; readonly input: string }[], opts: XvalOptions = {}): XvalResult {
  if (opts.model !== undefined && opts.model !== 'dcd') throw new Error(`unknown model ${opts.model} (known: dcd)`);
  const contracts = opts.contracts ?? readModelContracts();
  const guards = opts.contracts ? [] : readTakeGuards();
  const series: SeriesXval[] = [];
  const findings: Finding[] = [];
  let functions = 0;
  for (const group of groupSeries(patches)) {
    const versions: FnVersion[] = [];
    group.forEach(({ patch, input }, index) => {
      const pf = patchFacts(patch);
      const ref = { subject: patch.message.subject.raw, messageId: patch.message.messageId, input, index };
      for (const file of pf.files) for (const fn of file.functions) versions.push({ fn, file, patch: ref, order: versions.length });
    });
    if (versions.length === 0) continue;
    functions += versions.length;
    const first = group[0] as { patch: Patch; input: string };
    const seriesVersion = first.patch.message.subject.version;
    const modelVersion = opts.modelVersion ?? nearestVersion(seriesVersion);
    const ix = new SeriesIndex(seriesVersion, versions);
    const checks = compareContracts(contracts, ix, modelVersion, stepExists(modelVersion), lockApplies(guards, modelVersion));
    const reference = modelVersion === REFERENCE_VERSION ? null
      : { version: REFERENCE_VERSION, checks: compareContracts(contracts, ix, REFERENCE_VERSION, stepExists(REFERENCE_VERSION), lockApplies(guards, REFERENCE_VERSION)) };
    const scenarios = opts.scenarios === false ? [] : runScenarios(modelVersion);
    const sx: SeriesXval = { input: first.input, seriesVersion, modelVersion, versionFrom: opts.modelVersion ? 'option' : 'subject', functions: versions.length, checks, reference, scenarios };
    series.push(sx);
    findings.push(...mismatchFindings(sx, ix));
    const ruleFindings = lintPatches(group, [], { all: false, rules: RULES.filter(r => r.meta.model !== undefined) }).findings;
    findings.push(...confirmedFindings(sx, ix, contracts, ruleFindings));
  }
  return { series, findings, patches: patches.length, functions };
}

function groupSeries(patches: readonly { readonly patch: Patch; readonly input: string }[]): { patch: Patch; input: string }[][] {
  const groups = new Map<string, { patch: Patch; input: string }[]>();
  for (const p of patches) {
    const s = p.patch.message.subject;
    const key = `${p.input}\u0000${s.version}\u0000${s.prefixes.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), { patch: p.patch, input: p.input }]);
  }
  return [...groups.values()].map(g => [...g].sort((a, b) => (a.patch.message.subject.index ?? 0) - (b.patch.message.subject.index ?? 0)));
}

/** Every scenario run of the corpus for `version`, through the model's own runner. */
export function runScenarios(version: Version): ScenarioOutcome[] {
  const dir = scenarioDir();
  let manifest: Record<string, ManifestEntry> = {};
  try {
    manifest = (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { entries?: Record<string, ManifestEntry> }).entries ?? {};
  } catch {
    manifest = {};
  }
  const out: ScenarioOutcome[] = [];
  const files = readdirSorted(dir).filter(f => /^S.*\.json$/.test(f));
  for (const f of files) {
    const sc = readScenario(path.join(dir, f));
    for (const r of sc.runs.filter(x => x.version === version)) {
      const id = `${sc.id}/${runId(r)}`;
      const v = checkRun(sc, r, manifest[id]);
      const differs = v.missing.length > 0 || v.extra.length > 0 || v.observableMismatches.length > 0;
      const md = manifest[id]?.modelDisagrees;
      const same = (a: readonly string[], b: readonly string[] | undefined): boolean => [...a].sort().join() === [...(b ?? [])].sort().join();
      const known = differs && md !== undefined && v.observableMismatches.length === 0 && same(v.missing, md.missing) && same(v.extra, md.extra);
      out.push({
        id, modelled: v.modelled, found: v.found, expected: v.expected,
        status: !v.modelled ? 'not-modelled' : known ? 'known-disagreement' : differs ? 'differs' : 'as-expected',
        violations: (v.check?.violations ?? []).map(x => ({ invariant: x.invariant, kind: x.kind, ...(x.detail !== undefined ? { detail: x.detail } : {}), steps: x.trace.map(t => t.action), trace: x.trace, replay: x.replay })),
      });
    }
  }
  return out;
}

function readdirSorted(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
