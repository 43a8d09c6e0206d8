/**
 * A rule is one module: `id`, `meta`, and pure checks that only call `ctx.report`
 * (STYLE.md B). `defineRule` is generic over the message ids, so reporting an unknown
 * messageId fails to compile.
 */
import type { Category, Confidence, Severity } from './finding.js';
import type { FileFacts, FunctionFacts } from '../facts/types.js';
import type { RuleContext } from './context.js';
import type { PatchView, SeriesView } from './views.js';

/** Fact families a rule may read; `test/meta.test.ts` checks the claim. */
export type FactFamily = 'calls' | 'locks' | 'resources' | 'devres' | 'drvdata' | 'labels' | 'gotos' | 'returns'
  | 'conditions' | 'assignments' | 'kernelDoc' | 'cfg' | 'decls' | 'identifiers' | 'texts' | 'commitMessage' | 'summaries';

export interface RuleDocs {
  readonly description: string;
  /** Kernel documentation the rule rests on (`Documentation/…`, `include/linux/cleanup.h`). */
  readonly references: readonly string[];
  /** Known false-positive and false-negative sources, stated up front. */
  readonly limitations: string;
}

export interface RuleMeta<M extends string> {
  readonly kind: 'bug' | 'risk' | 'style';
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly requires: readonly FactFamily[];
  readonly docs: RuleDocs;
  readonly messages: Readonly<Record<M, string>>;
  /** The model invariant this rule's findings correspond to, for cross-validation. */
  readonly model?: string;
}

export interface Rule<M extends string = string> {
  readonly id: string;
  readonly meta: RuleMeta<M>;
  /** Called for every function of every analysed file. */
  readonly checkFunction?: (fn: FunctionFacts, ctx: RuleContext<M>) => void;
  /** Called for every analysed file. */
  readonly checkFile?: (file: FileFacts, ctx: RuleContext<M>) => void;
  /** Called for every patch (commit message, trailers, files). */
  readonly checkPatch?: (patch: PatchView, ctx: RuleContext<M>) => void;
  /** Called once per series (all patches of one version). */
  readonly checkSeries?: (series: SeriesView, ctx: RuleContext<M>) => void;
}

/** Identity function that fixes the message-id type of a rule. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
