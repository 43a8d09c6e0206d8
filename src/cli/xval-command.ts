/**
 * `kvet xval <inputs…> [--model dcd] [--model-version vN] [--format text|json]`: joins the
 * model's contracts with the C of each series and runs the model's scenarios for the version
 * the series implements. Exit 1 when a contract clause mismatches (against the implemented
 * version) or a rule finding is confirmed by the model; 2 on bad input; else 0. Differences
 * against the newest model only (spec drift of an older series) are notes.
 */
import { ingestInputs } from './ingest.js';
import { compareFindings, type Finding } from '../engine/finding.js';
import { formatText } from '../report/text.js';
import { formatHtml } from '../report/html.js';
import { formatSarif } from '../report/sarif.js';
import type { LintResult } from '../engine/lint-result.js';
import type { CounterexampleTrace } from '../report/reporter.js';
import { lintPatches } from '../engine/lint.js';
import { RULES } from '../../rules/index.js';
import type { Patch } from '../patch/types.js';
import type { IngestProblem } from '../mail/types.js';
import type { Io } from './main.js';
import { runXvalOnPatches, type SeriesXval, type XvalResult } from '../xval/run.js';
import type { ContractCheck } from '../xval/compare.js';
import { tally } from '../xval/compare.js';
import { stepOf } from '../xval/findings.js';
import { VERSION_NAMES, type Version } from '../model/specs/dcd/versions.js';

/** Options of `kvet xval`. */
export interface XvalCliOptions {
  readonly format: 'text' | 'json' | 'html' | 'sarif';
  readonly model?: string;
  readonly modelVersion?: string;
}

/** Runs `kvet xval` and returns the exit code. */
export async function runXval(inputs: readonly string[], opts: XvalCliOptions, io: Io): Promise<number> {
  if (opts.modelVersion !== undefined && !(VERSION_NAMES as readonly string[]).includes(opts.modelVersion)) {
    io.stderr(`kvet xval: --model-version must be one of ${VERSION_NAMES.join(', ')}, got ${opts.modelVersion}\n`);
    return 2;
  }
  if (opts.model !== undefined && opts.model !== 'dcd') {
    io.stderr(`kvet xval: unknown model ${opts.model} (known: dcd)\n`);
    return 2;
  }
  const patches: { patch: Patch; input: string }[] = [];
  const summaries = await ingestInputs(inputs, (patch, input) => { patches.push({ patch, input }); }, { stdin: io.stdin });
  const errors = summaries.flatMap(s => s.errors);
  let result: XvalResult;
  try {
    result = runXvalOnPatches(patches, { ...(opts.modelVersion ? { modelVersion: opts.modelVersion as Version } : {}) });
  } catch (err) {
    io.stderr(`kvet xval: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 2;
  }
  const findings = [...result.findings].sort(compareFindings);
  if (opts.format === 'html' || opts.format === 'sarif') {
    const page = xvalReport(result, patches, errors);
    io.stdout(opts.format === 'html' ? formatHtml(page.result, { toolVersion: '0.1.0', traces: page.traces }) : formatSarif(page.result, { toolVersion: '0.1.0', traces: page.traces }));
  }
  else io.stdout(opts.format === 'json' ? xvalJson(result, findings, errors) : xvalText(result, findings, errors));
  for (const s of summaries.filter(x => x.failed)) io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  if (summaries.some(s => s.failed)) return 2;
  return findings.some(f => f.severity !== 'note') ? 1 : 0;
}

/** Scenario runs of the series' model version whose violation is reached by the check's step (the trace's last). */
function scenariosOf(s: SeriesXval, c: ContractCheck): string[] {
  return s.scenarios.flatMap(x => x.violations.filter(v => stepOf(v.steps[v.steps.length - 1] ?? '') === c.action).map(v => `${x.id}:${v.invariant}`))
    .filter((v, i, a) => a.indexOf(v) === i);
}

function checkJson(c: ContractCheck, s?: SeriesXval): Record<string, unknown> {
  return {
    ...(s ? { scenarios: scenariosOf(s, c) } : {}),
    action: c.action, function: c.function, verdict: c.verdict, clause: c.clause, contract: c.contract,
    expected: c.expected, observed: c.observed, evidence: c.evidence,
    file: c.at?.file.path ?? null, line: c.line, patch: c.at?.patch.subject ?? null,
    model: { file: c.modelFile, line: c.modelLine },
  };
}

/** The lint JSON shape (findings + summary) plus `contracts` and `scenarios`. */
export function xvalJson(r: XvalResult, findings: readonly Finding[], errors: readonly IngestProblem[]): string {
  const one = r.series.length === 1 ? r.series[0] : undefined;
  const doc = {
    findings: findings.map(f => ({
      ruleId: f.ruleId, category: f.category, severity: f.severity, confidence: f.confidence, message: f.message,
      file: f.location.file, line: f.location.line, mailLine: f.location.mailLine, patchLine: f.location.patchLine,
      function: f.function, messageId: f.mailMessageId, patch: f.patch, input: f.input, check: f.messageId, source: f.source,
      related: f.related.map(x => ({ file: x.file, line: x.line, mailLine: x.mailLine, message: x.message })), fingerprint: f.fingerprint,
    })),
    summary: { patches: r.patches, functions: r.functions, findings: findings.length, errors: errors.length },
    errors,
    model: 'dcd',
    ...(one ? { modelVersion: one.modelVersion, seriesVersion: one.seriesVersion } : {}),
    contracts: r.series.flatMap(s => s.checks.map(c => ({ ...checkJson(c, s), modelVersion: s.modelVersion, input: s.input }))),
    reference: r.series.flatMap(s => (s.reference?.checks ?? []).map(c => ({ ...checkJson(c), modelVersion: s.reference?.version, input: s.input }))),
    scenarios: r.series.flatMap(s => s.scenarios.map(x => ({
      ...x, violations: x.violations.map(v => ({ invariant: v.invariant, steps: v.steps, replay: v.replay })), modelVersion: s.modelVersion,
    }))),
    series: r.series.map(s => ({ input: s.input, seriesVersion: s.seriesVersion, modelVersion: s.modelVersion, versionFrom: s.versionFrom,
      verdicts: tally(s.checks), reference: s.reference ? { version: s.reference.version, verdicts: tally(s.reference.checks) } : null })),
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

const MARK = { agree: 'agree   ', mismatch: 'MISMATCH', unseen: 'unseen  ' } as const;

function checkLine(c: ContractCheck, s?: SeriesXval): string {
  const where = c.at !== null && c.line !== null ? ` [${c.at.file.path}:${c.line}]` : '';
  const dyn = s === undefined ? [] : scenariosOf(s, c);
  const model = dyn.length > 0 ? `\n             model ${s?.modelVersion ?? ''}: ${dyn.slice(0, 4).join(', ')}${dyn.length > 4 ? ', …' : ''}` : '';
  return `  ${MARK[c.verdict]} ${c.action.padEnd(16)} ${(c.function ?? '-').padEnd(26)} ${c.contract}\n             ${c.evidence}${where}${model}\n`;
}

function seriesText(s: SeriesXval): string {
  const t = tally(s.checks);
  const out = [`${s.input}: series v${s.seriesVersion} → dcd model ${s.modelVersion} (${s.versionFrom === 'option' ? '--model-version' : 'from the subject'})`,
    `contracts checked: ${s.checks.length} (agree ${t.agree}, mismatch ${t.mismatch}, unseen ${t.unseen})`];
  const lines = [...s.checks].filter(c => c.verdict !== 'unseen').map(c => checkLine(c, s));
  const unseen = s.checks.filter(c => c.verdict === 'unseen').map(c => `${c.action}:${c.clause}`);
  let text = `${out.join('\n')}\n${lines.join('')}`;
  if (unseen.length > 0) text += `  unseen (not in the series): ${[...new Set(unseen)].join(', ')}\n`;
  if (s.reference) {
    const rt = tally(s.reference.checks);
    text += `against the newest model ${s.reference.version}: agree ${rt.agree}, mismatch ${rt.mismatch}, unseen ${rt.unseen}\n`;
    text += s.reference.checks.filter(c => c.verdict === 'mismatch').map(c => checkLine(c)).join('');
  }
  if (s.scenarios.length > 0) {
    const ok = s.scenarios.filter(x => x.status === 'as-expected').length;
    const known = s.scenarios.filter(x => x.status === 'known-disagreement').length;
    const differ = s.scenarios.filter(x => x.status === 'differs').length;
    text += `scenarios (model ${s.modelVersion}): ${s.scenarios.length} runs, ${ok} as the spec expects, ${known} known model/spec disagreements (manifest), ${differ} differing\n`;
    for (const x of s.scenarios) {
      if (x.found.length === 0 && x.status === 'as-expected') continue;
      text += `  ${x.id.padEnd(34)} ${x.status.padEnd(18)} violated: ${x.found.join(', ') || 'none'}; spec expects: ${x.expected.join(', ') || 'none'}\n`;
    }
  }
  return text;
}

/** Counterexamples drawn on the page: one per scenario and invariant, at most this many. */
const MAX_TRACES = 12;

/**
 * The series' lint findings and cross-validation findings as one lint result, with the model's
 * counterexamples for the version the series implements (html draws them as sequence diagrams,
 * sarif attaches them as code flows to the findings they confirm).
 */
export function xvalReport(r: XvalResult, patches: readonly { patch: Patch; input: string }[], errors: readonly IngestProblem[]): { result: LintResult; traces: CounterexampleTrace[] } {
  const lint = lintPatches(patches, errors, { all: false, rules: RULES });
  const seen = new Set(lint.findings.map(f => f.fingerprint));
  const findings = [...lint.findings, ...r.findings.filter(f => !seen.has(f.fingerprint))].sort(compareFindings);
  const traces: CounterexampleTrace[] = r.series.flatMap(s => s.scenarios.flatMap(x => x.violations.map(v => ({
    invariant: v.invariant, kind: v.kind, trace: v.trace, replay: v.replay, ...(v.detail !== undefined ? { detail: v.detail } : {}),
    title: `${x.id} on the ${s.modelVersion} model (${x.status}): ${v.invariant}`,
  })))).slice(0, MAX_TRACES);
  return { result: { ...lint, findings, summary: { ...lint.summary, findings: findings.length } }, traces };
}

/** Contracts per series, then the findings in the lint text format. */
export function xvalText(r: XvalResult, findings: readonly Finding[], errors: readonly IngestProblem[]): string {
  const head = r.series.length > 0 ? r.series.map(seriesText).join('\n') : 'no C functions in the inputs: nothing to cross-validate\n';
  const body = formatText({ findings, errors, summary: { patches: r.patches, functions: r.functions, findings: findings.length, errors: errors.length }, patches: [] });
  return `${head}\n${body}`;
}
