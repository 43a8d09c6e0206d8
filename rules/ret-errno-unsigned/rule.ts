/**
 * A negative errno stored in a variable that cannot hold it, then tested for `< 0`:
 *
 *     u32 id;
 *     ...
 *     id = ida_alloc(&foo_ida, GFP_KERNEL);     <- -ENOMEM becomes 4294967284
 *     if (id < 0)                               <- never true: the failure goes unnoticed
 *             return id;
 *
 * The variable is a local or a parameter whose declared type is unsigned (or bool), the value
 * reaching the test came from a call or an errno constant, and the test is `x < 0` or
 * `x >= 0`, which the compiler folds to a constant.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { BENIGN_CALLS, lineOf } from '../../src/engine/queries.js';
import { isUnsignedType } from '../../src/facts/apis/ctypes.js';
import type { FunctionFacts } from '../../src/facts/types.js';

export default defineRule({
  id: 'ret-errno-unsigned',
  meta: {
    kind: 'bug',
    category: 'swallowed-error',
    severity: 'error',
    confidence: 'high',
    requires: ['conditions', 'assignments', 'cfg'],
    docs: {
      description: 'A variable that receives negative error codes must be signed: an unsigned (or bool) variable tested with `< 0` never sees the error.',
      references: ['Documentation/process/coding-style.rst (16: Function return values and names)', 'include/uapi/asm-generic/errno-base.h'],
      limitations: 'Types are read from the declaration as written, so a typedef not in the table (UNSIGNED_TYPES) is not known to be unsigned, and a variable shadowed in a nested block may be judged by the wrong declaration. Struct members are not checked.',
    },
    messages: {
      neverNegative: 'The variable {{variable}} is declared {{type}} at line {{declLine}}, so `{{cond}}` at line {{line}} is never {{never}}: the negative error from {{source}} at line {{assignLine}} goes unnoticed; make {{variable}} a signed int.',
    },
  },
  checkFunction(fn, ctx) {
    const tests = fn.conditions.filter(c => c.variable !== null && (c.whenTrue === 'negative' || c.whenTrue === 'nonnegative'));
    if (tests.length === 0) return;
    const sim = ctx.simulate(fn);
    for (const t of tests) {
      const v = t.variable as string;
      const decl = declarationOf(fn, v);
      if (decl === null || !isUnsignedType(decl.type)) continue;
      const source = reachingErrorSource(fn, sim.paths, v, t.node);
      if (source === null) continue;
      const line = lineOf(fn, t.node);
      ctx.report({
        messageId: 'neverNegative', line, fn,
        data: { variable: v, type: decl.type, declLine: decl.line, cond: t.text, line, never: t.whenTrue === 'negative' ? 'true' : 'false', source: source.what, assignLine: source.line },
        related: [{ line: decl.line, message: `${v} declared ${decl.type}` }, { line: source.line, message: `${v} = ${source.what}` }],
      });
    }
  },
});

/** The local (or parameter) declaration of a plain variable. */
function declarationOf(fn: FunctionFacts, v: string): { type: string; line: number } | null {
  if (!/^[A-Za-z_]\w*$/.test(v)) return null;
  const locals = fn.locals.filter(l => l.name === v);
  if (locals.length > 1) return null; // shadowed: not sure which one
  const local = locals[0];
  if (local !== undefined) return local.indirect ? null : { type: local.type, line: local.line };
  const param = fn.params.find(p => p.name === v);
  if (param === undefined || /\*|\[/.test(param.type)) return null;
  return { type: param.type.replace(new RegExp(`\\b${v}\\b`), '').trim(), line: fn.span.line };
}

/** A store of a call result or an errno into v that reaches the test on some path. */
function reachingErrorSource(fn: FunctionFacts, paths: readonly { readonly nodes: readonly number[] }[], v: string, test: number): { what: string; line: number } | null {
  const stores = fn.assignments.filter(a => a.target === v);
  for (const p of paths) {
    const at = p.nodes.indexOf(test);
    if (at < 0) continue;
    for (let i = at; i >= 0; i--) {
      const s = stores.find(a => a.node === p.nodes[i]);
      if (s === undefined) continue;
      if (s.valueClass === 'errno' || s.valueClass === 'ptr-err') return { what: s.value, line: s.span.line };
      if (s.fromCall !== null && !BENIGN_CALLS.test(s.fromCall)) return { what: `${s.fromCall}()`, line: s.span.line };
      break;
    }
  }
  return null;
}
