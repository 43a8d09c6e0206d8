/**
 * Ownership mistakes with `__free()` variables (include/linux/cleanup.h):
 *
 *     struct foo *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);
 *     ...
 *     return p;                    <- kfree(p) runs as the function returns: the caller gets
 *                                     freed memory (return_ptr(p) hands it over)
 *
 *     dev_set_drvdata(dev, no_free_ptr(p));
 *     p->state = READY;            <- no_free_ptr() set p to NULL: NULL dereference
 *
 *     rc = devm_add_action_or_reset(dev, foo_release, p);
 *     if (rc)
 *             return rc;           <- the failed registration already ran foo_release(p),
 *                                     then kfree(p) runs again at scope exit: double free
 *
 * Every finding is a path: where the variable's ownership should have moved, and the scope
 * exit that frees it anyway (or the use after it moved).
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { lineOf } from '../../src/engine/queries.js';
import type { SimPath } from '../../src/engine/path-sim.js';
import type { DevresOp, FunctionFacts, ScopedResource } from '../../src/facts/types.js';
import { bareName, useOf } from './uses.js';

export default defineRule({
  id: 'cleanup-free-misuse',
  meta: {
    kind: 'bug',
    category: 'cleanup-misuse',
    severity: 'error',
    confidence: 'high',
    requires: ['cfg', 'returns', 'devres', 'assignments', 'conditions'],
    docs: {
      description: 'A __free() variable must be handed over with return_ptr()/no_free_ptr() when it is returned or given to devres, and must not be used after no_free_ptr().',
      references: ['include/linux/cleanup.h (__free, no_free_ptr, return_ptr, retain_and_null_ptr)', 'Documentation/driver-api/driver-model/devres.rst (devm_add_action_or_reset)'],
      limitations: 'Only the variable itself is followed: a __free pointer copied to another variable, or a member address (&p->dev) returned or registered, is not tracked. Paths beyond the walker bound are not seen. A value use after no_free_ptr() (the variable passed on, now NULL) is a warning, because some callees accept NULL.',
    },
    messages: {
      returnedFreed: 'The __free({{free}}) variable {{variable}} is returned at line {{line}} without return_ptr(): {{free}}() runs on it as the function returns, so the caller gets a freed object.',
      usedAfterTransfer: 'The __free variable {{variable}} is dereferenced at line {{line}} after {{transfer}}() at line {{transferLine}} set it to NULL.',
      passedAfterTransfer: 'The __free variable {{variable}} is used at line {{line}} after {{transfer}}() at line {{transferLine}} set it to NULL; use the pointer the transfer returned.',
      devresDoubleFree: 'The __free({{free}}) variable {{variable}} is given to {{api}}() at line {{line}} without no_free_ptr(): when the registration fails the action releases it and the scope exit at line {{exitLine}} frees it again; pass no_free_ptr({{variable}}).',
      devresFreedOnSuccess: 'The __free({{free}}) variable {{variable}} is given to {{api}}() at line {{line}} and never handed over: on success the scope exit at line {{exitLine}} frees what devres will release again at unbind; transfer it with no_free_ptr() or retain_and_null_ptr().',
    },
  },
  checkFunction(fn, ctx) {
    const frees = fn.cfg.resources.filter(r => r.kind === 'free' && r.variable !== null);
    if (frees.length === 0) return;
    const sim = ctx.simulate(fn);
    const seen = new Set<string>();
    const once = (key: string): boolean => (seen.has(key) ? false : (seen.add(key), true));
    for (const r of frees) {
      const v = r.variable as string;
      const cleanups = new Set(fn.cfg.nodes.filter(n => n.releases === r.id).map(n => n.id));
      for (const path of sim.paths) {
        returnedFreed(fn, r, v, cleanups, path, (line) => {
          if (!once(`ret:${line}`)) return;
          ctx.report({ messageId: 'returnedFreed', line, fn, data: { free: r.name, variable: v, line }, related: [{ line: r.span.line, message: `${v} declared __free(${r.name})` }] });
        });
        usedAfterTransfer(fn, v, path, (line, deref, tLine, transfer) => {
          if (!once(`use:${line}:${v}`)) return;
          ctx.report({
            messageId: deref ? 'usedAfterTransfer' : 'passedAfterTransfer', line, fn, severity: deref ? 'error' : 'warning',
            data: { variable: v, line, transfer, transferLine: tLine },
            related: [{ line: tLine, message: `${transfer}(${v}) sets ${v} to NULL` }],
          });
        });
        for (const d of fn.devres) {
          if (d.kind !== 'action' || d.data === null || bareName(d.data) !== v) continue;
          const exit = freedAfter(fn, v, cleanups, path, d);
          if (exit === null || !once(`devres:${d.node}`)) continue;
          const exitLine = lineOf(fn, exit);
          ctx.report({
            messageId: d.runsActionOnFailure ? 'devresDoubleFree' : 'devresFreedOnSuccess', line: d.span.line, fn,
            data: { variable: v, api: d.api, line: d.span.line, free: r.name, exitLine },
            related: [{ line: r.span.line, message: `${v} declared __free(${r.name})` }, { line: exitLine, message: `${r.name}(${v}) runs at this scope exit` }],
          });
        }
      }
    }
  },
});

/** `return v;` on a path where v still owns its object (no transfer, not known NULL or an ERR_PTR). */
function returnedFreed(fn: FunctionFacts, r: ScopedResource, v: string, cleanups: ReadonlySet<number>, path: SimPath, report: (line: number) => void): void {
  if (path.returnNode === null) return;
  const ret = fn.returns.find(x => x.node === path.returnNode);
  if (ret === undefined || bareName(ret.text) !== v) return;
  const at = path.nodes.indexOf(path.returnNode);
  if (!path.nodes.slice(at).some(n => cleanups.has(n))) return;
  if (path.nodes.slice(0, at + 1).some(n => fn.cfg.nodes[n]?.transfers?.includes(v))) return;
  const known = path.values[v];
  if (known === 'zero' || known === 'errptr') return;
  void r;
  report(ret.span.line);
}

/** Uses of v after a transfer (no_free_ptr & co. leave v NULL) and before v is assigned again. */
function usedAfterTransfer(fn: FunctionFacts, v: string, path: SimPath, report: (line: number, deref: boolean, transferLine: number, transfer: string) => void): void {
  let moved: { line: number; transfer: string } | null = null;
  for (const id of path.nodes) {
    const node = fn.cfg.nodes[id];
    if (node === undefined) continue;
    if (node.transfers?.includes(v)) {
      moved = { line: lineOf(fn, id), transfer: transferName(node.text, v) };
      continue;
    }
    if (fn.assignments.some(a => a.node === id && a.target === v)) { moved = null; continue; }
    if (moved === null || node.kind === 'cleanup' || node.span === null) continue;
    const use = useOf(node.text, v);
    if (use !== 'none') report(node.span.line, use === 'deref', moved.line, moved.transfer);
  }
}

function transferName(text: string, v: string): string {
  const m = new RegExp(`\\b(no_free_ptr|return_ptr|retain_and_null_ptr|take_fd|no_free_fd)\\s*\\(\\s*${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\)`).exec(text);
  return m?.[1] ?? 'no_free_ptr';
}

/**
 * The scope exit that frees v after the devres registration `d` on this path, when ownership
 * never moved in between and (for a plain devm_add_action) the registration may have succeeded.
 */
function freedAfter(fn: FunctionFacts, v: string, cleanups: ReadonlySet<number>, path: SimPath, d: DevresOp): number | null {
  const at = path.nodes.indexOf(d.node);
  if (at < 0) return null;
  for (const id of path.nodes.slice(at)) {
    if (fn.cfg.nodes[id]?.transfers?.includes(v)) return null;
    if (id !== d.node && fn.assignments.some(a => a.node === id && a.target === v)) return null;
    if (cleanups.has(id)) {
      if (d.runsActionOnFailure) return id;
      const result = d.assignedTo === null ? undefined : path.values[d.assignedTo];
      return result === 'negative' || result === 'nonzero' ? null : id;
    }
  }
  return null;
}
