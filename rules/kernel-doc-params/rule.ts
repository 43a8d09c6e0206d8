/**
 * kernel-doc comments that no longer describe their function.
 *
 * `scripts/kernel-doc` (run by `make W=1` and by the kernel test robot) warns when a
 * function's `@param:` lines and its parameters disagree — "function parameter 'x' not
 * described in 'f'", "Excess function parameter 'y' description in 'f'" — and, with
 * `-Wreturn`, when a function that returns a value has no `Return:` section. Patches that add
 * or rename a parameter and forget the comment are a steady source of those reports.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { FileFacts, FunctionFacts, KernelDoc } from '../../src/facts/types.js';

export default defineRule({
  id: 'kernel-doc-params',
  meta: {
    kind: 'style',
    category: 'kernel-doc',
    severity: 'warning',
    confidence: 'high',
    requires: ['kernelDoc', 'texts'],
    docs: {
      description: 'A kernel-doc comment names exactly the parameters of its function and has a Return: section when the function returns a value.',
      references: ['Documentation/doc-guide/kernel-doc.rst', 'scripts/kernel-doc'],
      limitations: 'Only functions whose /** comment and whole signature are seen: in hunk mode a comment outside the hunk is not checked (a false negative, e.g. a parameter added to a function whose comment lies above the hunk; tree mode, --tree, sees it). Function-like macros, structs and enums are not checked. A comment that names a different function, or has no `name() - summary` line (so is not kernel-doc), is skipped.',
    },
    messages: {
      paramMissing: 'The kernel-doc comment of {{name}}() does not describe {{params}}; add {{tags}}.',
      paramExcess: 'The kernel-doc comment of {{name}}() describes @{{param}}, which is not a parameter of {{name}}(); remove it.',
      paramRenamed: 'The kernel-doc comment of {{name}}() describes @{{old}}, but the parameter is named {{param}}; rename the description.',
      returnMissing: 'The kernel-doc comment of {{name}}() has no Return: section, but {{name}}() returns {{type}}; describe the return value.',
    },
  },
  checkFunction(fn, ctx) {
    const doc = fn.kernelDoc;
    if (doc === null || fn.name === null || !fn.seenStart || ctx.file === null) return;
    // no `name() - summary` line: not a kernel-doc comment (kernel-doc says so itself), or another function's
    if (doc.name === null || doc.name !== fn.name) return;
    if (ctx.file.complete !== true && !commentSeen(doc, fn, ctx.file)) return;
    // Doxygen (`@param x`, `\param`), as in ccan code vendored into user-space tools: not kernel-doc
    const text = ctx.file.texts.find(t => t.kind === 'comment' && t.span.line === doc.span.line)?.text ?? '';
    if (/@param\s|@returns?\b|@brief\b|\\param\b/.test(text)) return;
    const params = fn.params.map(p => p.name).filter((n): n is string => n !== null && n !== '' && n !== 'void');
    if (fn.params.some(p => p.name === null && p.type !== 'void' && p.type !== '')) return; // unnamed parameter: cannot compare
    const described = doc.params.map(p => p.name);
    const missing = params.filter(p => !described.includes(p) && !(p === '...' && described.includes('...')));
    const excess = doc.params.filter(p => !params.includes(p.name) && !(p.name === '...' && fn.params.some(q => q.type === '...')));
    const sigLine = fn.span.line;
    // One missing and one excess: a rename; report it once at the stale description.
    if (missing.length === 1 && excess.length === 1 && missing[0] !== undefined && excess[0] !== undefined) {
      ctx.report({
        messageId: 'paramRenamed', line: excess[0].line, fn,
        data: { name: fn.name, old: excess[0].name, param: missing[0] },
        related: [{ line: sigLine, message: `${fn.name}() takes ${missing[0]}` }],
      });
    } else {
      if (missing.length > 0) {
        const params = `${missing.length === 1 ? 'parameter' : 'parameters'} ${list(missing)}`;
        ctx.report({ messageId: 'paramMissing', line: sigLine, fn, data: { name: fn.name, params, tags: list(missing.map(p => `@${p}:`)) }, related: [{ line: doc.span.line, message: 'kernel-doc comment' }] });
      }
      for (const p of excess) {
        ctx.report({ messageId: 'paramExcess', line: p.line, fn, data: { name: fn.name, param: p.name }, related: [{ line: sigLine, message: `${fn.name}() is defined here` }] });
      }
    }
    const type = returnType(fn.returnType);
    if (!doc.hasReturn && type !== null) {
      ctx.report({ messageId: 'returnMissing', line: doc.span.line, fn, data: { name: fn.name, type }, related: [{ line: sigLine, message: `${fn.name}() returns ${type}` }] });
    }
  },
});

/** The return type without storage class and attributes; null for `void`. */
function returnType(raw: string): string | null {
  const t = raw.replace(/\b(static|inline|extern|__always_inline|noinline|__init|__exit|__cold|__weak)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (t === '' || t === 'void') return null;
  return t;
}

/** Every line from the comment's `/**` to the function's first line was seen in the patch (hunk mode). */
function commentSeen(doc: KernelDoc, fn: FunctionFacts, file: FileFacts): boolean {
  const seen = new Set(file.seen.map(l => l.line));
  for (let l = doc.span.line; l < fn.span.line; l++) if (!seen.has(l)) return false;
  return true;
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
