/**
 * How the fuzz suite runs: a small fixed-seed run inside `npm test`, or a long run driven by
 * the environment (`npm run fuzz`).
 *
 * - `KVET_FUZZ_SECONDS`: time budget of EACH property, in seconds. When set, a property runs
 *   until the budget is spent (fast-check `interruptAfterTimeLimit`), with `KVET_FUZZ_RUNS`
 *   (default unbounded) as a cap on runs, and a random seed unless `KVET_FUZZ_SEED` is set.
 * - `KVET_FUZZ_RUNS`: number of runs per property (default: each property's small number).
 * - `KVET_FUZZ_SEED`: the seed (default in bounded mode: a fixed one, so `npm test` is reproducible).
 * - `KVET_FUZZ_INPUT_MS`: wall time one input may take before it counts as a hang (default 10 000,
 *   20 000 in a long run, whose inputs go past a megabyte). `KVET_FUZZ_HANG_SECONDS`: when the
 *   watchdog kills a run stuck in one input (default 60; see watchdog.ts).
 * - `KVET_FUZZ_STATS`: a file to which one JSON line per property is appended (runs, seconds …).
 *
 * A failure prints fast-check's report: the seed, the path and the counterexample, so
 * `KVET_FUZZ_SEED=<seed>` (and fast-check's `path`) replays it.
 */
import fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { hangGuard } from './watchdog.js';

const env = process.env;

function num(name: string): number | null {
  const v = env[name];
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(v)}`);
  return n;
}

/** Seconds per property in a long run; null in the bounded `npm test` run. */
export const FUZZ_SECONDS = num('KVET_FUZZ_SECONDS');
const RUNS = num('KVET_FUZZ_RUNS');
const SEED = num('KVET_FUZZ_SEED');
/** Wall time one input may take; above it the input is reported as a hang. */
export const INPUT_LIMIT_MS = num('KVET_FUZZ_INPUT_MS') ?? (FUZZ_SECONDS === null ? 10_000 : 20_000);
/** Heap one worker may hold after an input (unbounded memory shows up here). */
export const HEAP_LIMIT_BYTES = 1.5 * 1024 ** 3;
const FIXED_SEED = 0x6b766574; // "kvet"

/** The `it` timeout for a property: its time budget plus room for shrinking and setup. */
export function testTimeout(boundedMs = 60_000): number {
  return FUZZ_SECONDS === null ? boundedMs : FUZZ_SECONDS * 1000 + 300_000;
}

/** What one property run did. */
export interface FuzzStats {
  readonly property: string;
  readonly seed: number;
  readonly runs: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly interrupted: boolean;
  readonly failed: boolean;
  readonly slowestInputMs: number;
}

let slowest = 0;

/**
 * Runs `body` on one input: the hang watchdog knows the input while it runs, and the input
 * fails the property when it takes longer than {@link INPUT_LIMIT_MS} or leaves the heap above
 * {@link HEAP_LIMIT_BYTES}. `limitMs` is for inputs known to be large (a whole series).
 */
export async function timed<T>(label: string, input: Uint8Array | string, body: () => T | Promise<T>, limitMs = INPUT_LIMIT_MS): Promise<T> {
  const guard = hangGuard(label, input);
  const t0 = performance.now();
  try {
    return await body();
  } finally {
    guard.done();
    const ms = performance.now() - t0;
    if (ms > slowest) slowest = ms;
    if (ms > limitMs) throw new Error(`${label}: one input took ${Math.round(ms)} ms (limit ${limitMs} ms): a hang`);
    const heap = process.memoryUsage().heapUsed;
    if (heap > HEAP_LIMIT_BYTES) throw new Error(`${label}: heap at ${Math.round(heap / 2 ** 20)} MiB after one input`);
  }
}

/**
 * Checks `property` under the suite's bounds and throws fast-check's report (seed, path,
 * counterexample) when it fails. `runs` is the bounded run count used by `npm test`.
 */
export async function fuzz<Ts>(name: string, property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, runs: number): Promise<FuzzStats> {
  const long = FUZZ_SECONDS !== null;
  const seed = SEED ?? (long ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : FIXED_SEED);
  const params: fc.Parameters<Ts> = {
    seed,
    numRuns: RUNS ?? (long ? 2 ** 31 - 1 : runs),
    ...(FUZZ_SECONDS !== null ? { interruptAfterTimeLimit: FUZZ_SECONDS * 1000, markInterruptAsFailure: false } : {}),
  };
  slowest = 0;
  const t0 = performance.now();
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, params);
  const stats: FuzzStats = {
    property: name,
    seed,
    runs: details.numRuns,
    skipped: details.numSkips,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    interrupted: details.interrupted,
    failed: details.failed,
    slowestInputMs: Math.round(slowest),
  };
  const line = JSON.stringify(stats);
  console.log(`fuzz ${line}`);
  if (env['KVET_FUZZ_STATS']) appendFileSync(env['KVET_FUZZ_STATS'], `${line}\n`);
  if (details.failed) {
    const cause = details.errorInstance;
    const why = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    throw new Error(`fuzz property "${name}" failed\n${(await fc.asyncDefaultReportMessage(details)) ?? ''}\n${why}`, { cause });
  }
  if (details.numRuns === 0) throw new Error(`fuzz property "${name}" ran no input`);
  return stats;
}
