/**
 * The whole pipeline in-process, as `kvet lint` runs it (ingest → patches → series buffer →
 * facts → rules), on bytes given as stdin, plus the invariants every run must keep whatever
 * the input.
 */
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { ingestInputs } from '../../../src/cli/ingest.js';
import { CATEGORIES, compareFindings, type Finding } from '../../../src/engine/finding.js';
import { lintPatches } from '../../../src/engine/lint.js';
import { SeriesBuffer } from '../../../src/engine/series-buffer.js';
import type { LintResult } from '../../../src/engine/lint-result.js';
import type { IngestProblem } from '../../../src/mail/types.js';
import type { FileDiff, Patch } from '../../../src/patch/types.js';
import { RULES } from '../../../rules/index.js';

/** What one run produced. */
export interface PipelineRun {
  readonly patches: readonly Patch[];
  readonly results: readonly LintResult[];
  readonly errors: readonly IngestProblem[];
  readonly failed: boolean;
}

/** Reads `bytes` as stdin and lints every patch in it, series by series. */
export async function runPipeline(bytes: Uint8Array, all = false): Promise<PipelineRun> {
  const patches: Patch[] = [];
  const results: LintResult[] = [];
  const buffer = new SeriesBuffer(group => { results.push(lintPatches(group, [], { all, rules: RULES })); });
  const summaries = await ingestInputs(['-'], (patch, input) => {
    patches.push(patch);
    buffer.add({ patch, input });
  }, { stdin: Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) });
  buffer.flush();
  return { patches, results, errors: summaries.flatMap(s => s.errors), failed: summaries.some(s => s.failed) };
}

/** A stable text of everything a run produced (for the determinism check). */
export function fingerprintOf(run: PipelineRun): string {
  return JSON.stringify({
    errors: run.errors,
    results: run.results.map(r => ({ findings: r.findings, errors: r.errors, summary: r.summary })),
    patches: run.patches.map(p => ({ kind: p.kind, files: p.files, quoted: p.quoted, trailers: p.trailers, problems: p.problems })),
  });
}

/** Lines of the input; a lone CR ends a line too (web-archive text is read that way, see pageLines). */
function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) n++;
  }
  return n;
}

function isLine(v: number | null, max: number): boolean {
  return v === null || (Number.isInteger(v) && v >= 1 && v <= max);
}

/** Patch lines increase through a diff; mail lines of a body diff increase and stay in the input. */
function checkDiffLines(f: FileDiff, maxLine: number, ownBody: boolean): void {
  let lastPatch = 0;
  let lastMail = 0;
  for (const h of f.hunks) {
    for (const l of h.lines) {
      expect(l.patchLine, `${f.path}: patch lines increase`).toBeGreaterThan(lastPatch);
      lastPatch = l.patchLine;
      expect(isLine(l.mailLine, maxLine), `${f.path}: mail line ${l.mailLine} within 1..${maxLine}`).toBe(true);
      if (ownBody && l.mailLine !== null) {
        expect(l.mailLine, `${f.path}: mail lines increase`).toBeGreaterThan(lastMail);
        lastMail = l.mailLine;
      }
    }
  }
  expect(f.added).toBe(f.hunks.reduce((n, h) => n + h.lines.filter(l => l.kind === '+').length, 0));
  expect(f.removed).toBe(f.hunks.reduce((n, h) => n + h.lines.filter(l => l.kind === '-').length, 0));
}

function checkFinding(f: Finding, files: ReadonlySet<string>, maxLine: number): void {
  const where = `${f.ruleId} ${f.location.file}:${f.location.line}`;
  expect(f.location.file === null || files.has(f.location.file), `${where}: file is one of the patch's files`).toBe(true);
  for (const r of f.related) expect(r.file === null || files.has(r.file), `${where}: related file ${r.file}`).toBe(true);
  for (const loc of [f.location, ...f.related]) {
    expect(loc.line === null || (Number.isInteger(loc.line) && loc.line >= 1), `${where}: line ${loc.line}`).toBe(true);
    expect(isLine(loc.mailLine, maxLine), `${where}: mail line ${loc.mailLine} within 1..${maxLine}`).toBe(true);
  }
  expect(CATEGORIES).toContain(f.category);
  expect(['error', 'warning', 'note']).toContain(f.severity);
  expect(typeof f.message === 'string' && f.message.length > 0, `${where}: message`).toBe(true);
  expect(f.message.includes('\n'), `${where}: one-line message ${JSON.stringify(f.message.slice(0, 200))}`).toBe(false);
  expect(typeof f.fingerprint === 'string' && f.fingerprint.length > 0).toBe(true);
}

/** The invariants of a run on input `bytes`. */
export function checkRun(run: PipelineRun, bytes: Uint8Array): void {
  const maxLine = countLines(bytes) + 1;
  for (const p of run.patches) {
    const map = p.message.body.lineMap;
    if (map !== undefined) {
      for (let k = 1; k < map.length; k++) expect(map[k]!, 'body line map increases').toBeGreaterThan(map[k - 1]!);
      for (const v of map) expect(isLine(v, maxLine), `body line map value ${v} within 1..${maxLine}`).toBe(true);
    }
    for (const f of p.files) checkDiffLines(f, maxLine, f.attachment === undefined);
    for (const f of p.quoted) checkDiffLines(f, maxLine, false);
  }
  const files = new Set(run.patches.flatMap(p => [...p.files, ...p.quoted].flatMap(f => [f.path, f.oldPath, f.newPath].filter((x): x is string => x !== null))));
  for (const r of run.results) {
    expect(Array.isArray(r.findings) && Array.isArray(r.errors)).toBe(true);
    expect(r.summary.findings).toBe(r.findings.length);
    expect(r.summary.errors).toBe(r.errors.length);
    for (let k = 1; k < r.findings.length; k++) expect(compareFindings(r.findings[k - 1]!, r.findings[k]!)).toBeLessThanOrEqual(0);
    for (const f of r.findings) checkFinding(f, files, maxLine);
  }
  for (const e of [...run.errors, ...run.results.flatMap(r => r.errors)]) {
    expect(typeof e.message === 'string' && typeof e.where === 'string').toBe(true);
  }
}
