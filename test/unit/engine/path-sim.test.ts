import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import { toPatch } from '../../../src/patch/patch.js';
import { patchFacts } from '../../../src/facts/patch-facts.js';
import type { FunctionFacts } from '../../../src/facts/types.js';
import { simulate } from '../../../src/engine/path-sim.js';
import { lintPatches } from '../../../src/engine/lint.js';
import { c } from '../../helpers/rule-tester.js';

async function mail(code: string): Promise<string> {
  const lines = code.replace(/\n$/, '').split('\n');
  return ['From x Mon Sep 17 00:00:00 2001', 'From: A <a@example.org>', 'Subject: [PATCH] t', 'Message-ID: <t@example.org>', '',
    'msg', '---', 'diff --git a/t.c b/t.c', 'new file mode 100644', '--- /dev/null', '+++ b/t.c', `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map(l => `+${l}`), ''].join('\n');
}

async function fnOf(code: string): Promise<FunctionFacts> {
  const p = toPatch(await parseMessage(await mail(code), { input: 't', index: 0, startLine: 1 }, 'mbox'));
  const fn = patchFacts(p).files[0]?.functions[0];
  expect(fn).toBeDefined();
  return fn as FunctionFacts;
}

describe('path walker', () => {
  it('does not take a branch that contradicts a known value', async () => {
    const fn = await fnOf(c`
      int f(struct x *x)
      {
      	int rc = 0;

      	if (rc)
      		return -EIO;
      	return 0;
      }`);
    const sim = simulate(fn, () => null);
    expect(sim.paths.map(p => p.error)).toEqual(['no']);
  });

  it('counts an allocation as held only after its success was tested, and follows aliases', async () => {
    const fn = await fnOf(c`
      int f(struct w *w)
      {
      	int rc;

      	rc = ida_alloc(&ida, GFP_KERNEL);
      	if (rc < 0)
      		return rc;
      	w->id = rc;
      	if (w->bad) {
      		ida_free(&ida, w->id);
      		return -EINVAL;
      	}
      	return 0;
      }`);
    const sim = simulate(fn, () => null);
    const byLine = (line: number) => sim.paths.find(p => p.returnNode !== null && fn.cfg.nodes[p.returnNode]?.span?.line === line);
    expect(byLine(7)?.live).toEqual([]); // failed: nothing acquired
    expect(byLine(7)?.error).toBe('yes');
    expect(byLine(11)?.live).toEqual([]); // released through the alias w->id
    expect(byLine(13)?.live.map(l => [l.op.api, l.checked])).toEqual([['ida_alloc', true]]); // success keeps it
  });

  it('stops at its bound on a function with 2^24 paths, says so, and lint notes it', async () => {
    const body = Array.from({ length: 24 }, (_, i) => `\tif (x->f${i})\n\t\tx->n++;`).join('\n');
    const code = `int f(struct x *x)\n{\n${body}\n\treturn 0;\n}\n`;
    const fn = await fnOf(code);
    const t = Date.now();
    const sim = simulate(fn, () => null);
    expect(Date.now() - t).toBeLessThan(20_000);
    expect(sim.truncated).toBe(true);
    expect(sim.paths.length).toBeLessThanOrEqual(1024);
    const p = toPatch(await parseMessage(await mail(code), { input: 't', index: 0, startLine: 1 }, 'mbox'));
    const notes = lintPatches([{ patch: p, input: 't' }], [], { all: false, rules: [] }).findings;
    expect(notes.map(n => [n.ruleId, n.severity, n.source, n.function])).toEqual([['kvet-analysis', 'note', 'tool', 'f']]);
  });
});
