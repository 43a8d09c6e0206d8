/**
 * A counted reference taken in a function and neither dropped nor handed on before it returns:
 *
 *     dev = device_find_child(parent, &match, match_uuid);   <- +1 on success
 *     if (!dev)
 *             return -ENOENT;
 *     if (!foo_ready(to_foo(dev)))
 *             return 0;                   <- the reference leaks on this path
 *     foo_use(to_foo(dev));
 *     put_device(dev);
 *     return 0;
 *
 * `get_device()`, `of_node_get()`, `kobject_get()`, `device_find_child()`, `bus_find_device*()`
 * and the other lookups in RESOURCE_APIS return a reference the caller must put. The path walker
 * carries it from the successful lookup to each exit; a reference still live there leaks unless
 * the path returned it or stored it somewhere (an assignment of it, a call it was passed to).
 * Error paths whose sibling error paths put it are goto-skips-unwind's, not reported here.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import { BENIGN_CALLS, lineOf } from '../../src/engine/queries.js';
import type { Live, SimPath } from '../../src/engine/path-sim.js';
import { RESOURCE_APIS } from '../../src/facts/apis/resources.js';
import type { FunctionFacts, ResourceKind, ResourceOp } from '../../src/facts/types.js';

const REF_KINDS: ReadonlySet<ResourceKind> = new Set(['device-ref', 'of-node-ref', 'kobject-ref']);

export default defineRule({
  id: 'refcount-get-not-put',
  meta: {
    kind: 'bug',
    category: 'refcount-leak',
    severity: 'error',
    confidence: 'high',
    requires: ['resources', 'calls', 'assignments', 'returns', 'drvdata', 'cfg'],
    docs: {
      description: 'A reference taken with get_device(), of_node_get(), kobject_get() or returned by device_find_child()/bus_find_device*() must be put on every path that does not hand it on.',
      references: ['Documentation/core-api/kobject.rst (reference counts)', 'Documentation/driver-api/driver-model/device.rst', 'Documentation/devicetree/kernel-api.rst (of_node_get/of_node_put)'],
      limitations: 'A reference passed to a function whose body is not visible may be kept by it; such paths are notes, not errors. A reference stored through an alias the walker does not follow, or put through a container release callback, is not seen. A function whose start or end was not in the hunk is only judged on the paths fully seen.',
    },
    messages: {
      leakedOnPath: 'The reference to {{target}} from {{api}}() at line {{acqLine}} is still held when {{fn}}() returns at line {{line}}, while other paths drop it with {{release}}(); put it before this return.',
      neverPut: 'The reference to {{target}} from {{api}}() at line {{acqLine}} is never put nor handed on in {{fn}}(): it leaks at the return on line {{line}}; drop it with {{release}}().',
      maybeKept: 'The reference to {{target}} from {{api}}() at line {{acqLine}} is still held when {{fn}}() returns at line {{line}}; other paths drop it with {{release}}(), and here it was only passed to {{callee}}() at line {{callLine}}, whose body is not visible: it leaks unless {{callee}}() keeps it.',
    },
  },
  checkFunction(fn, ctx) {
    if (!fn.resources.some(r => r.op === 'acquire' && REF_KINDS.has(r.kind))) return;
    const sim = ctx.simulate(fn);
    const exits = sim.paths.filter(p => p.end === 'return' || p.end === 'end');
    const reported = new Set<number>();
    for (const path of exits) {
      for (const live of path.live) {
        const op = live.op;
        if (!REF_KINDS.has(op.kind) || !live.checked || reported.has(op.node)) continue;
        // `ep->dev = get_device(d)`: stored into a structure where it is taken
        if (!/^[A-Za-z_]\w*$/.test(op.target)) continue;
        const idx = path.nodes.indexOf(op.node);
        if (idx < 0 || handedOn(fn, path, op, idx)) continue;
        const release = releaseName(op.kind);
        const putElsewhere = putOnOtherPath(fn, sim.paths, path, op);
        if (putElsewhere === null && path.error === 'yes' && unwindRuleCovers(fn, exits, path, op)) continue;
        const line = path.returnNode === null ? fn.span.endLine : lineOf(fn, path.returnNode);
        const name = fn.name ?? 'this function';
        const data = { target: op.target, api: op.api, acqLine: op.span.line, fn: name, line, release };
        const related = [{ line: op.span.line, message: `${op.api}() takes a reference to ${op.target}` }, { line, message: 'returns with the reference held' }];
        const passed = passedTo(fn, path, op, idx);
        if (putElsewhere !== null) {
          related.push({ line: putElsewhere.span.line, message: `${putElsewhere.api}() drops it on another path` });
          if (passed === null) {
            ctx.report({ messageId: 'leakedOnPath', line, fn, data, related });
          } else {
            ctx.report({ messageId: 'maybeKept', line, fn, severity: 'note', confidence: 'low', data: { ...data, callee: passed.callee, callLine: passed.span.line }, related });
          }
          reported.add(op.node);
          continue;
        }
        // Never put in this function: a leak only when nothing could have taken it over.
        if (!fn.complete || fn.calls.some(c => !borrows(fn, c) && c.node !== op.node && c.args.some(a => mentions(a, op.target)))) continue;
        if (fn.assignments.some(a => a.node !== op.node && stores(a, op.target))) continue;
        if (fn.returns.some(r => mentions(r.text, op.target))) continue;
        ctx.report({ messageId: 'neverPut', line, fn, data, related });
        reported.add(op.node);
      }
    }
  },
});

/** The path returned the reference or stored it (an assignment whose value mentions it). */
function handedOn(fn: FunctionFacts, path: SimPath, op: ResourceOp, idx: number): boolean {
  const after = new Set(path.nodes.slice(idx + 1));
  if (path.returnNode !== null) {
    const ret = fn.returns.find(r => r.node === path.returnNode);
    if (ret !== undefined && mentions(ret.text, op.target)) return true;
  }
  return fn.assignments.some(a => after.has(a.node) && a.node !== op.node && stores(a, op.target));
}

/** The first non-benign call on the path after the acquisition that is given the reference. */
function passedTo(fn: FunctionFacts, path: SimPath, op: ResourceOp, idx: number): FunctionFacts['calls'][number] | null {
  const after = path.nodes.slice(idx + 1);
  for (const id of after) {
    const c = fn.calls.find(x => x.node === id && borrows(fn, x) === false && x.args.some(a => mentions(a, op.target)));
    if (c !== undefined) return c;
  }
  return null;
}

/** Calls that only look at what they are given: loggers, accessors, drvdata getters. */
function borrows(fn: FunctionFacts, c: FunctionFacts['calls'][number]): boolean {
  return BENIGN_CALLS.test(c.callee) || fn.drvdata.some(d => d.op === 'get' && d.node === c.node && d.api === c.callee);
}

/** A put of this reference (same target) on another path through the acquisition. */
function putOnOtherPath(fn: FunctionFacts, paths: readonly SimPath[], self: SimPath, op: ResourceOp): ResourceOp | null {
  const puts = fn.resources.filter(r => r.op === 'release' && REF_KINDS.has(r.kind) && r.kind === op.kind && r.target === op.target);
  for (const p of paths) {
    if (p === self || !p.nodes.includes(op.node)) continue;
    const put = puts.find(r => p.nodes.indexOf(r.node) > p.nodes.indexOf(op.node));
    if (put !== undefined) return put;
  }
  return null;
}

/** goto-skips-unwind reports an error path when another error path releases this kind. */
function unwindRuleCovers(fn: FunctionFacts, exits: readonly SimPath[], self: SimPath, op: ResourceOp): boolean {
  const releases = fn.resources.filter(r => r.op === 'release' && r.kind === op.kind && !r.api.startsWith('__free('));
  return exits.some(p => p !== self && p.error === 'yes' && p.nodes.includes(op.node)
    && !p.live.some((l: Live) => l.op.node === op.node) && releases.some(r => p.nodes.includes(r.node)));
}

function releaseName(kind: ResourceKind): string {
  return RESOURCE_APIS.find(a => a.op === 'release' && a.kind === kind)?.name ?? 'put';
}

/** A store of the reference itself (`f->dev = dev`, `x = to_foo(dev)`), not a call given it. */
function stores(a: FunctionFacts['assignments'][number], target: string): boolean {
  return (a.fromCall === null || BENIGN_CALLS.test(a.fromCall)) && mentions(a.value, target);
}

/** `text` names `target` as a value (not a member of the same name). */
function mentions(text: string, target: string): boolean {
  const t = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.>])${t}(?![A-Za-z0-9_])`).test(text.replace(/\s*(->|\.)\s*/g, '$1'));
}
