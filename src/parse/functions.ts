/**
 * Function definitions in C text: whole files, or fragment-shaped texts (line N of the text is
 * line N of the real file, unseen lines empty; see `src/reconstruct/types.ts` `FileImage`).
 * Each seen fragment is parsed on its own, so a function is `complete` only when its whole
 * definition lies in one fragment. A fragment that starts or ends inside a function is wrapped
 * (an opening line on the unseen line before it, closing braces on the unseen line after it) and
 * analysed as a `partial` function as far as it is visible, with what was not seen marked.
 *
 * Known limits: a fragment wholly inside a function body is recognised when it shows a
 * statement keyword, a label, an unmatched `}` or a tab-indented statement (kernel style); its
 * name is unknown (`null`).
 */
import { tokenizeC, type CToken } from './c-tokens.js';
import { parseC, type SyntaxNode } from './load.js';
import { normaliseKernelC, type MacroSite } from './normalise.js';
import { spanOfPoints, type Span } from './span.js';

/** A parameter as written: its type text and name (null for `void` or unnamed). */
export interface FunctionParam {
  readonly name: string | null;
  readonly type: string;
  readonly span: Span;
}

/** A function definition as plain data (serialisable; no tree-sitter objects). */
export interface FunctionInfo {
  /** Declared name; null when the start of a partial function was not seen. */
  readonly name: string | null;
  /** Span of what was seen of the definition (real file lines). */
  readonly span: Span;
  readonly kind: 'complete' | 'partial';
  /** The header (return type, name, parameters) was seen. */
  readonly seenStart: boolean;
  /** The closing brace was seen. */
  readonly seenEnd: boolean;
  /** The seen fragment [first line, last line] the function was found in. */
  readonly fragment: readonly [number, number];
  /** The tree of the definition has ERROR or MISSING nodes (synthetic wrapping excluded). */
  readonly hasErrorNodes: boolean;
  readonly errorNodes: number;
  readonly returnType: string;
  readonly isStatic: boolean;
  readonly params: readonly FunctionParam[];
  /** Annotations met in the header, e.g. `__must_check`, `__init`. */
  readonly attributes: readonly string[];
}

/**
 * A located function with its syntax node, for `src/parse` and `src/facts` only: the node
 * must not leave those folders.
 */
export interface LocatedFunction {
  readonly info: FunctionInfo;
  readonly node: SyntaxNode;
  /** Macros met inside the definition, with their meaning (guards, `__free`, iterators). */
  readonly sites: readonly MacroSite[];
}

/** Options for {@link locateFunctions}. */
export interface LocateOptions {
  /** Seen line ranges (1-based, inclusive); default: the whole text is one fragment. */
  readonly fragments?: readonly (readonly [number, number])[];
  /** Normalise kernel macros first (default true); false measures raw tree-sitter-c. */
  readonly normalise?: boolean;
}

/** Name of the synthetic function that wraps a body whose start was not seen. */
export const UNSEEN_START = '__kvet_unseen_start';
const STMT_KEYWORDS = new Set(['return', 'goto', 'if', 'else', 'for', 'while', 'switch', 'break', 'continue', 'do', 'case', 'default']);
const C_KEYWORDS = new Set([...STMT_KEYWORDS, 'sizeof', 'struct', 'union', 'enum', 'typedef', 'static', 'const']);

/** Find function definitions, complete and partial (see module doc), in document order. */
export function locateFunctions(text: string, options: LocateOptions = {}): LocatedFunction[] {
  const lines = text.split('\n');
  const fragments = options.fragments ?? [[1, lines.length] as const];
  const out: LocatedFunction[] = [];
  for (const frag of fragments) out.push(...locateInFragment(lines, frag, options.normalise ?? true));
  return out;
}

/** {@link locateFunctions} as plain data. */
export function findFunctions(text: string, options: LocateOptions = {}): FunctionInfo[] {
  return locateFunctions(text, options).map((f) => f.info);
}

/** Parse-quality numbers over the complete function definitions found (issue 3 `--stats`). */
export interface ParseStats {
  readonly functions: number;
  readonly complete: number;
  readonly withErrorNodes: number;
  /** withErrorNodes / complete, 0 when there are none. */
  readonly errorNodeRate: number;
}

/** Count complete functions and those with ERROR/MISSING nodes. */
export function parseStats(functions: readonly FunctionInfo[]): ParseStats {
  const complete = functions.filter((f) => f.kind === 'complete');
  const withErrorNodes = complete.filter((f) => f.hasErrorNodes).length;
  return {
    functions: functions.length,
    complete: complete.length,
    withErrorNodes,
    errorNodeRate: complete.length === 0 ? 0 : withErrorNodes / complete.length,
  };
}

function locateInFragment(lines: readonly string[], frag: readonly [number, number], normalise: boolean): LocatedFunction[] {
  const [a, b] = frag;
  // Lines outside the fragment become empty (rows keep their numbers, columns inside the
  // fragment are untouched) and lines after it are dropped: each fragment parse costs what
  // the fragment holds, not the whole file.
  const kept = Math.min(lines.length, b + 1);
  const lo = Math.max(0, a - 1);
  const hi = Math.min(kept, b);
  const piece = lo >= hi
    ? '\n'.repeat(Math.max(0, kept - 1))
    : '\n'.repeat(lo) + blankLeadingCommentTail(lines.slice(lo, hi).join('\n')) + '\n'.repeat(kept - hi);
  const norm = normalise ? normaliseKernelC(piece) : { text: piece, sites: [] };
  const { open, close } = braceNeeds(norm.text);
  // The wrapping is written on the empty lines around the fragment: line a-1 (the piece starts
  // with a-1 empty lines, so that line starts at offset a-2) and line b+1, the piece's last line
  // (empty) or a line added after it.
  let wrapped = norm.text;
  const wrapStart = open > 0 && a >= 2;
  if (wrapStart) wrapped = `${wrapped.slice(0, a - 2)}void ${UNSEEN_START}(void) ${'{'.repeat(open)}${wrapped.slice(a - 2)}`;
  const closers = wrapStart ? close : Math.max(0, close - open);
  if (closers > 0) {
    // `;` first: a dangling `if (rc)` at the end of what was seen gets an empty statement; a
    // comment left open at the end is closed first.
    const openComment = norm.text.lastIndexOf('/*') > norm.text.lastIndexOf('*/');
    const tail = `${openComment ? '*/' : ''};${'}'.repeat(closers)}`;
    wrapped = b < Math.max(1, kept) ? wrapped + tail : `${wrapped}\n${tail}`;
  }
  let split: string[] | null = null;
  const pieceLines = (): readonly string[] => (split ??= wrapped.split('\n'));
  const tree = parseC(wrapped, 'functions');
  const found: LocatedFunction[] = [];
  for (const fn of tree.functionDefinitions()) {
    const startLine = fn.startPosition.row + 1;
    const endLine = fn.endPosition.row + 1;
    const synthetic = declaredName(fn) === UNSEEN_START;
    if (!synthetic && (startLine < a || startLine > b)) continue;
    const body = fn.childForFieldName('body');
    if (body === null) continue;
    const name = synthetic ? null : declaredName(fn);
    if (name !== null && C_KEYWORDS.has(name)) continue;
    if (synthetic && (followedByInitialiserEnd(pieceLines(), fn) || onlyDeclarations(body))) continue;
    const seenEnd = endLine <= b && !(body.lastChild?.isMissing ?? true);
    const seenStart = !synthetic;
    const first = seenStart ? fn.startPosition : { row: a - 1, column: 0 };
    const last = seenEnd ? fn.endPosition : { row: b - 1, column: lines[b - 1]?.length ?? 0 };
    const errors = countErrors(fn, b);
    const span = spanOfPoints(first, last);
    const sites = norm.sites.filter((s) => s.span.line >= span.line && s.span.endLine <= span.endLine);
    const headerEnd = body.startPosition.row + 1;
    found.push({
      node: fn,
      sites,
      info: {
        name,
        span,
        kind: seenStart && seenEnd ? 'complete' : 'partial',
        seenStart,
        seenEnd,
        fragment: [a, b],
        hasErrorNodes: errors > 0,
        errorNodes: errors,
        returnType: seenStart ? returnTypeText(fn) : '',
        isStatic: seenStart && fn.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static'),
        params: seenStart ? paramsOf(fn) : [],
        attributes: seenStart
          ? sites.filter((s) => s.meaning.kind === 'attribute' && s.span.line <= headerEnd).map((s) => s.macro)
          : [],
      },
    });
  }
  return found;
}

/**
 * Braces the fragment needs around it to parse as whole functions: `open` before it (a `}` it
 * closes that it did not open, or a statement keyword or label at file level) and `close` after
 * it (blocks left open at its end, counting the `open` ones).
 */
function braceNeeds(text: string): { open: number; close: number } {
  const toks = tokenizeC(text);
  let depth = 0;
  let paren = 0;
  let need = 0;
  toks.forEach((t, i) => {
    if (t.text === '(') paren++;
    else if (t.text === ')') paren = Math.max(0, paren - 1);
    else if (t.text === '{') depth++;
    else if (t.text === '}') { depth--; need = Math.max(need, -depth); }
    const atStmt = paren === 0 && t.kind === 'ident' && STMT_KEYWORDS.has(t.text);
    const label = paren === 0 && t.kind === 'ident' && toks[i + 1]?.text === ':' && toks[i + 2]?.text !== ':'
      && (toks[i - 1] === undefined || [';', '{', '}'].includes(toks[i - 1]?.text ?? ''));
    if ((atStmt || label || indentedStatement(text, toks, i)) && paren === 0 && depth <= 0) need = Math.max(need, 1 - depth);
  });
  return { open: need, close: Math.max(0, depth + need) };
}

/**
 * Kernel style indents function bodies with tabs and starts file-scope code in column 0: a
 * tab-indented line that starts a statement (after `;`, `{`, `}` or nothing) is body code.
 * Continuation lines (after `=`, `,`, inside parentheses) do not count.
 */
function indentedStatement(text: string, toks: readonly CToken[], i: number): boolean {
  const t = toks[i];
  const prev = toks[i - 1];
  if (t === undefined || t.kind !== 'ident') return false;
  if (prev !== undefined && ![';', '{', '}'].includes(prev.text)) return false;
  const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
  return text[lineStart] === '\t' && text.slice(lineStart, t.start).trim() === '';
}

/**
 * A fragment that starts inside a block comment (a comment end before any comment start):
 * blank up to and including that end, so comment words such as `for` are not read as code. A
 * fragment whose every non-empty line looks like a comment continuation (` * text`) is blanked
 * whole.
 */
function blankLeadingCommentTail(piece: string): string {
  const endC = piece.indexOf('*/');
  const startC = piece.indexOf('/*');
  if (endC !== -1 && (startC === -1 || endC < startC)) {
    return piece.slice(0, endC + 2).replace(/[^\n\r]/g, ' ') + piece.slice(endC + 2);
  }
  if (endC !== -1 || startC !== -1 || !piece.includes('*')) return piece;
  const seen = piece.split('\n').filter((l) => l.trim() !== '');
  if (seen.length > 0 && seen.every((l) => /^\s*\*/.test(l))) {
    return piece.replace(/[^\n\r]/g, ' ');
  }
  return piece;
}

/**
 * A wrapped fragment that holds nothing but declarations (`\tint a;\n\tstruct list_head l;`)
 * is as likely a struct body as the top of a function: not reported.
 */
function onlyDeclarations(body: SyntaxNode): boolean {
  const items = body.namedChildren.flatMap((c) => (c.type === 'compound_statement' ? c.namedChildren : [c]));
  return items.every((c) => c.type === 'declaration' || c.type === 'comment' || c.type === 'compound_statement');
}

/** `};` or `},` after the wrapper's closing brace: the fragment was an initialiser, not code. */
function followedByInitialiserEnd(lines: readonly string[], fn: SyntaxNode): boolean {
  const row = fn.endPosition.row;
  const rest = (lines[row] ?? '').slice(fn.endPosition.column).trimStart();
  return rest.startsWith(';') || rest.startsWith(',');
}

function countErrors(fn: SyntaxNode, lastSeenLine: number): number {
  // Descend only into subtrees that contain an error: clean functions cost one check.
  let n = 0;
  const stack: SyntaxNode[] = fn.hasError ? [fn] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    // MISSING `}` on the synthetic closing line is how an unseen end looks, not a parse error.
    if ((node.isError || node.isMissing) && node.startPosition.row + 1 <= lastSeenLine) n++;
    for (const c of node.children) if (c.hasError || c.isMissing) stack.push(c);
  }
  return n;
}

function functionDeclarator(fn: SyntaxNode): SyntaxNode | null {
  let d = fn.childForFieldName('declarator');
  while (d !== null && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d;
}

function declaredName(fn: SyntaxNode): string | null {
  let d = functionDeclarator(fn)?.childForFieldName('declarator') ?? null;
  while (d !== null && d.type !== 'identifier') d = d.childForFieldName('declarator');
  return d?.text ?? null;
}

function returnTypeText(fn: SyntaxNode): string {
  const type = fn.childForFieldName('type')?.text ?? '';
  let stars = '';
  let d = fn.childForFieldName('declarator');
  while (d !== null && d.type === 'pointer_declarator') { stars += '*'; d = d.childForFieldName('declarator'); }
  return stars === '' ? type : `${type} ${stars}`;
}

function paramsOf(fn: SyntaxNode): FunctionParam[] {
  const list = functionDeclarator(fn)?.childForFieldName('parameters');
  if (list === null || list === undefined) return [];
  return list.namedChildren
    .filter((p) => p.type === 'parameter_declaration' || p.type === 'variadic_parameter')
    .map((p) => {
      let d = p.childForFieldName('declarator');
      while (d !== null && d.type !== 'identifier') d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type === 'identifier') ?? null;
      const name = d?.text ?? null;
      const written = p.text.replace(/\s+/g, ' ');
      const type = name !== null && written.endsWith(name) ? written.slice(0, -name.length).trim() : written;
      return { name, type, span: spanOfPoints(p.startPosition, p.endPosition) };
    });
}
