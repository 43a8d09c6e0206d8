/**
 * The lint run: patches in, sorted findings out.
 *
 * Patches are grouped into series (input + version); function summaries are built over the
 * whole series so a callee added in patch 3 informs its caller in patch 5. Each rule sees every
 * function, file, patch and series. By default the run is differential, as kernel CI bots are:
 * a finding is kept only in code the patch touches, and dropped when the same check on the
 * pre-image of that code finds the same thing (`--all` keeps everything).
 */
import { compareFindings, type Finding } from './finding.js';
import type { LintResult, PatchRecord } from './lint-result.js';
import type { IngestProblem } from '../mail/types.js';
import type { Patch } from '../patch/types.js';
import type { FileFacts, FunctionFacts } from '../facts/types.js';
import { patchFacts } from '../facts/patch-facts.js';
import { fileFactsOfDiff, isCFile } from '../facts/file-facts.js';
import type { Rule } from './define-rule.js';
import { EngineServices, makeContext } from './context.js';
import { buildSummaries } from './summaries.js';
import { ANALYSIS_NOTES } from './tool-findings.js';
import { TreeSeries, type TreePatchFacts } from '../tree/tree-facts.js';
import { treeNotes } from '../tree/tree-notes.js';
import type { MessageLine, PatchView, SeriesView } from './views.js';

export interface LintOptions {
  /** Report pre-existing findings too, not only what the patch introduces. */
  readonly all: boolean;
  readonly rules: readonly Rule[];
  /** Deep-freeze facts before rules see them (the rule tester proves rules never mutate facts). */
  readonly freeze?: boolean;
  /** Tree mode: the kernel tree DIR each series is applied to in memory (plain data: it crosses worker threads). */
  readonly tree?: string;
}

interface Unit {
  readonly patch: Patch;
  readonly view: PatchView;
  /** Tree mode: the pre-images and placements of the patch in the tree. */
  readonly tree?: TreePatchFacts;
}

export function lintPatches(
  patches: readonly { readonly patch: Patch; readonly input: string }[],
  errors: readonly IngestProblem[],
  opts: LintOptions,
): LintResult {
  const findings: Finding[] = [];
  const problems: IngestProblem[] = [...errors];
  const records: PatchRecord[] = [];
  let functions = 0;
  let analysed = 0;
  for (const group of groupSeries(patches)) {
    const units: Unit[] = [];
    const groupStart = findings.length;
    const tree = opts.tree === undefined ? null : TreeSeries.open(opts.tree, group, problems);
    for (const { patch, input } of group) {
      const tpf = tree?.patchFacts(patch, input);
      const pf = tpf ?? patchFacts(patch);
      if (tpf !== undefined) problems.push(...tpf.problems);
      if (opts.freeze === true) deepFreeze(pf.files);
      for (const f of pf.failures) problems.push({ message: `could not analyse ${f.path}: ${f.reason}`, where: `${input}:${patch.message.ref.startLine}` });
      if (pf.files.length === 0 && patch.kind !== 'patch') continue;
      analysed++;
      units.push({ patch, view: patchView(patch, input, pf.files, pf.source === 'quoted'), ...(tpf !== undefined ? { tree: tpf } : {}) });
    }
    const series: SeriesView = { version: group[0]?.patch.message.subject.version ?? 1, patches: units.map(u => u.view) };
    const allFns = units.flatMap(u => u.view.files.flatMap(f => f.functions));
    functions += allFns.length;
    const summaries = buildSummaries(tree === null ? allFns : [...tree.callees(allFns), ...allFns]);
    const services = new EngineServices(name => summaries.get(name) ?? null);
    for (const unit of units) {
      for (const f of runRules(opts.rules, services, unit, series, opts.all)) findings.push(f);
      for (const f of truncationNotes(services, unit, series)) findings.push(f);
      if (unit.tree !== undefined) findings.push(...treeNotes(services, unit.view, series, unit.tree.placements));
    }
    for (const rule of opts.rules) {
      if (rule.checkSeries === undefined || units[0] === undefined) continue;
      const sink = (f: Finding) => { findings.push(f); };
      const first = units[0];
      rule.checkSeries(series, makeContext(rule, services, first.view, series, null, sink));
    }
    const withFindings = new Set(findings.slice(groupStart).map(f => `${f.input}\u0000${f.mailMessageId ?? ''}`));
    for (const unit of units) records.push(patchRecord(unit, withFindings.has(`${unit.view.input}\u0000${unit.view.messageId ?? ''}`)));
  }
  const unique = dedupe(findings).sort(compareFindings);
  return { findings: unique, errors: problems, summary: { patches: analysed, functions, findings: unique.length, errors: problems.length }, patches: records };
}

/** The reporter's view of a patch; its diffs only when something is reported on it. */
function patchRecord(unit: Unit, keepFiles: boolean): PatchRecord {
  const m = unit.patch.message;
  return {
    input: unit.view.input,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    subject: m.subject.raw,
    title: m.subject.clean,
    from: m.from === null ? null : (m.from.name !== '' ? `${m.from.name} <${m.from.address}>` : m.from.address),
    date: m.date,
    kind: unit.patch.kind,
    version: m.subject.version,
    index: m.subject.index,
    total: m.subject.total,
    mailLine: m.ref.startLine,
    files: keepFiles ? (unit.view.quoted ? unit.patch.quoted : unit.patch.files) : [],
    ...(keepFiles && unit.view.commitMessage.length > 0 ? { commitMessage: unit.view.commitMessage.map(l => ({ text: l.text, patchLine: l.patchLine })) } : {}),
  };
}

function runRules(rules: readonly Rule[], services: EngineServices, unit: Unit, series: SeriesView, all: boolean): Finding[] {
  const out: Finding[] = [];
  const { view } = unit;
  for (const rule of rules) {
    const kept: { f: Finding; fn: FunctionFacts | null }[] = [];
    const sink = (f: Finding, fn: FunctionFacts | null) => { kept.push({ f, fn }); };
    if (rule.checkPatch) rule.checkPatch(view, makeContext(rule, services, view, series, null, sink));
    for (const file of view.files) {
      const ctx = makeContext(rule, services, view, series, file, sink);
      if (rule.checkFile) rule.checkFile(file, ctx);
      // differential runs keep only findings in changed functions: unchanged ones (whole files
      // in tree mode, context in hunk mode) are not checked at all
      if (rule.checkFunction) for (const fn of file.functions) if (all || fn.changed) rule.checkFunction(fn, ctx);
    }
    out.push(...(all ? kept.map(k => k.f) : differential(rule, services, unit, series, kept)));
  }
  return out;
}

/** A note for every changed function whose path search hit its bound. */
function truncationNotes(services: EngineServices, unit: Unit, series: SeriesView): Finding[] {
  const out: Finding[] = [];
  for (const file of unit.view.files) {
    const ctx = makeContext(ANALYSIS_NOTES, services, unit.view, series, file, f => { out.push({ ...f, source: 'tool' }); });
    for (const fn of file.functions) {
      if (!fn.changed) continue;
      const sim = services.simulate(fn);
      if (sim.truncated) ctx.report({ messageId: 'truncated', line: fn.span.line, fn, data: { fn: fn.name ?? '(unnamed)', paths: sim.paths.length } });
    }
  }
  return out;
}

/** Keep findings in touched code that the pre-image of the same code does not also have. */
function differential(rule: Rule, services: EngineServices, unit: Unit, series: SeriesView, kept: readonly { f: Finding; fn: FunctionFacts | null }[]): Finding[] {
  const touched = kept.filter(k => k.fn === null || k.fn.changed);
  if (touched.length === 0 || rule.checkFunction === undefined) return touched.map(k => k.f);
  const files = unit.view.quoted ? unit.patch.quoted : unit.patch.files;
  const preFingerprints = new Set<string>();
  const wanted = new Set(touched.filter(k => k.fn !== null).map(k => `${k.f.location.file}\u0000${k.fn?.name}`));
  for (const diff of files) {
    if (!isCFile(diff.path) || diff.status === 'added' || diff.hunks.length === 0) continue;
    if (![...wanted].some(w => w.startsWith(`${diff.path}\u0000`))) continue;
    let pre: FileFacts;
    try {
      pre = unit.tree?.pre(diff.path) ?? fileFactsOfDiff(diff, 'pre');
    } catch {
      continue;
    }
    const preFile: FileFacts = { ...pre, path: diff.path };
    const ctx = makeContext(rule, services, unit.view, series, preFile, f => { preFingerprints.add(f.fingerprint); });
    for (const fn of preFile.functions) if (fn.name !== null && wanted.has(`${diff.path}\u0000${fn.name}`)) rule.checkFunction(fn, ctx);
  }
  return touched.filter(k => !preFingerprints.has(k.f.fingerprint)).map(k => k.f);
}

function groupSeries(patches: readonly { readonly patch: Patch; readonly input: string }[]): { patch: Patch; input: string }[][] {
  const groups = new Map<string, { patch: Patch; input: string }[]>();
  for (const p of patches) {
    const s = p.patch.message.subject;
    const key = `${p.input}\u0000${s.version}\u0000${s.total ?? ''}\u0000${s.prefixes.join(',')}`;
    const g = groups.get(key) ?? [];
    g.push({ patch: p.patch, input: p.input });
    groups.set(key, g);
  }
  return [...groups.values()].map(g => [...g].sort((a, b) => (a.patch.message.subject.index ?? 0) - (b.patch.message.subject.index ?? 0)));
}

function patchView(patch: Patch, input: string, files: readonly FileFacts[], quoted: boolean): PatchView {
  return {
    input,
    messageId: patch.message.messageId,
    subject: patch.message.subject.raw,
    kind: patch.kind,
    commitMessage: quoted ? [] : commitLines(patch),
    trailers: patch.trailers.map(t => ({ key: t.key, value: t.value })),
    files,
    quoted,
  };
}

/** The commit message lines with their body (patch) line and mail line. */
function commitLines(patch: Patch): MessageLine[] {
  const body = patch.message.body;
  const bodyLines = body.text.split('\n');
  const msgLines = patch.commitMessage.split('\n');
  const first = msgLines.find(l => l.trim() !== '');
  if (first === undefined) return [];
  const start = bodyLines.findIndex(l => l === first);
  if (start < 0) return [];
  const out: MessageLine[] = [];
  let bi = start;
  for (const text of msgLines.slice(msgLines.indexOf(first))) {
    while (bi < bodyLines.length && bodyLines[bi] !== text) bi++;
    if (bi >= bodyLines.length) break;
    const mailLine = body.lineMap?.[bi] ?? (body.startLine !== null ? body.startLine + bi : null);
    out.push({ text, patchLine: bi + 1, mailLine });
    bi++;
  }
  return out;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter(f => {
    const key = `${f.fingerprint}\u0000${f.input}\u0000${f.location.line}\u0000${f.mailMessageId}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
}
