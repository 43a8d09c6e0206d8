/**
 * checkpatch-like text: `LEVEL:RULE: message`, then `#mailline: FILE: path:line:` and the
 * evidence, then a `total:` line.
 */
import type { LintResult } from '../engine/lint-result.js';

const LEVEL = { error: 'ERROR', warning: 'WARNING', note: 'NOTE' } as const;

export function formatLintText(result: LintResult): string {
  const out: string[] = [];
  for (const f of result.findings) {
    out.push(`${LEVEL[f.severity]}:${f.ruleId}: ${f.message}`);
    const at = f.location.file ? `FILE: ${f.location.file}${f.location.line !== null ? `:${f.location.line}` : ''}:` : '';
    const mail = f.location.mailLine !== null ? `#${f.location.mailLine}: ` : '';
    if (at || mail) out.push(`${mail}${at}${f.function ? ` in ${f.function}()` : ''}`);
    if (f.patch) out.push(`  patch: ${f.patch}`);
    for (const r of f.related) {
      out.push(`  ${r.file ?? ''}${r.line !== null ? `:${r.line}` : ''}: ${r.message}`);
    }
    out.push('');
  }
  for (const e of result.errors) out.push(`${e.where}: ${e.message}`);
  const s = result.summary;
  const count = (sev: string) => result.findings.filter(f => f.severity === sev).length;
  out.push(`total: ${count('error')} errors, ${count('warning')} warnings, ${count('note')} notes, ${s.patches} patches, ${s.functions} functions checked, ${s.errors} input problems`);
  return out.join('\n') + '\n';
}
