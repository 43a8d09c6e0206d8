/**
 * Facts of real DCD functions, checked against the code by hand (issue: C analysis core).
 * Line numbers are post-image file lines, read off the hunk headers of the seed pages:
 * seed 000 `@@ -183,6 +183,93 @@` puts page line 263 at bus.c:183.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readMessages } from '../../../src/mail/read-input.js';
import { toPatch } from '../../../src/patch/patch.js';
import { patchFacts } from '../../../src/facts/patch-facts.js';
import type { FunctionFacts } from '../../../src/facts/types.js';
import { simulate } from '../../../src/engine/path-sim.js';
import { SEEDS } from '../../helpers/paths.js';

async function functionsOf(seed: string): Promise<FunctionFacts[]> {
  const out: FunctionFacts[] = [];
  for await (const m of readMessages(path.join(SEEDS, seed))) {
    for (const f of patchFacts(toPatch(m)).files) out.push(...f.functions);
  }
  return out;
}

function only(fns: readonly FunctionFacts[], name: string, file?: string): FunctionFacts {
  const found = fns.filter(f => f.name === name && (file === undefined || f.file === file) && (f.complete || f.changed));
  expect(found, `${name} found once`).toHaveLength(1);
  return found[0] as FunctionFacts;
}

const lines = (xs: readonly { span: { line: number } }[]) => xs.map(x => x.span.line);

describe('seed 000 (v7 23/27): dax_region_add_resource', () => {
  let fn: FunctionFacts;
  beforeAll(async () => { fn = only(await functionsOf('000_481a6e8a537f12fa.txt'), 'dax_region_add_resource'); });

  it('is a complete, changed definition at bus.c:208', () => {
    expect(fn.file).toBe('drivers/dax/bus.c');
    expect(fn.span.line).toBe(208);
    expect(fn.complete).toBe(true);
    expect(fn.changed).toBe(true);
    expect(fn.hasErrorNodes).toBe(false);
    expect(fn.params.map(p => p.name)).toEqual(['dax_region', 'device', 'start', 'length']);
  });

  it('holds dax_region_rwsem for write from the guard to every later exit', () => {
    const acquire = fn.locks.filter(l => l.op === 'acquire');
    expect(acquire).toHaveLength(1);
    expect(acquire[0]).toMatchObject({ lock: 'dax_region_rwsem', mode: 'write', class: 'rwsem', scoped: 'guard', api: 'guard(rwsem_write)' });
    expect(acquire[0]?.span.line).toBe(220);
    // released by cleanup.h at the returns on 227, 241 and 245 — not at the -ENOMEM return on 218, before the guard
    expect(lines(fn.locks.filter(l => l.op === 'release'))).toEqual([227, 241, 245]);
  });

  it('frees dax_resource through __free(kfree) unless no_free_ptr() moved it out', () => {
    expect(fn.resources.filter(r => r.op === 'acquire').map(r => [r.api, r.target, r.span.line])).toEqual([
      ['kzalloc', 'dax_resource', 216], ['__request_region', 'new_resource', 223],
    ]);
    expect(lines(fn.resources.filter(r => r.api === '__free(kfree)'))).toEqual([218, 227, 241, 245]);
    const sim = simulate(fn, () => null);
    const success = sim.paths.filter(p => p.error === 'no');
    expect(success).toHaveLength(1);
    // on the success path ownership left through no_free_ptr(): the object outlives the function
    const moved = fn.cfg.nodes.filter(n => n.transfers?.includes('dax_resource')).map(n => n.span?.line);
    expect(moved).toEqual([244]);
    expect(success[0]?.nodes.some(n => fn.cfg.nodes[n]?.transfers?.includes('dax_resource'))).toBe(true);
    // every error path runs the kfree cleanup without a transfer before it
    for (const p of sim.paths.filter(x => x.error === 'yes')) {
      expect(p.nodes.some(n => fn.cfg.nodes[n]?.transfers?.includes('dax_resource'))).toBe(false);
    }
  });

  it('registers its devres action with devm_add_action, which does not run it on failure', () => {
    expect(fn.devres).toHaveLength(1);
    expect(fn.devres[0]).toMatchObject({ api: 'devm_add_action', action: 'dax_release_resource', data: 'dax_resource', runsActionOnFailure: false, assignedTo: 'rc' });
    expect(fn.devres[0]?.span.line).toBe(238);
  });

  it('publishes drvdata only on the success path, as the last step', () => {
    expect(fn.drvdata.map(d => [d.op, d.device, d.span.line])).toEqual([['set', 'device', 244]]);
    const sim = simulate(fn, () => null);
    for (const p of sim.paths) {
      expect(p.published.length > 0).toBe(p.error === 'no');
      expect(p.events.filter(e => e.kind === 'fallible-after-publish')).toEqual([]);
    }
  });

  it('classifies its returns; `return rc` is an error exit only under `if (rc)`', () => {
    expect(fn.returns.map(r => [r.text, r.valueClass, r.isError, r.span.line])).toEqual([
      ['-ENOMEM', 'errno', 'yes', 218], ['-ENOSPC', 'errno', 'yes', 227], ['rc', 'variable', 'maybe', 241], ['0', 'zero', 'no', 245],
    ]);
    const sim = simulate(fn, () => null);
    const viaRc = sim.paths.filter(p => p.returnNode !== null && fn.cfg.nodes[p.returnNode]?.span?.line === 241);
    expect(viaRc.length).toBeGreaterThan(0);
    for (const p of viaRc) expect(p.error).toBe('yes');
  });
});

describe('seed 004 (v10 22/31)', () => {
  let fns: FunctionFacts[];
  beforeAll(async () => { fns = await functionsOf('004_feaad2c012210ef7.txt'); });

  it('dax_region_rm_resources: all-or-nothing under the rwsem write guard', () => {
    const fn = only(fns, 'dax_region_rm_resources');
    expect(fn.complete).toBe(true);
    expect(fn.locks.filter(l => l.op === 'acquire').map(l => [l.lock, l.mode, l.span.line])).toEqual([['dax_region_rwsem', 'write', 294]]);
    expect(lines(fn.locks.filter(l => l.op === 'release'))).toEqual([300, 311]);
    // first pass reads drvdata and refuses with -EBUSY; second pass clears it
    expect(fn.drvdata.map(d => [d.op, d.device, d.span.line])).toEqual([['get', 'devs[i]', 297], ['get', 'devs[i]', 304], ['clear', 'devs[i]', 309]]);
    expect(fn.returns.map(r => [r.text, r.isError])).toEqual([['-EBUSY', 'yes'], ['0', 'no']]);
    // the -EBUSY exit leaves before any drvdata is cleared
    const sim = simulate(fn, () => null);
    const busy = sim.paths.filter(p => p.error === 'yes');
    expect(busy.length).toBeGreaterThan(0);
    const clearNode = fn.drvdata.find(d => d.op === 'clear')?.node;
    for (const p of busy) expect(p.nodes).not.toContain(clearNode);
    // its kernel-doc names the function but describes no parameter and no return value
    expect(fn.kernelDoc).toMatchObject({ name: 'dax_region_rm_resources', params: [], hasReturn: false });
    expect(fn.params.map(p => p.name)).toEqual(['dax_region', 'devs', 'n']);
  });

  it('cxl_dax_group_add: the rollback loop, seen from inside the function', () => {
    const fn = only(fns, 'cxl_dax_group_add');
    expect(fn.seenStart).toBe(false);
    expect(fn.nameFrom).toBe('hunk-header');
    const loops = fn.cfg.nodes.filter(n => n.kind === 'loop');
    expect(loops.map(n => [n.macro, n.span?.line])).toEqual([['xa_for_each', 45], ['xa_for_each', 55]]);
    const add = fn.calls.find(c => c.callee === '__cxl_dax_add_resource');
    const rollback = fn.calls.find(c => c.callee === 'dax_region_rm_resource');
    expect(add?.assignedTo).toBe('rc');
    expect(rollback?.args).toEqual(['dax_region', '&u->dev']);
    // the rollback runs only on the failure branch of `if (rc)`, then `return rc` is an error exit
    const sim = simulate(fn, () => null);
    const failing = sim.paths.filter(p => rollback !== undefined && p.nodes.includes(rollback.node));
    expect(failing.length).toBeGreaterThan(0);
    for (const p of failing) expect(p.error).toBe('yes');
    expect(fn.cfg.nodes.filter(n => n.kind === 'break').map(n => n.span?.line)).toEqual([57]);
  });

  it('cxl_dax_group_rm: the devs array is freed on the path that used it', () => {
    const fn = only(fns, 'cxl_dax_group_rm');
    expect(fn.resources.map(r => [r.op, r.api, r.target, r.span.line])).toEqual([
      ['acquire', 'kmalloc_array', 'devs', 78], ['release', 'kfree', 'devs', 89],
    ]);
    const sim = simulate(fn, () => null);
    for (const p of sim.paths) expect(p.live.filter(l => l.checked)).toEqual([]);
  });
});

describe('seed 002 (review of v4 24/28): __devm_create_dev_dax as far as quoted', () => {
  it('sees the gotos, but not their labels', async () => {
    const fns = await functionsOf('002_8481ad4baa67f96d.txt');
    const fn = only(fns, '__devm_create_dev_dax');
    expect(fn.complete).toBe(false);
    expect(fn.gotos.map(g => [g.label, g.span.line, g.target])).toEqual([['err_id', 1685, null], ['err_range', 1691, null]]);
    expect(fn.labels).toEqual([]);
    expect(fn.assignments.filter(a => a.target === 'rc').map(a => [a.value, a.span.line])).toEqual([
      ['-EINVAL', 1684], ['alloc_dev_dax_range(&dax_region->res, dev_dax, dax_region->res.start, data->size, NULL)', 1688],
    ]);
  });
});
