/**
 * An error code from a call stored in the function's error variable and then overwritten, or
 * carried to a return that does not return it, without ever being looked at:
 *
 *     rc = foo_enable(f);          <- may be -EIO
 *     rc = foo_start(f);           <- overwrites it unread: the failure is lost
 *     if (rc)
 *             return rc;
 *
 * Only variables the function itself treats as error codes are followed (it tests them and
 * returns them, or tests them for `< 0`), and only values that came from a call. A read is any mention after the
 * store: a test, a log line, an argument, a return.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { BENIGN_CALLS, lineOf } from '../../src/engine/queries.js';
import type { FunctionFacts } from '../../src/facts/types.js';

interface Pending {
  readonly node: number;
  readonly line: number;
  readonly callee: string;
}

const READING_KINDS = new Set(['branch', 'loop', 'switch', 'return', 'case']);

export default defineRule({
  id: 'ret-error-overwritten',
  meta: {
    kind: 'bug',
    category: 'swallowed-error',
    severity: 'error',
    confidence: 'medium',
    requires: ['assignments', 'returns', 'conditions', 'cfg'],
    docs: {
      description: 'An error code a call returned into the function\'s error variable must be looked at before the variable is overwritten or the function returns something else.',
      references: ['Documentation/process/coding-style.rst (16: Function return values and names)', 'Documentation/dev-tools/sparse.rst'],
      limitations: 'Functions with statements tree-sitter could not parse are skipped, and stores on different #if arms are not compared. A read is recognised by the variable\'s name in the statement text, so a read through a pointer to the variable is missed (a false positive). Stores inside a loop overwritten by the next iteration are not reported. A value dropped at a return is reported only for variables the function also tests, and as a warning: some callers ignore best-effort steps on purpose, though the kernel style is then not to store the result.',
    },
    messages: {
      overwritten: 'The value {{callee}}() returned into {{variable}} at line {{line}} is overwritten at line {{overLine}} before anything looks at it: its error is lost.',
      dropped: 'The value {{callee}}() returned into {{variable}} at line {{line}} is never looked at before {{fn}}() returns at line {{retLine}}: its error is lost.',
    },
  },
  checkFunction(fn, ctx) {
    // a statement tree-sitter could not parse (a hunk cut inside an if) misplaces stores
    if (fn.hasErrorNodes) return;
    const vars = errorVariables(fn, false);
    const testedVars = errorVariables(fn, true);
    if (vars.size === 0) return;
    // calls, not macros in capitals (FIELD_GET(), min() is lower case but benign-listed)
    const stores = fn.assignments.filter(a => vars.has(a.target) && a.fromCall !== null && !BENIGN_CALLS.test(a.fromCall) && !/^[A-Z0-9_]+$/.test(a.fromCall));
    if (stores.length === 0) return;
    const seen = new Set<string>();
    for (const path of ctx.simulate(fn).paths) {
      const pending = new Map<string, Pending>();
      for (const id of path.nodes) {
        const node = fn.cfg.nodes[id];
        if (node === undefined || node.kind === 'cleanup') continue;
        const here = fn.assignments.filter(a => a.node === id && vars.has(a.target));
        for (const [v, p] of [...pending]) {
          if (READING_KINDS.has(node.kind) ? mentions(node.text, v) : readsAt(fn, id, node.text, v)) pending.delete(v);
          else if (here.some(a => a.target === v)) {
            pending.delete(v);
            const overLine = lineOf(fn, id);
            // the same store again, or one above it: a loop iteration or a backward goto
            if (p.node === id || overLine <= p.line) continue;
            // #if/#else arms are both walked: `x = a(); #else x = b(); #endif` is not an overwrite
            if (throughPreprocessor(fn, path.nodes, p.node, id)) continue;
            const key = `o:${p.node}:${id}`;
            if (seen.has(key)) continue;
            seen.add(key);
            ctx.report({
              messageId: 'overwritten', line: p.line, fn, data: { callee: p.callee, variable: v, line: p.line, overLine },
              related: [{ line: overLine, message: `${v} overwritten here` }],
            });
          }
        }
        for (const a of here) {
          if (READING_KINDS.has(node.kind)) continue; // stored and tested at once: if ((rc = foo()))
          const s = stores.find(x => x === a);
          if (s !== undefined && s.fromCall !== null) pending.set(a.target, { node: id, line: s.span.line, callee: s.fromCall });
        }
      }
      if (path.end !== 'return' && path.end !== 'end') continue;
      for (const [v, p] of pending) {
        if (!testedVars.has(v)) continue;
        const retLine = path.returnNode === null ? fn.span.endLine : lineOf(fn, path.returnNode);
        const key = `d:${p.node}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          messageId: 'dropped', line: p.line, fn, severity: 'warning',
          data: { callee: p.callee, variable: v, line: p.line, fn: fn.name ?? 'the function', retLine },
          related: [{ line: retLine, message: `returns without looking at ${v}` }],
        });
      }
    }
  },
});

/** A `#if`/`#else` branch lies between two nodes of the path. */
function throughPreprocessor(fn: FunctionFacts, nodes: readonly number[], from: number, to: number): boolean {
  const a = nodes.indexOf(from);
  const b = nodes.indexOf(to, a);
  return nodes.slice(a, b).some(id => fn.cfg.nodes[id]?.kind === 'branch' && /^\s*#/.test(fn.cfg.nodes[id]?.text ?? ''));
}

/**
 * Variables the function treats as error codes: returned by an int function (for `dropped`:
 * also tested somewhere, `if (rc)`), or tested for `< 0`.
 */
function errorVariables(fn: FunctionFacts, mustBeTested: boolean): Set<string> {
  const out = new Set<string>();
  const tested = new Set(fn.conditions.filter(c => c.variable !== null && c.whenTrue !== 'unknown').map(c => c.variable as string));
  const intReturn = !/\*/.test(fn.returnType) && !/\b(void|bool)\b/.test(fn.returnType);
  if (intReturn) for (const r of fn.returns) if (r.valueClass === 'variable' && r.variable !== null && (!mustBeTested || tested.has(r.variable))) out.add(r.variable);
  for (const c of fn.conditions) if (c.variable !== null && (c.whenTrue === 'negative' || c.whenTrue === 'nonnegative')) out.add(c.variable);
  return out;
}

/** A statement reads v when v appears outside the left-hand side of its own stores to v. */
function readsAt(fn: FunctionFacts, node: number, text: string, v: string): boolean {
  const own = fn.assignments.filter(a => a.node === node && a.target === v);
  if (own.length === 0) return mentions(text, v);
  if (own.some(a => mentions(a.value, v))) return true;
  // other parts of the statement (a declaration list, a comma expression)
  let rest = text;
  for (const a of own) rest = rest.replace(a.value, '');
  return (rest.match(new RegExp(`(^|[^A-Za-z0-9_.>])${escape(v)}(?![A-Za-z0-9_])`, 'g')) ?? []).length > own.length;
}

function mentions(text: string, v: string): boolean {
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return new RegExp(`(^|[^A-Za-z0-9_.>])${escape(v)}(?![A-Za-z0-9_])`).test(code.replace(/\s*(->|\.)\s*/g, '$1'));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
