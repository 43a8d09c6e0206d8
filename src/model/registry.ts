/**
 * Resolves a model configuration id to a checkable spec: `default-v11` / `large-v11`
 * for the built-in configurations, `S24/v10` for a scenario run in the corpus. Used by
 * the CLI and by replay tokens. Reads scenario files (not pure: the CLI's file reader).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spec } from './checker/types.js';
import { prepareRun, runId, type RunJson, type ScenarioJson } from './dcd-scenario.js';
import { buildSrSpec } from './specs/dcd/sr.js';
import { buildRegionSpec } from './specs/dcd/region.js';
import { defaultConfig } from './specs/dcd/configs.js';
import { buildDcdSpec } from './specs/dcd/spec.js';
import { VERSION_NAMES, type Version } from './specs/dcd/versions.js';

/** Directory of the DCD scenario corpus, found relative to this module (src/ or dist/src/). */
export function scenarioDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = path.join(dir, 'corpus', 'scenarios', 'dcd');
    try {
      readdirSync(cand);
      return cand;
    } catch {
      dir = path.dirname(dir);
    }
  }
  return path.join(process.cwd(), 'corpus', 'scenarios', 'dcd');
}

/** Reads and parses a scenario file; throws a one-line Error. */
export function readScenario(file: string): ScenarioJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot read scenario file`);
  }
  try {
    const sc = JSON.parse(text) as ScenarioJson;
    if (typeof sc.id !== 'string' || !Array.isArray(sc.runs)) throw new Error('no id or runs');
    return sc;
  } catch (err) {
    throw new Error(`${file}: not a scenario (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Finds the scenario file with id `id` in the corpus. */
export function findScenario(id: string): ScenarioJson {
  const dir = scenarioDir();
  const file = readdirSync(dir).find(f => f.startsWith(`${id}-`) && f.endsWith('.json'));
  if (!file) throw new Error(`scenario ${id} not found in the corpus`);
  return readScenario(path.join(dir, file));
}

/** Checkable spec of one scenario run: the DCD model, or the SR model for soft-reserved runs. */
export function specOfRun(sc: ScenarioJson, run: RunJson): { spec: Spec<unknown>; configId: string } {
  const configId = `${sc.id}/${runId(run)}`;
  if (run.modelled === false) throw new Error(`scenario run ${configId} is not modelled: ${run.reason ?? ''}`);
  if (run.sr) {
    const spec = buildSrSpec({ ...run.sr, id: configId, rebind: run.sr.rebind ?? false });
    return { spec: spec as unknown as Spec<unknown>, configId };
  }
  if (run.region) return { spec: buildRegionSpec({ ...run.region, id: configId }) as unknown as Spec<unknown>, configId };
  return { spec: prepareRun(sc, run).spec as unknown as Spec<unknown>, configId };
}

/** Spec of config id `default-V`, `large-V` or `SNN/run`. */
export function resolveConfig(id: string): Spec<unknown> {
  const m = /^(default|large)-(v4|v7|v10|v11)$/.exec(id);
  if (m) return buildDcdSpec(defaultConfig(m[2] as Version, m[1] as 'default' | 'large')) as unknown as Spec<unknown>;
  const [sid, rid] = id.split('/');
  if (!sid || !rid) throw new Error(`unknown model configuration ${id}`);
  const sc = findScenario(sid);
  const run = sc.runs.find(r => runId(r) === rid);
  if (!run) throw new Error(`scenario ${sid} has no run ${rid}`);
  return specOfRun(sc, run).spec;
}

/** Whether `v` names a modelled version. */
export function isVersion(v: string): v is Version {
  return (VERSION_NAMES as readonly string[]).includes(v);
}
