/** `kvet lint`: read the inputs, analyse every patch, report findings. */
import { ingestInputs } from './ingest.js';
import { lintPatches } from '../engine/lint.js';
import { RULES } from '../../rules/index.js';
import { formatLintJson } from '../report/lint-json.js';
import { formatLintText } from '../report/lint-text.js';
import type { Patch } from '../patch/types.js';
import type { Io } from './main.js';

export async function runLint(inputs: readonly string[], opts: { format: 'text' | 'json'; all: boolean }, io: Io): Promise<number> {
  const patches: { patch: Patch; input: string }[] = [];
  const summaries = await ingestInputs(inputs, (patch, input) => { patches.push({ patch, input }); }, { stdin: io.stdin });
  const result = lintPatches(patches, summaries.flatMap(s => s.errors), { all: opts.all, rules: RULES });
  io.stdout(opts.format === 'json' ? formatLintJson(result) : formatLintText(result));
  for (const s of summaries.filter(x => x.failed)) {
    io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  }
  if (summaries.some(s => s.failed)) return 2;
  return result.findings.some(f => f.severity !== 'note') ? 1 : 0;
}
