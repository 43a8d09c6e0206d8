/**
 * Where a one-line reporter (terse, github, rdjsonl, b4) points a finding: the post-image
 * file and line when both are known, else the input (mail, mbox, page) and its mail line.
 */
import type { Finding } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';

export interface Place {
  readonly path: string;
  /** 1-based; null when neither a file line nor a mail line is known. */
  readonly line: number | null;
  /** True when `path` is a file of the patch (repo-relative), false for the input. */
  readonly inFile: boolean;
}

export function placeOf(f: Finding): Place {
  const { file, line, mailLine } = f.location;
  if (file !== null && line !== null && line >= 1) return { path: file, line, inFile: true };
  return { path: f.input, line: mailLine !== null && mailLine >= 1 ? mailLine : null, inFile: false };
}

/** The findings still present: a `fixed` one was reported on a version a later version superseded. */
export function liveFindings(result: LintResult): Finding[] {
  return result.findings.filter(f => f.status !== 'fixed');
}

/** Messages are one line by contract; a reporter whose format is line-based makes sure. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
