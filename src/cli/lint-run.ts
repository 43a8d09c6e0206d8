/**
 * The analysis half of `kvet lint`: read the inputs, group patches into series as they stream
 * in (src/engine/series-buffer.ts), lint each group, keep only findings and patch records, so
 * an archive never sits in memory.
 */
import { ingestInputs, type InputSummary } from './ingest.js';
import { lintPatches } from '../engine/lint.js';
import { SeriesBuffer } from '../engine/series-buffer.js';
import { compareFindings, type Finding } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import type { IngestProblem } from '../mail/types.js';
import { RULES } from '../../rules/index.js';
import type { Rule } from '../engine/define-rule.js';

export interface LintRunOptions {
  /** Report pre-existing findings too. */
  readonly all: boolean;
  /** Ids of the rules to run (the config decides); all rules when null. */
  readonly ruleIds: readonly string[] | null;
  /** Worker threads; 1 runs in this thread. */
  readonly jobs: number;
  /** Kernel tree the series is applied to (`--tree`), or null for hunk mode. */
  readonly tree: string | null;
  readonly stdin?: NodeJS.ReadableStream;
}

export interface LintRun {
  readonly result: LintResult;
  readonly inputs: readonly InputSummary[];
}

export function selectRules(ids: readonly string[] | null): readonly Rule[] {
  if (ids === null) return RULES;
  const wanted = new Set(ids);
  return RULES.filter(r => wanted.has(r.id));
}

/** Lints every input; never throws for bad input (failures are in `inputs`). */
export async function runLintInputs(inputs: readonly string[], opts: LintRunOptions): Promise<LintRun> {
  const rules = selectRules(opts.ruleIds);
  const findings: Finding[] = [];
  const problems: IngestProblem[] = [];
  const records: PatchRecord[] = [];
  let patches = 0;
  let functions = 0;
  const buffer = new SeriesBuffer(group => {
    const r = lintPatches(group, [], { all: opts.all, rules, ...(opts.tree !== null ? { tree: opts.tree } : {}) });
    findings.push(...r.findings);
    problems.push(...r.errors);
    records.push(...r.patches);
    patches += r.summary.patches;
    functions += r.summary.functions;
  });
  const summaries = await ingestInputs(inputs, (patch, input) => { buffer.add({ patch, input }); }, opts.stdin !== undefined ? { stdin: opts.stdin } : {});
  buffer.flush();
  const errors = [...summaries.flatMap(s => s.errors), ...problems];
  const sorted = findings.sort(compareFindings);
  return {
    result: { findings: sorted, errors, summary: { patches, functions, findings: sorted.length, errors: errors.length }, patches: records },
    inputs: summaries,
  };
}
