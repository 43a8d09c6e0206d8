/**
 * One updating status line for long runs on a terminal: `\r` + counts, at most every
 * `intervalMs` (nothing at all for runs shorter than that), erased by {@link ProgressLine.clear}.
 * Callers create it only when stderr is a terminal: b4 and CI expect nothing on stderr.
 */
import type { LintProgress } from './lint-run.js';

export class ProgressLine {
  private last: number;
  private width = 0;

  /** `write` goes to a terminal; `now` is the clock in milliseconds (injectable for tests). */
  constructor(
    private readonly write: (s: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 250,
  ) {
    this.last = now();
  }

  /** Show `p` unless the line was drawn less than `intervalMs` ago. */
  update(p: LintProgress): void {
    const t = this.now();
    if (t - this.last < this.intervalMs) return;
    this.last = t;
    const text = `kvet: ${p.messages} messages, ${p.patches} patches analysed, ${p.findings} findings`;
    this.write(`\r${text.padEnd(this.width)}`);
    this.width = text.length;
  }

  /** Erase the line (when one was drawn) and leave the cursor at its start. */
  clear(): void {
    if (this.width === 0) return;
    this.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}
