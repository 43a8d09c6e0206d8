/**
 * `kvet lint`: read the inputs, analyse every patch, report findings. Patches are analysed
 * series by series as they stream in (src/engine/series-buffer.ts), so an archive never sits
 * in memory; only the findings are kept.
 */
import { ingestInputs } from './ingest.js';
import { lintPatches } from '../engine/lint.js';
import { SeriesBuffer } from '../engine/series-buffer.js';
import { compareFindings, type Finding } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import type { IngestProblem } from '../mail/types.js';
import { RULES } from '../../rules/index.js';
import { formatLintJson } from '../report/lint-json.js';
import { formatLintText } from '../report/lint-text.js';
import type { Io } from './main.js';

export async function runLint(inputs: readonly string[], opts: { format: 'text' | 'json'; all: boolean }, io: Io): Promise<number> {
  const findings: Finding[] = [];
  const problems: IngestProblem[] = [];
  let patches = 0;
  let functions = 0;
  const buffer = new SeriesBuffer(group => {
    const r = lintPatches(group, [], { all: opts.all, rules: RULES });
    findings.push(...r.findings);
    problems.push(...r.errors);
    patches += r.summary.patches;
    functions += r.summary.functions;
  });
  const summaries = await ingestInputs(inputs, (patch, input) => { buffer.add({ patch, input }); }, { stdin: io.stdin });
  buffer.flush();
  const errors = [...summaries.flatMap(s => s.errors), ...problems];
  const sorted = findings.sort(compareFindings);
  const result: LintResult = { findings: sorted, errors, summary: { patches, functions, findings: sorted.length, errors: errors.length } };
  io.stdout(opts.format === 'json' ? formatLintJson(result) : formatLintText(result));
  for (const s of summaries.filter(x => x.failed)) {
    io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  }
  if (summaries.some(s => s.failed)) return 2;
  return result.findings.some(f => f.severity !== 'note') ? 1 : 0;
}
