/**
 * A hang watchdog for fuzz inputs. A synchronous endless loop blocks the test's own thread,
 * so no timeout of vitest or fast-check can fire; a worker thread can. The thread running the
 * input posts it to the watchdog and marks it started in shared memory; when one input has run
 * longer than the hang limit, the watchdog writes the input to a file in the temp directory,
 * prints where, and kills the process (vitest then reports the test file as failed).
 */
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';

const env = process.env;
/** Seconds one input may block before the watchdog ends the process (default 60). */
const HANG_SECONDS = Number(env['KVET_FUZZ_HANG_SECONDS'] ?? '60') || 60;

const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const state = new Int32Array(workerData.shared);
let last = { seq: -1, label: '', bytes: null };
let seenSeq = -1, since = Date.now();
parentPort.on('message', m => { last = m; });
setInterval(() => {
  const seq = Atomics.load(state, 0), running = Atomics.load(state, 1);
  if (!running || seq !== seenSeq) { seenSeq = seq; since = Date.now(); return; }
  if (Date.now() - since < workerData.limitMs) return;
  const file = path.join(workerData.dir, 'kvet-fuzz-hang-' + process.pid + '-' + seq + '.bin');
  try { if (last.seq === seq && last.bytes) fs.writeFileSync(file, last.bytes); } catch {}
  fs.writeSync(2, '\\nkvet fuzz watchdog: input ' + seq + ' (' + last.label + ') has run ' +
    Math.round((Date.now() - since) / 1000) + ' s: a hang. Input written to ' + file + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 250);
`;

let worker: Worker | null = null;
let state: Int32Array | null = null;
let seq = 0;

function start(): Int32Array {
  if (state !== null) return state;
  const shared = new SharedArrayBuffer(8);
  state = new Int32Array(shared);
  worker = new Worker(WATCHDOG, { eval: true, workerData: { shared, limitMs: HANG_SECONDS * 1000, dir: tmpdir() } });
  worker.unref();
  return state;
}

/** Marks `input` as running until `done()`; the watchdog kills the process if it never ends. */
export function hangGuard(label: string, input: Uint8Array | string): { done(): void } {
  const s = start();
  seq = (seq + 1) | 0;
  worker?.postMessage({ seq, label, bytes: typeof input === 'string' ? Buffer.from(input) : new Uint8Array(input) });
  Atomics.store(s, 0, seq);
  Atomics.store(s, 1, 1);
  return { done: () => { Atomics.store(s, 1, 0); } };
}
