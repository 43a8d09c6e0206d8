/** `--jobs auto|N`: the number of analysis threads. */
import { availableParallelism } from 'node:os';

/**
 * The thread count, or a one-line problem. `auto` is one analysis thread per core, not
 * cores − 1: the main thread only reads and splits mail (about a tenth of the CPU time of a
 * lint run over the nvdimm archive) and waits for the pool most of the time, so leaving it a
 * core of its own would leave that core mostly idle, and with 2 cores make the analysis serial.
 */
export function parseJobs(spec: string): number | string {
  if (spec === 'auto') return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(spec) || Number(spec) < 1 || Number(spec) > 256) return `--jobs ${spec}: expected auto or a number from 1 to 256`;
  return Number(spec);
}
