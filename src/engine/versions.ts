/**
 * Version awareness: when a run holds several versions of one series (`kvet lint v10.mbox
 * v11.mbox`, or a thread with both), findings of the latest version are labelled `new` or
 * `still` (the previous version had the same finding: same fingerprint), and findings of the
 * previous version that the latest no longer has are kept as `fixed`. Findings of older
 * versions are superseded and dropped. Series are the same series when they share a patch title
 * or cover-letter title.
 */
import type { Finding } from './finding.js';
import type { LintResult, PatchRecord } from './lint-result.js';

interface SeriesInfo {
  readonly key: string;
  readonly version: number;
}

export function labelVersions(result: LintResult): LintResult {
  const seriesOf = new Map<string, SeriesInfo>();
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(k, r);
    return r;
  };
  const union = (a: string, b: string) => { parent.set(find(a), find(b)); };
  const byTitle = new Map<string, string>();
  for (const p of result.patches) {
    const key = seriesKey(p);
    seriesOf.set(recordKey(p.input, p.messageId), { key, version: p.version });
    if (!parent.has(key)) parent.set(key, key);
    if (p.kind !== 'patch' && p.kind !== 'cover') continue;
    const title = `${p.kind}\u0000${p.title.trim().toLowerCase()}`;
    const other = byTitle.get(title);
    if (other === undefined) byTitle.set(title, key);
    else union(key, other);
  }
  const versions = new Map<string, Set<number>>();
  for (const p of result.patches) {
    const fam = find(seriesKey(p));
    const v = versions.get(fam) ?? new Set<number>();
    v.add(p.version);
    versions.set(fam, v);
  }
  const out: Finding[] = [];
  const fixedByFamily = new Map<string, Map<string, Finding>>();
  const latestPrints = new Map<string, Set<string>>();
  const previousPrints = new Map<string, Set<string>>();
  const roleOf = (f: Finding): { fam: string; role: 'latest' | 'previous' | 'older' } | null => {
    const s = seriesOf.get(recordKey(f.input, f.mailMessageId));
    if (s === undefined) return null;
    const fam = find(s.key);
    const vs = [...(versions.get(fam) ?? [])].sort((a, b) => b - a);
    if (vs.length < 2) return null;
    return { fam, role: s.version === vs[0] ? 'latest' : s.version === vs[1] ? 'previous' : 'older' };
  };
  for (const f of result.findings) {
    const r = roleOf(f);
    if (r === null) continue;
    const prints = r.role === 'latest' ? latestPrints : r.role === 'previous' ? previousPrints : null;
    if (prints === null) continue;
    const set = prints.get(r.fam) ?? new Set<string>();
    set.add(f.fingerprint);
    prints.set(r.fam, set);
  }
  for (const f of result.findings) {
    const r = roleOf(f);
    if (r === null) { out.push(f); continue; }
    if (r.role === 'latest') {
      out.push({ ...f, status: previousPrints.get(r.fam)?.has(f.fingerprint) === true ? 'still' : 'new' });
    } else if (r.role === 'previous' && latestPrints.get(r.fam)?.has(f.fingerprint) !== true) {
      const fixed = fixedByFamily.get(r.fam) ?? new Map<string, Finding>();
      if (!fixed.has(f.fingerprint)) fixed.set(f.fingerprint, { ...f, status: 'fixed' });
      fixedByFamily.set(r.fam, fixed);
    }
  }
  for (const fixed of fixedByFamily.values()) out.push(...fixed.values());
  return { ...result, findings: out, summary: { ...result.summary, findings: out.length } };
}

/** The same grouping as the lint run's series: input, version, count, prefixes. */
function seriesKey(p: PatchRecord): string {
  return `${p.input}\u0000${p.version}\u0000${p.total ?? ''}\u0000${p.kind === 'patch' || p.kind === 'cover' ? 's' : p.messageId ?? ''}`;
}

function recordKey(input: string, messageId: string | null): string {
  return `${input}\u0000${messageId ?? ''}`;
}
