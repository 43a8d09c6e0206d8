/**
 * A function whose contract is `lockdep_assert_held*(L)` (or that calls one with that
 * contract without taking L itself) called on a path where L is not held, or held in the
 * wrong mode (a read hold where `lockdep_assert_held_write()` wants a writer).
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';
import { unknownWrapperMayTake } from '../../src/engine/summaries.js';

export default defineRule({
  id: 'lock-not-held',
  meta: {
    kind: 'bug',
    category: 'lock-not-held',
    severity: 'error',
    confidence: 'high',
    requires: ['locks', 'calls', 'summaries', 'cfg'],
    docs: {
      description: 'Call a function that asserts a lock (lockdep_assert_held*) only with that lock held in the mode it asserts.',
      references: ['include/linux/lockdep.h (lockdep_assert_held, lockdep_assert_held_write, lockdep_assert_held_read)', 'Documentation/locking/lockdep-design.rst'],
      limitations: 'Contracts are known for callees in the same patch, series or tree. A caller whose own start is not visible (hunk mode) may hold the lock from before: such findings are notes. Locks reached through different pointer expressions are not matched.',
    },
    messages: {
      notHeld: 'The call to {{callee}}() at line {{line}} requires {{lock}} held{{mode}} ({{why}}), but it is not held there.',
      wrongMode: 'The call to {{callee}}() at line {{line}} requires {{lock}} held for write ({{why}}), but it is only held for read there.',
    },
    model: 'lockHeldWhereAsserted',
  },
  checkFunction(fn, ctx) {
    const sim = ctx.simulate(fn);
    const seen = new Set<string>();
    for (const path of sim.paths) {
      for (const e of path.events) {
        if (e.kind !== 'requirement-not-met') continue;
        const key = `${e.node}:${e.lock}:${e.callee}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // an unknown wrapper (cxl_device_lock(&port->dev)) may take the lock: no proof
        if (unknownWrapperMayTake(fn, e.lock, name => ctx.summary(name) !== null)) continue;
        const line = lineOf(fn, e.node);
        const callee = ctx.summary(e.callee);
        const why = e.assertLine !== null && callee !== null ? `asserted at ${callee.file}:${e.assertLine}` : 'its lockdep assertion';
        const related = e.assertLine !== null && callee !== null ? [{ line: e.assertLine, file: callee.file, message: `${e.callee}() asserts ${e.lock}` }] : [];
        const partial = !fn.seenStart;
        const extra = partial ? { severity: 'note' as const, confidence: 'low' as const } : {};
        if (e.heldMode === 'read') {
          ctx.report({ messageId: 'wrongMode', line, fn, data: { callee: e.callee, lock: e.lock, why, line }, related, ...extra });
        } else {
          const mode = e.needed === 'write' ? ' for write' : e.needed === 'read' ? ' for read' : '';
          ctx.report({ messageId: 'notHeld', line, fn, data: { callee: e.callee, lock: e.lock, mode, why, line }, related, ...extra });
        }
      }
    }
  },
});

