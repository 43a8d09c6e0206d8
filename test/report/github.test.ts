import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { runCli } from '../helpers/run-cli.js';
import { DCD_V4, DEMO, findingOf, lintResult, withFindings } from './helpers.js';

/** Undo GitHub's escaping, the way the runner reads a workflow command. */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (m === null) throw new Error(`not a workflow command: ${line}`);
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(x => x !== '')) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq)] = unProp(kv.slice(eq + 1));
  }
  return { command: m[1] as string, props, data: unData(m[3] as string) };
}

describe('github reporter', () => {
  it('annotates every finding of the demo with file, line and title', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toBe('::error file=drivers/misc/widget/core.c,line=92,endLine=92,title=kvet goto-skips-unwind::The error path through goto err_free at line 92 skips undoing ida_alloc() from line 84: rc stays acquired at the return on line 110, while other error paths release it with ida_free().');
    expect(lines[0]).toBe('::warning file=drivers/misc/widget/core.c,line=45,endLine=45,title=kvet kernel-doc-params::The kernel-doc comment of widget_add_region() does not describe parameter len; add @len:.');
  });

  it('uses ::notice for notes (dcd-v4)', async () => {
    const r = await runCli(['lint', DCD_V4, '--format', 'github']);
    const cmds = r.stdout.trimEnd().split('\n').map(parseCommand);
    expect(cmds.map(c => c.command)).toEqual((await lintResult(DCD_V4)).findings.map(f => ({ error: 'error', warning: 'warning', note: 'notice' })[f.severity]));
    expect(cmds.find(c => c.command === 'notice')?.props).toEqual({ file: 'drivers/cxl/cxlmem.h', line: '758', endLine: '758', title: 'kvet decl-unused' });
  });

  it('escapes a hostile message and file name so the runner reads them back exactly', async () => {
    const result = await lintResult(DEMO);
    const f = findingOf(result, 'lock-not-held');
    const message = 'Bad: 100% sure,\r\nline two ::error file=x::injected, %0A stays.';
    const file = 'drivers/a,b:c%d.c';
    const hostile: Finding = { ...f, message, location: { ...f.location, file } };
    const line = formatGithub(withFindings(result, [hostile]));
    expect(line.split('\n')).toHaveLength(2); // one command and the final newline
    expect(line).toBe('::error file=drivers/a%2Cb%3Ac%25d.c,line=125,endLine=125,title=kvet lock-not-held::Bad: 100%25 sure,%0D%0Aline two ::error file=x::injected, %250A stays.\n');
    const cmd = parseCommand(line.trimEnd());
    expect(cmd).toEqual({ command: 'error', props: { file, line: '125', endLine: '125', title: 'kvet lock-not-held' }, data: message });
    expect(escapeData('a%b\rc\nd')).toBe('a%25b%0Dc%0Ad');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('caps each level at 10 and names the rest in one notice that is itself shown', async () => {
    const result = await lintResult(DEMO);
    const err = findingOf(result, 'goto-skips-unwind');
    const warn = findingOf(result, 'patch-spelling');
    const note: Finding = { ...warn, ruleId: 'decl-unused', severity: 'note' };
    const many = (f: Finding, n: number, rule = f.ruleId) => Array.from({ length: n }, (_, i) => ({ ...f, ruleId: i >= 10 ? rule : f.ruleId, message: `${f.message} #${i}` }));
    const findings = [...many(err, 12, 'lock-recursive'), ...many(warn, 10), ...many(note, 11)];
    const cmds = formatGithub(withFindings(result, findings)).trimEnd().split('\n').map(parseCommand);
    const count = (c: string) => cmds.filter(x => x.command === c).length;
    expect(count('error')).toBe(10);
    expect(count('warning')).toBe(10);
    expect(count('notice')).toBe(10); // 9 notes + the summary
    expect(cmds.at(-1)).toEqual({ command: 'notice', props: { title: 'kvet' }, data: '2 errors, 2 notes more not annotated (GitHub shows 10 per level): lock-recursive, decl-unused. See the full kvet report.' });
    // under the limit: no summary, fixed findings are not annotated
    const few = formatGithub(withFindings(result, [...many(note, 10), { ...err, status: 'fixed' }]));
    expect(few.trimEnd().split('\n').map(parseCommand).map(c => c.command)).toEqual(Array(10).fill('notice'));
    expect(formatGithub(withFindings(result, []))).toBe('');
  });
});
