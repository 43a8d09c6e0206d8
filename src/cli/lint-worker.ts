/**
 * One analysis thread of `kvet lint --jobs N` (started by src/cli/lint-pool.ts): lints the
 * series groups it is sent, in the order sent, exactly as the main thread would (the same
 * `lintGroup`). An exception analysing one group becomes that group's problem; the thread
 * goes on with the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { groupFailure, lintGroup } from './lint-run.js';
import type { JobMessage, WorkerMessage, WorkerSetup, GroupSettings } from './lint-pool.js';
import type { LintResult } from '../engine/lint-result.js';
import type { Unit } from '../engine/series-buffer.js';
import { loadParser } from '../parse/load.js';

type Analyse = (group: readonly Unit[], settings: GroupSettings) => LintResult;

const port = parentPort;
if (port === null) throw new Error('lint-worker: not started as a worker thread');
const setup = workerData as WorkerSetup;
const analyse: Analyse = setup.analyser === null
  ? lintGroup
  : ((await import(setup.analyser)) as { analyse: Analyse }).analyse;
// load the native parser now: a binding that cannot load in a thread is a start-up failure
loadParser();

port.on('message', (job: JobMessage) => {
  let result: LintResult;
  try {
    result = analyse(job.group, setup.settings);
  } catch (err) {
    result = groupFailure(job.group, 'internal error', err);
  }
  const done: WorkerMessage = { type: 'done', seq: job.seq, result };
  port.postMessage(done);
});
const ready: WorkerMessage = { type: 'ready' };
port.postMessage(ready);
