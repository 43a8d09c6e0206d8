/**
 * How a statement's text mentions a variable: not at all, as a value, or dereferenced.
 * Works on the condensed text of one CFG node; string literals and comments are ignored, and
 * a member of the same name (`x->p`, `x.p`) is not the variable.
 */

/** How `text` uses `variable`. */
export function useOf(text: string, variable: string): 'none' | 'value' | 'deref' {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const name = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^A-Za-z0-9_.>])(\\*\\s*)?${name}(?![A-Za-z0-9_])(\\s*(->|\\[))?`, 'g');
  let use: 'none' | 'value' | 'deref' = 'none';
  for (const m of code.matchAll(re)) {
    const before = code.slice(0, m.index + (m[1]?.length ?? 0)).trimEnd();
    // `a * p` is a product; `*p` after an operator or an opening is a dereference
    const star = m[2] !== undefined && (before === '' || /[=(,;!&|?:{]$/.test(before) || /\breturn$/.test(before));
    if (m[3] !== undefined || star) return 'deref';
    use = 'value';
  }
  return use;
}

/** Strip casts and parentheses around a returned or passed value: `(void *)p` → `p`. */
export function bareName(expr: string): string {
  let s = expr.trim();
  for (;;) {
    const before = s;
    if (/^\((.*)\)$/.test(s)) s = s.slice(1, -1).trim();
    s = s.replace(/^\((?:const\s+)?(?:struct\s+)?[A-Za-z_][A-Za-z0-9_]*\s*\**\)\s*/, '').trim();
    if (s === before) return s;
  }
}
