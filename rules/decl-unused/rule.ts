/**
 * A declaration the series adds that nothing in the series uses.
 *
 * A new typedef, macro, struct or prototype with no user is dead weight at best and,
 * more often, a leftover of an earlier version of the series; reviewers ask "Why is this
 * here?". A declaration is new when its name appears on no line the series removes (so a
 * moved or modified declaration is not reported).
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { DeclFact, FileFacts } from '../../src/facts/types.js';
import type { PatchView } from '../../src/engine/views.js';

const KIND_WORD: Readonly<Record<Exclude<DeclFact['kind'], 'variable' | 'function' | 'enum'>, string>> = {
  typedef: 'typedef', prototype: 'function prototype', macro: 'macro', struct: 'struct',
};

export default defineRule({
  id: 'decl-unused',
  meta: {
    kind: 'style',
    category: 'unused-decl',
    severity: 'warning',
    confidence: 'medium',
    requires: ['decls', 'identifiers'],
    docs: {
      description: 'Report a typedef, macro, struct or function prototype that a series adds and nothing in the series uses.',
      references: ['Documentation/process/submitting-patches.rst (separate your changes: each patch justifiable on its own)', 'Documentation/process/coding-style.rst (typedefs, macros)'],
      limitations: 'Uses are counted over the lines the series shows: in hunk mode code outside the hunks is not seen, but a new name can only be used by code the series adds, so the answer holds for new names. A prototype is only reported when the series also adds its definition (otherwise the definition and its callers may lie outside the view), and as a note: public library APIs (libcxl.h) and interfaces meant for later series have no caller yet. A declaration that later series are meant to use is reported (it is still unused in this one). Names built by token pasting (DEFINE_*(name) → name_fn) are not seen as uses. Enums are skipped (code uses their enumerators, not the tag, and the facts do not list enumerators). Unused macros and structs are notes: register and bit definitions from a hardware spec, and ABI or protocol structs (uapi headers, fuse_kernel.h), are often added unused on purpose; typedefs are warnings. In a review reply that quotes part of a patch only the quoted hunks are the series: findings there are notes.',
    },
    messages: {
      unused: 'The {{kind}} {{name}} is added but nothing in this series uses it; drop it or add it with its first user.',
      unusedPrototype: 'The function {{name}}() is declared here and defined in this series, but nothing in this series calls it; drop it or add it with its first user.',
      unusedQuoted: 'The {{kind}} {{name}} is added but nothing in the quoted hunks uses it; check whether the patch needs it.',
    },
  },
  checkPatch(patch, ctx) {
    const series = ctx.series.patches;
    const files = series.flatMap(p => p.files);
    const removed = new Set(files.flatMap(f => f.removedIdentifiers));
    const reported = new Set<string>();
    for (const file of patch.files) {
      for (const d of file.decls) {
        if (!d.added || d.kind === 'variable' || d.kind === 'function' || d.kind === 'enum') continue;
        if (removed.has(d.name) || isHeaderGuard(d) || reported.has(d.name)) continue;
        if (d.col > 1 || insideFunction(file, d.line)) continue;
        if (patch.quoted && originalAdds(series, file.path, d)) continue;
        if (usesIn(files, d.name) > 0) continue;
        if (d.kind === 'prototype' && !files.some(f => f.decls.some(x => x.kind === 'function' && x.name === d.name))) continue;
        reported.add(d.name);
        const kind = KIND_WORD[d.kind];
        if (patch.quoted) {
          ctx.report({ messageId: 'unusedQuoted', line: d.line, file: file.path, severity: 'note', data: { kind, name: d.name } });
        } else if (d.kind === 'prototype') {
          // a library's public API and exported kernel interfaces often get their users later: a note
          ctx.report({ messageId: 'unusedPrototype', line: d.line, file: file.path, severity: 'note', data: { name: d.name } });
        } else {
          // hardware-spec constants and ABI/protocol structs (uapi, fuse_kernel.h) are often added unused on purpose: notes
          ctx.report({ messageId: 'unused', line: d.line, file: file.path, data: { kind, name: d.name }, ...(d.kind === 'macro' || d.kind === 'struct' ? { severity: 'note' as const } : {}) });
        }
      }
    }
  },
});

/** Occurrences of `name` in the series that are not one of its own declarations. */
function usesIn(files: readonly FileFacts[], name: string): number {
  let uses = 0;
  for (const f of files) {
    const count = f.identifierCounts[name] ?? 0;
    if (count === 0) continue;
    const decls = f.decls.filter(d => d.name === name).length;
    uses += Math.max(0, count - decls);
  }
  return uses;
}

/** `#define FOO_H` / `__FOO_H__`: include guards are used by the #ifndef that precedes them. */
function isHeaderGuard(d: DeclFact): boolean {
  return d.kind === 'macro' && /(^_+[A-Z0-9_]*_H_*$)|(_H_*$)/.test(d.name);
}

/** The patch a reply quotes is in the same series and adds the same declaration: it reports it. */
function originalAdds(series: readonly PatchView[], path: string, d: DeclFact): boolean {
  return series.some(p => !p.quoted && p.files.some(f => f.path === path && f.decls.some(x => x.added && x.name === d.name && x.kind === d.kind)));
}

/** A declaration the fragment parser hoisted out of a function body the hunk cut. */
function insideFunction(file: FileFacts, line: number): boolean {
  return file.functions.some(fn => fn.span.line < line && line <= fn.span.endLine);
}
