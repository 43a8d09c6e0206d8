/**
 * The Facts API: what kvet believes about each function a patch touches — the one contract
 * between analysis (src/parse, src/facts) and checks (rules/, src/xval, src/model).
 * Plain serialisable data: no tree-sitter nodes, no methods, no cycles. Changing a shape here
 * means bumping FACTS_VERSION and updating the snapshots in the same commit.
 *
 * Every fact that happens at a statement names its CFG node (`node`), so path questions
 * ("is L held here?", "what is live at this exit?") are answered over `cfg` by src/engine.
 */
import type { Cfg } from '../parse/cfg-types.js';
import type { Span } from '../parse/span.js';
import type { LockClass, LockMode } from './apis/locks.js';
import type { ResourceKind } from './apis/resources.js';

export type { Cfg, CfgNode, CfgEdge, CfgNodeKind, CfgEdgeKind, ScopedResource, GotoSite } from '../parse/cfg-types.js';
export type { Span } from '../parse/span.js';
export type { LockClass, LockMode } from './apis/locks.js';
export type { ResourceKind } from './apis/resources.js';

export const FACTS_VERSION = 1;

/** Where a reviewer sees a line: the post-image file line, the patch line and the mail line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly patchLine: number | null;
  readonly mailLine: number | null;
  /** The line is added by the patch (`+`). */
  readonly added: boolean;
}

export interface CallSite {
  /** Callee as written: `kzalloc`, or `driver->notify` for a call through a pointer. */
  readonly callee: string;
  readonly args: readonly string[];
  readonly node: number;
  readonly span: Span;
  /** Variable (or lvalue text) the result is assigned to, e.g. `rc`, `dax_resource`. */
  readonly assignedTo: string | null;
  /** The call is the whole condition or part of it (`if (!foo())`, `if (foo() < 0)`). */
  readonly inCondition: boolean;
  /** The call is the value of a `return`. */
  readonly returned: boolean;
}

/** A lock event. `lock` is a normalised identity: `dax_region_rwsem`, `cxlr->lock`, `device:dev`. */
export interface LockOp {
  readonly op: 'acquire' | 'release' | 'try' | 'assert' | 'assert-not';
  /** The API (`down_write`, `guard(rwsem_write)`, `lockdep_assert_held_write`). */
  readonly api: string;
  readonly lock: string;
  readonly class: LockClass;
  readonly mode: LockMode | 'any';
  /** Released by cleanup.h at scope exit (the CFG's cleanup node for `resource`). */
  readonly scoped: 'guard' | 'scoped-guard' | null;
  /** CFG resource id of a scoped lock. */
  readonly resource: number | null;
  /** For `try`: the result variable and the value that means acquired. */
  readonly result: { readonly variable: string | null; readonly acquiredWhen: 'zero' | 'nonzero' } | null;
  readonly node: number;
  readonly span: Span;
}

/** A resource event: something acquired that an error path must undo, or its undo. */
export interface ResourceOp {
  readonly op: 'acquire' | 'release';
  readonly api: string;
  readonly kind: ResourceKind;
  /** What holds the resource: the assigned variable or the argument text (normalised). */
  readonly target: string;
  /** How an acquire's failure shows; null for releases. */
  readonly fails: 'null' | 'err-ptr' | 'negative' | 'nonzero' | 'never' | null;
  readonly node: number;
  readonly span: Span;
}

/** A devres registration (or removal) and what it will run. */
export interface DevresOp {
  readonly api: string;
  readonly kind: 'action' | 'alloc' | 'resource' | 'release';
  readonly device: string;
  /** Callback function name for actions. */
  readonly action: string | null;
  /** Data argument for actions (ownership moves to devres on success). */
  readonly data: string | null;
  /** The API runs the action itself, synchronously, when it fails (`devm_add_action_or_reset`). */
  readonly runsActionOnFailure: boolean;
  readonly fails: 'nonzero' | 'null' | 'err-ptr' | 'never';
  readonly assignedTo: string | null;
  readonly node: number;
  readonly span: Span;
}

export interface DrvdataOp {
  /** `clear` is a `set` of NULL. */
  readonly op: 'set' | 'get' | 'clear';
  readonly api: string;
  readonly device: string;
  readonly value: string | null;
  readonly node: number;
  readonly span: Span;
}

/** How a return value reads. `rc`: a variable (often a call's result); `call`: a call's value. */
export type ReturnClass = 'void' | 'zero' | 'errno' | 'err-ptr' | 'null' | 'ptr-err' | 'variable' | 'call' | 'constant' | 'bool' | 'other';

export interface ReturnSite {
  readonly node: number;
  readonly span: Span;
  /** The returned expression as written ('' for `return;` and the fall-off end). */
  readonly text: string;
  readonly valueClass: ReturnClass;
  /** `yes` for `-EINVAL`, `ERR_PTR(..)`; `no` for `0`; `maybe` when it depends on the path. */
  readonly isError: 'yes' | 'no' | 'maybe';
  /** For `variable`: the variable. */
  readonly variable: string | null;
}

/** A branch condition decoded: which variable it tests and what the true edge means. */
export interface ConditionFact {
  readonly node: number;
  readonly text: string;
  readonly variable: string | null;
  /** The condition tests a call's result directly (`if (!foo(x))`): the callee. */
  readonly callee: string | null;
  /**
   * What the `true` edge implies about the tested value: `zero` (`!p`, `p == NULL`, `!rc`),
   * `nonzero` (`p`, `rc`), `negative` (`rc < 0`), `nonnegative`, `err-ptr` (`IS_ERR(p)`),
   * `not-err-ptr`, `err-or-null` (`IS_ERR_OR_NULL(p)`), or `unknown`.
   */
  readonly whenTrue: 'zero' | 'nonzero' | 'negative' | 'nonnegative' | 'err-ptr' | 'not-err-ptr' | 'err-or-null' | 'unknown';
}

export interface AssignmentFact {
  readonly node: number;
  readonly span: Span;
  readonly target: string;
  readonly value: string;
  /** The value is a call's result (`rc = foo(...)`). */
  readonly fromCall: string | null;
  /** The value class of the right-hand side (`-ENOMEM`, `0`, `ERR_PTR(..)`, …). */
  readonly valueClass: ReturnClass;
}

export interface LabelFact {
  readonly name: string;
  readonly node: number;
  readonly span: Span;
}

export interface GotoEdge {
  readonly label: string;
  readonly node: number;
  readonly span: Span;
  /** Label node, or null when the label is not in what was seen. */
  readonly target: number | null;
}

/** A `/** … *\/` kernel-doc comment attached to a function. */
export interface KernelDoc {
  readonly span: Span;
  /** Name in the `name() - summary` line. */
  readonly name: string | null;
  readonly params: readonly { readonly name: string; readonly line: number }[];
  /** A `Return:`/`Returns:` section is present. */
  readonly hasReturn: boolean;
}

/** A local variable declaration (for type questions: an errno stored in an unsigned variable). */
export interface LocalFact {
  readonly name: string;
  /** The declared type as written, without declarators: `unsigned int`, `u32`, `struct foo`. */
  readonly type: string;
  /** The declarator makes it a pointer, an array or a function pointer. */
  readonly indirect: boolean;
  /** CFG node of the declaration statement, when it has one. */
  readonly node: number | null;
  readonly line: number;
}

export interface ParamFact {
  readonly name: string | null;
  readonly type: string;
}

export interface FunctionFacts {
  readonly version: typeof FACTS_VERSION;
  readonly name: string | null;
  /** Where the name came from when the definition's start was not seen. */
  readonly nameFrom?: 'hunk-header';
  readonly file: string;
  readonly span: Span;
  readonly origin: Origin;
  /** Touched by the patch: one of its seen lines is added (or a line in it removed). */
  readonly changed: boolean;
  readonly complete: boolean;
  readonly seenStart: boolean;
  readonly seenEnd: boolean;
  readonly isStatic: boolean;
  readonly returnType: string;
  readonly params: readonly ParamFact[];
  readonly attributes: readonly string[];
  readonly hasErrorNodes: boolean;
  /** Post-image lines of the function the patch adds. */
  readonly addedLines: readonly number[];
  readonly cfg: Cfg;
  readonly calls: readonly CallSite[];
  readonly locks: readonly LockOp[];
  readonly resources: readonly ResourceOp[];
  readonly devres: readonly DevresOp[];
  readonly drvdata: readonly DrvdataOp[];
  readonly labels: readonly LabelFact[];
  readonly gotos: readonly GotoEdge[];
  readonly returns: readonly ReturnSite[];
  readonly conditions: readonly ConditionFact[];
  readonly assignments: readonly AssignmentFact[];
  readonly kernelDoc: KernelDoc | null;
  /** Local variables declared in the body (nested blocks included). */
  readonly locals: readonly LocalFact[];
}

/** A file-scope declaration a patch may add: for unused-decl and should-be-static. */
export interface DeclFact {
  readonly kind: 'typedef' | 'prototype' | 'macro' | 'variable' | 'function' | 'struct' | 'enum';
  readonly name: string;
  readonly isStatic: boolean;
  /** Declared `extern` (a declaration, not a definition). */
  readonly isExtern: boolean;
  readonly line: number;
  /** 1-based column where the declaration starts: file-scope code starts at 1; more means a member or local a cut hunk exposed. */
  readonly col: number;
  readonly added: boolean;
}

/** A symbol exported to modules at file scope: `EXPORT_SYMBOL_GPL(name);`. */
export interface ExportFact {
  readonly name: string;
  readonly macro: string;
  readonly line: number;
}

/** A comment or string literal, for spelling. */
export interface TextFact {
  readonly kind: 'comment' | 'string';
  readonly text: string;
  readonly span: Span;
  readonly added: boolean;
}

export interface SeenLine {
  readonly line: number;
  readonly kind: ' ' | '+' | '-';
  readonly patchLine: number;
  readonly mailLine: number | null;
}

/** Facts for one file image of one patch. */
export interface FileFacts {
  readonly version: typeof FACTS_VERSION;
  readonly path: string;
  readonly side: 'post' | 'pre';
  readonly functions: readonly FunctionFacts[];
  readonly decls: readonly DeclFact[];
  /** Identifiers referenced anywhere in the seen text (outside their own declarations). */
  readonly identifiers: readonly string[];
  readonly texts: readonly TextFact[];
  /**
   * Occurrences of each identifier in the seen code, declarations included (a name declared
   * once and used nowhere counts 1), with the arguments of file-scope macros the parser never
   * sees (`EXPORT_SYMBOL_GPL(foo);` counts `foo`). For unused-decl and should-be-static.
   */
  readonly identifierCounts: Readonly<Record<string, number>>;
  /** `EXPORT_SYMBOL*(name)` lines of the seen code. */
  readonly exports: readonly ExportFact[];
  /** Identifiers on the lines the diff removes: names that existed before the patch (moved or modified declarations). */
  readonly removedIdentifiers: readonly string[];
  /** Every seen line: post-image line ↔ patch line ↔ mail line, and whether the patch adds it. */
  readonly seen: readonly SeenLine[];
  readonly stats: { readonly functions: number; readonly complete: number; readonly withErrorNodes: number };
  /**
   * The whole file was analysed (tree mode: the patch applied to a kernel tree), so every line
   * of it was seen, not only the lines in `seen`. Absent in hunk mode. (Additive.)
   */
  readonly complete?: boolean;
}
