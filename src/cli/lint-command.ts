/**
 * `kvet lint`: policy (config, preset, flags) → analysis (src/cli/lint-run.ts) → version labels
 * → reporters, each to stdout or its own file (`--format NAME=FILE`, repeatable).
 *
 * Exit codes: 2 an input, config or output could not be used; 1 findings fail the run (an error,
 * or warnings — more than `--max-warnings` when given); 0 otherwise, and always 0 for findings
 * with `--no-exit-code` or the advisory preset.
 */
import { statSync, writeFileSync } from 'node:fs';
import { RULES } from '../../rules/index.js';
import { compareFindings } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import { labelVersions } from '../engine/versions.js';
import { ConfigError, applyPolicy, findConfig, loadConfig, makePolicy, type KvetConfig } from '../config/config.js';
import { isPresetName, PRESETS } from '../config/presets.js';
import { REPORTERS, isReporterName, type ReporterName } from '../report/index.js';
import type { ReportOptions } from '../report/reporter.js';
import { runLintInputs, type LintProgress } from './lint-run.js';
import { ProgressLine } from './progress.js';
import { parseJobs } from './jobs.js';
import type { Io } from './main.js';

export interface LintCommandOptions {
  /** `NAME` or `NAME=FILE`, in the order given. */
  readonly format: readonly string[];
  readonly all: boolean;
  /** A config path, false for `--no-config`, undefined to search. */
  readonly config: string | boolean | undefined;
  readonly preset?: string;
  readonly quiet: boolean;
  readonly maxWarnings?: string;
  readonly exitCode: boolean;
  readonly color: 'auto' | 'always' | 'never';
  readonly jobs: string;
  readonly tree?: string;
  readonly targetUrl?: string;
  readonly context?: string;
  /** Where to look for `.kvet.json` (the working directory). */
  readonly cwd?: string;
  /** Whether stdout is a terminal (colour and progress). */
  readonly isTTY?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

interface Output {
  readonly name: ReporterName;
  readonly file: string | null;
}

export async function runLint(inputs: readonly string[], opts: LintCommandOptions, io: Io): Promise<number> {
  const usage = (msg: string): number => { io.stderr(`kvet: ${msg}\n`); return 2; };
  const outputs: Output[] = [];
  for (const spec of opts.format.length > 0 ? opts.format : ['text']) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? null : spec.slice(eq + 1);
    if (!isReporterName(name)) return usage(`unknown format '${name}' (known: ${Object.keys(REPORTERS).join(', ')})`);
    if (file === '') return usage(`--format ${name}=: no file named`);
    outputs.push({ name, file });
  }
  if (outputs.filter(o => o.file === null).length > 1) return usage('only one --format may write to stdout; give the others a file (NAME=FILE)');
  if (opts.preset !== undefined && !isPresetName(opts.preset)) return usage(`unknown preset '${opts.preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  let maxWarnings: number | undefined;
  if (opts.maxWarnings !== undefined) {
    if (!/^\d+$/.test(opts.maxWarnings)) return usage(`--max-warnings ${opts.maxWarnings}: not a non-negative integer`);
    maxWarnings = Number(opts.maxWarnings);
  }
  const jobs = parseJobs(opts.jobs);
  if (typeof jobs === 'string') return usage(jobs);
  if (opts.tree !== undefined) {
    const problem = treeProblem(opts.tree);
    if (problem !== null) return usage(`--tree ${opts.tree}: ${problem}`);
  }

  const ids = RULES.map(r => r.id);
  let cfg: KvetConfig = {};
  try {
    const path = opts.config === false ? null : typeof opts.config === 'string' ? opts.config : findConfig(opts.cwd ?? process.cwd());
    if (path !== null) cfg = loadConfig(path, ids);
  } catch (err) {
    if (err instanceof ConfigError) return usage(err.message);
    throw err;
  }
  const policy = makePolicy(cfg, { ...(opts.preset !== undefined && isPresetName(opts.preset) ? { preset: opts.preset } : {}), ...(maxWarnings !== undefined ? { maxWarnings } : {}) }, ids);

  const progress = io.stderrIsTTY === true ? new ProgressLine(io.stderr) : null;
  const run = await runLintInputs(inputs, {
    all: opts.all, ruleIds: policy.ruleIds, jobs, tree: opts.tree ?? null,
    ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    ...(progress !== null ? { onProgress: (p: LintProgress) => { progress.update(p); } } : {}),
  });
  progress?.clear();
  for (const note of run.notes) io.stderr(`kvet: ${note}\n`);
  let result: LintResult = run.result;
  const kept = applyPolicy(result.findings, policy).filter(f => !opts.quiet || f.severity === 'error');
  result = labelVersions({ ...result, findings: kept, summary: { ...result.summary, findings: kept.length } });
  result = { ...result, findings: [...result.findings].sort(compareFindings) };

  const env = opts.env ?? process.env;
  const reportOpts: ReportOptions = {
    color: useColour(opts.color, env, opts.isTTY ?? false),
    targetUrl: opts.targetUrl ?? null,
    context: opts.context ?? 'kvet',
    toolVersion: '0.1.0',
  };
  let failedOutput = false;
  for (const o of outputs) {
    const text = REPORTERS[o.name](result, o.file === null ? reportOpts : { ...reportOpts, color: false });
    if (o.file === null) {
      io.stdout(text);
      continue;
    }
    try {
      writeFileSync(o.file, text);
    } catch (err) {
      io.stderr(`kvet: ${o.file}: cannot write the ${o.name} report (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`);
      failedOutput = true;
    }
  }
  for (const s of run.inputs.filter(x => x.failed)) io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  if (failedOutput || run.inputs.some(s => s.failed)) return 2;
  if (!opts.exitCode || policy.advisory) return 0;
  const live = result.findings.filter(f => f.status !== 'fixed');
  const errors = live.filter(f => f.severity === 'error').length;
  const warnings = live.filter(f => f.severity === 'warning').length;
  if (errors > 0) return 1;
  if (policy.maxWarnings !== null) return warnings > policy.maxWarnings ? 1 : 0;
  return warnings > 0 ? 1 : 0;
}

/** Why a `--tree` argument cannot be a kernel tree, or null. */
function treeProblem(dir: string): string | null {
  try {
    if (!statSync(dir).isDirectory()) return 'not a directory';
  } catch (err) {
    return `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return null;
}

/** `--color`, then NO_COLOR / FORCE_COLOR (https://no-color.org, force-color.org), then the terminal. */
export function useColour(flag: 'auto' | 'always' | 'never', env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === 'always') return true;
  if (flag === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
