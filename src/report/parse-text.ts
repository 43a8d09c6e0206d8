/** Human-readable listing for `kvet parse`: one line per message, one per file. */
import type { MessageJson } from './parse-json.js';
import type { InputSummary } from '../cli/ingest.js';

/** Lines for one message (no trailing newline). */
export function formatParsedMessage(m: MessageJson): string {
  const where = `${m.input}:${m.line}`;
  const pos = m.index !== null ? ` ${m.index}/${m.total ?? '?'}` : '';
  const head = `${where}: ${m.kind} v${m.version}${pos}: ${m.subject || '(no subject)'}`;
  const files = m.files.map(f => `    ${f.path}  ${f.hunks} hunk${f.hunks === 1 ? '' : 's'}  +${f.added} -${f.removed}${f.damaged ? '  (damaged)' : ''}`);
  const quoted = m.quoted.map(f => `    > ${f.path}  ${f.hunks} quoted hunk${f.hunks === 1 ? '' : 's'}  +${f.added} -${f.removed}`);
  const comments = m.comments.length ? [`    ${m.comments.length} reviewer comment${m.comments.length === 1 ? '' : 's'} on quoted lines`] : [];
  return [head, ...files, ...quoted, ...comments].join('\n');
}

/** The closing summary: messages per input and every problem with where it is. */
export function formatInputSummary(
  inputs: readonly InputSummary[],
  series: ReadonlyMap<string, readonly { version: number; total: number; subject: string; patches: readonly (number | null)[]; missing: readonly number[] }[]> = new Map(),
): string {
  const lines: string[] = [];
  for (const i of inputs) {
    lines.push(`${i.path}: ${i.messages} message${i.messages === 1 ? '' : 's'}, ${i.errors.length} problem${i.errors.length === 1 ? '' : 's'}`);
    for (const s of series.get(i.path) ?? []) {
      lines.push(`  series v${s.version}, ${s.patches.length}/${s.total} patches${s.missing.length ? `, missing ${s.missing.join(', ')}` : ''}: ${s.subject}`);
    }
    for (const e of i.errors) lines.push(`  ${e.where}: ${e.message}`);
  }
  return lines.join('\n');
}
