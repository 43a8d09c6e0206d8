/**
 * `goto` and cleanup.h scope-based cleanup in one function.
 *
 *     if (!ok)
 *             goto out;                           <- jumps over the declaration below
 *     struct foo *p __free(kfree) = kzalloc(...);
 *     ...
 *     out:                                        <- p is in scope here
 *             return rc;                          <- kfree(p) runs on an uninitialised p
 *
 * A jump into the scope of a `__free()` variable, a `guard()` or a `CLASS()` object skips its
 * initialisation, yet the scope exit still runs its cleanup: a free of a garbage pointer or an
 * unlock of a lock never taken. clang rejects this; gcc accepts it silently. The CFG records
 * such jumps as bypasses. A goto that stays clear of every cleanup scope is still against
 * cleanup.h's guidance ("usage of goto and cleanup helpers is never mixed in the same
 * function"), reported as a warning.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';
import type { FunctionFacts, ScopedResource } from '../../src/facts/types.js';

export default defineRule({
  id: 'cleanup-goto-mixed',
  meta: {
    kind: 'bug',
    category: 'cleanup-misuse',
    severity: 'error',
    confidence: 'high',
    requires: ['cfg', 'gotos'],
    docs: {
      description: 'Do not jump into the scope of a guard(), __free() or CLASS() variable; do not mix goto with scope-based cleanup in one function.',
      references: ['include/linux/cleanup.h (the goto guidance in its introduction)', 'Documentation/process/coding-style.rst (7: Centralized exiting of functions)'],
      limitations: 'Jumps are judged from what was seen: in a partial function a cleanup declared above the hunk is not known, so neither finding is made. The mixing warning is guidance, not a proven defect: a goto that only leaves scopes is safe, which is why it is a warning.',
    },
    messages: {
      jumpIntoScope: 'The goto {{label}} at line {{line}} jumps into the scope of {{what}} from line {{declLine}}, past its initialisation: the scope exit then {{effect}}.',
      caseIntoScope: 'The switch jumps to the case at line {{line}} past the initialisation of {{what}} from line {{declLine}}: the scope exit then {{effect}}; put the case body in braces.',
      gotoMixed: 'The goto {{label}} at line {{line}} is mixed with scope-based cleanup ({{what}} at line {{declLine}}) in one function; cleanup.h asks to convert all of its cleanups or none.',
    },
  },
  checkFunction(fn, ctx) {
    if (fn.cfg.resources.length === 0) return;
    const bypassed = new Set<number>();
    for (const b of fn.cfg.bypasses) {
      const res = b.resources.map(id => fn.cfg.resources.find(r => r.id === id)).filter((r): r is ScopedResource => r !== undefined);
      const first = res[0];
      if (first === undefined) continue;
      const from = fn.cfg.nodes[b.from];
      const data = { what: describe(first), declLine: first.span.line, effect: effectOf(first) };
      if (from?.kind === 'goto') {
        bypassed.add(b.from);
        const line = lineOf(fn, b.from);
        ctx.report({
          messageId: 'jumpIntoScope', line, fn, data: { ...data, label: from.label ?? '?', line },
          related: [{ line: first.span.line, message: `${describe(first)} declared here` }, { line: lineOf(fn, b.to), message: 'the jump lands here, inside its scope' }],
        });
      } else {
        const line = lineOf(fn, b.to);
        ctx.report({ messageId: 'caseIntoScope', line, fn, data: { ...data, line }, related: [{ line: first.span.line, message: `${describe(first)} declared here` }] });
      }
    }
    const first = firstGoto(fn, bypassed);
    const res = fn.cfg.resources[0];
    if (first === null || res === undefined) return;
    ctx.report({
      messageId: 'gotoMixed', line: first.span.line, fn, severity: 'warning', confidence: 'medium',
      data: { label: first.label, line: first.span.line, what: describe(res), declLine: res.span.line },
      related: [{ line: res.span.line, message: `${describe(res)}: scope-based cleanup` }],
    });
  },
});

/** The first goto that is not already reported as a jump into a scope. */
function firstGoto(fn: FunctionFacts, skip: ReadonlySet<number>): FunctionFacts['gotos'][number] | null {
  const rest = fn.gotos.filter(g => !skip.has(g.node));
  if (rest.length === 0 || rest.length < fn.gotos.length) return null;
  return [...rest].sort((a, b) => a.span.line - b.span.line)[0] ?? null;
}

function describe(r: ScopedResource): string {
  switch (r.kind) {
    case 'free': return `${r.variable ?? '?'} __free(${r.name})`;
    case 'class': return `CLASS(${r.name}) ${r.variable ?? '?'}`;
    case 'guard': return `guard(${r.name})`;
    case 'scoped-guard': return `scoped_guard(${r.name})`;
  }
}

function effectOf(r: ScopedResource): string {
  switch (r.kind) {
    case 'free': return `runs ${r.name}() on an uninitialised ${r.variable ?? 'pointer'}`;
    case 'class': return `runs the ${r.name} destructor on an uninitialised object`;
    case 'guard': case 'scoped-guard': return 'releases a lock that was never taken';
  }
}
