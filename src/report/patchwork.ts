/**
 * `patchwork`: one check per analysed patch, as a JSON array a bot POSTs item by item to
 * patchwork's `/api/patches/ID/checks/` (after finding ID by `messageId`):
 * `[{"messageId","patch","state","context","description","target_url"?}]`.
 *
 * Every patch record of kind `patch` gets a check, clean ones too (`success`). `state` is
 * `fail` with an error, else `warning` with a warning, else `success` (notes do not fail);
 * `description` counts the findings and names their rules in at most 255 characters;
 * `context` is `--context`, `target_url` is `--target-url` when given.
 *
 * A finding goes to the patch whose mail carries it. A finding on another mail — the cover
 * letter (or a series-level check), a review reply — goes to each patch of that series: the
 * patches that reply to or reference that mail, or, failing that, every patch of the input.
 * A check is the verdict on its own posting: findings labelled `fixed` (a later version of the
 * series no longer has them) still count for the version that had them.
 */
import type { Finding, Severity } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import type { ReportOptions } from './reporter.js';

export const PATCHWORK_DESCRIPTION_MAX = 255;

export interface PatchworkCheck {
  readonly messageId: string | null;
  readonly patch: string;
  readonly state: 'success' | 'warning' | 'fail';
  readonly context: string;
  readonly description: string;
  readonly target_url?: string;
}

const NOUN: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], note: ['note', 'notes'] };

export function formatPatchwork(result: LintResult, opts: Pick<ReportOptions, 'context' | 'targetUrl'>): string {
  return JSON.stringify(patchworkChecks(result, opts), null, 1) + '\n';
}

export function patchworkChecks(result: LintResult, opts: Pick<ReportOptions, 'context' | 'targetUrl'>): PatchworkCheck[] {
  const patches: PatchRecord[] = [];
  const seen = new Set<string>();
  for (const p of result.patches) {
    if (p.kind !== 'patch') continue;
    const key = `${p.input}\u0000${p.messageId ?? `#${p.mailLine}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    patches.push(p);
  }
  const found = new Map<PatchRecord, Finding[]>(patches.map(p => [p, []]));
  for (const f of result.findings) for (const p of patchesOf(f, patches, result.patches)) found.get(p)?.push(f);
  return patches.map(p => {
    const fs = found.get(p) ?? [];
    const state = fs.some(f => f.severity === 'error') ? 'fail' : fs.some(f => f.severity === 'warning') ? 'warning' : 'success';
    return {
      messageId: p.messageId,
      patch: p.subject,
      state,
      context: opts.context,
      description: describe(fs),
      ...(opts.targetUrl !== null ? { target_url: opts.targetUrl } : {}),
    };
  });
}

/** The patches a finding is about: its own, or every patch of the series of the mail it is on. */
function patchesOf(f: Finding, patches: readonly PatchRecord[], records: readonly PatchRecord[]): PatchRecord[] {
  const same = patches.filter(p => p.input === f.input);
  const id = f.mailMessageId;
  if (id !== null) {
    const own = same.filter(p => p.messageId === id);
    if (own.length > 0) return own;
    // a review reply: the patch it answers
    const reply = records.find(r => r.input === f.input && r.messageId === id);
    const answered = reply?.inReplyTo !== undefined && reply.inReplyTo !== null ? same.filter(p => p.messageId === reply.inReplyTo) : [];
    if (answered.length > 0) return answered;
    // the cover letter (or another mail the series hangs from)
    const series = same.filter(p => p.inReplyTo === id || p.references.includes(id));
    if (series.length > 0) return series;
  }
  return same;
}

/** `2 errors, 1 warning: lock-recursive, patch-spelling`, cut to the patchwork limit. */
function describe(fs: readonly Finding[]): string {
  if (fs.length === 0) return 'No findings.';
  const counts = (['error', 'warning', 'note'] as const)
    .map(s => [s, fs.filter(f => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${NOUN[s][n === 1 ? 0 : 1]}`);
  const order = { error: 0, warning: 1, note: 2 } as const;
  const rules = [...new Set([...fs].sort((a, b) => order[a.severity] - order[b.severity]).map(f => f.ruleId))];
  const text = `${counts.join(', ')}: ${rules.join(', ')}`;
  return text.length <= PATCHWORK_DESCRIPTION_MAX ? text : `${text.slice(0, PATCHWORK_DESCRIPTION_MAX - 1).replace(/,? [^ ]*$/, '')}…`;
}
