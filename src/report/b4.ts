/**
 * `b4`: the output contract of b4's per-patch check command (`b4 prep --check` runs
 * `b4.prep-perpatch-check-cmd`, `b4 am --check` runs `b4.am-perpatch-check-cmd`):
 *
 *     [b4]
 *         prep-perpatch-check-cmd = kvet lint --format b4 -
 *
 * b4 pipes one patch mail to the command's stdin and reads back (b4's
 * `LoreMessage.run_local_check`):
 * - every stdout line is one report, shown as `kvet: LINE`; a line containing `ERROR:` marks
 *   the patch failed, any other line a warning; a leading `-:` is dropped;
 * - every stderr line marks the patch failed;
 * - no output at all is success when the exit code is 0, else a failure
 *   ("Exited with error code N"); with output, the exit code is not read.
 *
 * So: one line per finding, `PATH:LINE: LEVEL:RULE: message` as `checkpatch.pl --terse
 * --show-types --showfile` writes it, `ERROR` for errors, `WARNING` for warnings, `CHECK` (what
 * checkpatch calls its `--strict` notes) for notes. `ERROR:` never appears in a warning or note
 * line, so b4 cannot mistake one for a failure. Nothing at all for a clean patch (and kvet exits
 * 0), so b4 says "passed all checks". A finding without a file line points at the input and its
 * mail line — `-:N:` for stdin, as checkpatch writes it and b4 strips. `fixed` findings (gone in
 * a later version) are not listed.
 */
import type { Severity } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import { liveFindings, oneLine, placeOf } from './where.js';

const LEVEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', note: 'CHECK' };

export function formatB4(result: LintResult): string {
  const out: string[] = [];
  for (const f of liveFindings(result)) {
    const at = placeOf(f);
    const where = at.line === null ? `${at.path}:` : `${at.path}:${at.line}:`;
    const message = f.severity === 'error' ? oneLine(f.message) : oneLine(f.message).replace(/ERROR:/g, 'ERROR :');
    out.push(`${where} ${LEVEL[f.severity]}:${f.ruleId}: ${message}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
