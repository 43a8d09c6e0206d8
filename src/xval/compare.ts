/**
 * The join: for each model step that exists in a version, each of its contract clauses (locks,
 * error codes, error exits, effect order, add/release granularity) against what the C of the
 * series shows. A clause agrees, mismatches, or is unseen (the series does not show the code).
 * Pure over its inputs: the contracts (from the model source) and the series index.
 */
import { effectsFor, type ModelContract } from './contracts.js';
import {
  observeDrvdataOrder, observeErrnos, observeErrorExits, observeGranularity, observeGroupRollback, observeInvBeforeConsent,
  observeInvBeforeOnline, observeInvIgnored, observeLockRequired, observeLockTaken, observeRefuseFirst, observeSelfDeadlock, type Observation,
} from './c-contracts.js';
import type { FnVersion, SeriesIndex } from './series-index.js';

export type Verdict = 'agree' | 'mismatch' | 'unseen';

/** One contract clause joined with the C. */
export interface ContractCheck {
  readonly action: string;
  readonly clause: 'lock' | 'errors' | 'error-exit' | 'effect' | 'granularity' | 'deadlock';
  /** What the model says, one line. */
  readonly contract: string;
  /** The C function the clause was judged on. */
  readonly function: string | null;
  readonly verdict: Verdict;
  /** Normalised expectation and observation (`write`, `before`, `group`). */
  readonly expected: string;
  readonly observed: string | null;
  /** The C evidence, one line. */
  readonly evidence: string;
  readonly modelFile: string;
  readonly modelLine: number;
  readonly at: FnVersion | null;
  readonly line: number | null;
}

/** Which steps exist in the version being compared (the model's STEP_EXISTS applied). */
export type StepExists = (step: string) => boolean;

/**
 * Add and release granularity, tied to model names: the group step's and per-extent step's
 * DAX functions must appear in those steps' `specifies` (checked; else the clause is skipped).
 */
export const GRANULARITY = [
  { op: 'add', entry: 'cxlr_notify_extent', group: { step: 'add.notify', fn: 'dax_region_add_resources' }, extent: { step: 'add.daxAdd', fn: 'dax_region_add_resource' } },
  { op: 'release', entry: 'cxl_rm_extent', group: { step: 'release.consent', fn: 'dax_region_rm_resources' }, extent: { step: 'release.relExt', fn: 'dax_region_rm_resource' } },
] as const;

/** Compares every clause of the contracts that exist in `version` with the series. */
export function compareContracts(contracts: readonly ModelContract[], ix: SeriesIndex, version: string, exists: StepExists,
  lockApplies: (step: string, lock: string) => boolean = () => true): ContractCheck[] {
  const out: ContractCheck[] = [];
  const byStep = new Map(contracts.map(c => [c.step, c]));
  for (const c of contracts) {
    if (!exists(c.step) || !specApplies(c.spec, version)) continue;
    const seen = c.specifies.filter(f => ix.has(f));
    const mk = (clause: ContractCheck['clause'], contract: string, expected: string, o: Observation, ok?: (v: string) => boolean): ContractCheck => ({
      action: c.step, clause, contract, function: o.fn ?? seen[0] ?? c.specifies[0] ?? null,
      verdict: o.value === null ? 'unseen' : (ok ? ok(o.value) : o.value === expected) ? 'agree' : 'mismatch',
      expected, observed: o.value, evidence: o.text, modelFile: c.file, modelLine: c.line, at: o.at, line: o.line,
    });
    if (seen.length === 0) {
      out.push(mk('lock', `specifies ${c.specifies.join(', ')}`, 'present', { value: null, text: 'none of these functions is in the series', fn: null, at: null, line: null }));
      continue;
    }
    for (const l of c.locks) {
      if (l.how === 'releases' || !lockApplies(c.step, l.lock)) continue;
      const o = l.how === 'takes' ? observeLockTaken(ix, seen, l.lock) : observeLockRequired(ix, seen, l.lock);
      out.push(mk('lock', `${l.how} ${l.lock} (${l.mode})`, l.mode, o));
    }
    const errnos = observeErrnos(ix, seen);
    if (c.errors.length > 0) {
      // a function several steps of one op specify may return what any of those steps returns
      const op = c.step.split('.')[0];
      const allowed = new Set(contracts.filter(o => o.step.split('.')[0] === op && o.specifies.some(f => seen.includes(f))).flatMap(o => o.errors));
      const extra = errnos.filter(e => !allowed.has(e.code));
      const first = extra[0] ?? errnos[0];
      const text = errnos.length === 0 ? 'no literal error code returned' : `returns ${errnos.map(e => `${e.code} (${e.fn}:${e.line})`).join(', ')}`;
      out.push(mk('errors', `errors ⊆ {${c.errors.join(', ')}}`, 'listed',
        { value: extra.length === 0 ? 'listed' : `unlisted ${extra.map(e => e.code).join(', ')}`, text, fn: first?.fn ?? seen[0] ?? null, at: first?.at ?? null, line: first?.line ?? null }));
    }
    if (c.errors.length > 0) out.push(mk('error-exit', 'an error return changes nothing', 'unchanged', observeErrorExits(ix, seen)));
    for (const e of effectsFor(c, version)) {
      // the same clause in a later step of the op that exists in this version is more specific
      const kind = effectKind(e.text, e.whole);
      const op = c.step.split('.')[0];
      const later = contracts.slice(contracts.indexOf(c) + 1)
        .some(o => o.step.split('.')[0] === op && exists(o.step) && effectsFor(o, version).some(x => kind !== null && effectKind(x.text, x.whole) === kind));
      if (later) continue;
      const check = effectCheck(ix, c, e.text, e.whole, seen);
      if (check !== null) out.push(mk('effect', e.text, check.expected, check.o, check.ok));
    }
  }
  for (const g of GRANULARITY) {
    const gs = byStep.get(g.group.step);
    const es = byStep.get(g.extent.step);
    if (gs === undefined || es === undefined || !gs.specifies.includes(g.group.fn) || !es.specifies.includes(g.extent.fn)) continue;
    const perExtent = exists(g.extent.step);
    const model = perExtent ? es : gs;
    const o = observeGranularity(ix, g.entry, g.group.fn, g.extent.fn);
    const expected = perExtent ? 'per-extent' : 'group';
    const contract = perExtent ? `${g.op} per extent (${g.extent.step}: ${g.extent.fn})` : `${g.op} all-or-nothing per tag group (${g.group.step}: ${g.group.fn})`;
    out.push({
      action: model.step, clause: 'granularity', contract, function: o.fn ?? g.entry, verdict: o.value === null ? 'unseen' : o.value === expected ? 'agree' : 'mismatch',
      expected, observed: o.value, evidence: o.text, modelFile: model.file, modelLine: model.line, at: o.at, line: o.line,
    });
  }
  for (const d of SELF_DEADLOCK) {
    const step = byStep.get(d.step);
    const holder = byStep.get(d.holder);
    if (step === undefined || holder === undefined || !exists(d.holder)) continue;
    const lock = step.locks.find(l => l.how === 'takes')?.lock;
    if (lock === undefined) continue;
    const o = observeSelfDeadlock(ix, holder.specifies, lock);
    const expected = exists(d.step) ? 'self-deadlock' : 'none';
    const model = exists(d.step) ? step : holder;
    out.push({
      action: model.step, clause: 'deadlock', contract: exists(d.step) ? `${d.step} re-takes ${lock} held by ${d.holder}: self-deadlock on the devres failure path` : `no self-deadlock on ${lock} in ${d.holder}`,
      function: o.fn, verdict: o.value === null ? 'unseen' : o.value === expected ? 'agree' : 'mismatch', expected, observed: o.value,
      evidence: o.text, modelFile: model.file, modelLine: model.line, at: o.at, line: o.line,
    });
  }
  return out;
}

/** Model steps that re-take a lock another step of the same thread holds (v4-24), tied to model names. */
export const SELF_DEADLOCK = [{ step: 'add.v4Reset', holder: 'add.daxAdd' }] as const;

/**
 * The versions a step's `spec` reference names (`§2.3 OP-CREATE-REGION (v7/v10)`); citations
 * such as `v4-24` are not version names. No version named: the step applies to all.
 */
export function specApplies(spec: string | null, version: string): boolean {
  const names = [...(spec ?? '').matchAll(/\bv(\d+)\b(?!-\d)/g)].map(m => `v${m[1]}`);
  return names.length === 0 || names.includes(version);
}

/** The kind of effect clause a text is, for deduplication across steps (null: not judged). */
function effectKind(text: string, whole: string): string | null {
  if (/dev_set_drvdata|drvdata/.test(whole) && /devm|last|success/.test(text)) return 'drvdata';
  if (/cxl_region_invalidate_memregion|^INV /.test(text)) return 'inv';
  return null;
}

/** Recognises the effect clauses the C can show; null for effects facts cannot judge. */
function effectCheck(ix: SeriesIndex, c: ModelContract, text: string, whole: string, seen: readonly string[]):
  { expected: string; o: Observation; ok?: (v: string) => boolean } | null {
  if (/dev_set_drvdata|drvdata/.test(whole) && /devm|last|success/.test(text)) {
    return { expected: /before devm/.test(text) ? 'before' : 'after', o: observeDrvdataOrder(ix, seen) };
  }
  if (/^INV before consent/.test(text)) {
    return { expected: 'before-checked', o: observeInvBeforeConsent(ix, seen[0] as string, ['cxlr_notify_extent']) };
  }
  if (/cxl_region_invalidate_memregion.*rc ignored/.test(text)) return { expected: 'ignored', o: observeInvIgnored(ix, seen) };
  if (/cxl_region_invalidate_memregion before online/.test(text)) return { expected: 'before', o: observeInvBeforeOnline(ix, seen) };
  if (/^rollback all members on failure/.test(text)) {
    const fn = c.specifies.find(f => /resources$/.test(f)) ?? seen[seen.length - 1] as string;
    return { expected: 'rollback-under-lock', o: observeGroupRollback(ix, fn, 'dax_region_rwsem') };
  }
  if (/^pass 1: any useCnt > 0/.test(text)) {
    const fn = c.specifies.find(f => /resources$/.test(f)) ?? seen[seen.length - 1] as string;
    return { expected: 'refuse-first', o: observeRefuseFirst(ix, fn, '__dax_release_resource') };
  }
  return null;
}

/** Counts per verdict. */
export function tally(checks: readonly ContractCheck[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { agree: 0, mismatch: 0, unseen: 0 };
  for (const c of checks) t[c.verdict]++;
  return t;
}
