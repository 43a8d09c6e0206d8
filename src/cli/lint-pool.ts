/**
 * `kvet lint --jobs N`: series groups analysed on up to N worker threads (src/cli/lint-worker.ts),
 * started as work arrives (one group never starts a second thread).
 *
 * Guarantees:
 *  - bounded: at most `size × depth` groups are queued or running; {@link LintPool.submit}
 *    waits for room, so a caller that awaits it never holds more of an archive than that;
 *  - every submitted group gets exactly one result through `onResult`: the worker's, or, when
 *    the worker thread dies while analysing it, a result carrying one problem that names the
 *    input, mail line and subject of the group. A worker that dies is replaced; the groups it
 *    had queued behind the failing one are analysed again elsewhere;
 *  - when the threads cannot start at all (a broken native parser in a worker, a missing
 *    compiled worker script), groups are analysed in this thread by `fallback` and `notes` says
 *    why — the same output, only slower;
 *  - {@link LintPool.close} waits for every result and terminates every thread, so the process
 *    can exit at once.
 *
 * Results arrive in completion order; callers restore submission order by `seq`.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LintResult } from '../engine/lint-result.js';
import type { Unit } from '../engine/series-buffer.js';

/** What every worker needs to lint a group as this thread would: plain data. */
export interface GroupSettings {
  readonly all: boolean;
  readonly ruleIds: readonly string[] | null;
  readonly tree: string | null;
}

/** Start-up data of a worker (`workerData`). */
export interface WorkerSetup {
  readonly settings: GroupSettings;
  /** URL of a module exporting `analyse(group, settings): LintResult`; null for kvet's own. */
  readonly analyser: string | null;
}

/** Main thread → worker. */
export interface JobMessage {
  readonly seq: number;
  readonly group: readonly Unit[];
}

/** Worker → main thread: `ready` once loaded, then one `done` per job, in job order. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly seq: number; readonly result: LintResult };

export interface LintPoolOptions {
  /** Worker threads (≥ 1). */
  readonly size: number;
  readonly settings: GroupSettings;
  /** Called once per submitted group. */
  readonly onResult: (seq: number, result: LintResult) => void;
  /** Lints a group in this thread when the workers cannot start. */
  readonly fallback: (group: readonly Unit[]) => LintResult;
  /** A group's result when the thread analysing it died. */
  readonly failure: (group: readonly Unit[], reason: string) => LintResult;
  /** Module URL of the analysis each worker runs (tests inject faults here); kvet's own when absent. */
  readonly analyser?: string;
  /** Groups one worker holds at once, running and queued (default 2: it never waits for the next). */
  readonly depth?: number;
  /** Worker script; defaults to {@link workerScript}. */
  readonly script?: URL;
}

interface Job {
  readonly seq: number;
  readonly group: readonly Unit[];
}

interface Slot {
  readonly worker: Worker;
  /** Sent and not yet answered, oldest first (the worker runs them in this order). */
  readonly jobs: Job[];
  ready: boolean;
  stopping: boolean;
  /** Last uncaught error of the thread, for the problem text. */
  error: string | null;
}

/**
 * The compiled worker script beside this module. Under vitest this module runs from its
 * TypeScript source; the worker then comes from `dist/` (npm test builds first).
 */
export function workerScript(from: string = import.meta.url): URL {
  if (from.endsWith('.ts')) return new URL('../../dist/src/cli/lint-worker.js', from);
  return new URL('./lint-worker.js', from);
}

export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly depth: number;
  private readonly limit: number;
  private readonly script: URL;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  /** Why the threads could not be used; groups then run in this thread. */
  private broken: string | null = null;
  private idleCrashes = 0;
  private closed = false;
  /** Why the pool fell back to this thread, when it did (for the user). */
  readonly notes: string[] = [];

  constructor(private readonly opts: LintPoolOptions) {
    this.size = Math.max(1, opts.size);
    this.depth = Math.max(1, opts.depth ?? 2);
    this.limit = this.size * this.depth;
    this.script = opts.script ?? workerScript();
    if (!existsSync(fileURLToPath(this.script))) {
      this.fail(`the worker script ${fileURLToPath(this.script)} is missing (run npm run build)`);
      return;
    }
  }

  /** Queue one group; resolves when there is room for the next one. */
  async submit(seq: number, group: readonly Unit[]): Promise<void> {
    if (this.closed) throw new Error('LintPool: submit after close');
    this.inFlight++;
    this.queue.push({ seq, group });
    this.pump();
    while (this.inFlight >= this.limit) await new Promise<void>(resolve => { this.waiters.push(resolve); });
  }

  /** Wait for every result, then terminate the threads. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0) await new Promise<void>(resolve => { this.waiters.push(resolve); });
    await this.terminate();
  }

  /** Stop every thread now (also after an error in the caller); idempotent. */
  async terminate(): Promise<void> {
    const live = this.slots.splice(0);
    for (const s of live) s.stopping = true;
    await Promise.all(live.map(s => s.worker.terminate()));
  }

  /** A new thread; threads are started when work needs them, so a small input starts few. */
  private spawn(): Slot {
    const setup: WorkerSetup = { settings: this.opts.settings, analyser: this.opts.analyser ?? null };
    const worker = new Worker(this.script, { workerData: setup });
    const slot: Slot = { worker, jobs: [], ready: false, stopping: false, error: null };
    this.slots.push(slot);
    worker.on('message', (m: WorkerMessage) => { this.onMessage(slot, m); });
    worker.on('error', err => { slot.error = err instanceof Error ? err.message.split('\n')[0] ?? err.name : String(err); });
    worker.on('messageerror', err => { slot.error = `a result could not be read: ${err.message}`; void worker.terminate(); });
    worker.on('exit', code => { this.onExit(slot, code); });
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') {
      slot.ready = true;
      return;
    }
    const job = slot.jobs.shift();
    if (job === undefined || job.seq !== m.seq) throw new Error(`LintPool: result ${m.seq} out of order`);
    this.finish(job, m.result);
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.stopping) return;
    const reason = slot.error ?? `exit code ${code}`;
    if (!slot.ready) {
      this.fail(`the analysis threads could not start (${reason})`, slot.jobs.splice(0));
      return;
    }
    const [culprit, ...rest] = slot.jobs.splice(0);
    if (culprit !== undefined) this.finish(culprit, this.opts.failure(culprit.group, `the analysis thread stopped (${reason})`));
    else if (++this.idleCrashes > 3) {
      this.fail(`the analysis threads keep stopping (${reason})`, rest);
      return;
    }
    this.queue.unshift(...rest);
    this.pump();
  }

  /** Give up on threads: analyse what is left, and everything still to come, in this thread. */
  private fail(reason: string, orphans: readonly Job[] = []): void {
    const left = [...orphans];
    if (this.broken === null) {
      this.broken = reason;
      this.notes.push(`${reason}; analysing in one thread`);
      for (const s of this.slots) left.push(...s.jobs.splice(0));
      void this.terminate();
    }
    this.queue.unshift(...left.sort((a, b) => a.seq - b.seq));
    this.pump();
  }

  private pump(): void {
    if (this.broken !== null) {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) this.finish(job, this.opts.fallback(job.group));
      return;
    }
    while (this.queue.length > 0) {
      let best: Slot | null = null;
      for (const s of this.slots) if (!s.stopping && s.jobs.length < this.depth && (best === null || s.jobs.length < best.jobs.length)) best = s;
      if ((best === null || best.jobs.length > 0) && this.slots.length < this.size) {
        try {
          best = this.spawn();
        } catch (err) {
          this.fail(`the analysis threads could not start (${err instanceof Error ? err.message : String(err)})`);
          return;
        }
      }
      if (best === null) return;
      const job = this.queue.shift() as Job;
      best.jobs.push(job);
      const msg: JobMessage = { seq: job.seq, group: job.group };
      best.worker.postMessage(msg);
    }
  }

  private finish(job: Job, result: LintResult): void {
    this.inFlight--;
    this.opts.onResult(job.seq, result);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
