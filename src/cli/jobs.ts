/** `--jobs auto|N`: the number of analysis threads. */
import { availableParallelism } from 'node:os';

/** The thread count, or a one-line problem. */
export function parseJobs(spec: string): number | string {
  if (spec === 'auto') return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(spec) || Number(spec) < 1 || Number(spec) > 256) return `--jobs ${spec}: expected auto or a number from 1 to 256`;
  return Number(spec);
}
