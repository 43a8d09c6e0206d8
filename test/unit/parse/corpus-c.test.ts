/**
 * The authored C files in corpus/c: whole-file parsing with normalisation leaves no ERROR or
 * MISSING node, and each function's exits match the `exits:` comment written above it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCfg } from '../../../src/parse/cfg.js';
import { locateFunctions } from '../../../src/parse/functions.js';
import { CORPUS } from '../../helpers/paths.js';
import { exits } from './helpers.js';

const DIR = path.join(CORPUS, 'c');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

describe.each(FILES)('corpus/c/%s', (file) => {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  const lines = text.split('\n');
  const fns = locateFunctions(text);

  it('parses with no ERROR/MISSING nodes after normalisation (and needs it)', () => {
    expect(fns.length).toBeGreaterThan(0);
    expect(fns.filter((f) => f.info.hasErrorNodes).map((f) => f.info.name)).toEqual([]);
    expect(fns.every((f) => f.info.kind === 'complete')).toBe(true);
    expect(locateFunctions(text, { normalise: false }).some((f) => f.info.hasErrorNodes)).toBe(true);
  });

  it('each function exits as its exits: comment says (distinct exits)', () => {
    let checked = 0;
    for (const fn of fns) {
      const comment = lines.slice(0, fn.info.span.line - 1).reverse().find((l) => l.trim() !== '');
      const m = /^\/\* exits: (.*) \*\/$/.exec(comment ?? '');
      if (m === null) continue;
      checked++;
      const want = (m[1] ?? '').split('; ');
      expect([...new Set(exits(buildCfg(fn)))].sort(), `${fn.info.name}`).toEqual([...new Set(want)].sort());
    }
    expect(checked).toBeGreaterThan(0);
  });
});
