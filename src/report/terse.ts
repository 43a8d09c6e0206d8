/**
 * `terse` / `compact`: one line per finding, `path:line:col: severity: message [rule]`, for
 * editors' error formats (Vim `%f:%l:%c: %t%*[^:]: %m`, Emacs compilation mode).
 *
 * The column is 1 (kvet reports lines). A finding without a file line points at the input
 * and its mail line. `fixed` findings (gone in a later version) are not listed.
 */
import type { LintResult } from '../engine/lint-result.js';
import { liveFindings, oneLine, placeOf } from './where.js';

export function formatTerse(result: LintResult): string {
  const out: string[] = [];
  for (const f of liveFindings(result)) {
    const at = placeOf(f);
    out.push(`${at.path}:${at.line ?? 1}:1: ${f.severity}: ${oneLine(f.message)} [${f.ruleId}]`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
