/** Re-running a path of choices from the initial state: traces and replays. */
import { diffStates } from './diff.js';
import type { Choice, Spec, TraceStep } from './types.js';

/** Result of re-running a path: the states visited and the trace, or why it stopped. */
export interface PathRun<S> {
  readonly states: readonly S[];
  readonly trace: readonly TraceStep[];
  readonly error?: string;
}

/** Label of an action in a trace (its `describe`, else its name). */
export function actionLabel<S>(spec: Spec<S>, index: number, s: Readonly<S>): string {
  const a = spec.actions[index];
  if (!a) return `#${index}`;
  return a.describe ? a.describe(s) : a.name;
}

/** Applies one choice; returns null when the action is not enabled or the fault cannot fire. */
export function applyChoice<S>(spec: Spec<S>, s: Readonly<S>, c: Choice): S | null {
  const a = spec.actions[c.action];
  if (!a || !a.enabled(s)) return null;
  if (c.fault < 0) return a.next(s);
  const f = a.faults?.[c.fault];
  if (f === undefined || !a.inject) return null;
  return a.inject(s, f);
}

/** Re-runs `path` from `spec.init()`, recording per-step differences. */
export function runPath<S>(spec: Spec<S>, path: readonly Choice[]): PathRun<S> {
  let s = spec.init();
  const states: S[] = [s];
  const trace: TraceStep[] = [];
  for (const [i, c] of path.entries()) {
    const label = actionLabel(spec, c.action, s);
    const n = applyChoice(spec, s, c);
    if (n === null) return { states, trace, error: `step ${i + 1} (${label}) is not enabled` };
    const fault = c.fault >= 0 ? spec.actions[c.action]?.faults?.[c.fault] : undefined;
    trace.push({ action: label, ...(fault !== undefined ? { fault } : {}), changes: diffStates(s, n) });
    states.push(n);
    s = n;
  }
  return { states, trace };
}
