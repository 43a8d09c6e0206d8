/**
 * Issue 3 "Done when": on every DCD series, at most 2% of the function definitions that are
 * whole in a patch's post-image still have ERROR or MISSING nodes after normalisation.
 * Runs the real ingest (src/mail → src/patch → src/reconstruct) and then src/parse.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFunctions, parseStats, type FunctionInfo } from '../../../src/parse/functions.js';
import { toPatch } from '../../../src/patch/patch.js';
import { fileImages } from '../../../src/reconstruct/image.js';
import { SERIES } from '../../helpers/paths.js';
import { readAll } from '../patch/helpers/read-all.js';

const DCD = readdirSync(SERIES).filter((f) => /dcd-v\d+\.mbox$/.test(f)).sort();

async function functionsOf(file: string): Promise<FunctionInfo[]> {
  const out: FunctionInfo[] = [];
  for (const m of await readAll(path.join(SERIES, file))) {
    const patch = toPatch(m);
    if (patch.kind !== 'patch') continue;
    for (const f of patch.files) {
      if (!/\.[ch]$/.test(f.path) || f.status === 'deleted' || f.binary) continue;
      const { post } = fileImages(f);
      out.push(...findFunctions(post.text, { fragments: post.fragments }));
    }
  }
  return out;
}

describe('ERROR/MISSING rate of complete functions in DCD post-images', () => {
  it.each(DCD)('%s: at most 2%', async (file) => {
    const fns = await functionsOf(file);
    const stats = parseStats(fns);
    const bad = fns.filter((f) => f.kind === 'complete' && f.hasErrorNodes).map((f) => `${f.name}@${f.span.line}`);
    expect(stats.complete, 'complete functions found').toBeGreaterThan(5);
    expect(stats.errorNodeRate, bad.join(', ')).toBeLessThanOrEqual(0.02);
  });
});
