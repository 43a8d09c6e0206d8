/**
 * Same-length normalisation of kernel C for tree-sitter-c. Every rewrite replaces a range by
 * text of the same length and keeps its newlines, so every line and column of the code around
 * a macro stays where it was. Each macro met is recorded with what it means, rewritten or not,
 * so the CFG and facts can restore the semantics the rewrite hid (a `scoped_guard` and a
 * `list_for_each_entry` become `while` loops, a `__free(kfree)` disappears from the declaration).
 *
 * Known limits: macros inside `#define` bodies are not touched (tree-sitter does not parse those
 * bodies); a `scoped_cond_guard` whose argument tail is shorter than `;else` stays as written.
 */
import { matchBrackets, tokenizeC, type CToken } from './c-tokens.js';
import {
  BARE_ATTRIBUTE_PATTERN, BARE_ATTRIBUTES, CALL_ATTRIBUTES, CONDITIONAL_GUARD_CLASS, FILE_SCOPE_MACROS, ITERATOR_MACRO,
  OWNERSHIP_TRANSFER, TYPE_SYNTAX_CALLS,
} from './kernel-macros.js';
import { LineIndex, type Span } from './span.js';

/** What a recognised macro means for control flow and facts. */
export type MacroMeaning =
  /** `guard(lockClass)(args);` acquires; released at the end of the enclosing scope. */
  | { readonly kind: 'guard'; readonly lockClass: string; readonly args: readonly string[] }
  /** `scoped_guard(lockClass, args) body`: held for the body; `break` leaves the body. */
  | { readonly kind: 'scoped-guard'; readonly lockClass: string; readonly args: readonly string[]; readonly conditional: boolean }
  /**
   * `scoped_cond_guard(lockClass, fail, args) body` (normalised to `if (lockClass) fail; else
   * body`, the condition standing for "acquisition failed"): `fail` runs without the lock.
   */
  | { readonly kind: 'scoped-cond-guard'; readonly lockClass: string; readonly fail: string; readonly args: readonly string[] }
  /** `T *v __free(fn) = …;`: `fn(v)` runs when `v` goes out of scope. */
  | { readonly kind: 'cleanup-attribute'; readonly fn: string; readonly variable: string | null }
  /** `CLASS(className, variable)(args);`: a scoped object with a destructor. */
  | { readonly kind: 'class'; readonly className: string; readonly variable: string; readonly args: readonly string[] }
  /** `no_free_ptr(v)`, `return_ptr(v)`, `retain_and_null_ptr(v)`: ownership leaves `v`. */
  | { readonly kind: 'ownership-transfer'; readonly variable: string; readonly returns: boolean }
  /** `list_for_each_entry(args) body` and the other iterator macros: a loop. */
  | { readonly kind: 'iterator-loop'; readonly args: readonly string[] }
  /** `__must_check`, `__iomem`, `__acquires(x)`, …: an annotation without syntax. */
  | { readonly kind: 'attribute'; readonly args: readonly string[] }
  /** `container_of(p, struct x, m)`: a macro argument that is a type (`struct`/`union`/`enum` blanked). */
  | { readonly kind: 'type-argument'; readonly type: string }
  /** `EXPORT_SYMBOL_GPL(f);`, `DEFINE_FREE(…)`, `static DEVICE_ATTR_RO(x);`, `MODULE_*(…)`, … */
  | { readonly kind: 'file-scope'; readonly args: readonly string[] };

/** One macro occurrence. `start`/`end` are offsets of the whole construct in the text. */
export interface MacroSite {
  readonly macro: string;
  readonly meaning: MacroMeaning;
  readonly span: Span;
  readonly start: number;
  readonly end: number;
  /** The text was changed (same length) to help tree-sitter; false: recorded only. */
  readonly rewritten: boolean;
}

/** Normalised text (same length and line layout as the input) and the macros met. */
export interface Normalised {
  readonly text: string;
  readonly sites: readonly MacroSite[];
}

const STMT_BEFORE = new Set([';', '{', '}', ')', ':', 'else', 'do']);

/** Normalise kernel C (see module doc). Pure; the output text has the input's length and newlines. */
export function normaliseKernelC(text: string): Normalised {
  // A complete file's one fragment and the file itself are the same text: normalised once.
  if (lastNormalised !== null && lastNormalised.input === text) return lastNormalised.result;
  const result = normaliseShifted(text);
  lastNormalised = { input: text, result };
  return result;
}

let lastNormalised: { readonly input: string; readonly result: Normalised } | null = null;

function normaliseShifted(text: string): Normalised {
  // Fragment-shaped texts start with the empty lines of what was not seen: normalise the rest
  // and shift it down (a run of `\n` holds no token, and every column after it is unchanged).
  let lead = 0;
  while (text.charCodeAt(lead) === 10) lead++;
  if (lead === 0) return normaliseText(text);
  const rest = normaliseText(text.slice(lead));
  const sites = rest.sites.map(s => ({
    ...s, start: s.start + lead, end: s.end + lead,
    span: { line: s.span.line + lead, col: s.span.col, endLine: s.span.endLine + lead, endCol: s.span.endCol },
  }));
  return { text: text.slice(0, lead) + rest.text, sites };
}

function normaliseText(text: string): Normalised {
  const toks = tokenizeC(text);
  const match = matchBrackets(toks);
  // the characters, split only when something is rewritten
  const rewritten: { chars: string[] | null } = { chars: null };
  const edit = (): string[] => (rewritten.chars ??= text.split(''));
  let idx: LineIndex | null = null;
  const sites: MacroSite[] = [];
  const site = (macro: string, meaning: MacroMeaning, start: number, end: number, rewritten: boolean): void => {
    idx ??= new LineIndex(text);
    sites.push({ macro, meaning, span: idx.span(start, end), start, end, rewritten });
  };
  const blank = (start: number, end: number): void => {
    const out = edit();
    for (let k = start; k < end; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  /** Write `s` at `at` if it does not cross a newline; returns whether it did. */
  const write = (at: number, s: string): boolean => {
    if (text.slice(at, at + s.length).includes('\n')) return false;
    const out = edit();
    for (let k = 0; k < s.length; k++) out[at + k] = s[k] ?? ' ';
    return true;
  };
  const args = (open: number): string[] => splitArgs(text, toks, match, open);
  let depth = 0;

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === undefined) continue;
    if (t.kind === 'punct') {
      if (t.text === '{') depth++;
      else if (t.text === '}') depth = Math.max(0, depth - 1);
      continue;
    }
    if (t.kind !== 'ident') continue;
    if ((t.text === 'struct' || t.text === 'union' || t.text === 'enum') && isTypeArgument(toks, i, match)) {
      // `container_of(p, struct x, m)` → `container_of(p,        x, m)`: an identifier argument.
      const name = toks[i + 1];
      blank(t.start, t.end);
      site(t.text, { kind: 'type-argument', type: `${t.text} ${name?.text ?? ''}` }, t.start, name?.end ?? t.end, true);
      continue;
    }
    const prev = toks[i - 1];
    const next = toks[i + 1];
    const member = prev !== undefined && (prev.text === '.' || prev.text === '->');
    if (member) continue;
    const open = next?.text === '(' ? i + 1 : -1;
    const close = open === -1 ? -1 : match[open] ?? -1;
    const afterClose = close === -1 ? undefined : toks[close + 1];
    const stmtStart = prev === undefined || STMT_BEFORE.has(prev.text);

    if (BARE_ATTRIBUTES.has(t.text) || BARE_ATTRIBUTE_PATTERN.test(t.text)) {
      blank(t.start, t.end);
      site(t.text, { kind: 'attribute', args: [] }, t.start, t.end, true);
      continue;
    }
    if (close === -1) continue;
    const closeTok = toks[close];
    if (closeTok === undefined) continue;

    if (CALL_ATTRIBUTES.has(t.text) || t.text === '__free' || t.text === '__cleanup') {
      blank(t.start, closeTok.end);
      const a = args(open);
      const meaning: MacroMeaning = t.text === '__free' || t.text === '__cleanup'
        ? { kind: 'cleanup-attribute', fn: a[0] ?? '', variable: declaredBefore(toks, i) }
        : { kind: 'attribute', args: a };
      site(t.text, meaning, t.start, closeTok.end, true);
      i = close;
      continue;
    }
    if (t.text === 'guard' && stmtStart && afterClose?.text === '(') {
      const close2 = match[close + 1] ?? -1;
      const end = toks[close2]?.end ?? closeTok.end;
      site('guard', { kind: 'guard', lockClass: args(open)[0] ?? '', args: args(close + 1) }, t.start, end, false);
      i = close;
      continue;
    }
    if (t.text === 'CLASS' && stmtStart && afterClose?.text === '(') {
      const a = args(open);
      const close2 = match[close + 1] ?? -1;
      const end = toks[close2]?.end ?? closeTok.end;
      site('CLASS', { kind: 'class', className: a[0] ?? '', variable: a[1] ?? '', args: args(close + 1) }, t.start, end, false);
      i = close;
      continue;
    }
    if (OWNERSHIP_TRANSFER.has(t.text)) {
      site(t.text, { kind: 'ownership-transfer', variable: stripAddr(args(open)[0] ?? ''), returns: t.text === 'return_ptr' }, t.start, closeTok.end, false);
      continue;
    }
    const isBody = afterClose !== undefined && (afterClose.text === '{' || afterClose.kind === 'ident');
    if (t.text === 'scoped_guard' && stmtStart && isBody) {
      const a = args(open);
      const lockClass = a[0] ?? '';
      // `scoped_guard(mutex, &m) {` → `while       (mutex, &m) {`: like the kernel's `for`-based
      // macro it takes no `else` (an `if` would capture the `else` of an enclosing `if`), and
      // `break` inside it leaves it.
      const ok = write(t.start, pad('while', t));
      site(t.text, { kind: 'scoped-guard', lockClass, args: a.slice(1), conditional: CONDITIONAL_GUARD_CLASS.test(lockClass) }, t.start, closeTok.end, ok);
      i = open;
      continue;
    }
    if (t.text === 'scoped_cond_guard' && stmtStart && isBody) {
      const ok = rewriteCondGuard(text, toks, match, open, close, edit);
      const a = args(open);
      site(t.text, { kind: 'scoped-cond-guard', lockClass: a[0] ?? '', fail: a[1] ?? '', args: a.slice(2) }, t.start, closeTok.end, ok);
      if (ok) write(t.start, pad('if', t));
      i = open;
      continue;
    }
    if (ITERATOR_MACRO.test(t.text) && stmtStart && isBody) {
      // `list_for_each_entry(p, h, m) {` → `while              (p, h, m) {`: a loop that may not run.
      const ok = write(t.start, pad('while', t));
      site(t.text, { kind: 'iterator-loop', args: args(open) }, t.start, closeTok.end, ok);
      i = open;
      continue;
    }
    // A statement of its own: `…);`, or no `;` and the next declaration follows. Not
    // `DECLARE_BITMAP(m, 8) = {};`, which declares a variable (in a body seen from its middle).
    const standsAlone = afterClose === undefined || afterClose.text === ';' || afterClose.kind === 'ident';
    if (depth === 0 && standsAlone && (stmtStart || prev?.text === 'static') && FILE_SCOPE_MACROS.some((re) => re.test(t.text))) {
      const from = prev?.text === 'static' ? prev.start : t.start;
      const end = afterClose?.text === ';' ? afterClose.end : closeTok.end;
      blank(from, end);
      site(t.text, { kind: 'file-scope', args: args(open) }, from, end, true);
      i = afterClose?.text === ';' ? close + 1 : close;
    }
  }
  return { text: rewritten.chars === null ? text : rewritten.chars.join(''), sites };
}

/** `keyword` padded with spaces to the length of the macro name token it replaces. */
function pad(keyword: string, t: CToken): string {
  return keyword + ' '.repeat(t.end - t.start - keyword.length);
}

/** The variable a `__free()` at token `i` belongs to: the identifier before it, past annotations. */
function declaredBefore(toks: readonly CToken[], i: number): string | null {
  for (let k = i - 1; k >= 0; k--) {
    const tk = toks[k];
    if (tk?.kind !== 'ident') return null;
    if (!BARE_ATTRIBUTES.has(tk.text) && !BARE_ATTRIBUTE_PATTERN.test(tk.text)) return tk.text;
  }
  return null;
}

/**
 * Whether token `i` (`struct`/`union`/`enum`) starts a macro argument that is exactly a tag
 * type (`struct x`, `const struct x`) of a call in expression context, not a declaration.
 */
function isTypeArgument(toks: readonly CToken[], i: number, match: Int32Array): boolean {
  const name = toks[i + 1];
  const after = toks[i + 2];
  if (name?.kind !== 'ident' || (after?.text !== ',' && after?.text !== ')')) return false;
  let b = i - 1;
  if (toks[b]?.text === 'const') b--;
  const before = toks[b];
  if (before?.text !== ',' && before?.text !== '(') return false;
  // Find the `(` of the enclosing argument list.
  let k = b;
  while (k >= 0 && toks[k]?.text !== '(') {
    const tk = toks[k];
    if ((tk?.text === ')' || tk?.text === ']' || tk?.text === '}') && (match[k] ?? -1) >= 0) k = match[k] ?? k;
    else if (tk?.text === ';' || tk?.text === '{' || tk?.text === '}') return false;
    k--;
  }
  const callee = toks[k - 1];
  if (callee?.kind !== 'ident' || TYPE_SYNTAX_CALLS.has(callee.text)) return false;
  const beforeCallee = toks[k - 2];
  if (beforeCallee === undefined) return false;
  // `int f(struct x)` is a declaration; `= container_of(…)`, `return list_entry(…)` are expressions.
  return beforeCallee.kind === 'punct' ? beforeCallee.text !== '*' : ['return', 'case'].includes(beforeCallee.text);
}

/**
 * `scoped_cond_guard(NAME, FAIL, ARGS)` → `if …(NAME) FAIL;else…`: the macro name becomes `if`
 * (written by the caller), the comma after NAME becomes `)`, the tail from the comma after FAIL
 * becomes `;else` plus blanks. The condition reads "acquisition failed"; the site says so.
 */
function rewriteCondGuard(
  text: string, toks: readonly CToken[], match: Int32Array, open: number, close: number, edit: () => string[],
): boolean {
  const commas = topLevelCommas(toks, match, open, close);
  const c1 = toks[commas[0] ?? -1];
  const c2 = toks[commas[1] ?? -1];
  const end = toks[close]?.end ?? 0;
  if (c1 === undefined || c2 === undefined || end - c2.start < 5) return false;
  if (text.slice(c2.start, c2.start + 5).includes('\n')) return false;
  const out = edit();
  out[c1.start] = ')';
  for (let k = c2.start; k < end; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  ';else'.split('').forEach((ch, k) => { out[c2.start + k] = ch; });
  return true;
}

function topLevelCommas(toks: readonly CToken[], match: Int32Array, open: number, close: number): number[] {
  const commas: number[] = [];
  for (let k = open + 1; k < close; k++) {
    const tk = toks[k];
    if (tk === undefined) break;
    if ((tk.text === '(' || tk.text === '[' || tk.text === '{') && (match[k] ?? -1) > k) { k = match[k] ?? k; continue; }
    if (tk.text === ',') commas.push(k);
  }
  return commas;
}

/** The top-level comma-separated argument texts of the bracket group opened at token `open`. */
function splitArgs(text: string, toks: readonly CToken[], match: Int32Array, open: number): string[] {
  const close = match[open] ?? -1;
  const o = toks[open];
  const c = toks[close];
  if (o === undefined || c === undefined) return [];
  const bounds = [o.end, ...topLevelCommas(toks, match, open, close).flatMap((k) => {
    const tk = toks[k];
    return tk === undefined ? [] : [tk.start, tk.end];
  }), c.start];
  const res: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k += 2) {
    res.push(text.slice(bounds[k], bounds[k + 1]).trim().replace(/\s+/g, ' '));
  }
  return res.length === 1 && res[0] === '' ? [] : res;
}

function stripAddr(s: string): string {
  return s.replace(/^&/, '').trim();
}
