/**
 * devm-managed memory (or a managed resource) released by hand with its unmanaged
 * counterpart:
 *
 *     buf = devm_kzalloc(dev, len, GFP_KERNEL);
 *     ...
 *     kfree(buf);                  <- devres frees buf again at unbind: double free
 *
 * The API table (DEVRES_APIS, `manualRelease`) says which release must not be used; the
 * correct one is the devm_ variant (`devm_kfree()`), or none. The path proves it: the pointer
 * comes from the devm_ call and is not reassigned before the manual release.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { DEVRES_API_BY_NAME } from '../../src/facts/apis/devres.js';

interface Managed {
  readonly api: string;
  readonly release: string;
  readonly line: number;
}

export default defineRule({
  id: 'devres-freed-manually',
  meta: {
    kind: 'bug',
    category: 'devres-misuse',
    severity: 'error',
    confidence: 'high',
    requires: ['devres', 'calls', 'assignments', 'cfg'],
    docs: {
      description: 'Do not release devm-managed memory or resources with the unmanaged API (kfree() on devm_kzalloc() memory): devres releases them again at unbind.',
      references: ['Documentation/driver-api/driver-model/devres.rst', 'include/linux/device/devres.h'],
      limitations: 'Only the variable (or lvalue text) the devm_ call was assigned to is followed; a copy made in another variable, or a pointer that arrives through a parameter or a structure filled elsewhere, is not known to be managed. Paths beyond the walker bound are not seen.',
    },
    messages: {
      freedManually: 'The devm-managed {{target}} from {{api}}() at line {{allocLine}} is released with {{release}}() at line {{line}}; devres releases it again at unbind (double free): use devm_{{release}}() or drop the release.',
    },
  },
  checkFunction(fn, ctx) {
    const allocs = fn.devres.filter(d => d.assignedTo !== null && DEVRES_API_BY_NAME.get(d.api)?.manualRelease !== undefined);
    if (allocs.length === 0) return;
    const releases = new Set(allocs.map(d => DEVRES_API_BY_NAME.get(d.api)?.manualRelease));
    const frees = fn.calls.filter(c => releases.has(c.callee));
    if (frees.length === 0) return;
    const seen = new Set<number>();
    for (const path of ctx.simulate(fn).paths) {
      const managed = new Map<string, Managed>();
      for (const id of path.nodes) {
        for (const c of frees) {
          if (c.node !== id || seen.has(c.node)) continue;
          const target = norm(c.args[0] ?? '');
          const m = managed.get(target);
          if (m === undefined || m.release !== c.callee) continue;
          seen.add(c.node);
          ctx.report({
            messageId: 'freedManually', line: c.span.line, fn,
            data: { target, api: m.api, allocLine: m.line, release: c.callee, line: c.span.line },
            related: [{ line: m.line, message: `${m.api}() allocates ${target}, managed by devres` }],
          });
        }
        for (const a of fn.assignments) if (a.node === id) managed.delete(norm(a.target));
        for (const d of allocs) {
          if (d.node !== id || d.assignedTo === null) continue;
          const release = DEVRES_API_BY_NAME.get(d.api)?.manualRelease;
          if (release !== undefined) managed.set(norm(d.assignedTo), { api: d.api, release, line: d.span.line });
        }
      }
    }
  },
});

/** `&x->buf`, `(void *)buf`, `x -> buf` compare as written without casts and spacing. */
function norm(expr: string): string {
  let s = expr.trim();
  for (;;) {
    const before = s;
    if (/^\((.*)\)$/.test(s)) s = s.slice(1, -1).trim();
    s = s.replace(/^\((?:const\s+)?(?:struct\s+)?[A-Za-z_][A-Za-z0-9_]*\s*\**\)\s*/, '').trim();
    if (s === before) break;
  }
  return s.replace(/\s*(->|\.)\s*/g, '$1');
}
