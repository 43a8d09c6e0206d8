/**
 * FileFacts for one file of one patch: the facts of every function seen in the post-image (or
 * pre-image), the file-scope declarations the patch adds, the identifiers the seen text uses,
 * and the comments and strings (for spelling).
 */
import { locateFunctions } from '../parse/functions.js';
import { parseC, type SyntaxNode } from '../parse/load.js';
import { normaliseKernelC, type MacroSite } from '../parse/normalise.js';
import type { FileDiff } from '../patch/types.js';
import { fileImages } from '../reconstruct/image.js';
import type { FileImage } from '../reconstruct/types.js';
import { declaredName } from './calls.js';
import { extractFunctionFacts, type FileContext } from './function-facts.js';
import { descendants, spanOf, squash } from './syntax.js';
import { FACTS_VERSION, type DeclFact, type ExportFact, type FileFacts, type FunctionFacts, type TextFact } from './types.js';

/** Only C sources and headers are analysed. */
export function isCFile(path: string): boolean {
  return /\.[ch]$/.test(path);
}

/**
 * Facts of the post-image (or pre-image) of one file diff. Computed once per diff and side: the
 * differential lint asks for the same pre-image once per rule that reports in it.
 */
export function fileFactsOfDiff(file: FileDiff, side: 'post' | 'pre' = 'post'): FileFacts {
  let sides = computed.get(file);
  if (sides === undefined) {
    sides = {};
    computed.set(file, sides);
  }
  return (sides[side] ??= computeFileFactsOfDiff(file, side));
}

const computed = new WeakMap<FileDiff, { post?: FileFacts; pre?: FileFacts }>();

function computeFileFactsOfDiff(file: FileDiff, side: 'post' | 'pre'): FileFacts {
  const images = fileImages(file);
  const image = side === 'post' ? images.post : images.pre;
  const sections = file.hunks.map(h => ({ line: side === 'post' ? h.newStart : h.oldStart, section: h.section }));
  const facts = fileFactsOfImage(image, changedPostLines(file), sections);
  return { ...facts, removedIdentifiers: removedIdentifiersOf(file) };
}

/**
 * The function a hunk header names (`@@ … @@ static int foo(struct bar *b)`): git prints the
 * enclosing function's first line as hunk context.
 */
export function functionOfSection(section: string): string | null {
  if (/^\s*(struct|union|enum)\s+\w+\s*\{?\s*$/.test(section)) return null;
  const m = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(section);
  if (m === null || m[1] === undefined) return null;
  if (/^(if|for|while|switch|return|sizeof|defined)$/.test(m[1])) return null;
  return m[1];
}

/** Identifiers on the lines a diff removes (sorted, unique): names that existed before it. */
export function removedIdentifiersOf(file: FileDiff): string[] {
  const seen = new Set<string>();
  for (const h of file.hunks) {
    for (const l of h.lines) {
      if (l.kind !== '-') continue;
      for (const m of l.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) seen.add(m[0]);
    }
  }
  return [...seen].sort();
}

/** Post-image lines a diff adds, or next to which it removes lines. */
export function changedPostLines(file: FileDiff): Set<number> {
  const out = new Set<number>();
  for (const h of file.hunks) {
    let n = h.newStart === 0 ? 1 : h.newStart;
    for (const l of h.lines) {
      if (l.kind === '+') { out.add(n); n++; }
      else if (l.kind === '-') out.add(n);
      else n++;
    }
  }
  return out;
}

/** Facts of a fragment-shaped (or complete) C text. */
export function fileFactsOfImage(
  image: FileImage, changedLines: ReadonlySet<number>, sections: readonly { readonly line: number; readonly section: string }[] = [],
): FileFacts {
  const lines = image.text.split('\n');
  const ctx: FileContext = { path: image.path, lines, image, changedLines };
  const fragments = image.complete ? [[1, Math.max(1, lines.length)] as const] : image.fragments;
  // The whole text first: a complete file's one fragment is the same text, and its functions are
  // then taken from the tree read whole here instead of being read a second time.
  const normalised = normaliseKernelC(image.text);
  const tree = parseC(normalised.text);
  const root = tree.rootNode;
  const functions: FunctionFacts[] = [];
  for (const fn of locateFunctions(image.text, { fragments })) {
    try {
      const facts = extractFunctionFacts(fn, ctx);
      // a function whose start was not seen is named by the hunk header git wrote above it
      if (facts.name === null && !facts.seenStart) {
        const hunk = [...sections].reverse().find(h => h.line <= facts.span.line);
        const name = hunk === undefined ? null : functionOfSection(hunk.section);
        if (name === null || hunk === undefined) functions.push(facts);
        else {
          // the header line git quotes is the function's own first line: its return type and linkage
          const head = hunk.section.slice(0, hunk.section.indexOf(name)).replace(/\s+/g, ' ').trim();
          const isStatic = /\bstatic\b/.test(head);
          const returnType = head.replace(/\b(static|inline|__always_inline|noinline|extern)\b/g, '').replace(/\s+/g, ' ').trim();
          functions.push({ ...facts, name, nameFrom: 'hunk-header', isStatic, returnType });
        }
      } else {
        functions.push(facts);
      }
    } catch {
      // a function the CFG builder cannot handle is counted as unparsed, never a crash
    }
  }
  const added = new Set(image.lines.filter(l => l.kind === '+').map(l => l.line));
  const idents = identifierTexts(root);
  const stats = {
    functions: functions.length,
    complete: functions.filter(f => f.complete).length,
    withErrorNodes: functions.filter(f => f.complete && f.hasErrorNodes).length,
  };
  return {
    version: FACTS_VERSION,
    path: image.path,
    side: image.side,
    functions,
    decls: declsOf(root, added),
    identifiers: [...idents.keys()].sort(),
    texts: textsOf(root, added),
    identifierCounts: identifierCountsOf(idents, image.text, normalised.text, normalised.sites),
    exports: exportsOf(normalised.sites),
    removedIdentifiers: [],
    seen: image.lines,
    stats,
  };
}

function declsOf(root: SyntaxNode, added: ReadonlySet<number>): DeclFact[] {
  const out: DeclFact[] = [];
  const push = (kind: DeclFact['kind'], name: string | null, node: SyntaxNode, isStatic: boolean) => {
    if (name === null || name === '') return;
    const line = node.startPosition.row + 1;
    const isExtern = node.namedChildren.some(c => c.type === 'storage_class_specifier' && c.text === 'extern');
    out.push({ kind, name, isStatic, isExtern, line, col: node.startPosition.column + 1, added: added.has(line) });
  };
  const visit = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      const isStatic = () => child.namedChildren.some(c => c.type === 'storage_class_specifier' && c.text === 'static');
      switch (child.type) {
        case 'type_definition':
          for (const d of child.childrenForFieldName('declarator')) push('typedef', declaredName(d) ?? typeName(d), child, false);
          break;
        case 'declaration': {
          const declarators = child.childrenForFieldName('declarator');
          const staticDecl = declarators.length > 0 && isStatic();
          for (const d of declarators) {
            const isProto = d.type === 'function_declarator' || descendants(d, FUNCTION_DECLARATOR).length > 0 && d.type !== 'init_declarator';
            push(isProto ? 'prototype' : 'variable', declaredName(d), child, staticDecl);
          }
          break;
        }
        case 'function_definition':
          push('function', declaredName(child.childForFieldName('declarator')), child, isStatic());
          break;
        case 'preproc_def': case 'preproc_function_def':
          push('macro', child.childForFieldName('name')?.text ?? null, child, false);
          break;
        case 'struct_specifier': case 'enum_specifier': case 'union_specifier':
          push(child.type === 'enum_specifier' ? 'enum' : 'struct', child.childForFieldName('name')?.text ?? null, child, false);
          break;
        case 'preproc_ifdef': case 'preproc_if': case 'preproc_else': case 'preproc_elif': case 'linkage_specification': case 'declaration_list':
          visit(child);
          break;
        default:
          break;
      }
    }
  };
  visit(root);
  return out;
}

const FUNCTION_DECLARATOR: ReadonlySet<string> = new Set(['function_declarator']);

function typeName(d: SyntaxNode): string | null {
  if (d.type === 'type_identifier') return d.text;
  const t = descendants(d, new Set(['type_identifier']));
  return t[0]?.text ?? null;
}

const IDENTS = new Set(['identifier', 'type_identifier', 'field_identifier', 'preproc_arg']);

/** How often each identifier (and each identifier-like word of a macro body) occurs in the tree. */
function identifierTexts(root: SyntaxNode): Map<string, number> {
  const seen = new Map<string, number>();
  const add = (name: string) => { seen.set(name, (seen.get(name) ?? 0) + 1); };
  for (const n of descendants(root, IDENTS)) {
    if (n.type === 'preproc_arg') {
      for (const m of n.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) add(m[0]);
    } else {
      add(n.text);
    }
  }
  return seen;
}

/**
 * How often each identifier occurs in the seen code, declarations included, plus the
 * identifiers the normaliser blanked or rewrote (`EXPORT_SYMBOL_GPL(foo);`, `DEFINE_FREE(…)`,
 * `__free(fn)`, the name of an iterator macro turned into `while`), which tree-sitter never sees.
 */
function identifierCountsOf(idents: ReadonlyMap<string, number>, text: string, normalised: string, sites: readonly MacroSite[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (name: string) => { counts[name] = (counts[name] ?? 0) + 1; };
  // one add per occurrence, as a plain object counts them (`constructor` and the like included)
  for (const [name, n] of idents) for (let k = 0; k < n; k++) add(name);
  for (const s of sites) {
    if (!s.rewritten) continue;
    // what the rewrite blanked: identifiers of the original text missing from the normalised one
    const lost = new Map<string, number>();
    for (const m of text.slice(s.start, s.end).matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) lost.set(m[0], (lost.get(m[0]) ?? 0) + 1);
    for (const m of normalised.slice(s.start, s.end).matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) lost.set(m[0], (lost.get(m[0]) ?? 0) - 1);
    for (const [name, n] of lost) for (let k = 0; k < n; k++) add(name);
  }
  return counts;
}

/** `EXPORT_SYMBOL*(name)` at file scope. */
function exportsOf(sites: readonly MacroSite[]): ExportFact[] {
  const out: ExportFact[] = [];
  for (const s of sites) {
    if (s.meaning.kind !== 'file-scope' || !/^EXPORT_SYMBOL/.test(s.macro)) continue;
    const name = s.meaning.args[0]?.trim();
    if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out.push({ name, macro: s.macro, line: s.span.line });
  }
  return out;
}

const TEXTS = new Set(['comment', 'string_literal']);

function textsOf(root: SyntaxNode, added: ReadonlySet<number>): TextFact[] {
  const out: TextFact[] = [];
  for (const n of descendants(root, TEXTS)) {
    const span = spanOf(n);
    let isAdded = false;
    for (let l = span.line; l <= span.endLine && !isAdded; l++) isAdded = added.has(l);
    out.push({ kind: n.type === 'comment' ? 'comment' : 'string', text: n.type === 'comment' ? n.text : squash(n.text), span, added: isAdded });
  }
  return out;
}
