/**
 * DCD scenario files (`corpus/scenarios/dcd/*.json`, spec §4) as data: per run a version,
 * platform switches, initial-state overrides, setup ops, the event schedule, armed faults,
 * exploration bounds and expected observables. This module validates and converts them;
 * it contains no behaviour (STYLE §E).
 */
import { makeConfig, type ArmedFault, type DcdConfig, type FaultPoint, type Op } from './specs/dcd/config.js';
import { observe, runSchedule, type Observables, type RunResult, type ScheduledOp } from './specs/dcd/run.js';
import { buildDcdSpec, initialState, type InitialOverrides } from './specs/dcd/spec.js';
import type { DcdState, Ext } from './specs/dcd/state.js';
import { VERSION_NAMES, type Version } from './specs/dcd/versions.js';
import type { Spec } from './checker/types.js';
import type { SrConfig } from './specs/dcd/sr.js';
import type { RegionConfig } from './specs/dcd/region.js';

/** Wire extent in JSON: `[start, len, tag?, seq?]` (MiB, tag null = untagged). */
export type ExtJson = readonly [number, number, (string | null)?, number?];

/** One event of a run: thread `t` starts op `op`, or resumes (`op` absent); optional pause `until`. */
export interface EventJson {
  readonly t: string;
  readonly op?: string;
  readonly ext?: ExtJson;
  readonly more?: boolean;
  readonly dev?: string;
  readonly uuid?: string | null;
  readonly size?: number;
  readonly until?: string;
  readonly repeat?: number;
}

/** One run of a scenario against one version. */
export interface RunJson {
  readonly id?: string;
  readonly version: Version;
  readonly modelled?: boolean;
  readonly reason?: string;
  readonly platform?: {
    readonly sharable?: boolean; readonly archInvalidate?: boolean; readonly devresProbeGate?: boolean;
    readonly mockOrder?: boolean; readonly genUnstable?: boolean; readonly split?: boolean;
  };
  readonly initial?: { readonly bound?: boolean; readonly scanned?: boolean; readonly regionExists?: boolean;
    readonly fresh?: boolean; readonly accepted?: readonly ExtJson[];
    /** r1's cxl_dax_region when the partition is split (S42). */
    readonly r1?: { readonly bound?: boolean; readonly scanned?: boolean; readonly fresh?: boolean } };
  readonly setup?: readonly EventJson[];
  readonly events?: readonly EventJson[];
  readonly faults?: readonly { readonly point: FaultPoint; readonly at?: number }[];
  readonly bounds?: { readonly depth?: number; readonly maxStates?: number; readonly maxFaults?: number };
  readonly expect?: Partial<Observables> & {
    readonly blocked?: boolean; readonly sr?: Record<string, unknown>; readonly region?: Record<string, unknown>;
  };
  /** A region-creation run (spec §2.3, S33) instead of a DCD schedule. */
  readonly region?: Omit<RegionConfig, 'id'>;
  /** A soft-reserved ownership run (spec §2.5) instead of a DCD schedule. */
  readonly sr?: Omit<SrConfig, 'id' | 'rebind'> & { readonly rebind?: boolean };
}

/** A scenario file. */
export interface ScenarioJson {
  readonly id: string;
  readonly title: string;
  readonly sources: string;
  readonly runs: readonly RunJson[];
}

/** Id of a run inside its scenario (`id` or the version). */
export function runId(r: RunJson): string {
  return r.id ?? r.version;
}

function ext(j: ExtJson | undefined, where: string): Ext {
  if (!j || typeof j[0] !== 'number' || typeof j[1] !== 'number') throw new Error(`${where}: ext must be [start, len, tag?, seq?]`);
  return { s: j[0], l: j[1], tag: j[2] ?? null, seq: j[3] ?? 0 };
}

/** Converts an event to an op (null for a resume event). */
export function toOp(e: EventJson, where: string): Op | null {
  switch (e.op) {
    case undefined: return null;
    case 'add': return { op: 'add', ext: ext(e.ext, where), more: e.more ?? false };
    case 'release': case 'forced': return { op: e.op, ext: ext(e.ext, where) };
    case 'badEvent': case 'timeout': case 'probe': case 'unload': case 'regionScan': return { op: e.op };
    case 'uuidStore': return { op: 'uuidStore', dev: e.dev ?? 'dax0.1', uuid: e.uuid ?? null };
    case 'sizeStore': return { op: 'sizeStore', dev: e.dev ?? 'dax0.1', size: e.size ?? 0 };
    case 'createDevDax': return { op: 'createDevDax', size: e.size ?? 0 };
    case 'bindDax': case 'unbindDax': case 'mmapWrite': return { op: e.op, dev: e.dev ?? 'dax0.1' };
    default: throw new Error(`${where}: unknown op ${e.op}`);
  }
}

function schedule(events: readonly EventJson[], where: string): ScheduledOp[] {
  const out: ScheduledOp[] = [];
  for (const [i, e] of events.entries()) {
    const op = toOp(e, `${where} event ${i + 1}`);
    for (let n = 0; n < (e.repeat ?? 1); n++) {
      out.push({ t: e.t, ...(op ? { op } : {}), ...(e.until !== undefined ? { until: e.until } : {}) });
    }
  }
  return out;
}

/** Everything needed to run or explore one scenario run. */
export interface PreparedRun {
  readonly configId: string;
  readonly cfg: DcdConfig;
  readonly init: InitialOverrides;
  readonly setup: readonly Op[];
  readonly schedule: readonly ScheduledOp[];
  readonly spec: Spec<DcdState>;
}

/** Validates and prepares a run; throws a one-line Error on malformed data. */
export function prepareRun(sc: ScenarioJson, r: RunJson): PreparedRun {
  const where = `${sc.id}/${runId(r)}`;
  if (!VERSION_NAMES.includes(r.version)) throw new Error(`${where}: unknown version ${String(r.version)}`);
  const sched = schedule(r.events ?? [], where);
  const threads: Record<string, Op[]> = {};
  for (const e of sched) if (e.op) (threads[e.t] ??= []).push(e.op);
  const faults: ArmedFault[] = (r.faults ?? []).map(f => (f.at === undefined ? { point: f.point } : { point: f.point, at: f.at }));
  const cfg = makeConfig(r.version, threads, { id: where, faults, ...(r.platform ?? {}) });
  const i = r.initial ?? {};
  const init: InitialOverrides = {
    ...(i.bound !== undefined ? { bound: i.bound } : {}),
    ...(i.scanned !== undefined ? { scanned: i.scanned } : {}),
    ...(i.regionExists !== undefined ? { regionExists: i.regionExists } : {}),
    ...(i.fresh !== undefined ? { fresh: i.fresh } : {}),
    ...(i.r1 ? { r1: i.r1 } : {}),
    ...(i.accepted ? { accepted: i.accepted.map((x, n) => ext(x, `${where} accepted ${n + 1}`)) } : {}),
  };
  const setup = schedule(r.setup ?? [], `${where} setup`).map(e => e.op).filter((o): o is Op => o !== undefined);
  const setupCfg = { ...cfg, faults: [] };
  return { configId: where, cfg, init, setup, schedule: sched, spec: buildDcdSpec(cfg, init, setup.length ? setup : [], setupCfg) };
}

/** Runs the schedule sequentially and returns the run result and its observables. */
export function runPrepared(p: PreparedRun): { result: RunResult; observed: Observables } {
  const s0 = initialState({ ...p.cfg, faults: [] }, p.init, p.setup);
  const result = runSchedule(p.cfg, s0, p.schedule);
  return { result, observed: observe(result.state) };
}

/** Compares expected observables (a subset) with observed ones; returns mismatch lines. */
export function compareObservables(expect: RunJson['expect'], got: Observables, blocked: boolean): string[] {
  const out: string[] = [];
  if (!expect) return out;
  for (const [k, v] of Object.entries(expect)) {
    if (k === 'blocked') {
      if (v !== blocked) out.push(`blocked: expected ${String(v)}, got ${String(blocked)}`);
      continue;
    }
    const g = (got as unknown as Record<string, unknown>)[k];
    const sub = k === 'rcs' || k === 'devs' || k === 'useCnt' || k === 'hist';
    const want = v as Record<string, unknown>;
    const have = sub ? Object.fromEntries(Object.keys(want).map(x => [x, (g as Record<string, unknown>)[x]])) : g;
    if (JSON.stringify(have) !== JSON.stringify(v)) out.push(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(have)}`);
  }
  return out;
}
