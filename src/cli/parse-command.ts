/** `kvet parse`: list what kvet reads from each input. */
import { ingestInputs } from './ingest.js';
import { messageJson, ParseJsonWriter } from '../report/parse-json.js';
import { formatInputSummary, formatParsedMessage } from '../report/parse-text.js';
import type { Io } from './main.js';
import { groupSeries } from '../patch/series.js';
import type { Patch, Series } from '../patch/types.js';

/** A patch without its text: enough for series grouping, small enough to keep for a whole archive. */
function slim(p: Patch): Patch {
  const m = p.message;
  const { diffstat: _d, notes: _n, ...rest } = p;
  return {
    ...rest, commitMessage: '', comments: [], quoted: [], trailers: [], problems: [],
    files: p.files.map(f => ({ ...f, hunks: [] })),
    message: { ...m, headers: [], attachments: [], problems: [], body: { text: '', mimeType: m.body.mimeType, filename: null, inline: true, startLine: null, partLine: m.body.partLine } },
  };
}

export interface SeriesJson {
  readonly version: number;
  readonly total: number;
  readonly subject: string;
  readonly cover: string | null;
  readonly patches: readonly (number | null)[];
  readonly missing: readonly number[];
}

function seriesJson(s: Series): SeriesJson {
  return {
    version: s.version, total: s.total, subject: s.subject, cover: s.cover?.message.messageId ?? null,
    patches: s.patches.map(p => p.message.subject.index), missing: s.missing,
  };
}

export async function runParse(inputs: readonly string[], opts: { format: 'text' | 'json' }, io: Io): Promise<number> {
  const json = opts.format === 'json' ? new ParseJsonWriter(io.stdout) : null;
  json?.open();
  const kept = new Map<string, Patch[]>();
  const summaries = await ingestInputs(inputs, (patch, input) => {
    // only what series grouping reads, copied so no slice of the mail text stays alive
    if (!patch.message.subject.isReply && (patch.kind !== 'other' || patch.message.subject.isPatch)) {
      const list = kept.get(input) ?? [];
      list.push(structuredClone(slim(patch)));
      kept.set(input, list);
    }
    const m = messageJson(patch, input);
    if (json) json.message(m);
    else io.stdout(formatParsedMessage(m) + '\n');
  }, { stdin: io.stdin });
  // Series: cover + patches by index; a missing patch or a second cover is an input problem.
  const series = new Map<string, SeriesJson[]>();
  for (const sum of summaries) {
    const groups = groupSeries(kept.get(sum.path) ?? []).filter(g => g.total > 1 || g.cover !== null);
    series.set(sum.path, groups.map(seriesJson));
    for (const g of groups) sum.errors.push(...g.problems);
  }
  if (json) json.close(summaries, series);
  else io.stdout(formatInputSummary(summaries, series) + '\n');
  for (const s of summaries.filter(x => x.failed)) {
    io.stderr(`kvet: ${s.failure ?? `${s.path}: unreadable`}\n`);
  }
  return summaries.some(s => s.failed) ? 2 : 0;
}
