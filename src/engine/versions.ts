/**
 * Version awareness: when a run holds several versions of one series (`kvet lint v10.mbox
 * v11.mbox`, a thread with both, or a list archive), every finding is labelled against its
 * neighbours: `fixed` when the next version no longer has it (same fingerprint), else `still`
 * when the previous version had it too, else `new`. Nothing is dropped: a CI bot reading an
 * archive keeps every posting's findings, and a reviewer reads the latest version's `new` ones.
 * Series are the same series when they share a patch title or cover-letter title.
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
  const prints = new Map<string, Set<string>>();
  const printKey = (fam: string, version: number) => `${fam}\u0000${version}`;
  const placed = result.findings.map(f => {
    const s = seriesOf.get(recordKey(f.input, f.mailMessageId));
    if (s === undefined) return null;
    const fam = find(s.key);
    const vs = [...(versions.get(fam) ?? [])].sort((a, b) => a - b);
    return vs.length < 2 ? null : { fam, version: s.version, vs };
  });
  result.findings.forEach((f, i) => {
    const p = placed[i];
    if (p === null || p === undefined) return;
    const set = prints.get(printKey(p.fam, p.version)) ?? new Set<string>();
    set.add(f.fingerprint);
    prints.set(printKey(p.fam, p.version), set);
  });
  const out = result.findings.map((f, i): Finding => {
    const p = placed[i];
    if (p === null || p === undefined) return f;
    const at = p.vs.indexOf(p.version);
    const prev = p.vs[at - 1];
    const next = p.vs[at + 1];
    if (next !== undefined && prints.get(printKey(p.fam, next))?.has(f.fingerprint) !== true) return { ...f, status: 'fixed' };
    return { ...f, status: prev !== undefined && prints.get(printKey(p.fam, prev))?.has(f.fingerprint) === true ? 'still' : 'new' };
  });
  return { ...result, findings: out };
}

/** The same grouping as the lint run's series: input, version, count, prefixes. */
function seriesKey(p: PatchRecord): string {
  return `${p.input}\u0000${p.version}\u0000${p.total ?? ''}\u0000${p.kind === 'patch' || p.kind === 'cover' ? 's' : p.messageId ?? ''}`;
}

function recordKey(input: string, messageId: string | null): string {
  return `${input}\u0000${messageId ?? ''}`;
}
