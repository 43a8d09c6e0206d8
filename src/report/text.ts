/**
 * checkpatch-like text: `LEVEL:RULE: message`, then `#mailline: FILE: path:line:` and the
 * diff line itself, the evidence path, and a `total:` line.
 */
import type { Finding } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import type { ReportOptions } from './reporter.js';
import { SourceIndex } from './source-lines.js';

const LEVEL = { error: 'ERROR', warning: 'WARNING', note: 'NOTE' } as const;
const COLOUR = { error: '\u001b[31m', warning: '\u001b[33m', note: '\u001b[36m' } as const;
const RESET = '\u001b[0m';

export function formatText(result: LintResult, opts: Pick<ReportOptions, 'color'> = { color: false }): string {
  const out: string[] = [];
  const index = new SourceIndex(result);
  for (const f of result.findings) {
    const level = opts.color ? `${COLOUR[f.severity]}${LEVEL[f.severity]}${RESET}` : LEVEL[f.severity];
    out.push(`${statusTag(f)}${level}:${f.ruleId}: ${f.message}`);
    const at = f.location.file !== null ? `FILE: ${f.location.file}${f.location.line !== null ? `:${f.location.line}` : ''}:` : '';
    const mail = f.location.mailLine !== null ? `#${f.location.mailLine}: ` : '';
    if (at !== '' || mail !== '') out.push(`${mail}${at}${f.function !== null ? ` in ${f.function}()` : ''}`);
    const src = index.lineAt(f);
    if (src !== null) out.push(`${src.line.kind}${src.line.text}`);
    if (f.patch !== null) out.push(`  patch: ${f.patch}`);
    for (const r of f.related) {
      out.push(`  ${r.file ?? ''}${r.line !== null ? `:${r.line}` : ''}: ${r.message}`);
    }
    out.push('');
  }
  for (const e of result.errors) out.push(`${e.where}: ${e.message}`);
  const s = result.summary;
  const live = result.findings.filter(f => f.status !== 'fixed');
  const count = (sev: string) => live.filter(f => f.severity === sev).length;
  const fixed = result.findings.length - live.length;
  out.push(`total: ${count('error')} errors, ${count('warning')} warnings, ${count('note')} notes${fixed > 0 ? `, ${fixed} fixed in a later version` : ''}, ${s.patches} patches, ${s.functions} functions checked, ${s.errors} input problems`);
  return out.join('\n') + '\n';
}

function statusTag(f: Finding): string {
  return f.status === undefined ? '' : `[${f.status}] `;
}
