/**
 * `npm run bench`: a benchmark script, not a test. Prints a table and writes JSON to
 * `.bench/latest.json`. Each figure runs the real command line in a child process and reads
 * its own wall time and peak RSS (KVET_RUSAGE_FILE).
 *
 * Rows so far:
 *  - ingest: `kvet parse --format json` over the whole nvdimm archive (messages/s, MB/s, peak RSS).
 * Later stages add theirs (facts, lint, model, startup, checkpatch side by side).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED = path.resolve(ROOT, '../shared');
const ARCHIVE = path.join(SHARED, 'corpus', 'nvdimm-archive.mbox.gz');
const KVET = path.join(ROOT, 'dist', 'bin', 'kvet.js');

export interface Row { readonly name: string; readonly figures: Record<string, number | string> }

export interface Run { readonly ms: number; readonly maxRssMb: number; readonly stdout: string; readonly status: number | null }

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
    const usage = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { maxRSS: number } : { maxRSS: NaN };
    return { ms, maxRssMb: usage.maxRSS / 1024, stdout: r.stdout, status: r.status };
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

async function main(): Promise<void> {
  if (!existsSync(KVET)) throw new Error('dist/bin/kvet.js is missing: run npm run build');
  const rows: Row[] = [];
  if (existsSync(ARCHIVE)) rows.push(await benchIngest());
  else process.stderr.write('bench: the nvdimm archive is missing beside the checkout; ingest row skipped\n');
  for (const row of rows) {
    process.stdout.write(`${row.name}\n`);
    for (const [k, v] of Object.entries(row.figures)) process.stdout.write(`  ${k.padEnd(14)} ${v}\n`);
  }
  mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  writeFileSync(path.join(ROOT, '.bench', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 1) + '\n');
}

await main();
