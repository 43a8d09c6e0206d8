/**
 * The contract of b4's per-patch check command, on the real built CLI as b4 runs it:
 * `kvet lint --format b4 -` with one patch mail on stdin, stdout and stderr piped.
 *
 * b4 (`LoreMessage.run_local_check`) classifies the output so: a stdout line containing
 * `ERROR:` fails the patch, any other stdout line warns; any stderr line fails; no output at
 * all passes when the exit code is 0 and fails otherwise. `b4Verdict` below is that reading.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../helpers/paths.js';
import { DEMO } from './helpers.js';

const KVET = path.join(ROOT, 'bin', 'kvet');
const CLEAN = path.join(CORPUS, 'patches', 'clean-widget.patch');
const FAILING = path.join(CORPUS, 'patches', 'gadget-probe-unwind.patch');

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs the check command the way b4 does: the mail on stdin, both streams captured (not a terminal). */
function check(mail: string): Run {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(KVET, ['lint', '--format', 'b4', '-'], { input: mail, encoding: 'utf8', env, cwd: ROOT, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What b4 makes of a check run: the worst flag over its report lines. */
function b4Verdict(r: Run): 'success' | 'warning' | 'fail' {
  const out = r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n');
  const err = r.stderr.trim() === '' ? [] : r.stderr.trim().split('\n');
  if (out.length === 0 && err.length === 0) return r.code === 0 ? 'success' : 'fail';
  const flags = [...out.map(l => (l.includes('ERROR:') ? 'fail' : 'warning')), ...err.map(() => 'fail')];
  return flags.includes('fail') ? 'fail' : 'warning';
}

/** The mail as b4 pipes it: headers and body, no mbox `From ` line. */
function asB4Sends(patchFile: string): string {
  return readFileSync(patchFile, 'utf8').replace(/^From [0-9a-f]{40} .*\n/, '');
}

/** One message of an mbox (1-based). */
function mboxMessage(file: string, n: number): string {
  const parts = readFileSync(file, 'utf8').split(/^(?=From \S+ )/m);
  return parts[n - 1] ?? '';
}

describe('b4 per-patch check contract (kvet lint --format b4 -)', () => {
  it('a clean patch: nothing on stdout or stderr, exit 0 — b4 says "passed all checks"', () => {
    for (const mail of [readFileSync(CLEAN, 'utf8'), asB4Sends(CLEAN)]) {
      const r = check(mail);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(b4Verdict(r)).toBe('success');
    }
  });

  it('a patch with an error: one ERROR: line per finding, nothing on stderr — b4 fails the patch', () => {
    const expected = 'drivers/misc/gadget/core.c:29: ERROR:goto-skips-unwind: The error path through goto err_free at line 29 skips undoing ida_alloc() from line 18: rc stays acquired at the return on line 38, while other error paths release it with ida_free().\n';
    for (const mail of [readFileSync(FAILING, 'utf8'), asB4Sends(FAILING)]) {
      const r = check(mail);
      expect(r).toEqual({ code: 1, stdout: expected, stderr: '' });
      expect(b4Verdict(r)).toBe('fail');
    }
  });

  it('a patch with warnings only: WARNING: lines, which b4 shows as warnings, not failures', () => {
    const r = check(mboxMessage(DEMO, 2)); // [PATCH v2 1/3] of the demo series
    expect(r).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'drivers/misc/widget/core.c:45: WARNING:kernel-doc-params: The kernel-doc comment of widget_add_region() does not describe parameter len; add @len:.',
        'drivers/misc/widget/core.c:64: WARNING:patch-spelling: Misspelled word "seperately" in a comment, probably "separately".',
        'drivers/misc/widget/core.c:65: WARNING:drvdata-published-early: Driver data wr is published by dev_set_drvdata() at line 65 before devm_add_action_or_reset() at line 66 can still fail the function; publish it after the last step that can fail.',
        '',
      ].join('\n'),
    });
    expect(b4Verdict(r)).toBe('warning');
  });

  it('input kvet cannot use: one line on stderr and exit 2 — b4 fails the patch', () => {
    const r = check('');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('kvet: -: no mail, patch or web-archive page found\n');
    expect(b4Verdict(r)).toBe('fail');
  });
});
