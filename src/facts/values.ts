/**
 * Reading C expressions the way a reviewer does: what a returned or assigned value is
 * (`-ENOMEM`, `ERR_PTR(rc)`, `0`, `rc`) and what a branch condition tests (`!p`, `rc < 0`,
 * `IS_ERR(p)`). Works on the condensed expression text of one CFG node.
 */
import type { ConditionFact, ReturnClass } from './types.js';
import { squash } from './syntax.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:(?:->|\.)[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Strip redundant outer parentheses and casts: `((int)rc)` → `rc`. */
export function stripOuter(expr: string): string {
  let s = squash(expr);
  for (;;) {
    const before = s;
    if (s.startsWith('(') && matchingParen(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
    const cast = /^\((?:const\s+)?(?:unsigned\s+|signed\s+)?(?:struct\s+)?[A-Za-z_][A-Za-z0-9_]*\s*\**\)\s*/.exec(s);
    if (cast && s.length > cast[0].length) s = s.slice(cast[0].length).trim();
    if (s === before) return s;
  }
}

function matchingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Classify a returned or assigned value. */
export function classifyValue(expr: string): ReturnClass {
  const s = stripOuter(expr);
  if (s === '') return 'void';
  if (s === '0' || s === '0L' || s === '0UL') return 'zero';
  if (/^-\s*E[A-Z0-9]+$/.test(s)) return 'errno';
  if (/^ERR_PTR\s*\(/.test(s) || /^ERR_CAST\s*\(/.test(s)) return 'err-ptr';
  if (/^PTR_ERR\s*\(/.test(s)) return 'ptr-err';
  if (s === 'NULL') return 'null';
  if (s === 'true' || s === 'false') return 'bool';
  if (/^-?(?:0x[0-9a-fA-F]+|\d+)[uUlL]*$/.test(s)) return 'constant';
  if (IDENT.test(s)) return 'variable';
  if (/^[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(s) && matchingParen(s, s.indexOf('(')) === s.length - 1) return 'call';
  return 'other';
}

/** Whether a value of this class signals failure: yes, no, or depends on the path. */
export function errorness(cls: ReturnClass, expr: string): 'yes' | 'no' | 'maybe' {
  switch (cls) {
    case 'errno': case 'err-ptr': case 'ptr-err': return 'yes';
    case 'zero': case 'void': case 'bool': return 'no';
    case 'constant': return /^-/.test(stripOuter(expr)) ? 'yes' : 'no';
    default: return 'maybe';
  }
}

/** The variable a value names, when it is a plain lvalue (`rc`, `dev_dax->id`). */
export function valueVariable(expr: string): string | null {
  const s = stripOuter(expr);
  return IDENT.test(s) ? s : null;
}

/** Decode a branch condition (see ConditionFact). */
export function decodeCondition(node: number, text: string): ConditionFact {
  const base = { node, text: squash(text) };
  const d = decode(stripOuter(text));
  return { ...base, ...d };
}

type Decoded = Pick<ConditionFact, 'variable' | 'callee' | 'whenTrue'>;

function decode(s: string): Decoded {
  const unknown: Decoded = { variable: null, callee: null, whenTrue: 'unknown' };
  // unlikely(x) / likely(x) are transparent
  const wrap = /^(?:unlikely|likely|WARN_ON|WARN_ON_ONCE)\s*\((.*)\)$/.exec(s);
  if (wrap && wrap[1] !== undefined && matchingParen(s, s.indexOf('(')) === s.length - 1) return decode(stripOuter(wrap[1]));
  if (s.startsWith('!') && !s.startsWith('!=')) {
    const inner = decode(stripOuter(s.slice(1)));
    return { ...inner, whenTrue: negate(inner.whenTrue) };
  }
  const isErr = /^(IS_ERR|IS_ERR_OR_NULL)\s*\((.*)\)$/.exec(s);
  if (isErr && isErr[2] !== undefined) {
    const t = subject(isErr[2]);
    return { ...t, whenTrue: isErr[1] === 'IS_ERR' ? 'err-ptr' : 'err-or-null' };
  }
  if (/&&|\|\||\?/.test(s)) return unknown;
  // mask `->` and shifts so their `>`/`<` are not read as comparisons
  const masked = s.replace(/->/g, '\u0001\u0002').replace(/<<|>>/g, '\u0003\u0003');
  const cmp = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(masked);
  if (cmp && cmp[1] !== undefined && cmp[2] !== undefined && cmp[3] !== undefined) {
    const start = cmp[1].length;
    const opAt = masked.indexOf(cmp[2], start);
    const [l, op, r] = [stripOuter(s.slice(0, opAt)), cmp[2], stripOuter(s.slice(opAt + cmp[2].length))];
    const zero = (x: string) => x === '0' || x === 'NULL';
    if (zero(r) || zero(l)) {
      const t = subject(zero(r) ? l : r);
      const o = zero(r) ? op : flip(op);
      const w = o === '==' ? 'zero' : o === '!=' ? 'nonzero' : o === '<' ? 'negative' : o === '>=' ? 'nonnegative' : 'unknown';
      return { ...t, whenTrue: w };
    }
    return unknown;
  }
  const t = subject(s);
  if (t.variable === null && t.callee === null) return unknown;
  return { ...t, whenTrue: 'nonzero' };
}

function subject(expr: string): Pick<ConditionFact, 'variable' | 'callee'> {
  const s = stripOuter(expr);
  const v = valueVariable(s);
  if (v !== null) return { variable: v, callee: null };
  const call = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(s);
  if (call && call[1] !== undefined && matchingParen(s, s.indexOf('(')) === s.length - 1) return { variable: null, callee: call[1] };
  return { variable: null, callee: null };
}

function negate(w: ConditionFact['whenTrue']): ConditionFact['whenTrue'] {
  const table: Record<ConditionFact['whenTrue'], ConditionFact['whenTrue']> = {
    zero: 'nonzero', nonzero: 'zero', negative: 'nonnegative', nonnegative: 'negative',
    'err-ptr': 'not-err-ptr', 'not-err-ptr': 'err-ptr', 'err-or-null': 'unknown', unknown: 'unknown',
  };
  return table[w];
}

function flip(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}
