/**
 * Real lint results for reporter tests: the CLI runs in-process on a corpus input, and the
 * LintResult it hands to the reporters is captured (sorted, after the config's policy).
 */
import path from 'node:path';
import { vi } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import type { LintResult } from '../../src/engine/lint-result.js';
import { REPORTERS } from '../../src/report/index.js';
import { runCli } from '../helpers/run-cli.js';
import { CORPUS, SERIES } from '../helpers/paths.js';

export const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
export const DCD_V4 = path.join(SERIES, 'dcd-v4.mbox');
export const DCD_V3 = path.join(SERIES, 'dcd-v3.mbox');

const cache = new Map<string, LintResult>();

/** The LintResult `kvet lint ARGS` reports on. */
export async function lintResult(...args: string[]): Promise<LintResult> {
  const key = args.join('\u0000');
  const seen = cache.get(key);
  if (seen !== undefined) return seen;
  const spy = vi.spyOn(REPORTERS, 'json');
  try {
    await runCli(['lint', ...args, '--format', 'json']);
    const call = spy.mock.calls[0];
    if (call === undefined) throw new Error(`kvet lint ${args.join(' ')} reported nothing`);
    cache.set(key, call[0]);
    return call[0];
  } finally {
    spy.mockRestore();
  }
}

/** The same result with findings replaced (synthetic edge cases built from real findings). */
export function withFindings(result: LintResult, findings: readonly Finding[]): LintResult {
  return { ...result, findings, summary: { ...result.summary, findings: findings.length } };
}

/** A real finding of `result` with the first rule id given. */
export function findingOf(result: LintResult, ruleId: string): Finding {
  const f = result.findings.find(x => x.ruleId === ruleId);
  if (f === undefined) throw new Error(`no ${ruleId} finding`);
  return f;
}
