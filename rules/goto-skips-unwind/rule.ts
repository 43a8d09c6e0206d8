/**
 * An error path that leaves something acquired which the function undoes on its other error
 * paths: the goto lands on a label below the undo step, or a `return` skips the ladder.
 *
 *     rc = ida_alloc(&ida, GFP_KERNEL);        <- acquired (checked: rc >= 0)
 *     ...
 *     if (!w->name) {
 *             rc = -ENOMEM;
 *             goto err_free;                   <- skips err_id: ida_free()
 *     }
 *     ...
 *     err_id:
 *             ida_free(&ida, w->id);
 *     err_free:
 *             kfree(w);
 *
 * Evidence is a path: the acquisition, the jump, the error return, and the release other
 * error paths run. Acquisitions are tracked through the path walker: a fallible acquisition
 * counts only after its result was tested for success on that path.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { FunctionFacts, ResourceOp } from '../../src/facts/types.js';
import { lineOf } from '../../src/engine/queries.js';
import type { SimPath } from '../../src/engine/path-sim.js';

export default defineRule({
  id: 'goto-skips-unwind',
  meta: {
    kind: 'bug',
    category: 'missing-unwind',
    severity: 'error',
    confidence: 'high',
    requires: ['resources', 'gotos', 'labels', 'returns', 'conditions', 'assignments', 'cfg'],
    docs: {
      description: 'Every error exit must undo what was acquired before it; a goto must land on the label that undoes everything acquired so far.',
      references: ['Documentation/process/coding-style.rst (7: Centralized exiting of functions)', 'Documentation/core-api/idr.rst'],
      limitations: 'Only resources the function itself releases on another error path are checked, so ownership handed elsewhere is not reported; resources released through a container (put_device() running a release callback) are not tracked. Paths beyond the walker bound are not seen (a note says so).',
    },
    messages: {
      gotoSkips: 'The error path through goto {{label}} at line {{line}} skips undoing {{api}}() from line {{acqLine}}: {{target}} stays acquired at the return on line {{retLine}}, while other error paths release it with {{release}}().',
      returnSkips: 'The error return at line {{retLine}} leaves {{target}} from {{api}}() at line {{acqLine}} acquired, while other error paths release it with {{release}}().',
    },
  },
  checkFunction(fn, ctx) {
    if (fn.resources.every(r => r.op !== 'acquire')) return;
    const sim = ctx.simulate(fn);
    const errorPaths = sim.paths.filter(p => p.error === 'yes' && (p.end === 'return' || p.end === 'end'));
    const reported = new Set<string>();
    for (const path of errorPaths) {
      for (const live of path.live) {
        if (!live.checked) continue;
        const release = releasedElsewhere(fn, errorPaths, path, live.op);
        if (release === null) continue;
        const jump = lastGoto(fn, path);
        const retLine = path.returnNode === null ? fn.span.endLine : lineOf(fn, path.returnNode);
        const key = `${live.op.node}:${jump?.node ?? path.returnNode}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const data = { api: live.op.api, acqLine: live.op.span.line, target: live.op.target, retLine, release: release.api };
        const related = [
          { line: live.op.span.line, message: `${live.op.api}() acquires ${live.op.target}` },
          ...(jump ? [{ line: jump.span.line, message: `goto ${jump.label}` }] : []),
          { line: retLine, message: 'error return' },
          { line: release.span.line, message: `${release.api}() undoes it on other paths` },
        ];
        if (jump) ctx.report({ messageId: 'gotoSkips', line: jump.span.line, fn, data: { ...data, label: jump.label, line: jump.span.line }, related });
        else if (path.returnNode !== null) ctx.report({ messageId: 'returnSkips', line: retLine, fn, data, related });
      }
    }
  },
});

/** A release of the same kind of resource that ran on another error path which had acquired it. */
function releasedElsewhere(fn: FunctionFacts, errorPaths: readonly SimPath[], self: SimPath, acq: ResourceOp): ResourceOp | null {
  const releases = fn.resources.filter(r => r.op === 'release' && r.kind === acq.kind && !r.api.startsWith('__free('));
  if (releases.length === 0) return null;
  for (const p of errorPaths) {
    if (p === self || !p.nodes.includes(acq.node)) continue;
    if (p.live.some(l => l.op.node === acq.node)) continue;
    const rel = releases.find(r => p.nodes.includes(r.node));
    if (rel !== undefined) return rel;
  }
  return null;
}

/** The last goto taken on a path. */
function lastGoto(fn: FunctionFacts, path: SimPath): FunctionFacts['gotos'][number] | null {
  for (let i = path.nodes.length - 1; i >= 0; i--) {
    const g = fn.gotos.find(x => x.node === path.nodes[i]);
    if (g !== undefined) return g;
  }
  return null;
}
