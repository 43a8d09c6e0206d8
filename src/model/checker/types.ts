/**
 * The checker's vocabulary: a spec is an initial state, a list of actions and a list of
 * invariants. Nothing here knows about any kernel subsystem (STYLE §E).
 */

/** Lock mode an action takes or requires; used by deadlock detection and by cross-validation. */
export type LockMode = 'read' | 'write' | 'exclusive';

/** One lock an action acquires (`takes`), expects to be held (`requires`) or drops (`releases`). */
export interface LockUse {
  readonly lock: string;
  readonly mode: LockMode;
  readonly how: 'takes' | 'requires' | 'releases';
}

/**
 * Contract metadata of an action, read by cross-validation: which C function(s) the action
 * specifies, the locks it uses, the error codes it may return (each of which must leave the
 * state unchanged unless stated), and the order of its visible effects.
 */
export interface ActionMeta {
  readonly specifies: readonly string[];
  readonly locks?: readonly LockUse[];
  readonly errors?: readonly string[];
  readonly effects?: readonly string[];
  readonly spec?: string;
}

/**
 * A guarded transition. `enabled` is a pure precondition; `next` is pure and returns a new
 * state. An action may declare fault points; `inject(s, fault)` returns the successor when
 * the fault fires at that point, or `null` when the fault cannot fire from `s`.
 */
export interface Action<S> {
  readonly name: string;
  enabled(s: Readonly<S>): boolean;
  next(s: Readonly<S>): S;
  readonly faults?: readonly string[];
  inject?(s: Readonly<S>, fault: string): S | null;
  /** Optional longer label for traces (e.g. which operation a thread step belongs to). */
  describe?(s: Readonly<S>): string;
  readonly meta?: ActionMeta;
}

/** A named state predicate that must hold in every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  readonly description?: string;
  holds(s: Readonly<S>): boolean;
}

/** A thread waiting for a lock that `holders` hold: one edge of the wait-for graph. */
export interface WaitEdge {
  readonly waiter: string;
  readonly lock: string;
  readonly holders: readonly string[];
}

/** A complete, bounded model: what the checker explores. */
export interface Spec<S> {
  readonly name: string;
  init(): S;
  readonly actions: readonly Action<S>[];
  readonly invariants: readonly Invariant<S>[];
  /** TLA+ TypeOK: checked before the invariants; a string names what is wrong. */
  typeOk?(s: Readonly<S>): true | string;
  /** Threads blocked on locks in `s`; a cycle among them is a deadlock. */
  waits?(s: Readonly<S>): readonly WaitEdge[];
  /** A state with no enabled action is a deadlock unless `done(s)` (normal termination). */
  done?(s: Readonly<S>): boolean;
  /**
   * Projection used for hashing (TLC VIEW); defaults to the whole state. It may drop pure
   * history that no action or invariant reads; traces still show the whole state.
   */
  canonical?(s: Readonly<S>): unknown;
}

/** One step of a counterexample: the action taken and only what it changed. */
export interface TraceStep {
  readonly action: string;
  readonly fault?: string;
  readonly changes: readonly string[];
}

/** One transition choice: index into `spec.actions` plus the injected fault, if any (-1 = none). */
export interface Choice {
  readonly action: number;
  readonly fault: number;
}

/** An invariant violation or deadlock with its (shortest, for BFS) trace. */
export interface Violation {
  readonly invariant: string;
  readonly kind: 'safety' | 'deadlock' | 'type';
  readonly detail?: string;
  readonly trace: readonly TraceStep[];
  readonly path: readonly Choice[];
  readonly replay: string;
}

/** Fired / new-state counts of one action. */
export interface Coverage {
  fired: number;
  newStates: number;
}

/** Bounds of one exploration. */
export interface Bounds {
  readonly depth: number;
  readonly maxStates: number;
  readonly maxFaults: number;
}

/** TLC-style result of an exploration. */
export interface CheckResult {
  readonly model: string;
  readonly strategy: 'bfs' | 'dfs';
  readonly bound: Bounds;
  /** True when every reachable state within the fault budget was visited. */
  readonly exhaustive: boolean;
  readonly states: number;
  readonly distinct: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSec: number;
  readonly violations: readonly Violation[];
  readonly coverage: Readonly<Record<string, Coverage>>;
  readonly warnings: readonly string[];
}
