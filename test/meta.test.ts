/**
 * Registry ↔ folders ↔ meta consistency (STYLE.md I), the one-parser-importer boundary, and
 * rule-order independence.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import { CATEGORIES } from '../src/engine/finding.js';
import { lintPatches } from '../src/engine/lint.js';
import { readMessages } from '../src/mail/read-input.js';
import { toPatch } from '../src/patch/patch.js';
import type { Patch } from '../src/patch/types.js';
import { CORPUS, ROOT } from './helpers/paths.js';

const RULES_DIR = path.join(ROOT, 'rules');
const folders = readdirSync(RULES_DIR).filter(f => statSync(path.join(RULES_DIR, f)).isDirectory()).sort();

describe('rule registry', () => {
  it('registers every rules/*/ folder, sorted, and nothing else', () => {
    expect(RULES.map(r => r.id)).toEqual(folders);
  });

  it('lists the imports in rules/index.ts sorted', () => {
    const src = readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8');
    const imports = [...src.matchAll(/from '\.\/([^/]+)\/rule\.js'/g)].map(m => m[1]);
    expect(imports).toEqual([...imports].sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a colocated test, a category from the vocabulary and docs', () => {
        expect(existsSync(path.join(RULES_DIR, rule.id, 'rule.test.ts'))).toBe(true);
        expect(CATEGORIES).toContain(rule.meta.category);
        expect(rule.meta.docs.description.length).toBeGreaterThan(20);
        expect(rule.meta.docs.limitations.length).toBeGreaterThan(20);
        expect(rule.meta.docs.references.length).toBeGreaterThan(0);
      });

      it('writes messages with a capital first letter, ending with a period, on one line', () => {
        for (const m of Object.values(rule.meta.messages) as string[]) {
          expect(m).toMatch(/^[A-Z].*\.$/);
          expect(m).not.toMatch(/\n/);
        }
      });

      it('declares the fact families it reads', () => {
        const src = readFileSync(path.join(RULES_DIR, rule.id, 'rule.ts'), 'utf8');
        const families = ['locks', 'resources', 'devres', 'drvdata', 'gotos', 'labels', 'returns', 'conditions', 'assignments', 'kernelDoc', 'calls', 'decls', 'texts'] as const;
        for (const fam of families) {
          if (new RegExp(`\\b(fn|f|file|facts)\\.${fam}\\b`).test(src)) expect(rule.meta.requires, `${rule.id} reads ${fam}`).toContain(fam);
        }
      });

      it('has a check and imports nothing from the parser', () => {
        expect(rule.checkFunction ?? rule.checkFile ?? rule.checkPatch ?? rule.checkSeries).toBeDefined();
        const src = readFileSync(path.join(RULES_DIR, rule.id, 'rule.ts'), 'utf8');
        expect(src).not.toMatch(/from '[^']*(tree-sitter|src\/parse\/)/);
      });
    });
  }
});

describe('module boundaries', () => {
  const tsFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts')).map(f => path.join(dir, f));
  it('only src/parse imports tree-sitter', () => {
    const offenders = [...tsFiles(path.join(ROOT, 'src')), ...tsFiles(RULES_DIR)]
      .filter(f => !f.includes(`${path.sep}src${path.sep}parse${path.sep}`))
      .filter(f => /from 'tree-sitter(-c)?'/.test(readFileSync(f, 'utf8')));
    expect(offenders.map(f => path.relative(ROOT, f))).toEqual([]);
  });
  it('rules, the model and reporters do not import src/parse', () => {
    const dirs = [RULES_DIR, path.join(ROOT, 'src', 'model'), path.join(ROOT, 'src', 'report')];
    const offenders = dirs.flatMap(tsFiles).filter(f => !f.endsWith('.test.ts')).filter(f => /from '[^']*\/parse\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map(f => path.relative(ROOT, f))).toEqual([]);
  });
});

describe('rule order', () => {
  it('does not change the findings (registry shuffled)', async () => {
    const input = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
    const patches: { patch: Patch; input: string }[] = [];
    for await (const m of readMessages(input)) patches.push({ patch: toPatch(m), input });
    const forward = lintPatches(patches, [], { all: false, rules: RULES }).findings;
    const shuffled = [...RULES].reverse();
    [shuffled[0], shuffled[2]] = [shuffled[2] as typeof shuffled[0], shuffled[0] as typeof shuffled[0]];
    const backward = lintPatches(patches, [], { all: false, rules: shuffled }).findings;
    expect(forward.length).toBeGreaterThan(0);
    expect(backward).toEqual(forward);
  });
});
