/**
 * A new error exit whose unwind label disagrees with the next error exit, when nothing is
 * acquired in between.
 *
 *     if (is_sparse(dax_region) && data->size) {
 *             rc = -EINVAL;
 *             goto err_id;          <- this exit
 *     }
 *     rc = alloc_dev_dax_range(...);
 *     if (rc)
 *             goto err_range;       <- the next exit: same state, different label
 *
 * When the only step between two error exits is the call whose failure takes the second one,
 * both exits leave with the same things acquired, so an unwind ladder must send them to the
 * same label. This works on a hunk alone, without seeing the labels — the way a reviewer asks
 * "Right label?".
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { FunctionFacts } from '../../src/facts/types.js';
import { BENIGN_CALLS, branchSuccessor, edgesOf, guardingBranch, lineOf, stepsAt, straightTo } from '../../src/engine/queries.js';

export default defineRule({
  id: 'goto-label-mismatch',
  meta: {
    kind: 'bug',
    category: 'goto-label',
    severity: 'warning',
    confidence: 'medium',
    requires: ['gotos', 'labels', 'calls', 'conditions', 'assignments', 'cfg'],
    docs: {
      description: 'Two error exits that unwind the same state must jump to the same label of the unwind ladder.',
      references: ['Documentation/process/coding-style.rst (7: Centralized exiting of functions)'],
      limitations: 'Only the next error exit after a goto is compared, and only when the steps between are the one call whose failure takes it (logging calls ignored). A call the table does not know as benign stops the comparison (no finding).',
    },
    messages: {
      labelMismatch: 'The error exit goto {{label}} at line {{line}} unwinds differently from the next error exit, goto {{next}} at line {{nextLine}} when {{call}}() fails, although nothing is acquired in between; one of the two labels is wrong.',
    },
  },
  checkFunction(fn, ctx) {
    for (const g of fn.gotos) {
      const next = nextErrorExit(fn, g.node);
      if (next === null || next.label === g.label) continue;
      ctx.report({
        messageId: 'labelMismatch', line: g.span.line, fn,
        data: { label: g.label, line: g.span.line, next: next.label, nextLine: next.line, call: next.call },
        related: [{ line: next.line, message: `goto ${next.label} after ${next.call}() fails` }],
      });
    }
  },
});

interface NextExit { readonly label: string; readonly line: number; readonly call: string }

/** The next goto error exit after the branch guarding `gotoNode`, if only its own fallible call lies between. */
function nextErrorExit(fn: FunctionFacts, gotoNode: number): NextExit | null {
  const guard = guardingBranch(fn, gotoNode);
  if (guard === null) return null;
  // The goto must sit under a plain check: when its branch tests a call's result, the other
  // side is that call's success, which changes what must be undone.
  if (stepsAt(fn, guard.branch).length > 0) return null;
  const tested = fn.conditions.find(c => c.node === guard.branch)?.variable ?? null;
  if (tested !== null && fn.assignments.some(a => a.target === tested && a.fromCall !== null && a.node < guard.branch && !BENIGN_CALLS.test(a.fromCall))) return null;
  let cur = branchSuccessor(fn, guard.branch, guard.sense === 'true' ? 'false' : 'true');
  const steps: FunctionFacts['calls'][number][] = [];
  const { out } = edgesOf(fn);
  for (let i = 0; cur !== null && i < 48; i++) {
    const node = fn.cfg.nodes[cur];
    if (node === undefined) return null;
    if (node.kind === 'statement') {
      steps.push(...stepsAt(fn, cur));
      if (steps.length > 1) return null;
      const succ = out[cur] ?? [];
      if (succ.length !== 1) return null;
      cur = succ[0]?.to ?? null;
      continue;
    }
    if (node.kind !== 'branch') return null;
    const cond = fn.conditions.find(c => c.node === cur);
    const branchSteps = stepsAt(fn, cur);
    const all = [...steps, ...branchSteps];
    for (const sense of ['true', 'false'] as const) {
      const side = branchSuccessor(fn, cur, sense);
      const end = side === null ? null : straightTo(fn, side);
      const g = end === null ? undefined : fn.gotos.find(x => x.node === end);
      if (g === undefined) continue;
      // the exit must be taken when the one step between fails
      const call = all.length === 1 ? all[0] : undefined;
      if (call === undefined) return null;
      const tested = (cond?.variable !== null && cond?.variable === call.assignedTo) || (cond?.callee === call.callee && call.inCondition);
      if (!tested) return null;
      return { label: g.label, line: lineOf(fn, g.node), call: call.callee };
    }
    // a plain check between (no steps yet): keep going along its fall-through side
    if (all.length > 0) return null;
    return null;
  }
  return null;
}
