/**
 * drvdata published before the last step that can fail.
 *
 * `dev_set_drvdata()` (and its bus twins) makes an object reachable through the device. When
 * a later step on the same path can still fail and the function then returns an error, the
 * object was visible to anyone holding the device while it was being torn down again — and if
 * the error path frees it without clearing drvdata, the device points at freed memory.
 * Maintainers ask for publication as the last step ("could you just not set it until after
 * this has succeeded?").
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { FunctionFacts } from '../../src/facts/types.js';

export default defineRule({
  id: 'drvdata-published-early',
  meta: {
    kind: 'risk',
    category: 'drvdata-order',
    severity: 'warning',
    confidence: 'medium',
    requires: ['drvdata', 'calls', 'conditions', 'returns', 'resources', 'devres', 'cfg'],
    docs: {
      description: 'Publish driver data only after the last step that can fail; never leave it pointing at an object an error path frees.',
      references: ['Documentation/driver-api/driver-model/design-patterns.rst', 'include/linux/device.h (dev_set_drvdata)'],
      limitations: 'A call counts as fallible when its result is tested, returned or used as a condition; a callee that cannot fail but whose result is logged still counts. In hunk mode, steps outside the visible lines are not seen.',
    },
    messages: {
      publishedEarly: 'Driver data {{value}} is published by {{api}}() at line {{line}} before {{call}}() at line {{callLine}} can still fail the function; publish it after the last step that can fail.',
      leftOnError: 'The error return at line {{retLine}} leaves {{device}} drvdata pointing at {{value}}, published at line {{line}} and freed on this path; clear it or publish later.',
    },
  },
  checkFunction(fn, ctx) {
    if (fn.drvdata.every(d => d.op !== 'set')) return;
    const sim = ctx.simulate(fn);
    const early = new Map<string, { set: number; call: number; callName: string; setLine: number; callLine: number; value: string; device: string }>();
    const left = new Map<string, { set: number; ret: number; value: string; device: string }>();
    for (const path of sim.paths) {
      if (path.error !== 'yes') continue;
      for (const e of path.events) {
        if (e.kind !== 'fallible-after-publish') continue;
        const key = `${e.published.node}:${e.node}`;
        if (!early.has(key)) {
          early.set(key, { set: e.published.node, call: e.node, callName: e.call, setLine: e.published.line, callLine: lineOf(fn, e.node), value: e.published.value, device: e.published.device });
        }
      }
      for (const p of path.published) {
        if (path.returnNode === null) continue;
        // Dangling only when this error path frees what it published. A failed probe is
        // not reported: the driver core clears drvdata after probe() fails.
        if (/_probe$/.test(fn.name ?? '') || !freesOnPath(fn, path.nodes, p.node, p.value)) continue;
        const key = `${p.node}:${path.returnNode}`;
        if (!left.has(key)) left.set(key, { set: p.line, ret: lineOf(fn, path.returnNode), value: p.value, device: p.device });
      }
    }
    const api = (node: number) => fn.drvdata.find(d => d.node === node)?.api ?? 'dev_set_drvdata';
    for (const x of early.values()) {
      ctx.report({
        messageId: 'publishedEarly', line: x.setLine, fn,
        data: { api: api(x.set), value: x.value, line: x.setLine, call: x.callName, callLine: x.callLine },
        related: [{ line: x.callLine, message: `${x.callName}() can fail here` }],
      });
    }
    for (const x of left.values()) {
      ctx.report({
        messageId: 'leftOnError', line: x.ret, fn, severity: 'error', confidence: 'high',
        data: { retLine: x.ret, device: x.device, value: x.value, line: x.set },
        related: [{ line: x.set, message: 'published here' }],
      });
    }
  },
});

/** The path releases `value` after `from`: kfree() & co., or a devres action run on failure with it. */
function freesOnPath(fn: FunctionFacts, nodes: readonly number[], from: number, value: string): boolean {
  const after = nodes.slice(nodes.indexOf(from) + 1);
  const v = value.replace(/^(?:no_free_ptr|return_ptr)\((.*)\)$/, '$1').trim();
  return fn.resources.some(r => r.op === 'release' && r.target === v && after.includes(r.node) && !r.api.startsWith('__free('))
    || fn.devres.some(d => d.runsActionOnFailure && d.data !== null && d.data.replace(/^(?:no_free_ptr|return_ptr)\((.*)\)$/, '$1').trim() === v && after.includes(d.node));
}

function lineOf(fn: FunctionFacts, node: number): number {
  return fn.cfg.nodes[node]?.span?.line ?? fn.span.line;
}
