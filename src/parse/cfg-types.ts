/**
 * The control-flow graph of one function as plain, serialisable data (no tree-sitter objects).
 *
 * cleanup.h scope exits are explicit: every edge that leaves the scope of a `guard()`, a
 * `scoped_guard()` block, a `__free(f)` variable or a `CLASS()` object passes through one
 * `cleanup` node per live resource, innermost (latest declared) first, before reaching its
 * target. A `__free` cleanup node is always present; whether it frees anything on a given path
 * depends on ownership transfers (`no_free_ptr`, `return_ptr`, `retain_and_null_ptr`) earlier
 * on that path, see `effectiveCleanups` in `paths.ts`.
 */
import type { Span } from './span.js';

/** What a CFG node stands for. */
export type CfgNodeKind =
  /** Function entry (one). */
  | 'entry'
  /** Function exit (one): every `return` and the fall-off end lead here. */
  | 'exit'
  /** Terminal for a `goto` whose label is not in a complete function, or a `break` with no target. */
  | 'unresolved'
  /** Terminal for the part of a partial function that was not seen (its end, unseen labels). */
  | 'unseen'
  /** A simple statement: expression, declaration, empty statement, unparsed text. */
  | 'statement'
  /** A two-way decision (`if`, `?:`-free conditions, loop conditions, conditional guards). */
  | 'branch'
  /** A loop head (`while`, `for`, iterator macros, `do`); its body returns here by a `back` edge. */
  | 'loop'
  /** A `switch` head; `case` edges to its cases. */
  | 'switch'
  /** A `case` or `default` label inside a switch. */
  | 'case'
  | 'label'
  | 'goto'
  | 'return'
  | 'break'
  | 'continue'
  /** Acquisition of a scoped resource (`guard()`, `scoped_guard()`, `CLASS()`). */
  | 'acquire'
  /** A scope exit running one resource's release (unlock, `f(var)`, class destructor). */
  | 'cleanup';

/** What an edge means. `back` closes a loop; `goto` may also close one (a backward goto). */
export type CfgEdgeKind =
  | 'next' | 'true' | 'false' | 'case' | 'default' | 'fallthrough' | 'back'
  | 'goto' | 'break' | 'continue' | 'return' | 'end';

/** A scoped resource whose release cleanup.h runs at scope exit. */
export interface ScopedResource {
  readonly id: number;
  /** `guard`: `guard(cls)(args)`; `scoped-guard`: a `scoped_guard`/`scoped_cond_guard` block. */
  readonly kind: 'guard' | 'scoped-guard' | 'free' | 'class';
  /** Lock class (`rwsem_write`), free function (`kfree`) or class name (`fdget`). */
  readonly name: string;
  /** Variable a `__free()` attribute or `CLASS()` declares; null for guards. */
  readonly variable: string | null;
  readonly args: readonly string[];
  /** Where it was acquired or declared. */
  readonly span: Span;
}

/** One node of a CFG: a statement, a decision, a jump, a scope-exit release, or a terminal. */
export interface CfgNode {
  readonly id: number;
  readonly kind: CfgNodeKind;
  /** Source span (real file lines); null for entry, exit and synthetic terminals. */
  readonly span: Span | null;
  /** Condensed source text: the statement, the condition, the label or the return value. */
  readonly text: string;
  /** tree-sitter node type the node came from (e.g. `expression_statement`, `ERROR`). */
  readonly syntax: string;
  /** For `acquire` and for declarations of `__free` variables: the resource it starts. */
  readonly acquires?: number;
  /** For `cleanup`: the resource released. */
  readonly releases?: number;
  /** Variables whose ownership leaves their `__free()` cleanup at this node. */
  readonly transfers?: readonly string[];
  /** For `label` and `goto`: the label name. */
  readonly label?: string;
  /** For `loop` nodes from an iterator macro (`list_for_each_entry`), the macro. */
  readonly macro?: string;
}

/** A control transfer between two nodes. */
export interface CfgEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: CfgEdgeKind;
}

/** A `goto` and where it lands. */
export interface GotoSite {
  readonly label: string;
  readonly node: number;
  readonly span: Span;
  /** Label node id, or null when the label is not in what was seen of the function. */
  readonly target: number | null;
}

/**
 * A jump (a `goto`, or a switch entering a `case`) into the scope of cleanup resources declared
 * before its target, bypassing their initialisation. Compilers reject this for `__free()`
 * variables and guards; the CFG keeps the edge, and the cleanups later on its paths release
 * something that was never acquired on them.
 */
export interface ScopeBypass {
  readonly from: number;
  readonly to: number;
  readonly resources: readonly number[];
}

/** The CFG of one function. Node ids index `nodes`. */
export interface Cfg {
  readonly name: string | null;
  readonly entry: number;
  readonly exit: number;
  readonly unresolved: number;
  readonly unseen: number;
  readonly nodes: readonly CfgNode[];
  readonly edges: readonly CfgEdge[];
  readonly resources: readonly ScopedResource[];
  readonly labels: readonly { readonly name: string; readonly node: number; readonly span: Span }[];
  readonly gotos: readonly GotoSite[];
  readonly bypasses: readonly ScopeBypass[];
  /** The function was partial: parts of it were not seen. */
  readonly partial: boolean;
  /** Statements tree-sitter could not parse appear as `statement` nodes with syntax `ERROR`. */
  readonly hasErrorNodes: boolean;
  /**
   * The CFG hit a size bound: statements nested deeper than 400 levels were kept as single
   * opaque nodes, or past 20 000 release nodes further scope exits got no releases.
   */
  readonly depthLimited: boolean;
}
