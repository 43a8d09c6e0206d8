/**
 * Findings of cross-validation (STYLE F): a contract clause the C breaks becomes a
 * `model-mismatch` finding at the patch line, with the model's line as a related location;
 * a rule finding the model reproduces (same function, a violation of the rule's model
 * counterpart in a scenario of the version) is re-issued as *confirmed*.
 */
import { fingerprint } from '../engine/context.js';
import type { Finding, RelatedLocation } from '../engine/finding.js';
import type { ModelContract } from './contracts.js';
import type { ContractCheck } from './compare.js';
import type { SeriesIndex } from './series-index.js';
import type { SeriesXval } from './run.js';

/** Rule `meta.model` names → the model's violation names that reproduce them. */
export const MODEL_COUNTERPARTS: Readonly<Record<string, readonly string[]>> = {
  noSelfDeadlock: ['deadlock'],
  lockHeldWhereAsserted: ['deadlock'],
};

/** Rule ids of `rules/` by their model counterpart (kept here: xval does not read rule folders). */
const RULE_MODEL: Readonly<Record<string, string>> = { 'lock-recursive': 'noSelfDeadlock', 'lock-not-held': 'lockHeldWhereAsserted' };

/** `model-mismatch` findings for the mismatching clauses of a series (reference ones as notes). */
export function mismatchFindings(sx: SeriesXval, ix: SeriesIndex): Finding[] {
  // an unlisted error code is a gap in the model's metadata as often as in the C: a note
  const own = sx.checks.filter(c => c.verdict === 'mismatch')
    .map(c => toFinding(sx, ix, c, sx.modelVersion, 'xval-contract', c.clause === 'errors' ? 'note' : 'warning'));
  const ref = (sx.reference?.checks ?? []).filter(c => c.verdict === 'mismatch')
    .map(c => toFinding(sx, ix, c, sx.reference?.version ?? '', 'xval-spec-drift', 'note'));
  return [...own, ...ref];
}

function toFinding(sx: SeriesXval, ix: SeriesIndex, c: ContractCheck, version: string, ruleId: string, severity: Finding['severity']): Finding {
  const at = c.at;
  const line = c.line ?? at?.fn.span.line ?? null;
  const where = at !== null && line !== null ? ix.where(at, line) : { patchLine: null, mailLine: null };
  const message = sentence(`The C does not match the ${version} model (${c.action}): ${c.contract} — expected ${c.expected}, the patch shows ${c.observed ?? 'nothing'}: ${c.evidence}`);
  const related: RelatedLocation[] = [{ file: c.modelFile, line: c.modelLine, mailLine: null, patchLine: null, message: `model step ${c.action} (${version}) states: ${c.contract}` }];
  return {
    ruleId, messageId: c.clause, category: 'model-mismatch', message, severity, confidence: c.clause === 'granularity' || c.clause === 'effect' ? 'high' : 'medium',
    source: 'xval',
    location: { file: at?.file.path ?? null, line, mailLine: where.mailLine, patchLine: where.patchLine },
    function: c.function, mailMessageId: at?.patch.messageId ?? null, patch: at?.patch.subject ?? null, input: at?.patch.input ?? sx.input, related,
    fingerprint: fingerprint(ruleId, at?.file.path ?? null, c.function, c.clause, `${c.action} ${c.contract} ${version}`),
  };
}

/**
 * Rule findings reproduced by the model: the rule's model counterpart is violated in a
 * scenario of this version whose trace runs a step that specifies the finding's function.
 */
export function confirmedFindings(sx: SeriesXval, ix: SeriesIndex, contracts: readonly ModelContract[], ruleFindings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of ruleFindings) {
    const counterpart = RULE_MODEL[f.ruleId];
    const names = counterpart === undefined ? [] : MODEL_COUNTERPARTS[counterpart] ?? [];
    if (names.length === 0 || f.function === null) continue;
    const fn = f.function;
    const steps = contracts.filter(c => c.specifies.includes(fn));
    if (steps.length === 0) continue;
    const hit = sx.scenarios.flatMap(s => s.violations.map(v => ({ s, v })))
      .find(({ v }) => names.includes(v.invariant) && v.steps.some(a => steps.some(c => stepOf(a) === c.step)));
    const step = hit === undefined ? undefined : steps.find(c => hit.v.steps.some(a => stepOf(a) === c.step));
    if (hit === undefined || step === undefined) continue;
    const message = sentence(`Confirmed by the ${sx.modelVersion} model: ${f.message.replace(/\.$/, '')}; scenario ${hit.s.id} reaches a ${hit.v.invariant} through ${step.step} (replay ${hit.v.replay})`);
    out.push({
      ...f, ruleId: 'xval-confirmed', messageId: 'confirmed', message, source: 'xval', confidence: 'high',
      related: [...f.related, { file: step.file, line: step.line, mailLine: null, patchLine: null, message: `model step ${step.step} (${sx.modelVersion}) specifies ${fn}()` }],
      fingerprint: fingerprint('xval-confirmed', f.location.file, fn, 'confirmed', `${f.ruleId} ${f.message}`),
    });
  }
  return [...out, ...modelOnly(sx, ix, contracts, out)];
}

/**
 * Violations of a rule counterpart (a deadlock) the model finds in a scenario whose trace runs
 * a step that specifies a function of the series, and that no rule finding reproduces:
 * `xval-model-only` developer notes at that function.
 */
function modelOnly(sx: SeriesXval, ix: SeriesIndex, contracts: readonly ModelContract[], confirmed: readonly Finding[]): Finding[] {
  const wanted = new Set(Object.values(MODEL_COUNTERPARTS).flat());
  const out: Finding[] = [];
  for (const s of sx.scenarios) {
    for (const v of s.violations) {
      if (!wanted.has(v.invariant)) continue;
      const steps = [...new Set(v.steps.map(stepOf))].reverse(); // the last step first
      const fns = [...new Set(steps.flatMap(st => contracts.find(c => c.step === st)?.specifies ?? []))].filter(f => ix.has(f));
      if (fns.length === 0 || confirmed.some(f => f.function !== null && fns.includes(f.function))) continue;
      const def = ix.definition(fns[0] as string);
      if (def === null || out.some(f => f.message.includes(` ${s.id} `))) continue;
      const where = ix.where(def, def.fn.span.line);
      const step = steps.map(st => contracts.find(c => c.step === st)).find(c => c?.specifies.includes(fns[0] as string));
      const message = sentence(`The ${sx.modelVersion} model reaches a ${v.invariant} in scenario ${s.id} after ${steps[0] ?? '?'}, and no rule reports it in the C of ${fns.slice(0, 3).join('(), ')}() (replay ${v.replay})`);
      out.push({
        ruleId: 'xval-model-only', messageId: 'modelOnly', category: 'model-mismatch', message, severity: 'note', confidence: 'low', source: 'xval',
        location: { file: def.file.path, line: def.fn.span.line, mailLine: where.mailLine, patchLine: where.patchLine },
        function: fns[0] as string, mailMessageId: def.patch.messageId, patch: def.patch.subject, input: def.patch.input,
        related: step ? [{ file: step.file, line: step.line, mailLine: null, patchLine: null, message: `model step ${step.step} (${sx.modelVersion})` }] : [],
        fingerprint: fingerprint('xval-model-only', def.file.path, fns[0] as string, 'modelOnly', `${s.id} ${v.invariant}`),
      });
    }
  }
  return out;
}

/** `ev: add(e(0,2,null) M=0).daxAdd` or `ev:add.daxAdd` → `add.daxAdd`. */
export function stepOf(action: string): string {
  const m = /:\s*(\w+)(?:\(.*\))?\.(\w+)\s*$/.exec(action);
  return m === null ? action : `${m[1]}.${m[2]}`;
}

function sentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  const cap = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
}
