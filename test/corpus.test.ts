/**
 * Golden runner: kvet lint on real series, compared with the findings a reader checked by
 * hand (corpus/expected/*.json, each finding with a verdict). A change in what kvet reports
 * fails here until the expectation is updated and each new finding is judged.
 *
 * `UPDATE_EXPECTED=1 npx vitest run test/corpus.test.ts` rewrites the files, keeping the
 * verdicts already written and marking new findings `unjudged` (which fails until judged).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import { lintPatches } from '../src/engine/lint.js';
import { readMessages } from '../src/mail/read-input.js';
import { toPatch } from '../src/patch/patch.js';
import type { Patch } from '../src/patch/types.js';
import { CORPUS, SERIES } from './helpers/paths.js';

interface Expected {
  readonly ruleId: string;
  readonly severity: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly function: string | null;
  readonly message: string;
  /** `real`: a reader checked it is a defect; `false-positive` must never be an error. */
  readonly verdict: 'real' | 'false-positive' | 'unjudged';
  readonly why: string;
}

interface ExpectedFile {
  readonly about: string;
  readonly inputs: Record<string, Expected[]>;
}

const UPDATE = process.env['UPDATE_EXPECTED'] === '1';

async function lint(file: string): Promise<Omit<Expected, 'verdict' | 'why'>[]> {
  const patches: { patch: Patch; input: string }[] = [];
  for await (const m of readMessages(file)) patches.push({ patch: toPatch(m), input: path.basename(file) });
  return lintPatches(patches, [], { all: false, rules: RULES }).findings
    .filter(f => f.severity !== 'note')
    .map(f => ({ ruleId: f.ruleId, severity: f.severity, file: f.location.file, line: f.location.line, function: f.function, message: f.message }));
}

const key = (f: { ruleId: string; file: string | null; line: number | null; message: string }) => `${f.ruleId}|${f.file}|${f.line}|${f.message}`;

function golden(name: string, about: string, inputs: readonly string[]): void {
  const file = path.join(CORPUS, 'expected', name);
  describe(`golden findings: ${name}`, () => {
    const expected: ExpectedFile = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as ExpectedFile : { about, inputs: {} };
    const updated: ExpectedFile = { about, inputs: {} };
    for (const input of inputs) {
      const base = path.basename(input);
      it(`${base}: findings as judged`, async () => {
        const got = await lint(input);
        const before = new Map((expected.inputs[base] ?? []).map(e => [key(e), e]));
        const merged: Expected[] = got.map(g => {
          const e = before.get(key(g));
          return { ...g, verdict: e?.verdict ?? 'unjudged', why: e?.why ?? '' };
        });
        if (UPDATE) {
          (updated.inputs as Record<string, Expected[]>)[base] = merged;
          writeFileSync(file, JSON.stringify({ ...updated, inputs: { ...expected.inputs, ...updated.inputs } }, null, 1) + '\n');
          return;
        }
        expect(got.map(key).sort()).toEqual((expected.inputs[base] ?? []).map(key).sort());
        for (const e of expected.inputs[base] ?? []) {
          expect(e.verdict, `judge ${key(e)}`).not.toBe('unjudged');
          if (e.severity === 'error') expect(e.verdict, `error finding must be a real defect: ${key(e)}`).toBe('real');
        }
      });
    }
  });
}

const DCD = ['dcd-v3', 'dcd-v4', 'dcd-v5', 'dcd-v6', 'dcd-v7', 'dcd-v8', 'dcd-v9', 'dcd-v10', 'dcd-v11'].map(n => path.join(SERIES, `${n}.mbox`));
golden('dcd-series.json', 'kvet lint (default, differential) on every DCD series version as sent to the list; each error and warning judged by reading the code.', DCD);
golden('demo.json', 'kvet lint on the demo series (corpus/series/0001-demo-widget-v2.mbox), whose defects were written on purpose.', [path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox')]);
