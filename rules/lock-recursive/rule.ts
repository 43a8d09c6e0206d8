/**
 * Taking a lock that is already held on the path: directly, through a callee that takes it,
 * or through a callback an API runs synchronously — the devres action that
 * `devm_add_action_or_reset()` runs when it fails, a `device_for_each_child()` callback.
 *
 *     guard(rwsem_write)(&dax_region_rwsem);
 *     ...
 *     rc = devm_add_action_or_reset(dev, dax_release_resource, res);
 *         -> on failure: dax_release_resource() -> guard(rwsem_write)(&dax_region_rwsem)
 *
 * Kernel locks are not recursive: this is a self-deadlock (lockdep: "possible recursive
 * locking detected"). Two read holds of an rwsem are not reported.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';

export default defineRule({
  id: 'lock-recursive',
  meta: {
    kind: 'bug',
    category: 'recursive-lock',
    severity: 'error',
    confidence: 'high',
    requires: ['locks', 'calls', 'devres', 'summaries', 'cfg'],
    docs: {
      description: 'Do not take a lock already held on the path, directly or through a callee or a synchronously run callback.',
      references: ['Documentation/locking/lockdep-design.rst', 'Documentation/driver-api/driver-model/devres.rst (devm_add_action_or_reset)', 'include/linux/cleanup.h'],
      limitations: 'Callees are known only when their body is in the same patch or series (or the tree in tree mode); lock identities are compared by expression, so the same lock reached through different pointers is not matched.',
    },
    messages: {
      direct: 'Lock {{lock}} is taken at line {{line}} while already held since line {{heldLine}}: self-deadlock.',
      viaCallee: 'The call to {{callee}}() at line {{line}} takes {{lock}}, which is already held since line {{heldLine}}: self-deadlock.',
      viaCallback: 'The call to {{api}}() at line {{line}} runs {{callee}}() synchronously{{when}}, and {{callee}}() takes {{lock}}, already held since line {{heldLine}}: self-deadlock.',
    },
    model: 'noSelfDeadlock',
  },
  checkFunction(fn, ctx) {
    const sim = ctx.simulate(fn);
    const seen = new Set<string>();
    for (const path of sim.paths) {
      for (const e of path.events) {
        if (e.kind !== 'recursive-lock') continue;
        const key = `${e.node}:${e.lock}:${e.via ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const line = lineOf(fn, e.node);
        const related = [{ line: e.held.line, message: `${e.lock} taken here` }];
        if (e.via === null) {
          ctx.report({ messageId: 'direct', line, fn, data: { lock: e.lock, line, heldLine: e.held.line }, related });
        } else if (e.api !== null) {
          const onFailure = fn.devres.some(d => d.node === e.node && d.runsActionOnFailure && d.action === e.via);
          ctx.report({
            messageId: 'viaCallback', line, fn,
            data: { api: e.api, line, callee: e.via, when: onFailure ? ' when it fails' : '', lock: e.lock, heldLine: e.held.line },
            related: [...related, ...(e.viaLine !== null ? [{ line: e.viaLine, file: ctx.summary(e.via)?.file ?? fn.file, message: `${e.via}() takes ${e.lock}` }] : [])],
          });
        } else {
          ctx.report({ messageId: 'viaCallee', line, fn, data: { callee: e.via, line, lock: e.lock, heldLine: e.held.line }, related });
        }
      }
    }
  },
});
