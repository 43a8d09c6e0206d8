/**
 * src/parse under hostile C: macro normalisation keeps the length and every line end of mutated
 * real C; function location, CFG construction and path enumeration never throw and always
 * finish within their bounds; CFG edges stay inside the graph, gotos are resolved to their
 * label or to the unresolved terminal, and no path dead-ends. Generated worst cases (deep
 * nesting, thousands of gotos and labels, 2^40 paths, long else-if chains) go through the same
 * checks and through the facts of a patch that adds them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseFunctions } from '../../src/parse/analyse.js';
import type { Cfg } from '../../src/parse/cfg-types.js';
import { normaliseKernelC } from '../../src/parse/normalise.js';
import { countPaths, enumeratePaths } from '../../src/parse/paths.js';
import { fileFactsOfDiff } from '../../src/facts/file-facts.js';
import { parseDiffs } from '../../src/patch/diff.js';
import { realCFragments } from './helpers/corpus.js';
import { fuzz, testTimeout, timed } from './helpers/fuzz.js';
import { hostileFunction, HOSTILE_C_KINDS } from './helpers/hostile-c.js';
import { applyMutations, mutationsArb } from './helpers/mutate.js';

const fragments = realCFragments();
const enc = new TextEncoder();

/** C-flavoured damage on top of the byte-level mutations. */
const C_SNIPPETS = [
  '{', '}', '(', ')', '/*', '*/', '"', "'", '\\', '#if 0\n', '#endif\n', '#define X(a) a {\n', 'goto out;\n', 'out:\n',
  'guard(mutex)(&d->lock);\n', 'scoped_guard(spinlock_irqsave, &d->lock) {\n', 'scoped_cond_guard(mutex_intr, return -EINTR, &m) {',
  'list_for_each_entry(p, &h, node) {\n', 'struct x *p __free(kfree) = NULL;\n', 'DEFINE_FREE(x, struct x *, if (_T) kfree(_T))\n',
  'EXPORT_SYMBOL_GPL(', '__acquires(', 'return_ptr(p);\n', 'no_free_ptr(', 'switch (x) {\ncase 1:\n', 'default:\n', 'else\n', 'do {\n', '} while (0);\n',
  '\0', '\r', '\ud800', '\u00a0', '??/\n', '%:', '<%', 'R"(', 'asm volatile("" ::: "memory");\n',
];

const cMutation = fc.record({ at: fc.nat(), snippet: fc.constantFrom(...C_SNIPPETS), times: fc.constantFrom(1, 1, 3, 50, 2000) });

function mutateC(text: string, ms: readonly { at: number; snippet: string; times: number }[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    t = t.slice(0, at) + m.snippet.repeat(m.times) + t.slice(at);
  }
  return t;
}

/** Structural invariants of a CFG, and bounded enumeration over it. */
function checkCfg(cfg: Cfg, maxSteps = 20_000, maxPaths = 256): void {
  const n = cfg.nodes.length;
  cfg.nodes.forEach((node, i) => { if (node.id !== i) expect(node.id).toBe(i); });
  const edges = new Set<number>();
  for (const e of cfg.edges) {
    if (!(e.from >= 0 && e.from < n && e.to >= 0 && e.to < n)) expect.fail(`edge ${e.from}->${e.to} outside ${n} nodes`);
    edges.add(e.from * n + e.to);
  }
  const labels = new Map(cfg.labels.map(l => [l.name, l.node]));
  for (const g of cfg.gotos) {
    if (g.target === null) {
      // A label the function does not have: the unresolved terminal; in a partial function
      // (start or end not seen) the label may be in the unseen part.
      const to = [cfg.unresolved, ...(cfg.partial ? [cfg.unseen] : [])];
      expect(to.some(t => edges.has(g.node * n + t)), `goto ${g.label} leads to ${to.join(' or ')}`).toBe(true);
    } else {
      expect(cfg.nodes[g.target]?.kind).toBe('label');
      if (labels.has(g.label)) expect(cfg.nodes[g.target]?.label).toBe(g.label);
    }
  }
  const count = countPaths(cfg);
  expect(count >= 0 && !Number.isNaN(count)).toBe(true);
  const res = enumeratePaths(cfg, { maxSteps, maxPaths });
  expect(res.paths.length).toBeLessThanOrEqual(maxPaths);
  expect(res.steps).toBeLessThanOrEqual(maxSteps + 1);
  for (const p of res.paths) {
    expect(p.end, 'no path dead-ends (a CFG construction bug)').not.toBe('dead-end');
    expect(p.nodes[0]).toBe(cfg.entry);
    for (let k = 1; k < p.nodes.length; k++) {
      const [a, b] = [p.nodes[k - 1]!, p.nodes[k]!];
      if (!edges.has(a * n + b)) expect.fail(`path step ${a}->${b} is not an edge`);
    }
  }
}

describe('macro normalisation', () => {
  it('keeps the length and every line end of mutated real C, deterministically', async () => {
    if (fragments.length === 0) return; // no shared corpus here
    const arb = fc.tuple(fc.nat({ max: fragments.length - 1 }), fc.array(cMutation, { maxLength: 4 }), fc.option(mutationsArb, { freq: 3 }));
    await fuzz('parse/normalise', fc.asyncProperty(arb, async ([k, cms, ms]) => {
      let text = mutateC(fragments[k]!, cms);
      if (ms !== null) text = Buffer.from(applyMutations(enc.encode(text), ms)).toString('utf8');
      await timed('parse/normalise', text, () => {
        const out = normaliseKernelC(text);
        expect(out.text.length).toBe(text.length);
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) expect(out.text[i]).toBe('\n');
        expect(normaliseKernelC(text)).toEqual(out);
        for (const s of out.sites) {
          expect(s.span.line).toBeGreaterThanOrEqual(1);
        }
      });
    }), 100);
  }, testTimeout());
});

describe('functions, CFG and paths', () => {
  it('mutated real C: analysis never throws; CFGs are well formed; enumeration is bounded', async () => {
    if (fragments.length === 0) return; // no shared corpus here
    const arb = fc.tuple(fc.nat({ max: fragments.length - 1 }), fc.array(cMutation, { maxLength: 4 }));
    await fuzz('parse/cfg-mutated', fc.asyncProperty(arb, async ([k, cms]) => {
      const text = mutateC(fragments[k]!, cms);
      await timed('parse/cfg-mutated', text, () => {
        const fns = analyseFunctions(text);
        for (const f of fns) checkCfg(f.cfg);
        expect(JSON.stringify(analyseFunctions(text).map(f => f.cfg))).toBe(JSON.stringify(fns.map(f => f.cfg)));
      });
    }), 50);
  }, testTimeout());

  it('generated worst cases (nesting, gotos, 2^n paths, chains, loops, guards) finish within bounds', async () => {
    const arb = fc.tuple(fc.constantFrom(...HOSTILE_C_KINDS), fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(39, 500, 3000)), fc.constantFrom('bare', 'fragment', 'patch'));
    await fuzz('parse/cfg-hostile', fc.asyncProperty(arb, async ([kind, n, how]) => {
      const code = hostileFunction(kind, n);
      await timed('parse/cfg-hostile', code, () => {
        if (how === 'patch') {
          const lines = code.split('\n').slice(0, -1);
          const diff = `diff --git a/d.c b/d.c\n--- a/d.c\n+++ b/d.c\n@@ -10,2 +10,${lines.length + 2} @@\n int a;\n${lines.map(l => `+${l}\n`).join('')} int b;\n`;
          const { files } = parseDiffs(diff);
          expect(files).toHaveLength(1);
          const facts = fileFactsOfDiff(files[0]!);
          expect(facts.functions.length).toBeLessThanOrEqual(1);
          return;
        }
        const total = code.split('\n').length;
        const fns = analyseFunctions(code, how === 'fragment' ? { fragments: [[2, Math.max(2, total - 2)]] } : {});
        for (const f of fns) checkCfg(f.cfg, 50_000, 512);
        if (kind === 'paths' && how === 'bare' && n === 39) {
          const cfg = fns[0]!.cfg;
          expect(countPaths(cfg)).toBe(2 ** 40);
          expect(enumeratePaths(cfg).truncated).toBe(true);
        }
      });
    }), 40);
  }, testTimeout());
});
