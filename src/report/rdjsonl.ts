/**
 * `rdjsonl`: reviewdog's Diagnostic Format as JSON Lines, one `Diagnostic` per finding:
 * `{"message","location":{"path","range":{"start":{"line"}}},"severity":"ERROR|WARNING|INFO",
 *   "source":{"name":"kvet"},"code":{"value":RULE},"relatedLocations":[{"message","location"}]}`.
 *
 * kvet knows lines, not columns: positions carry no `column`, which reviewdog reads as the
 * whole line. A finding without a file line points at the input and its mail line. `fixed`
 * findings (gone in a later version) are not listed.
 */
import type { Finding, Location, Severity } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import { liveFindings, placeOf } from './where.js';

const SEVERITY: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', note: 'INFO' };

interface RdLocation {
  readonly path: string;
  readonly range?: { readonly start: { readonly line: number } };
}

export function formatRdjsonl(result: LintResult): string {
  return liveFindings(result).map(f => JSON.stringify(diagnostic(f)) + '\n').join('');
}

function diagnostic(f: Finding): Record<string, unknown> {
  const related = f.related.flatMap(r => {
    const loc = relatedLocation(r, f.input);
    return loc === null ? [] : [{ message: r.message, location: loc }];
  });
  return {
    message: f.message,
    location: rdLocation(placeOf(f)),
    severity: SEVERITY[f.severity],
    source: { name: 'kvet' },
    code: { value: f.ruleId },
    ...(related.length > 0 ? { relatedLocations: related } : {}),
  };
}

function rdLocation(at: { path: string; line: number | null }): RdLocation {
  return at.line === null ? { path: at.path } : { path: at.path, range: { start: { line: at.line } } };
}

function relatedLocation(r: Location, input: string): RdLocation | null {
  if (r.file !== null) return rdLocation({ path: r.file, line: r.line !== null && r.line >= 1 ? r.line : null });
  if (r.mailLine !== null && r.mailLine >= 1) return rdLocation({ path: input, line: r.mailLine });
  return null;
}
