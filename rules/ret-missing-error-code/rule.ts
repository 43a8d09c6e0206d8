/**
 * An error path that returns success: a step failed, the path jumps to the error label, and the
 * label returns the error variable — which still holds 0 on this path.
 *
 *     rc = foo_enable(f);          <- rc == 0 from here on
 *     if (rc)
 *             return rc;
 *     f->buf = kzalloc(64, GFP_KERNEL);
 *     if (!f->buf)
 *             goto err_disable;    <- rc is still 0: the caller is told it worked
 *     ...
 *     err_disable:
 *             foo_disable(f);
 *             return rc;
 *
 * Evidence is a path: a failure that is unambiguous (an allocation returned NULL, IS_ERR() is
 * true, a call's result is negative), a goto, and a return of a variable the walker knows is 0
 * there while other paths return it as an error. "Not found, nothing to do" lookups returning
 * NULL are not failures here.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';
import type { SimPath } from '../../src/engine/path-sim.js';
import type { FunctionFacts } from '../../src/facts/types.js';

interface Failure {
  readonly node: number;
  readonly line: number;
  readonly what: string;
}

export default defineRule({
  id: 'ret-missing-error-code',
  meta: {
    kind: 'bug',
    category: 'swallowed-error',
    severity: 'error',
    confidence: 'high',
    requires: ['conditions', 'resources', 'devres', 'assignments', 'returns', 'gotos', 'calls', 'cfg'],
    docs: {
      description: 'An error path must set the error code it returns: a goto to the error label after a failed allocation, an IS_ERR() pointer or a negative result must not return a variable that still holds 0.',
      references: ['Documentation/process/coding-style.rst (7: Centralized exiting of functions; 16: Function return values and names)'],
      limitations: 'Only failures that cannot mean success are evidence: NULL from an allocator, IS_ERR(), a negative call result. A lookup returning NULL ("nothing to do") is not. Error paths that return 0 directly without a goto are not reported (some are deliberate). A variable set through a pointer or by a callee is not seen, which can make a report wrong.',
    },
    messages: {
      missingErrorCode: 'The error path for {{what}} at line {{failLine}} jumps to {{label}} and returns {{variable}}, which is still 0 here: the failure is reported as success; set {{variable}} before the goto.',
    },
  },
  checkFunction(fn, ctx) {
    // only int error codes: a pointer-returning function returns NULL (0) for failure on purpose
    if (fn.gotos.length === 0 || fn.hasErrorNodes || /\*/.test(fn.returnType) || /\b(void|bool)\b/.test(fn.returnType)) return;
    const sim = ctx.simulate(fn);
    const errorVars = new Set(sim.paths.filter(p => p.error === 'yes' && p.returnNode !== null)
      .map(p => fn.returns.find(r => r.node === p.returnNode)?.variable ?? null).filter((v): v is string => v !== null));
    const seen = new Set<number>();
    for (const path of sim.paths) {
      if (path.returnNode === null || path.end !== 'return') continue;
      const ret = fn.returns.find(r => r.node === path.returnNode);
      const v = ret?.variable ?? null;
      if (ret === undefined || v === null || !errorVars.has(v) || path.values[v] !== 'zero') continue;
      // a callee may set it through a pointer: foo(&rc)
      if (fn.calls.some(c => path.nodes.includes(c.node) && c.args.some(a => a.replace(/\s+/g, '') === `&${v}`))) continue;
      const failure = lastFailure(fn, path, v);
      if (failure === null || seen.has(failure.node)) continue;
      const jump = firstGotoAfter(fn, path, failure.node);
      if (jump === null) continue;
      seen.add(failure.node);
      ctx.report({
        messageId: 'missingErrorCode', line: jump.span.line, fn,
        data: { what: failure.what, failLine: failure.line, label: jump.label, variable: v },
        related: [{ line: failure.line, message: `${failure.what} fails here` }, { line: jump.span.line, message: `goto ${jump.label}` }, { line: ret.span.line, message: `returns ${v} (0 on this path)` }],
      });
    }
  },
});

/** The last unambiguous failure branch taken on the path (about something other than v). */
function lastFailure(fn: FunctionFacts, path: SimPath, v: string): Failure | null {
  const allocs = new Set([
    ...fn.resources.filter(r => r.op === 'acquire' && r.kind === 'memory' && r.fails === 'null').map(r => r.target),
    ...fn.devres.filter(d => d.kind === 'alloc' && d.assignedTo !== null).map(d => d.assignedTo as string),
  ]);
  const fromCall = new Set(fn.assignments.filter(a => a.fromCall !== null).map(a => a.target));
  let found: Failure | null = null;
  for (let i = 0; i + 1 < path.nodes.length; i++) {
    const id = path.nodes[i] as number;
    const cond = fn.conditions.find(c => c.node === id);
    if (cond === undefined || cond.variable === null || cond.variable === v) continue;
    const next = path.nodes[i + 1];
    const edge = fn.cfg.edges.find(e => e.from === id && e.to === next && (e.kind === 'true' || e.kind === 'false'));
    if (edge === undefined) continue;
    const implied = edge.kind === 'true' ? cond.whenTrue : negate(cond.whenTrue);
    const x = cond.variable;
    const line = lineOf(fn, id);
    if (implied === 'zero' && allocs.has(x)) found = { node: id, line, what: `the allocation of ${x}` };
    else if (implied === 'err-ptr') found = { node: id, line, what: `IS_ERR(${x})` };
    else if (implied === 'negative' && fromCall.has(x)) found = { node: id, line, what: `${x} < 0` };
  }
  return found;
}

function firstGotoAfter(fn: FunctionFacts, path: SimPath, node: number): FunctionFacts['gotos'][number] | null {
  const at = path.nodes.indexOf(node);
  for (const id of path.nodes.slice(at + 1)) {
    const g = fn.gotos.find(x => x.node === id);
    if (g !== undefined) return g;
  }
  return null;
}

function negate(w: FunctionFacts['conditions'][number]['whenTrue']): FunctionFacts['conditions'][number]['whenTrue'] {
  const table = { zero: 'nonzero', nonzero: 'zero', negative: 'nonnegative', nonnegative: 'negative', 'err-ptr': 'not-err-ptr', 'not-err-ptr': 'err-ptr', 'err-or-null': 'unknown', unknown: 'unknown' } as const;
  return table[w];
}
