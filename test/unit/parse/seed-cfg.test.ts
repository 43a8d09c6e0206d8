/**
 * CFGs of functions from the seed patches (patchwork pages in the shared data), checked by hand
 * against the code: what each exit releases and where ownership of a `__free()` variable leaves.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCfg } from '../../../src/parse/cfg.js';
import type { Cfg } from '../../../src/parse/cfg-types.js';
import { locateFunctions } from '../../../src/parse/functions.js';
import { toPatch } from '../../../src/patch/patch.js';
import { fileImages } from '../../../src/reconstruct/image.js';
import { SEEDS } from '../../helpers/paths.js';
import { readAll } from '../patch/helpers/read-all.js';
import { exits } from './helpers.js';

/** CFG of the function named `name` (or, for `null`, the partial function seen from `line`). */
async function seedCfg(seed: string, file: string, name: string | null, line = 0): Promise<Cfg> {
  for (const m of await readAll(path.join(SEEDS, seed))) {
    for (const f of toPatch(m).files) {
      if (f.path !== file) continue;
      const { post } = fileImages(f);
      const fn = locateFunctions(post.text, { fragments: post.fragments })
        .find((x) => x.info.name === name && (name !== null || x.info.span.line === line));
      if (fn !== undefined) return buildCfg(fn);
    }
  }
  throw new Error(`${name ?? `line ${line}`} not found in ${seed}`);
}

describe('seed 000: dax_region_add_resource', () => {
  it('holds dax_region_rwsem for write to every exit after the guard; kfree skipped once no_free_ptr moved it', async () => {
    const cfg = await seedCfg('000_481a6e8a537f12fa.txt', 'drivers/dax/bus.c', 'dax_region_add_resource');
    expect(cfg.partial).toBe(false);
    expect(cfg.hasErrorNodes).toBe(false);
    expect(cfg.resources.map((r) => [r.kind, r.name, r.variable, r.args])).toEqual([
      ['free', 'kfree', 'dax_resource', []],
      ['guard', 'rwsem_write', null, ['&dax_region_rwsem']],
    ]);
    expect(exits(cfg)).toEqual([
      '-ENOMEM | kfree(dax_resource)',
      '-ENOSPC | unlock rwsem_write(&dax_region_rwsem) | kfree(dax_resource)',
      'rc | unlock rwsem_write(&dax_region_rwsem) | kfree(dax_resource)',
      '0 | unlock rwsem_write(&dax_region_rwsem) | kfree(dax_resource) no-op',
    ]);
  });

  it('dax_release_resource releases its guard at the function end', async () => {
    const cfg = await seedCfg('000_481a6e8a537f12fa.txt', 'drivers/dax/bus.c', 'dax_release_resource');
    expect(exits(cfg)).toEqual(['(end) | unlock rwsem_write(&dax_region_rwsem)']);
  });
});

describe('seed 004 (whitespace-damaged web copy)', () => {
  it('dax_region_rm_resources: both loops under one write guard, released on -EBUSY and on 0', async () => {
    const cfg = await seedCfg('004_feaad2c012210ef7.txt', 'drivers/dax/bus.c', 'dax_region_rm_resources');
    expect(cfg.nodes.filter((n) => n.kind === 'loop').map((n) => n.text)).toEqual(['i < n', 'i < n']);
    const ends = [...new Set(exits(cfg))].sort();
    expect(ends).toEqual(['-EBUSY | unlock rwsem_write(&dax_region_rwsem)', '0 | unlock rwsem_write(&dax_region_rwsem)']);
    expect(cfg.edges.some((e) => e.kind === 'continue')).toBe(true);
  });

  it('cxl_dax_group_add (start not seen): the rollback loop breaks to `return rc`', async () => {
    const cfg = await seedCfg('004_feaad2c012210ef7.txt', 'drivers/dax/cxl.c', null, 44);
    expect(cfg.partial).toBe(true);
    expect(cfg.nodes.filter((n) => n.kind === 'loop').map((n) => n.macro)).toEqual(['xa_for_each', 'xa_for_each']);
    const brk = cfg.nodes.find((n) => n.kind === 'break');
    const after = cfg.edges.filter((e) => e.from === brk?.id).map((e) => cfg.nodes[e.to]);
    expect(after.map((n) => [n?.kind, n?.text])).toEqual([['return', 'rc']]);
    expect([...new Set(exits(cfg))].sort()).toEqual(['0', 'rc']);
  });
});
