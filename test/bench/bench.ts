/**
 * `npm run bench`: a benchmark script, not a test. Prints a table and writes JSON to
 * `.bench/latest.json`. Each figure runs the real command line in a child process and reads
 * its own wall time and peak RSS (KVET_RUSAGE_FILE).
 *
 * Rows:
 *  - ingest: `kvet parse --format json` over the whole nvdimm archive (messages/s, MB/s, peak RSS).
 *  - facts: `kvet facts --stats` over every DCD series (functions/s, ERROR-node rate).
 *  - lint: `kvet lint` per DCD series (wall time, findings).
 *  - startup: `kvet lint` on the one-patch demo (a reviewer's inner loop; best of 5).
 *  - model: the v11 DCD model explored exhaustively at the default and a larger bound.
 *  - lint over the whole archive: time, patches/s, peak RSS, findings per patch by category.
 *  - side by side with checkpatch.pl (Debian's linux-source-6.1, --no-tree) on every DCD series,
 *    whole series per process and per patch; the ratio.
 *  - lint --jobs: the whole archive with --jobs 1 and --jobs auto (wall and CPU time, patches/s,
 *    peak RSS of the process with its threads), and whether the two outputs are identical.
 *  - soak: a second --jobs auto run; crashes, problems by kind of reason, identical outputs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchModel } from '../../src/model/bench.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED = path.resolve(ROOT, '../shared');
const ARCHIVE = path.join(SHARED, 'corpus', 'nvdimm-archive.mbox.gz');
const KVET = path.join(ROOT, 'dist', 'bin', 'kvet.js');

export interface Row { readonly name: string; readonly figures: Record<string, number | string> }

export interface Run { readonly ms: number; readonly maxRssMb: number; readonly cpuS: number; readonly stdout: string; readonly status: number | null }

/** Runs `kvet ARGS` as a child process; wall time, peak RSS, stdout. */
export function runKvet(args: readonly string[]): Run {
  const dir = mkdtempSync(path.join(tmpdir(), 'kvet-bench-'));
  const file = path.join(dir, 'rusage.json');
  try {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [KVET, ...args], {
      encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, KVET_RUSAGE_FILE: file },
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const usage = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number } : { maxRSS: NaN, userCPUTime: NaN, systemCPUTime: NaN };
    return { ms, maxRssMb: usage.maxRSS / 1024, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6, stdout: r.stdout, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function uncompressedBytes(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file).pipe(createGunzip())) n += (chunk as Buffer).length;
  return n;
}

async function benchIngest(): Promise<Row> {
  const bytes = await uncompressedBytes(ARCHIVE);
  const run = runKvet(['parse', ARCHIVE, '--format', 'json']);
  const doc = JSON.parse(run.stdout) as { messages: { kind: string }[]; inputs: { messages: number; errors: unknown[] }[] };
  const messages = doc.inputs[0]?.messages ?? 0;
  const s = run.ms / 1000;
  return {
    name: 'ingest: kvet parse --format json, whole nvdimm archive',
    figures: {
      messages,
      patches: doc.messages.filter(m => m.kind === 'patch').length,
      problems: doc.inputs[0]?.errors.length ?? 0,
      'wall s': +s.toFixed(2),
      'messages/s': Math.round(messages / s),
      'MB/s': +((bytes / 1e6) / s).toFixed(1),
      'peak RSS MB': Math.round(run.maxRssMb),
      'input MB': Math.round(bytes / 1e6),
    },
  };
}

const SERIES_DIR = path.join(SHARED, 'corpus', 'series');
const DCD = ['dcd-v3', 'dcd-v4', 'dcd-v5', 'dcd-v6', 'dcd-v7', 'dcd-v8', 'dcd-v9', 'dcd-v10', 'dcd-v11'].map(n => path.join(SERIES_DIR, `${n}.mbox`));

function benchFacts(): Row {
  let functions = 0;
  let complete = 0;
  let withErrors = 0;
  let ms = 0;
  for (const file of DCD) {
    const run = runKvet(['facts', '--stats', '--format', 'json', file]);
    const s = JSON.parse(run.stdout) as { functions: number; complete: number; withErrorNodes: number };
    functions += s.functions;
    complete += s.complete;
    withErrors += s.withErrorNodes;
    ms += run.ms;
  }
  return {
    name: 'facts: kvet facts --stats, DCD series v3-v11 (one process per series)',
    figures: {
      functions, complete, 'with ERROR nodes': withErrors,
      'ERROR rate %': +(complete === 0 ? 0 : (100 * withErrors) / complete).toFixed(2),
      'wall s': +(ms / 1000).toFixed(2), 'functions/s': Math.round(functions / (ms / 1000)),
    },
  };
}

function benchLint(): Row {
  const figures: Record<string, number | string> = {};
  let total = 0;
  for (const file of DCD) {
    const run = runKvet(['lint', '--format', 'json', file]);
    const doc = JSON.parse(run.stdout) as { findings: { severity: string }[]; summary: { patches: number } };
    const name = path.basename(file, '.mbox');
    figures[`${name} s`] = +(run.ms / 1000).toFixed(2);
    figures[`${name} findings`] = `${doc.findings.filter(f => f.severity === 'error').length}E/${doc.findings.filter(f => f.severity === 'warning').length}W (${doc.summary.patches} patches)`;
    total += run.ms;
  }
  figures['all series s'] = +(total / 1000).toFixed(2);
  return { name: 'lint: kvet lint, each DCD series, all rules', figures };
}

function benchStartup(): Row {
  const demo = path.join(ROOT, 'corpus', 'series', '0001-demo-widget-v2.mbox');
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(runKvet(['lint', demo]).ms);
  times.sort((a, b) => a - b);
  return { name: 'startup: kvet lint on the demo series (3 patches), best of 5', figures: { 'best ms': Math.round(times[0] ?? NaN), 'median ms': Math.round(times[2] ?? NaN), 'target ms': 250 } };
}

function benchModelRows(): Row[] {
  return benchModel().map(m => ({
    name: `model: ${m.version} ${m.config} (${m.exhaustive ? 'exhaustive' : 'bounded'})`,
    figures: {
      distinct: m.distinct, generated: m.states, depth: m.depth, 'wall s': +(m.elapsedMs / 1000).toFixed(2),
      'distinct/s': Math.round(m.statesPerSec), 'distinct/cpu-s': Math.round(m.statesPerCpuSec), 'heap MiB': Math.round(m.heapMiB),
      violations: m.violations.join(', ') || 'none',
    },
  }));
}

function benchArchiveLint(run: Run = runKvet(['lint', '--format', 'json', ARCHIVE])): Row {
  const doc = JSON.parse(run.stdout) as { findings: { category: string; severity: string }[]; summary: { patches: number; functions: number; errors: number } };
  const figures: Record<string, number | string> = {
    patches: doc.summary.patches, functions: doc.summary.functions, 'input problems': doc.summary.errors,
    'wall s': +(run.ms / 1000).toFixed(1), 'patches/s': Math.round(doc.summary.patches / (run.ms / 1000)), 'peak RSS MB': Math.round(run.maxRssMb),
    'exit status': run.status ?? 'killed',
  };
  const byCat = new Map<string, number>();
  for (const f of doc.findings) byCat.set(`${f.category} ${f.severity}`, (byCat.get(`${f.category} ${f.severity}`) ?? 0) + 1);
  for (const [k, n] of [...byCat].sort()) figures[k] = `${n} (${(n / Math.max(1, doc.summary.patches)).toFixed(3)}/patch)`;
  return { name: 'lint: kvet lint --format json, whole nvdimm archive (findings per patch by category)', figures };
}

interface ArchiveDoc {
  readonly findings: readonly { readonly fingerprint: string }[];
  readonly summary: { readonly patches: number; readonly errors: number };
  readonly errors: readonly { readonly message: string; readonly where: string }[];
}

/** `--jobs 1` against `--jobs auto` over the whole archive: time, throughput, memory, identical output. */
function benchArchiveJobs(one: Run, auto: Run): Row {
  const figures: Record<string, number | string> = { cores: availableParallelism(), 'load avg 1m at start': +(loadavg()[0] ?? NaN).toFixed(1) };
  for (const [name, run] of [['jobs 1', one], ['jobs auto', auto]] as const) {
    const doc = JSON.parse(run.stdout) as ArchiveDoc;
    figures[`${name} wall s`] = +(run.ms / 1000).toFixed(1);
    figures[`${name} cpu s`] = +run.cpuS.toFixed(1);
    figures[`${name} patches/s`] = Math.round(doc.summary.patches / (run.ms / 1000));
    figures[`${name} peak RSS MB`] = Math.round(run.maxRssMb);
  }
  figures.speedup = `${(one.ms / auto.ms).toFixed(2)}x`;
  figures.identical = one.stdout === auto.stdout && one.status === auto.status ? 'yes' : 'no';
  figures['target wall s'] = 60;
  return { name: 'lint --jobs: kvet lint --format json, whole nvdimm archive, --jobs 1 vs --jobs auto', figures };
}

/** A problem message without its particulars (subjects, paths, numbers): the kind of reason. */
function reasonClass(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\S+\.[ch]\b/g, 'FILE')
    .replace(/\d+/g, 'N')
    .slice(0, 90);
}

/**
 * Issue 7 soak over the whole archive: no crash, every problem counted by kind of reason, the
 * same output from a second run and from --jobs 1 and --jobs auto.
 */
function benchSoak(one: Run, auto: Run, again: Run, messages: number): Row {
  const runs = [one, auto, again];
  const crashed = runs.filter(r => r.status !== 0 && r.status !== 1).length;
  const doc = JSON.parse(auto.stdout) as ArchiveDoc;
  const failedGroups = doc.errors.filter(e => e.message.startsWith('could not analyse "')).length;
  const figures: Record<string, number | string> = {
    runs: runs.length, crashes: crashed, 'groups that failed analysis': failedGroups,
    'identical across two runs (auto)': auto.stdout === again.stdout ? 'yes' : 'no',
    'identical --jobs 1 / auto': one.stdout === auto.stdout ? 'yes' : 'no',
    messages, 'patches analysed': doc.summary.patches,
    'not analysed (no diff of their own or quoted: covers, replies, other mail)': messages - doc.summary.patches,
    problems: doc.summary.errors,
  };
  const byClass = new Map<string, number>();
  for (const e of doc.errors) byClass.set(reasonClass(e.message), (byClass.get(reasonClass(e.message)) ?? 0) + 1);
  for (const [k, n] of [...byClass].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) figures[`problem: ${k}`] = n;
  return { name: 'soak: whole nvdimm archive, --jobs 1, auto, auto again (issue 7)', figures };
}

/**
 * checkpatch.pl from Debian's linux-source-6.1 (installed with apt-get when missing), extracted
 * once into .bench/; null (with the reason on stderr) when it cannot be had.
 */
function checkpatchScript(): string | null {
  const dir = path.join(ROOT, '.bench', 'linux-source-6.1');
  const script = path.join(dir, 'scripts', 'checkpatch.pl');
  if (existsSync(script)) return script;
  const tarball = '/usr/src/linux-source-6.1.tar.xz';
  if (!existsSync(tarball)) {
    const r = spawnSync('apt-get', ['install', '-y', '-q', 'linux-source-6.1'], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(tarball)) {
      process.stderr.write('bench: linux-source-6.1 is not installed and apt-get could not install it; checkpatch rows skipped\n');
      return null;
    }
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  const members = ['scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch'].map(m => `linux-source-6.1/${m}`);
  const r = spawnSync('tar', ['-xJf', tarball, '-C', path.dirname(dir), ...members], { encoding: 'utf8' });
  return r.status === 0 && existsSync(script) ? script : null;
}

function timeCommand(cmd: string, args: readonly string[]): number {
  const t = process.hrtime.bigint();
  spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Split an mbox into one file per mail (for the per-patch comparison). */
function splitMbox(file: string, dir: string): string[] {
  const text = readFileSync(file, 'utf8');
  const parts = text.split(/\n(?=From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n)/);
  return parts.map((p, i) => {
    const f = path.join(dir, `${String(i).padStart(4, '0')}.patch`);
    writeFileSync(f, p.endsWith('\n') ? p : `${p}\n`);
    return f;
  });
}

function benchCheckpatch(): Row[] {
  const script = checkpatchScript();
  if (script === null) return [];
  const rows: Row[] = [];
  const figures: Record<string, number | string> = {};
  let cpTotal = 0;
  let kvTotal = 0;
  for (const file of DCD) {
    const cp = timeCommand('perl', [script, '--no-tree', '-q', file]);
    const kv = runKvet(['lint', '--format', 'json', file]).ms;
    const name = path.basename(file, '.mbox');
    figures[name] = `checkpatch ${(cp / 1000).toFixed(2)} s, kvet ${(kv / 1000).toFixed(2)} s, ratio ${(cp / kv).toFixed(1)}x`;
    cpTotal += cp;
    kvTotal += kv;
  }
  figures['all series'] = `checkpatch ${(cpTotal / 1000).toFixed(1)} s, kvet ${(kvTotal / 1000).toFixed(1)} s, ratio ${(cpTotal / kvTotal).toFixed(1)}x (target 20x)`;
  rows.push({ name: 'side by side: checkpatch.pl --no-tree vs kvet lint (all rules), whole series per process', figures });
  const v11 = DCD[DCD.length - 1] as string;
  const dir = mkdtempSync(path.join(tmpdir(), 'kvet-bench-split-'));
  try {
    const patches = splitMbox(v11, dir);
    let cp = 0;
    let kv = 0;
    for (const p of patches) {
      cp += timeCommand('perl', [script, '--no-tree', '-q', p]);
      kv += runKvet(['lint', '--format', 'json', p]).ms;
    }
    rows.push({
      name: `side by side, per patch: ${path.basename(v11)} as ${patches.length} single mails, one process each`,
      figures: { 'checkpatch s': +(cp / 1000).toFixed(2), 'kvet s': +(kv / 1000).toFixed(2), ratio: `${(cp / kv).toFixed(1)}x`, 'kvet ms/patch': Math.round(kv / patches.length) },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  if (!existsSync(KVET)) throw new Error('dist/bin/kvet.js is missing: run npm run build');
  const rows: Row[] = [];
  rows.push(benchStartup());
  if (existsSync(ARCHIVE)) {
    const ingest = await benchIngest();
    rows.push(ingest);
    const one = runKvet(['lint', '--format', 'json', '--jobs', '1', ARCHIVE]);
    const auto = runKvet(['lint', '--format', 'json', '--jobs', 'auto', ARCHIVE]);
    const again = runKvet(['lint', '--format', 'json', '--jobs', 'auto', ARCHIVE]);
    rows.push(benchArchiveLint(one));
    rows.push(benchArchiveJobs(one, auto));
    rows.push(benchSoak(one, auto, again, Number(ingest.figures.messages)));
  }
  else process.stderr.write('bench: the nvdimm archive is missing beside the checkout; ingest row skipped\n');
  if (DCD.every(f => existsSync(f))) {
    rows.push(benchFacts());
    rows.push(benchLint());
    rows.push(...benchCheckpatch());
  }
  rows.push(...benchModelRows());
  for (const row of rows) {
    process.stdout.write(`${row.name}\n`);
    for (const [k, v] of Object.entries(row.figures)) process.stdout.write(`  ${k.padEnd(14)} ${v}\n`);
  }
  mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  writeFileSync(path.join(ROOT, '.bench', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 1) + '\n');
}

await main();
