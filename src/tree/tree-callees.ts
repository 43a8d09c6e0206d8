/**
 * Callees from the tree beyond the patched files, where that is cheap: functions the changed
 * code calls that no patched file defines are looked up in the C files of the same directories
 * (`drivers/nvdimm/claim.c` for a call in `drivers/nvdimm/pfn_devs.c`), and only those
 * definitions are analysed, so their summaries ("asserts nvdimm_bus->reconfig_mutex",
 * "frees its argument") reach the callers.
 *
 * Bounds and known limits: one directory level (no include-path resolution), at most
 * {@link MAX_DIR_FILES} files per directory and {@link MAX_CALLEES} names per series; a
 * `static` function of another `.c` file is not callable from here and is skipped (a `static
 * inline` in a header of the directory is taken); a definition is found by its name at the start
 * of a line or after the return type on the same line (kernel style), to the next `}` in
 * column 0.
 */
import { fileFactsOfImage } from '../facts/file-facts.js';
import type { FunctionFacts } from '../facts/types.js';
import type { FileImage } from '../reconstruct/types.js';

export const MAX_DIR_FILES = 64;
export const MAX_CALLEES = 200;
/** A definition longer than this is not a helper worth summarising here. */
const MAX_FUNCTION_LINES = 400;

/** What {@link treeCallees} needs of the tree: directory listings and file texts (as the series left them). */
export interface CalleeSource {
  listCFiles(dir: string): readonly string[];
  text(path: string): string | null;
}

/**
 * Facts of the functions the changed functions of `fns` call, defined in files of the same
 * directories as `fns` but not among `fns` themselves. Deterministic: files in name order,
 * the first definition wins.
 */
export function treeCallees(fns: readonly FunctionFacts[], source: CalleeSource): FunctionFacts[] {
  const defined = new Set(fns.map(f => f.name).filter((n): n is string => n !== null));
  const wanted = new Set<string>();
  for (const f of fns) {
    if (!f.changed) continue;
    for (const c of f.calls) if (/^[A-Za-z_]\w*$/.test(c.callee) && !defined.has(c.callee)) wanted.add(c.callee);
  }
  if (wanted.size === 0) return [];
  const names = [...wanted].sort().slice(0, MAX_CALLEES);
  const dirs = [...new Set(fns.map(f => f.file.includes('/') ? f.file.slice(0, f.file.lastIndexOf('/')) : ''))].filter(d => d !== '').sort();
  const patched = new Set(fns.map(f => f.file));
  const found = new Map<string, FunctionFacts>();
  const pattern = new RegExp(`^(?:[A-Za-z_][\\w \\t*]*[ \\t*])?(${names.map(escape).join('|')})[ \\t]*\\(`, 'gm');
  for (const dir of dirs) {
    for (const name of source.listCFiles(dir).slice(0, MAX_DIR_FILES)) {
      const path = `${dir}/${name}`;
      if (patched.has(path)) continue;
      const text = source.text(path);
      if (text === null) continue;
      const lines = text.split('\n');
      for (const def of definitions(text, lines, pattern)) {
        if (found.has(def.name)) continue;
        const fn = analyse(path, lines, def);
        if (fn === null || fn.name !== def.name) continue;
        if (fn.isStatic && !(path.endsWith('.h') && /\binline\b/.test(fn.returnType + fn.attributes.join(' ')))) continue;
        found.set(def.name, fn);
      }
    }
  }
  return [...found.values()];
}

interface Definition {
  readonly name: string;
  /** 1-based first and last line. */
  readonly start: number;
  readonly end: number;
}

function* definitions(text: string, lines: readonly string[], pattern: RegExp): Generator<Definition> {
  pattern.lastIndex = 0;
  const lineOf = lineIndex(text);
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const name = m[1] as string;
    const at = lineOf(m.index); // 0-based line of the name
    // a definition: `{` before any `;` after the parameter list
    const rest = text.slice(m.index, m.index + 4000);
    const brace = rest.indexOf('{');
    const semi = rest.indexOf(';');
    if (brace < 0 || (semi >= 0 && semi < brace)) continue;
    // kernel style puts the return type on the line above a name in column 0
    const start = m[0].trimStart().startsWith(name) && at > 0 && /^[A-Za-z_][\w \t*]*$/.test(lines[at - 1] ?? '') ? at : at + 1;
    let end = -1;
    for (let k = at; k < lines.length && k < at + MAX_FUNCTION_LINES; k++) if (lines[k] === '}') { end = k + 1; break; }
    if (end < 0) continue;
    yield { name, start, end };
  }
}

function analyse(path: string, lines: readonly string[], def: Definition): FunctionFacts | null {
  const shaped = lines.slice(0, def.end).map((l, i) => (i + 1 >= def.start ? l : ''));
  const image: FileImage = { path, side: 'post', text: shaped.join('\n') + '\n', lines: [], fragments: [[def.start, def.end]], complete: false };
  try {
    return fileFactsOfImage(image, new Set()).functions.find(f => f.complete && f.name === def.name) ?? null;
  } catch {
    return null;
  }
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return offset => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
