/**
 * Reads every input the user named into patches, one input at a time, never letting one bad
 * input stop the others. Whole-input failures and per-message problems are collected per input.
 */
import { readMessages, InputError } from '../mail/read-input.js';
import { toPatch } from '../patch/patch.js';
import type { IngestProblem } from '../mail/types.js';
import type { Patch } from '../patch/types.js';

export interface InputSummary {
  readonly path: string;
  messages: number;
  readonly errors: IngestProblem[];
  /** The input itself could not be read (missing, unreadable, not mail). */
  failed: boolean;
  /** One line naming the input and the problem, when `failed`. */
  failure: string | null;
}

export interface IngestOptions {
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * Calls `onPatch` for every message of every input, in input order and message order.
 * When `onPatch` returns a promise, reading waits for it (backpressure: a consumer that is
 * full pauses ingestion). Returns one summary per input. Never throws for bad input.
 */
export async function ingestInputs(
  inputs: readonly string[],
  onPatch: (patch: Patch, input: string) => void | Promise<void>,
  opts: IngestOptions = {},
): Promise<InputSummary[]> {
  const out: InputSummary[] = [];
  for (const input of inputs) {
    const summary: InputSummary = { path: input, messages: 0, errors: [], failed: false, failure: null };
    out.push(summary);
    try {
      const readOpts = opts.stdin ? { stdin: opts.stdin } : {};
      for await (const message of readMessages(input, readOpts)) {
        summary.messages += 1;
        let patch: Patch;
        try {
          patch = toPatch(message);
        } catch (err) {
          summary.errors.push({ message: `internal error while reading the patch: ${describe(err)}`, where: `${input}:${message.ref.startLine}` });
          continue;
        }
        for (const p of message.problems) summary.errors.push(p);
        for (const p of patch.problems) summary.errors.push(p);
        const consumed = onPatch(patch, input);
        if (consumed !== undefined) await consumed;
      }
      if (summary.messages === 0) {
        fail(summary, 'no mail, patch or web-archive page found');
      }
    } catch (err) {
      fail(summary, err instanceof InputError ? describe(err) : `internal error: ${describe(err)}`);
    }
  }
  return out;
}

function fail(summary: InputSummary, problem: string): void {
  const prefix = `${summary.path}: `;
  const message = problem.startsWith(prefix) ? problem.slice(prefix.length) : problem;
  summary.failed = true;
  summary.failure = `${summary.path}: ${message}`;
  summary.errors.push({ message, where: summary.path });
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err);
  return String(err);
}
