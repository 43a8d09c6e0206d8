/**
 * Model benchmark: explores the v11 default configuration and a larger one to
 * exhaustion and reports distinct states and states per second. Called by the bench script.
 */
import { explore } from './checker/explore.js';
import type { Bounds } from './checker/types.js';
import { DEFAULT_FAULTS, defaultConfig, type ConfigSize } from './specs/dcd/configs.js';
import { buildDcdSpec } from './specs/dcd/spec.js';

/** One benchmark measurement. */
export interface ModelBench {
  readonly version: string;
  readonly config: string;
  readonly bound: Bounds;
  readonly exhaustive: boolean;
  readonly distinct: number;
  readonly states: number;
  readonly depth: number;
  readonly elapsedMs: number;
  /** Distinct states per wall-clock second. */
  readonly statesPerSec: number;
  /** CPU time of the exploration (user + system), less sensitive to machine load. */
  readonly cpuMs: number;
  /** Distinct states per CPU second. */
  readonly statesPerCpuSec: number;
  /** Heap in use after the exploration, MiB (visited set stores 64-bit fingerprints only). */
  readonly heapMiB: number;
  readonly violations: readonly string[];
}

function once(size: ConfigSize, maxFaults: number): ModelBench {
  const cfg = defaultConfig('v11', size);
  const cpu0 = process.cpuUsage();
  const r = explore(buildDcdSpec(cfg), { maxFaults, config: cfg.id });
  const used = process.cpuUsage(cpu0);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  return {
    version: 'v11', config: cfg.id, bound: r.bound, exhaustive: r.exhaustive, distinct: r.distinct,
    states: r.states, depth: r.depth, elapsedMs: r.elapsedMs, statesPerSec: r.statesPerSec,
    cpuMs, statesPerCpuSec: cpuMs > 0 ? Math.round((r.distinct * 1000) / cpuMs) : r.distinct,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
    violations: r.violations.map(v => v.invariant),
  };
}

/**
 * v11 at the default bound (default workload, one injected fault) and at a larger bound
 * (an admin thread that unloads and re-probes, two faults); both explored to exhaustion.
 */
export function benchModel(): ModelBench[] {
  return [once('default', DEFAULT_FAULTS.default), once('large', DEFAULT_FAULTS.large)];
}
