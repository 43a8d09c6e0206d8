import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runId, type ScenarioJson } from '../../../../src/model/dcd-scenario.js';
import { checkRun, type ManifestEntry } from '../../../../src/model/dcd-verdict.js';
import { CORPUS } from '../../../helpers/paths.js';

const DIR = path.join(CORPUS, 'scenarios', 'dcd');
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { entries: Record<string, ManifestEntry> };
const files = readdirSync(DIR).filter(f => /^S\d\d/.test(f)).sort();
const scenarios = files.map(f => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as ScenarioJson);

describe('dcd scenarios S01–S48', () => {
  it('covers every scenario of spec §4 and every run has a manifest verdict', () => {
    const ids = new Set(scenarios.map(s => s.id));
    for (let i = 1; i <= 48; i++) expect(ids.has(`S${String(i).padStart(2, '0')}`)).toBe(true);
    for (const s of scenarios) for (const r of s.runs) expect(manifest.entries[`${s.id}/${runId(r)}`], `${s.id}/${runId(r)}`).toBeDefined();
  });

  for (const sc of scenarios) {
    for (const r of sc.runs) {
      const id = `${sc.id}/${runId(r)}`;
      const entry = manifest.entries[id];
      it.skipIf(r.modelled === false)(`${id}: ${sc.title}`, () => {
        const v = checkRun(sc, r, entry);
        expect(v.observableMismatches, `${id} observables; steps:\n${(v.steps ?? []).join('\n')}`).toEqual([]);
        const dis = entry?.modelDisagrees;
        const trails = JSON.stringify(v.check?.violations.map(x => [x.invariant, x.trace.map(t => t.action)]));
        expect(v.missing, `${id}: spec violations the model does not find`).toEqual([...(dis?.missing ?? [])].sort());
        expect(v.extra, `${id}: violations the spec does not expect: ${trails}`).toEqual([...(dis?.extra ?? [])].sort());
        expect(v.check?.exhaustive, `${id} exploration is exhaustive within its bound`).toBe(true);
      });
    }
  }
});
