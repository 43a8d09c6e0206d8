/**
 * kernel-doc comments (Documentation/doc-guide/kernel-doc.rst): the `/**` block right above a
 * function, its `name() - summary` line, `@param:` lines and a `Return:` section.
 */
import type { KernelDoc } from './types.js';

/**
 * The kernel-doc comment that ends on the line before `startLine` (1-based) of `lines`, or
 * null. Only seen lines count: an empty unseen line in between means no comment is known.
 */
export function kernelDocAbove(lines: readonly string[], startLine: number): KernelDoc | null {
  let end = startLine - 1;
  // allow the function header to start with attribute lines already part of the definition
  while (end >= 1 && (lines[end - 1] ?? '').trim() === '' && end > startLine - 1) end--;
  const last = (lines[end - 1] ?? '').trim();
  if (!last.endsWith('*/')) return null;
  let start = end;
  while (start >= 1 && !(lines[start - 1] ?? '').trimStart().startsWith('/*')) {
    start--;
    if (end - start > 400) return null;
  }
  if (start < 1 || !(lines[start - 1] ?? '').trimStart().startsWith('/**')) return null;
  return parseKernelDoc(lines.slice(start - 1, end), start);
}

/** Parse a kernel-doc block given as its lines, the first at `firstLine`. */
export function parseKernelDoc(block: readonly string[], firstLine: number): KernelDoc {
  let name: string | null = null;
  const params: { name: string; line: number }[] = [];
  let hasReturn = false;
  block.forEach((raw, i) => {
    const line = raw.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\*\/\s*$/, '').trim();
    if (name === null) {
      const m = /^(?:(?:function|struct|union|enum|typedef)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*\))?\s*(?:-|:)/.exec(line);
      if (m && m[1] !== undefined && i <= 1) name = m[1];
    }
    const p = /^@([A-Za-z_][A-Za-z0-9_]*|\.\.\.)\s*:/.exec(line);
    if (p && p[1] !== undefined) params.push({ name: p[1], line: firstLine + i });
    if (/^(?:Return|Returns|RETURNS?|Return value|Context: .*Return)\s*:/i.test(line) || /^Return(?:s)?\s+/.test(line)) hasReturn = true;
  });
  return {
    span: { line: firstLine, col: 1, endLine: firstLine + block.length - 1, endCol: (block[block.length - 1] ?? '').length + 1 },
    name, params, hasReturn,
  };
}
