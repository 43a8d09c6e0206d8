/**
 * The analysis half of `kvet lint`: read the inputs, group patches into series as they stream
 * in (src/engine/series-buffer.ts), lint each group, keep only findings and patch records, so
 * an archive never sits in memory.
 *
 * With `jobs` > 1 the groups are linted on worker threads (src/cli/lint-pool.ts) while this
 * thread goes on reading; reading pauses while the pool is full. Every group gets a sequence
 * number as it is released, and results are merged in that order, so the output is the same
 * byte for byte whatever `jobs` is.
 */
import { ingestInputs, type InputSummary } from './ingest.js';
import { lintPatches } from '../engine/lint.js';
import { SeriesBuffer, type Unit } from '../engine/series-buffer.js';
import { compareFindings, type Finding } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import type { IngestProblem } from '../mail/types.js';
import { RULES } from '../../rules/index.js';
import type { Rule } from '../engine/define-rule.js';
import { LintPool, type GroupSettings } from './lint-pool.js';

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
  /** Called as the run goes (often; throttling is the caller's). */
  readonly onProgress?: (p: LintProgress) => void;
  /**
   * URL of a module exporting `analyse(group, settings): LintResult` to use instead of
   * {@link lintGroup}, in this thread and in workers alike (tests inject faults with it).
   */
  readonly analyser?: string;
}

/** How far a run is: messages read, patches analysed, findings so far (before the config's policy). */
export interface LintProgress {
  readonly messages: number;
  readonly patches: number;
  readonly findings: number;
}

export interface LintRun {
  readonly result: LintResult;
  readonly inputs: readonly InputSummary[];
  /** Things the user should know that are not about an input (e.g. threads could not start). */
  readonly notes: readonly string[];
}

export function selectRules(ids: readonly string[] | null): readonly Rule[] {
  if (ids === null) return RULES;
  const wanted = new Set(ids);
  return RULES.filter(r => wanted.has(r.id));
}

let cachedRules: { readonly key: string; readonly rules: readonly Rule[] } | null = null;

/**
 * Lints one series group as `kvet lint` does, in whichever thread calls it: the one call of
 * `lintPatches`, so whatever reaches it here reaches the workers too (they get `settings`).
 */
export function lintGroup(group: readonly Unit[], settings: GroupSettings): LintResult {
  const key = settings.ruleIds === null ? '\u0000all' : settings.ruleIds.join(',');
  if (cachedRules?.key !== key) cachedRules = { key, rules: selectRules(settings.ruleIds) };
  return lintPatches(group, [], { all: settings.all, rules: cachedRules.rules, ...(settings.tree !== null ? { tree: settings.tree } : {}) });
}

/**
 * The result of a group whose analysis failed: no findings, one problem naming the input,
 * the mail line and the subject of its first patch, and why.
 */
export function groupFailure(group: readonly Unit[], reason: string, err?: unknown): LintResult {
  const first = group[0];
  const subject = first?.patch.message.subject.raw ?? '';
  const more = group.length > 1 ? ` and the ${group.length - 1} other mails of its series` : '';
  const why = err === undefined ? reason : `${reason}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  const problem: IngestProblem = {
    message: `could not analyse "${subject}"${more}: ${why}`,
    where: first === undefined ? '' : `${first.input}:${first.patch.message.ref.startLine}`,
  };
  return { findings: [], errors: [problem], summary: { patches: 0, functions: 0, findings: 0, errors: 1 }, patches: [] };
}

/** Lints every input; never throws for bad input (failures are in `inputs`). */
export async function runLintInputs(inputs: readonly string[], opts: LintRunOptions): Promise<LintRun> {
  const settings: GroupSettings = { all: opts.all, ruleIds: opts.ruleIds, tree: opts.tree };
  const analyse = opts.analyser === undefined
    ? lintGroup
    : ((await import(opts.analyser)) as { analyse: typeof lintGroup }).analyse;
  const inline = (group: readonly Unit[]): LintResult => {
    try {
      return analyse(group, settings);
    } catch (err) {
      return groupFailure(group, 'internal error', err);
    }
  };
  const results: (LintResult | undefined)[] = [];
  let messages = 0;
  let patches = 0;
  let findings = 0;
  const progress = (): void => { opts.onProgress?.({ messages, patches, findings }); };
  const keep = (seq: number, r: LintResult): void => {
    results[seq] = r;
    patches += r.summary.patches;
    findings += r.findings.length;
    progress();
  };
  const ready: Unit[][] = [];
  const buffer = new SeriesBuffer(group => { ready.push([...group]); });
  let seq = 0;
  const stdin = opts.stdin !== undefined ? { stdin: opts.stdin } : {};
  let summaries: InputSummary[];
  const notes: string[] = [];
  if (opts.jobs <= 1) {
    const drain = (): void => {
      for (let g = ready.shift(); g !== undefined; g = ready.shift()) keep(seq++, inline(g));
    };
    summaries = await ingestInputs(inputs, (patch, input) => {
      messages++;
      buffer.add({ patch, input });
      drain();
      progress();
    }, stdin);
    buffer.flush();
    drain();
  } else {
    const pool = new LintPool({
      size: opts.jobs, settings, onResult: keep, fallback: inline,
      failure: (group, reason) => groupFailure(group, reason),
      ...(opts.analyser !== undefined ? { analyser: opts.analyser } : {}),
    });
    try {
      const drain = async (): Promise<void> => {
        for (let g = ready.shift(); g !== undefined; g = ready.shift()) await pool.submit(seq++, g);
      };
      summaries = await ingestInputs(inputs, async (patch, input) => {
        messages++;
        buffer.add({ patch, input });
        await drain();
        progress();
      }, stdin);
      buffer.flush();
      await drain();
      await pool.close();
    } finally {
      await pool.terminate();
    }
    notes.push(...pool.notes);
  }
  return { result: merge(summaries, results), inputs: summaries, notes };
}

/** Input problems first, then each group's problems, records and findings in group order; findings sorted. */
function merge(summaries: readonly InputSummary[], results: readonly (LintResult | undefined)[]): LintResult {
  const findings: Finding[] = [];
  const problems: IngestProblem[] = [];
  const records: PatchRecord[] = [];
  let patches = 0;
  let functions = 0;
  for (const r of results) {
    if (r === undefined) continue;
    findings.push(...r.findings);
    problems.push(...r.errors);
    records.push(...r.patches);
    patches += r.summary.patches;
    functions += r.summary.functions;
  }
  const errors = [...summaries.flatMap(s => s.errors), ...problems];
  const sorted = findings.sort(compareFindings);
  return { findings: sorted, errors, summary: { patches, functions, findings: sorted.length, errors: errors.length }, patches: records };
}
