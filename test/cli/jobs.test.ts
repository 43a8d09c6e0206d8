/**
 * `kvet lint --jobs N`: the same bytes on stdout and the same exit code whatever N is, a group
 * whose analysis throws or whose thread dies becomes one problem naming it, threads that cannot
 * start fall back to this thread, the process exits at once, and progress goes to a terminal
 * stderr only. Workers run the compiled dist/ (npm test builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { main } from '../../src/cli/main.js';
import { parseJobs } from '../../src/cli/jobs.js';
import { runLintInputs, type LintRunOptions } from '../../src/cli/lint-run.js';
import { ProgressLine } from '../../src/cli/progress.js';
import { runCli } from '../helpers/run-cli.js';
import { ARCHIVE, CORPUS, ROOT, SERIES } from '../helpers/paths.js';

const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
const DCD_V4 = path.join(SERIES, 'dcd-v4.mbox');
const FROM_LINE = /^From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

let dir = '';
/** The first 200 and 40 messages of the nvdimm archive. */
let slice200 = '';
let slice40 = '';

/** Writes the first `messages` mails of the (gzipped) archive to `file`, byte for byte. */
async function archiveSlice(messages: number, file: string): Promise<void> {
  const out: string[] = [];
  let seen = 0;
  let rest = '';
  const stream = createReadStream(ARCHIVE).pipe(createGunzip());
  outer: for await (const chunk of stream) {
    const lines = (rest + (chunk as Buffer).toString('latin1')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (FROM_LINE.test(line) && ++seen > messages) break outer;
      out.push(line);
    }
  }
  stream.destroy();
  writeFileSync(file, `${out.join('\n')}\n`, 'latin1');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kvet-jobs-'));
  slice200 = path.join(dir, 'nvdimm-200.mbox');
  slice40 = path.join(dir, 'nvdimm-40.mbox');
  await archiveSlice(200, slice200);
  await archiveSlice(40, slice40);
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('kvet lint --jobs', () => {
  it('prints the same JSON and exits the same with --jobs 1, 2 and auto (200 archive mails)', async () => {
    const one = await runCli(['lint', '--format', 'json', '--jobs', '1', slice200]);
    const doc = JSON.parse(one.stdout) as { findings: unknown[]; summary: { patches: number; errors: number } };
    expect(doc.summary.patches).toBeGreaterThan(100);
    expect(doc.findings.length).toBeGreaterThan(5);
    expect(doc.summary.errors).toBeGreaterThan(0);
    for (const jobs of ['2', 'auto']) {
      const many = await runCli(['lint', '--format', 'json', '--jobs', jobs, slice200]);
      expect(many.stdout).toBe(one.stdout);
      expect(many.code).toBe(one.code);
      expect(many.stderr).toBe(one.stderr);
    }
  });

  it('gives the same text report on a DCD series with findings (more threads than groups)', async () => {
    const args = ['lint', '--format', 'text', DCD_V4];
    const one = await runCli([...args, '--jobs', '1']);
    expect(one.code).toBe(1);
    expect(await runCli([...args, '--jobs', '3'])).toEqual(one);
  });

  it('auto is one thread per core', () => {
    expect(parseJobs('auto')).toBe(availableParallelism());
  });
});

describe('a group that cannot be analysed', () => {
  const THROWS = '[ndctl PATCH] ndctl: Update nvdimm mailing list address';
  const KILLS = '[PATCH] powerpc/papr_scm: Add support for reporting dirty-shutdown-count';
  let analyser = '';
  beforeAll(() => {
    // kvet's own analysis, except: one group throws, another kills the thread it runs on
    const lintRun = pathToFileURL(path.join(ROOT, 'dist', 'src', 'cli', 'lint-run.js')).href;
    const file = path.join(dir, 'faulty-analyser.mjs');
    writeFileSync(file, [
      "import { isMainThread } from 'node:worker_threads';",
      `import { lintGroup } from ${JSON.stringify(lintRun)};`,
      'export function analyse(group, settings) {',
      '  const subject = group[0].patch.message.subject.raw;',
      `  if (subject === ${JSON.stringify(THROWS)}) throw new Error('injected fault');`,
      `  if (subject === ${JSON.stringify(KILLS)} && !isMainThread) process.exit(3);`,
      '  return lintGroup(group, settings);',
      '}',
      '',
    ].join('\n'));
    analyser = pathToFileURL(file).href;
  });
  const opts = (jobs: number, extra: Partial<LintRunOptions> = {}): LintRunOptions => ({ all: false, ruleIds: null, jobs, tree: null, ...extra });

  it('becomes one problem naming the input and mail, the same with --jobs 1 and 2; a dead thread is replaced', async () => {
    expect(existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'lint-worker.js'))).toBe(true);
    const base = await runLintInputs([slice40], opts(1));
    const one = await runLintInputs([slice40], opts(1, { analyser }));
    const two = await runLintInputs([slice40], opts(2, { analyser }));
    const thrown = one.result.errors.filter(e => e.message.includes('injected fault'));
    expect(thrown).toEqual([{ message: `could not analyse "${THROWS}": internal error: injected fault`, where: `${slice40}:1` }]);

    // the thread that died cost its own group only; every other group is as without faults
    const killed = two.result.errors.filter(e => e.message.includes('analysis thread stopped'));
    expect(killed).toHaveLength(1);
    expect(killed[0]?.message).toBe(`could not analyse "${KILLS}": the analysis thread stopped (exit code 3)`);
    expect(killed[0]?.where).toMatch(new RegExp(`^${slice40.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`));
    const lost = new Set(base.result.patches.filter(p => p.subject === KILLS || p.subject === THROWS).map(p => p.messageId));
    expect(lost.size).toBe(2);
    expect(two.result.findings).toEqual(base.result.findings.filter(f => !lost.has(f.mailMessageId)));
    expect(two.result.patches).toEqual(base.result.patches.filter(p => !lost.has(p.messageId)));
    expect(one.result.patches).toEqual(base.result.patches.filter(p => p.subject !== THROWS));
    expect(two.notes).toEqual([]);
  });

  it('falls back to this thread, with a note, when the threads cannot start', async () => {
    // loads in this thread, throws on load in a worker (as a native binding might)
    const broken = path.join(dir, 'thread-hostile-analyser.mjs');
    const lintRun = pathToFileURL(path.join(ROOT, 'dist', 'src', 'cli', 'lint-run.js')).href;
    writeFileSync(broken, [
      "import { isMainThread } from 'node:worker_threads';",
      `export { lintGroup as analyse } from ${JSON.stringify(lintRun)};`,
      "if (!isMainThread) throw new Error('no parser here');",
      '',
    ].join('\n'));
    const base = await runLintInputs([slice40], opts(1));
    const two = await runLintInputs([slice40], opts(2, { analyser: pathToFileURL(broken).href }));
    expect(two.notes).toHaveLength(1);
    expect(two.notes[0]).toBe('the analysis threads could not start (no parser here); analysing in one thread');
    expect(two.result).toEqual(base.result);
  });
});

describe('the process', () => {
  it('exits as soon as the report is written (no thread left running)', () => {
    const kvet = path.join(ROOT, 'dist', 'bin', 'kvet.js');
    const run = (jobs: string) => spawnSync(process.execPath, [kvet, 'lint', '--format', 'json', '--jobs', jobs, DEMO], { encoding: 'utf8', timeout: 60_000 });
    const one = run('1');
    const two = run('2');
    expect(two.signal).toBeNull();
    expect(two.status).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe('');
  });
});

describe('progress', () => {
  it('draws one line at most every 250 ms and erases it', () => {
    let t = 0;
    let out = '';
    const line = new ProgressLine(s => { out += s; }, () => t);
    line.update({ messages: 1, patches: 0, findings: 0 });
    expect(out).toBe('');
    t = 300;
    line.update({ messages: 120, patches: 40, findings: 7 });
    t = 400;
    line.update({ messages: 121, patches: 40, findings: 7 });
    t = 600;
    line.update({ messages: 9, patches: 1, findings: 0 });
    const first = 'kvet: 120 messages, 40 patches analysed, 7 findings';
    const second = 'kvet: 9 messages, 1 patches analysed, 0 findings';
    expect(out).toBe(`\r${first}\r${second}${' '.repeat(first.length - second.length)}`);
    out = '';
    line.clear();
    expect(out).toBe(`\r${' '.repeat(second.length)}\r`);
  });

  it('goes to stderr only when stderr is a terminal, and is erased at the end', async () => {
    const lint = async (stderrIsTTY: boolean) => {
      let stdout = '';
      let stderr = '';
      const code = await main(['lint', '--format', 'json', '--jobs', '2', slice40], {
        stdout: s => { stdout += s; }, stderr: s => { stderr += s; }, stdin: Readable.from([]), stderrIsTTY,
      });
      return { code, stdout, stderr };
    };
    const quiet = await lint(false);
    const tty = await lint(true);
    expect(quiet.stderr).toBe('');
    expect(tty.stdout).toBe(quiet.stdout);
    expect(tty.stderr).toMatch(/^\rkvet: \d+ messages, \d+ patches analysed, \d+ findings/);
    expect(tty.stderr).toMatch(/\r {20,}\r$/);
  });
});
