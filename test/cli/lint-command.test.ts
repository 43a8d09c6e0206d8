import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { CORPUS, ROOT, SERIES } from '../helpers/paths.js';
import { useColour } from '../../src/cli/lint-command.js';

const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
const KVET = path.join(ROOT, 'bin', 'kvet');

interface Doc { findings: { ruleId: string; severity: string; status?: string; function: string | null; patch: string }[]; summary: { findings: number } }

const json = (s: string) => JSON.parse(s) as Doc;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'kvet-lint-'));

describe('kvet lint formats and outputs', () => {
  it('writes several formats at once, NAME=FILE to files and one to stdout', async () => {
    const dir = tmp();
    const file = path.join(dir, 'out.json');
    const r = await runCli(['lint', DEMO, '--format', `json=${file}`, '--format', 'text']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^total: 2 errors, 4 warnings, 0 notes/m);
    expect(json(readFileSync(file, 'utf8')).findings).toHaveLength(6);
  });
  it('refuses two formats on stdout, unknown formats and unwritable files with one line', async () => {
    expect(await runCli(['lint', DEMO, '--format', 'json', '--format', 'text'])).toMatchObject({ code: 2, stdout: '', stderr: "kvet: only one --format may write to stdout; give the others a file (NAME=FILE)\n" });
    const unknown = await runCli(['lint', DEMO, '--format', 'xml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kvet: unknown format 'xml' \(known: text, json/);
    const dir = tmp();
    const r = await runCli(['lint', DEMO, '--format', `json=${path.join(dir, 'no', 'such', 'dir.json')}`, '--format', 'text']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^total: 2 errors/m); // the other output is not lost
    expect(r.stderr).toMatch(/dir\.json: cannot write the json report \(ENOENT\)\n$/);
  });
  it('the text format shows the diff line under its location, as checkpatch does', async () => {
    const r = await runCli(['lint', DEMO]);
    expect(r.stdout).toContain('#87: FILE: drivers/misc/widget/core.c:65: in widget_add_region()\n+\tdev_set_drvdata(dev, wr);\n');
  });
});

describe('kvet lint exit codes and filters', () => {
  it('--quiet reports errors only', async () => {
    const r = await runCli(['lint', DEMO, '--quiet', '--format', 'json']);
    expect(json(r.stdout).findings.map(f => f.ruleId)).toEqual(['goto-skips-unwind', 'lock-not-held']);
    expect(r.code).toBe(1);
  });
  it('--max-warnings fails only above the limit; errors always fail', async () => {
    // the style preset leaves the demo with 3 warnings and no error
    expect((await runCli(['lint', DEMO, '--preset', 'style', '--max-warnings', '3'])).code).toBe(0);
    expect((await runCli(['lint', DEMO, '--preset', 'style', '--max-warnings', '2'])).code).toBe(1);
    expect((await runCli(['lint', DEMO, '--max-warnings', '100'])).code).toBe(1);
    expect(await runCli(['lint', DEMO, '--max-warnings', 'many'])).toMatchObject({ code: 2, stderr: 'kvet: --max-warnings many: not a non-negative integer\n' });
  });
  it('--no-exit-code and the advisory preset never fail on findings, but still on bad input', async () => {
    expect((await runCli(['lint', DEMO, '--no-exit-code'])).code).toBe(0);
    expect((await runCli(['lint', DEMO, '--preset', 'advisory'])).code).toBe(0);
    const r = await runCli(['lint', DEMO, path.join(tmp(), 'missing.mbox'), '--no-exit-code']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^total: 2 errors/m);
  });
  it('--preset semantic drops the style rules', async () => {
    const r = await runCli(['lint', DEMO, '--preset', 'semantic', '--format', 'json']);
    expect(json(r.stdout).findings.map(f => f.ruleId)).toEqual(['drvdata-published-early', 'goto-skips-unwind', 'lock-not-held']);
    expect((await runCli(['lint', DEMO, '--preset', 'lax'])).stderr).toMatch(/^kvet: unknown preset 'lax' \(known: recommended, strict, advisory, semantic, style\)\n$/);
  });
});

describe('kvet lint --tree argument', () => {
  it('refuses a tree that is missing or not a directory with one line and exit 2', async () => {
    const missing = path.join(tmp(), 'linux');
    expect(await runCli(['lint', DEMO, '--tree', missing])).toMatchObject({ code: 2, stdout: '', stderr: `kvet: --tree ${missing}: cannot read it (ENOENT)\n` });
    expect(await runCli(['lint', DEMO, '--tree', DEMO])).toMatchObject({ code: 2, stdout: '', stderr: `kvet: --tree ${DEMO}: not a directory\n` });
  });
});

describe('kvet lint configuration', () => {
  it('--config applies rule settings per path; a bad config is one line and exit 2', async () => {
    const dir = tmp();
    const cfg = path.join(dir, 'kvet.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'patch-spelling': 'off' }, overrides: [{ files: ['drivers/misc/**'], rules: { 'kernel-doc-params': 'note' } }] }));
    const r = await runCli(['lint', DEMO, '--config', cfg, '--format', 'json']);
    const doc = json(r.stdout);
    expect(doc.findings.some(f => f.ruleId === 'patch-spelling')).toBe(false);
    expect(doc.findings.find(f => f.ruleId === 'kernel-doc-params')?.severity).toBe('note');
    writeFileSync(cfg, '{"rules": {"patch-speling": "off"}}');
    expect(await runCli(['lint', DEMO, '--config', cfg])).toMatchObject({ code: 2, stdout: '', stderr: `kvet: ${cfg}: rules: no rule named "patch-speling" ('kvet rules' lists them)\n` });
  });
  it('finds .kvet.json from the working directory up to the repository top; --no-config ignores it', () => {
    const repo = tmp();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'drivers'));
    writeFileSync(path.join(repo, '.kvet.json'), JSON.stringify({ preset: 'semantic' }));
    const run = (...args: string[]) => spawnSync(KVET, ['lint', DEMO, '--format', 'json', ...args], { cwd: path.join(repo, 'drivers'), encoding: 'utf8' });
    expect(json(run().stdout).findings).toHaveLength(3);
    expect(json(run('--no-config').stdout).findings).toHaveLength(6);
  });
});

describe('colour', () => {
  it('follows --color, then NO_COLOR and FORCE_COLOR, then the terminal', async () => {
    expect(useColour('auto', {}, true)).toBe(true);
    expect(useColour('auto', {}, false)).toBe(false);
    expect(useColour('auto', { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColour('auto', { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColour('auto', { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColour('auto', { TERM: 'dumb' }, true)).toBe(false);
    expect(useColour('always', { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColour('never', { FORCE_COLOR: '1' }, true)).toBe(false);
    expect((await runCli(['lint', DEMO, '--color', 'always'])).stdout).toContain('\u001b[31mERROR\u001b[0m:goto-skips-unwind:');
    expect((await runCli(['lint', DEMO])).stdout).not.toContain('\u001b[');
    // a pipe is not a terminal: the real binary writes no colour unless forced
    expect(execFileSync(KVET, ['lint', DEMO, '--no-exit-code'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '1' } })).toContain('\u001b[33mWARNING');
  });
});

describe('versions of one series', () => {
  it('labels findings of v4 new or still against v3, marks what v4 fixed, and drops nothing', async () => {
    const r = await runCli(['lint', path.join(SERIES, 'dcd-v3.mbox'), path.join(SERIES, 'dcd-v4.mbox'), '--format', 'json']);
    const doc = json(r.stdout);
    const by = (rule: string, version: string) => doc.findings.filter(f => f.ruleId === rule && f.patch.includes(`PATCH ${version} `)).map(f => f.status);
    // the devres self-deadlock is in both versions
    expect(by('lock-recursive', 'v3')).toEqual(['new']);
    expect(by('lock-recursive', 'v4')).toEqual(['still']);
    // v3's device_find_child() leak is gone in v4
    expect(by('refcount-get-not-put', 'v3')).toEqual(['fixed']);
    expect(by('refcount-get-not-put', 'v4')).toEqual([]);
    expect(doc.findings.every(f => f.status !== undefined)).toBe(true);
    // every finding of each version alone is still reported
    const alone = async (v: string) => json((await runCli(['lint', path.join(SERIES, `dcd-${v}.mbox`), '--format', 'json'])).stdout).findings.length;
    expect(doc.findings.length).toBe(await alone('v3') + await alone('v4'));
    const text = await runCli(['lint', path.join(SERIES, 'dcd-v3.mbox'), path.join(SERIES, 'dcd-v4.mbox')]);
    expect(text.stdout).toMatch(/^\[fixed\] ERROR:refcount-get-not-put: /m);
    expect(text.stdout).toMatch(/^\[still\] ERROR:lock-recursive: /m);
    expect(text.stdout).toMatch(/^total: 2 errors, .*, 3 fixed in a later version/m);
  });
  it('labels v11 against v10 and leaves a single version unlabelled', async () => {
    const r = await runCli(['lint', path.join(SERIES, 'dcd-v10.mbox'), path.join(SERIES, 'dcd-v11.mbox'), '--format', 'json']);
    const doc = json(r.stdout);
    expect(doc.findings.filter(f => f.status === 'still').map(f => f.function)).toEqual(
      expect.arrayContaining(['cxl_process_extent_list', 'dax_region_rm_resources']));
    expect(doc.findings.filter(f => f.status === 'new').map(f => f.function)).toContain('dax_region_add_resources');
    const single = json((await runCli(['lint', path.join(SERIES, 'dcd-v11.mbox'), '--format', 'json'])).stdout);
    expect(single.findings.every(f => f.status === undefined)).toBe(true);
  });
});
