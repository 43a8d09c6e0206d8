/**
 * A new global function or variable in a `.c` file that could be `static`.
 *
 * A definition that no header declares, that is not exported, and that no other file uses is
 * private to its file; without `static` it pollutes the global namespace, may clash at link
 * time, and sparse warns "symbol 'x' was not declared. Should it be static?" — one of the most
 * common reports of the kernel test robot.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { DeclFact, FileFacts } from '../../src/facts/types.js';

export default defineRule({
  id: 'decl-should-be-static',
  meta: {
    kind: 'style',
    category: 'should-be-static',
    severity: 'warning',
    confidence: 'medium',
    requires: ['decls', 'identifiers'],
    docs: {
      description: 'Report a new non-static function or global variable in a .c file that no header in the series declares, nothing exports and no other file of the series uses.',
      references: ['Documentation/dev-tools/sparse.rst', 'Documentation/process/coding-style.rst'],
      limitations: 'Only names the series adds (a name on a removed line existed before: moved or modified definitions are skipped). A declaration in a header the series does not touch is not seen, but a new name cannot be declared there. Weak definitions the facts do not mark (__weak is skipped when recorded as an attribute), symbols used from assembly or linker scripts, and names used only through token pasting are reported wrongly. tools/testing mock wrappers (__wrap_*), main(), extern declarations and XFS-style `STATIC` functions are skipped. In a review reply only the quoted hunks are seen: findings there are notes.',
    },
    messages: {
      function: 'The function {{name}}() is not static, but no header in this series declares it, it is not exported and no other file uses it; make it static.',
      variable: 'The global variable {{name}} is not static, but no header in this series declares it, it is not exported and no other file uses it; make it static.',
      quoted: 'The {{what}} {{name}} is not static and nothing in the quoted hunks declares it in a header, exports it or uses it from another file; it may want to be static.',
    },
  },
  checkPatch(patch, ctx) {
    const files = ctx.series.patches.flatMap(p => p.files);
    const removed = new Set(files.flatMap(f => f.removedIdentifiers));
    for (const file of patch.files) {
      if (!file.path.endsWith('.c')) continue;
      for (const d of file.decls) {
        if (!d.added || d.isStatic || d.isExtern || (d.kind !== 'function' && d.kind !== 'variable')) continue;
        if (d.kind === 'function' && privateByMacro(file, d.name)) continue;
        if (removed.has(d.name) || /^(__wrap_|main$)/.test(d.name)) continue;
        if (d.col > 1 || insideFunction(file, d.line)) continue;
        if (files.some(f => f.exports.some(e => e.name === d.name))) continue;
        if (declaredElsewhere(files, file.path, d)) continue;
        if (usedElsewhere(files, file.path, d.name)) continue;
        if (patch.quoted && originalAdds(ctx.series.patches, file.path, d)) continue;
        const what = d.kind === 'function' ? 'function' : 'global variable';
        if (patch.quoted) {
          ctx.report({ messageId: 'quoted', line: d.line, file: file.path, severity: 'note', data: { what, name: d.kind === 'function' ? `${d.name}()` : d.name } });
        } else {
          ctx.report({ messageId: d.kind, line: d.line, file: file.path, data: { name: d.name } });
        }
      }
    }
  },
});

/** A prototype or extern declaration of the name in another file, or a header anywhere. */
function declaredElsewhere(files: readonly FileFacts[], path: string, d: DeclFact): boolean {
  return files.some(f => (f.path !== path || f.path.endsWith('.h'))
    && f.decls.some(x => x.name === d.name && (x.kind === 'prototype' || x.kind === 'variable' || x.kind === 'macro' || (f.path !== path && x.kind === 'function'))));
}

/** Another file of the series mentions the name outside a declaration of it. */
function usedElsewhere(files: readonly FileFacts[], path: string, name: string): boolean {
  return files.some(f => f.path !== path && (f.identifierCounts[name] ?? 0) > f.decls.filter(x => x.name === name).length);
}

function originalAdds(series: readonly { readonly quoted: boolean; readonly files: readonly FileFacts[] }[], path: string, d: DeclFact): boolean {
  return series.some(p => !p.quoted && p.files.some(f => f.path === path && f.decls.some(x => x.added && x.name === d.name)));
}

/** A declaration the fragment parser hoisted out of a function body the hunk cut. */
function insideFunction(file: FileFacts, line: number): boolean {
  return file.functions.some(fn => fn.span.line < line && line <= fn.span.endLine);
}

/** `STATIC void f(…)` (XFS's debug-visible static) or a `__weak` default: not a plain global. */
function privateByMacro(file: FileFacts, name: string): boolean {
  return file.functions.some(fn => fn.name === name && (/\bSTATIC\b/.test(fn.returnType) || fn.attributes.some(a => /weak/.test(a))));
}
