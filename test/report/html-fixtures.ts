/** Lint results and model traces the html reporter tests render: real ones, and a hostile one. */
import path from 'node:path';
import { runLintInputs } from '../../src/cli/lint-run.js';
import type { Finding } from '../../src/engine/finding.js';
import type { LintResult } from '../../src/engine/lint-result.js';
import { runId } from '../../src/model/dcd-scenario.js';
import { checkRun } from '../../src/model/dcd-verdict.js';
import { findScenario } from '../../src/model/registry.js';
import type { CounterexampleTrace } from '../../src/report/reporter.js';
import { CORPUS, SERIES } from '../helpers/paths.js';

export const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
export const DCD_V4 = path.join(SERIES, 'dcd-v4.mbox');

export async function lint(input: string): Promise<LintResult> {
  return (await runLintInputs([input], { all: false, ruleIds: null, jobs: 1, tree: null })).result;
}

/** The counterexamples the model finds for a scenario run (`S19/v4`: the v4 devres self-deadlock). */
export function modelTraces(id: string, run?: string): CounterexampleTrace[] {
  const sc = findScenario(id);
  const r = sc.runs.find(x => run === undefined || runId(x) === run);
  if (r === undefined) throw new Error(`no run ${run ?? ''} in ${id}`);
  const v = checkRun(sc, r, undefined);
  return (v.check?.violations ?? []).map(x => ({ ...x, title: `${id}/${runId(r)}` }));
}

/** Text a hostile mail could carry: markup, a closing tag, both quotes, an entity-looking `&`. */
export const HOSTILE = `<script>window.__pwned = 1</script></pre></td></table>"'&amp; <img src=x onerror="window.__pwned = 2"> & <b>bold</b>`;

/** The demo result with mail-borne text (subject, author, messages, code, evidence, trace) made hostile. */
export function hostile(result: LintResult, traces: readonly CounterexampleTrace[]): { result: LintResult; traces: CounterexampleTrace[] } {
  const findings: Finding[] = result.findings.map(f => ({
    ...f, message: `${f.message} ${HOSTILE}`, patch: `${f.patch ?? ''} ${HOSTILE}`,
    related: f.related.map(r => ({ ...r, message: `${r.message} ${HOSTILE}` })),
  }));
  const patches = result.patches.map(p => ({
    ...p, subject: `${p.subject} ${HOSTILE}`, from: `${HOSTILE} <evil@example.org>`,
    files: p.files.map(file => ({ ...file, hunks: file.hunks.map(h => ({ ...h, section: HOSTILE, lines: h.lines.map(l => ({ ...l, text: `${l.text} /* ${HOSTILE} */` })) })) })),
  }));
  const evilTraces = traces.map(t => ({ ...t, title: HOSTILE, trace: t.trace.map(s => ({ ...s, action: `${s.action} ${HOSTILE}` })) }));
  return { result: { ...result, findings, patches }, traces: evilTraces };
}
