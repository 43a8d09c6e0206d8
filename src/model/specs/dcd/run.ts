/**
 * Sequential execution of operations (`kvet model run`): each op runs to completion on
 * its thread before the next starts, armed faults fire whenever they can (each once).
 * Used to build scenario initial states and to compute expected observables.
 */
import { buildActions, faultNames } from './actions.js';
import type { DcdConfig, Op } from './config.js';
import { availSize } from './dax.js';
import { th } from './host.js';
import { key, type Cmd, type DcdState } from './state.js';

/** Outcome of a sequential run. */
export interface RunResult {
  readonly state: DcdState;
  /** Labels of the steps executed, in order. */
  readonly steps: readonly string[];
  /** Set when an op could not proceed (blocked on a lock: deadlock in a sequential run). */
  readonly blocked?: string;
}

/** One scheduled event: thread `t` runs op `op` (or resumes its paused op), optionally pausing before step `until`. */
export interface ScheduledOp {
  readonly t: string;
  readonly op?: Op;
  readonly until?: string;
}

/** Runs a schedule on `s`; threads' scripts are the ops of the schedule in order. */
export function runSchedule(cfg0: DcdConfig, s0: DcdState, schedule: readonly ScheduledOp[]): RunResult {
  const scripts: Record<string, Op[]> = {};
  for (const e of schedule) if (e.op) (scripts[e.t] ??= []).push(e.op);
  const cfg: DcdConfig = { ...cfg0, threads: scripts };
  const actions = buildActions(cfg);
  let s: DcdState = { ...s0, threads: { ...Object.fromEntries(Object.keys(scripts).map(t => [t, { i: 0, pc: '', f: {}, rcs: [] }])), ...pick(s0.threads, Object.keys(scripts)) } };
  let armed = faultNames(cfg.faults);
  const steps: string[] = [];
  const target = new Map<string, number>();
  for (const e of schedule) {
    if (e.op) target.set(e.t, (target.get(e.t) ?? th(s0, e.t).i) + 1);
    const goal = target.get(e.t) ?? 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const cur = th(s, e.t);
      if (cur.i >= goal) break;
      if (e.until !== undefined && cur.pc === e.until) break;
      const mine = actions.filter(a => a.name.startsWith(`${e.t}:`));
      const a = mine.find(x => x.enabled(s));
      if (!a) return { state: s, steps, blocked: `${e.t} is blocked` };
      let n: DcdState | null = null;
      for (const f of armed) {
        n = a.inject?.(s, f) ?? null;
        if (n) { armed = armed.filter(x => x !== f); break; }
      }
      steps.push(a.describe ? a.describe(s) : a.name);
      s = n ?? a.next(s);
    }
  }
  return { state: s, steps };
}

function pick<T>(o: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}

/** Runs `ops` one after another on a single thread `seq`. */
export function runOps(cfg: DcdConfig, s: DcdState, ops: readonly Op[]): RunResult {
  return runSchedule(cfg, s, ops.map(op => ({ t: 'setup', op })));
}

/** Mailbox command as text: `RSP+[0+2,8+2]`, `REL[0+2]`, `GET_LIST`. */
export function cmdText(c: Cmd): string {
  if (c.op === 'RSP') return `RSP+[${c.list.join(',')}]${c.rc !== 0 ? ` rc=${c.rc}` : ''}`;
  if (c.op === 'REL') return `REL[${c.ext}]`;
  return 'GET_LIST';
}

/** Observables of a state (§4 "expected observable results"). */
export interface Observables {
  readonly rcs: Readonly<Record<string, readonly number[]>>;
  readonly mailbox: readonly string[];
  readonly avail: number;
  readonly extents: readonly string[];
  readonly groups: readonly string[];
  readonly registry: readonly string[];
  readonly devs: Readonly<Record<string, number>>;
  readonly useCnt: Readonly<Record<string, number>>;
  readonly accepted: readonly string[];
  readonly bound: boolean;
  readonly scanned: boolean;
  readonly hist: Readonly<Record<string, readonly string[]>>;
}

/** Extracts the observables of `s`. */
export function observe(s: DcdState): Observables {
  return {
    rcs: Object.fromEntries(Object.entries(s.threads).map(([t, x]) => [t, x.rcs])),
    mailbox: s.dev.mailbox.map(cmdText),
    avail: availSize(s),
    extents: [...s.exts].sort((a, b) => a.id - b.id).map(x => `${key(x)}#${x.seq}`),
    groups: s.groups.map(g => `${g.tag ?? 'null'}:[${g.members.map(id => { const x = s.exts.find(y => y.id === id); return x ? key(x) : '?'; }).join(',')}]`),
    registry: [...s.registry],
    devs: Object.fromEntries(s.devs.map(d => [d.name, d.ranges.reduce((n, r) => n + r.l, 0)])),
    useCnt: Object.fromEntries(s.res.map(r => [key(r), r.useCnt])),
    accepted: s.dev.accepted.map(key),
    bound: s.region.bound,
    scanned: s.region.scanned,
    hist: s.hist,
  };
}
