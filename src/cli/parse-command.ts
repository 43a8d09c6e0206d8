/** `kvet parse`: list what kvet reads from each input. */
import { ingestInputs } from './ingest.js';
import { messageJson, ParseJsonWriter } from '../report/parse-json.js';
import { formatInputSummary, formatParsedMessage } from '../report/parse-text.js';
import type { Io } from './main.js';

export async function runParse(inputs: readonly string[], opts: { format: 'text' | 'json' }, io: Io): Promise<number> {
  const json = opts.format === 'json' ? new ParseJsonWriter(io.stdout) : null;
  json?.open();
  const summaries = await ingestInputs(inputs, (patch, input) => {
    const m = messageJson(patch, input);
    if (json) json.message(m);
    else io.stdout(formatParsedMessage(m) + '\n');
  }, { stdin: io.stdin });
  if (json) json.close(summaries);
  else io.stdout(formatInputSummary(summaries) + '\n');
  for (const s of summaries.filter(x => x.failed)) {
    io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  }
  return summaries.some(s => s.failed) ? 2 : 0;
}
