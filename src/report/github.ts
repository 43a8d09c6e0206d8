/**
 * `github`: GitHub Actions workflow commands, one annotation per finding:
 * `::error file=F,line=L,endLine=L,title=kvet RULE::message` (warning → `::warning`,
 * note → `::notice`).
 *
 * Escaping is GitHub's (actions/toolkit `command.ts`): in the message `%` → `%25`, CR → `%0D`,
 * LF → `%0A`; in property values also `:` → `%3A` and `,` → `%2C`.
 *
 * GitHub shows at most 10 annotations of each level per step. The first 10 findings of each
 * level are annotated; when some are left over, one last `::notice::` line counts them and
 * names their rules, and notices are then cut at 9 so that this line is itself shown.
 * `fixed` findings (gone in a later version) are not annotated.
 */
import type { Finding, Severity } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import { liveFindings, placeOf } from './where.js';

export const GITHUB_ANNOTATION_LIMIT = 10;

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };
const NOUN: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], note: ['note', 'notes'] };
const LEVELS: readonly Severity[] = ['error', 'warning', 'note'];

export function formatGithub(result: LintResult): string {
  const live = liveFindings(result);
  const by = (s: Severity) => live.filter(f => f.severity === s);
  const overflow = LEVELS.some(s => by(s).length > GITHUB_ANNOTATION_LIMIT);
  const cap = (s: Severity) => (overflow && s === 'note' ? GITHUB_ANNOTATION_LIMIT - 1 : GITHUB_ANNOTATION_LIMIT);
  const shown = new Set<Finding>();
  for (const s of LEVELS) for (const f of by(s).slice(0, cap(s))) shown.add(f);
  const out: string[] = [];
  for (const f of live) if (shown.has(f)) out.push(annotation(f));
  const rest = live.filter(f => !shown.has(f));
  if (rest.length > 0) {
    const counts = LEVELS.map(s => [s, rest.filter(f => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${NOUN[s][n === 1 ? 0 : 1]}`);
    const rules = [...new Set(rest.map(f => f.ruleId))].join(', ');
    out.push(`::notice title=${escapeProperty('kvet')}::${escapeData(`${counts.join(', ')} more not annotated (GitHub shows ${GITHUB_ANNOTATION_LIMIT} per level): ${rules}. See the full kvet report.`)}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function annotation(f: Finding): string {
  const at = placeOf(f);
  const props = [`file=${escapeProperty(at.path)}`];
  if (at.line !== null) props.push(`line=${at.line}`, `endLine=${at.line}`);
  props.push(`title=${escapeProperty(`kvet ${f.ruleId}`)}`);
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
}

/** The message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
