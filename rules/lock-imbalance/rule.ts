/**
 * Lock balance on every exit: a lock this function took without a scope guard is still held
 * when it returns (while other exits release it), or a lock is released on a path where it is
 * not held. Scope-based guards (`guard()`, `scoped_guard()`) are released by cleanup.h and
 * never reported here.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';

export default defineRule({
  id: 'lock-imbalance',
  meta: {
    kind: 'bug',
    category: 'lock-imbalance',
    severity: 'error',
    confidence: 'high',
    requires: ['locks', 'returns', 'cfg'],
    docs: {
      description: 'Release every lock taken without a guard on every exit; never release a lock that is not held.',
      references: ['Documentation/locking/mutex-design.rst', 'include/linux/cleanup.h'],
      limitations: 'Functions that return with a lock held on purpose (lock helpers, __acquires) are recognised only when no exit releases it. Conditional locking through flags (`if (locked) mutex_unlock()`) can look unbalanced.',
    },
    messages: {
      heldOnReturn: 'Lock {{lock}} taken at line {{line}} is still held when returning {{value}} at line {{retLine}}, while other exits release it.',
      releaseNotHeld: 'The call to {{api}}() at line {{line}} releases {{lock}}, which is not held on this path.',
    },
  },
  checkFunction(fn, ctx) {
    const sim = ctx.simulate(fn);
    const exits = sim.paths.filter(p => p.end === 'return' || p.end === 'end');
    const seen = new Set<string>();
    for (const path of exits) {
      for (const h of path.held) {
        if (h.scoped || path.entryHeld.includes(h.lock)) continue;
        // a lock helper returns with the lock held on every exit: not an imbalance
        const releasing = exits.filter(p => p !== path && p.nodes.includes(h.node) && !p.held.some(x => x.lock === h.lock));
        if (releasing.length === 0) continue;
        // A helper that returns with the lock held on success and drops it on failure
        // (get_x() … put_x()) is not unbalanced: only compare like with like.
        if (path.error !== 'yes' && releasing.every(p => p.error === 'yes')) continue;
        const retNode = path.returnNode;
        const retLine = retNode === null ? fn.span.endLine : lineOf(fn, retNode);
        const key = `held:${h.node}:${retNode}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const value = retNode === null ? '(end of function)' : fn.returns.find(r => r.node === retNode)?.text || '(void)';
        ctx.report({
          messageId: 'heldOnReturn', line: retLine, fn, data: { lock: h.lock, line: h.line, value, retLine },
          related: [{ line: h.line, message: `${h.lock} taken here` }],
        });
      }
      for (const e of path.events) {
        if (e.kind !== 'release-not-held') continue;
        const key = `rel:${e.node}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const line = lineOf(fn, e.node);
        ctx.report({ messageId: 'releaseNotHeld', line, fn, data: { api: e.api, line, lock: e.lock }, severity: 'warning', confidence: 'medium' });
      }
    }
  },
});
