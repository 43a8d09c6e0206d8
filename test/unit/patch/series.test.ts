/**
 * groupSeries over the real DCD and ndctl series: one series per mbox, cover first,
 * patches in index order, gaps and duplicates reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPatch } from '../../../src/patch/patch.js';
import { groupSeries } from '../../../src/patch/series.js';
import type { Patch } from '../../../src/patch/types.js';
import { ACCEPTANCE, SERIES } from '../../helpers/paths.js';
import { readAll } from './helpers/read-all.js';

const expected = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'series-numstat.json'), 'utf8')) as Record<
  string,
  { messageId: string; index: number; total: number; files: unknown[] }[]
>;

async function patchesOf(name: string): Promise<Patch[]> {
  return (await readAll(path.join(SERIES, name))).map(m => toPatch(m));
}

describe('groupSeries on the shared series', () => {
  for (const name of Object.keys(expected)) {
    it(name, async () => {
      const patches = await patchesOf(name);
      const series = groupSeries(patches);
      const rows = expected[name] ?? [];
      const total = rows[0]?.total ?? 0;
      const main = series.find(s => s.total === total);
      expect(main).toBeDefined();
      const indexes = main?.patches.map(p => p.message.subject.index);
      const want = rows.filter(r => r.index > 0).map(r => r.index).sort((a, b) => a - b);
      expect(indexes).toEqual(want);
      expect(main?.missing).toEqual(Array.from({ length: total }, (_, k) => k + 1).filter(k => !want.includes(k)));
      expect(main?.cover !== null).toBe(rows.some(r => r.index === 0));
      for (const p of main?.patches ?? []) {
        if (p.kind !== 'patch') continue;
        expect(p.trailers.some(t => t.key === 'Signed-off-by')).toBe(true);
        expect(p.commitMessage).not.toMatch(/^---$/m);
        expect(p.commitMessage).not.toMatch(/^diff --git/m);
      }
    });
  }
});
