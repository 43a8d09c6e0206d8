/** TLC-style text and JSON views of a `CheckResult` (pure; the CLI prints them). */
import type { CheckResult } from './types.js';

/** One sentence stating what was searched and whether the search was exhaustive. */
export function boundSentence(r: CheckResult): string {
  const b = r.bound;
  const scope = `depth ≤ ${b.depth}, ≤ ${b.maxStates} states, ≤ ${b.maxFaults} injected fault(s)`;
  return r.exhaustive
    ? `Exhaustive within ${scope}: all ${r.distinct} reachable states visited.`
    : `NOT exhaustive: search stopped at ${scope} with ${r.queue} state(s) left unexplored.`;
}

/** Multi-line text report: statistics, violations with changed-only traces, coverage. */
export function formatText(r: CheckResult, title: string): string {
  const lines: string[] = [];
  lines.push(`Model ${title} (${r.strategy.toUpperCase()})`);
  lines.push(`${r.states} states generated, ${r.distinct} distinct states found, ${r.queue} states left on queue.`);
  lines.push(`The depth of the complete state graph search is ${r.depth}. Elapsed ${r.elapsedMs} ms (${r.statesPerSec} states/s).`);
  lines.push(boundSentence(r));
  if (r.violations.length === 0) lines.push('No invariant is violated and no deadlock was found.');
  for (const v of r.violations) {
    lines.push('');
    lines.push(`Error: ${v.kind === 'deadlock' ? 'Deadlock reached' : `Invariant ${v.invariant} is violated`}${v.detail ? ` (${v.detail})` : ''}.`);
    v.trace.forEach((t, i) => {
      lines.push(`  ${i + 1}. ${t.action}${t.fault ? ` [fault: ${t.fault}]` : ''}`);
      for (const c of t.changes) lines.push(`       ${c}`);
    });
    lines.push(`  replay: ${v.replay}`);
  }
  lines.push('');
  lines.push('Coverage (fired / new states):');
  for (const [name, c] of Object.entries(r.coverage)) lines.push(`  ${name}: ${c.fired} / ${c.newStates}`);
  for (const w of r.warnings) lines.push(`Warning: ${w}.`);
  return `${lines.join('\n')}\n`;
}
