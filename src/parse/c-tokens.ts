/**
 * A small C token scanner for the normaliser: identifiers and punctuation with offsets,
 * skipping comments, string and character literals and preprocessor lines (with `\`
 * continuations). It never fails: unknown characters become one-character punctuation.
 */

/** One token with its half-open offset range. */
export interface CToken {
  readonly kind: 'ident' | 'number' | 'string' | 'punct';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];

/** [A-Za-z_] */
function identStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** [0-9] */
function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** [A-Za-z0-9_] */
function identPart(c: number): boolean {
  return identStart(c) || digit(c);
}

/** Tokenise C text (see module doc for what is skipped). */
export function tokenizeC(text: string): CToken[] {
  const out: CToken[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) { lineStart = true; i++; continue; }
    // ' ', '\t', '\r', '\f', '\v'
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) { i++; continue; }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) { i = skipLine(text, i); continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? n : e + 2;
      continue;
    }
    if (c === 35 /* # */ && lineStart) { i = skipDirective(text, i); continue; }
    lineStart = false;
    if (identStart(c)) {
      let j = i + 1;
      while (j < n && identPart(text.charCodeAt(j))) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (digit(c) || (c === 46 /* . */ && digit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      for (let d = text.charCodeAt(j); j < n && (identPart(d) || d === 46); d = text.charCodeAt(++j));
      out.push({ kind: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      let j = i + 1;
      for (let d = text.charCodeAt(j); j < n && d !== c && d !== 10; d = text.charCodeAt(j)) j += d === 92 /* \\ */ ? 2 : 1;
      j = Math.min(n, j + 1);
      out.push({ kind: 'string', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const p = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : text[i] ?? '';
    out.push({ kind: 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  return out;
}

function skipLine(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e === -1 ? text.length : e;
}

function skipDirective(text: string, i: number): number {
  let j = i;
  for (;;) {
    const e = text.indexOf('\n', j);
    if (e === -1) return text.length;
    let k = e - 1;
    if (text[k] === '\r') k--;
    if (text[k] !== '\\') return e;
    j = e + 1;
  }
}

/**
 * For every `(`, `[` and `{` token index the index of its matching closer (and the reverse);
 * unmatched brackets map to -1.
 */
export function matchBrackets(tokens: readonly CToken[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  tokens.forEach((t, i) => {
    if (t.kind !== 'punct') return;
    if (t.text === '(' || t.text === '[' || t.text === '{') { stack.push(i); return; }
    const open = pairs[t.text];
    if (open === undefined) return;
    // Pop to the nearest matching opener; stray closers stay unmatched.
    for (let s = stack.length - 1; s >= 0; s--) {
      const si = stack[s] ?? -1;
      if (tokens[si]?.text === open) {
        match[si] = i;
        match[i] = si;
        stack.length = s;
        break;
      }
    }
  });
  return match;
}
