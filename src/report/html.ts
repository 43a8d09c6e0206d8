/**
 * `--format html`: one self-contained page for a lint run (inline CSS, no script, no external
 * resource): a summary table, then per patch with findings the hunks they are about with each
 * finding under its diff line (severity colour, rule id, message) and its evidence path as an
 * ordered list linking to the lines, then model counterexamples (`ReportOptions.traces`) as
 * sequence diagrams in inline SVG.
 *
 * Everything that came from mail (subjects, names, code, messages) is HTML-escaped, and a
 * Content-Security-Policy forbids scripts and remote loads, so a hostile patch cannot run
 * code in the reader's browser. Anchors: `p{K}` a patch, `p{K}-l{patchLine}` a diff line,
 * `f{N}` the N-th finding of the sorted list.
 */
import type { Finding, Location, Severity } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import type { FileDiff, Hunk } from '../patch/types.js';
import { esc, sequenceSvg } from './html-sequence.js';
import { HTML_STYLE } from './html-style.js';
import { hunkHeader, placeOf } from './mail-quote.js';
import type { CounterexampleTrace, ReportOptions } from './reporter.js';
import { findLine, SourceIndex } from './source-lines.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'note' };
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

interface Numbered {
  readonly f: Finding;
  /** 1-based position in the sorted findings: the anchor `f{n}`. */
  readonly n: number;
}

/** The reporter: the whole page. */
export function formatHtml(result: LintResult, opts: Pick<ReportOptions, 'toolVersion' | 'traces'>): string {
  const index = new SourceIndex(result);
  const numbered = result.findings.map((f, i) => ({ f, n: i + 1 }));
  const byPatch = new Map<PatchRecord, Numbered[]>();
  const orphans: Numbered[] = [];
  for (const x of numbered) {
    const p = index.patchOf(x.f);
    if (p === null) orphans.push(x);
    else byPatch.set(p, [...(byPatch.get(p) ?? []), x]);
  }
  const position = (p: PatchRecord): number => result.patches.findIndex(r => r.input === p.input && r.messageId === p.messageId);
  const patches = [...byPatch].sort(([a], [b]) => position(a) - position(b));
  const anchorOf = new Map<PatchRecord, string>(patches.map(([p], k) => [p, `p${k + 1}`]));
  const traces = opts.traces ?? [];

  const title = pageTitle(result);
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`, `<style>${HTML_STYLE}</style>`, '</head>', '<body>');
  out.push(`<header><h1>${esc(title)}</h1>`, `<p class="meta">${esc(summaryLine(result))} — kvet ${esc(opts.toolVersion)}</p></header>`);
  out.push(summaryTable(numbered, index, anchorOf, result));
  for (const [p, list] of patches) out.push(patchSection(p, list, anchorOf.get(p) ?? 'p0'));
  if (orphans.length > 0) {
    out.push('<section id="other"><h2>Findings outside the patches</h2>', ...orphans.map(x => findingBlock(x, () => null)), '</section>');
  }
  if (result.errors.length > 0) {
    out.push('<section id="problems"><h2>Input problems</h2><ul class="plain">',
      ...result.errors.map(e => `<li><span class="mono">${esc(e.where)}</span>: ${esc(e.message)}</li>`), '</ul></section>');
  }
  if (traces.length > 0) {
    out.push('<section id="traces"><h2>Model counterexamples</h2>', ...traces.map((t, i) => traceSection(t, i + 1)), '</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

function pageTitle(result: LintResult): string {
  const cover = result.patches.find(p => p.kind === 'cover');
  const first = result.patches[0];
  if (cover !== undefined) return `kvet report: ${cover.subject}`;
  if (first === undefined) return 'kvet report';
  return result.patches.length === 1 ? `kvet report: ${first.subject}` : `kvet report: ${result.patches.length} patches, from ${first.subject}`;
}

function summaryLine(result: LintResult): string {
  const live = result.findings.filter(f => f.status !== 'fixed');
  const n = (s: Severity): number => live.filter(f => f.severity === s).length;
  const fixed = result.findings.length - live.length;
  return `${n('error')} errors, ${n('warning')} warnings, ${n('note')} notes${fixed > 0 ? `, ${fixed} fixed` : ''} in ` +
    `${result.summary.patches} patches (${result.summary.functions} functions checked, ${result.summary.errors} input problems)`;
}

function summaryTable(numbered: readonly Numbered[], index: SourceIndex, anchorOf: ReadonlyMap<PatchRecord, string>, result: LintResult): string {
  if (numbered.length === 0) return '<p id="summary" class="clean">No findings.</p>';
  const rows = numbered.map(({ f, n }) => {
    const p = index.patchOf(f);
    const patch = p === null ? esc(f.patch ?? '') : `<a href="#${anchorOf.get(p) ?? ''}">${esc(f.patch ?? p.subject)}</a>`;
    return `<tr class="${LEVEL[f.severity]}"><td>${n}</td><td><span class="sev ${LEVEL[f.severity]}">${LEVEL[f.severity]}</span>${statusBadge(f)}</td>` +
      `<td class="mono">${esc(f.ruleId)}</td><td class="mono">${esc(placeOf(f.location))}</td><td>${patch}</td>` +
      `<td><a href="#f${n}">${esc(f.message)}</a></td></tr>`;
  });
  return [`<table class="summary" id="summary"><caption class="meta">${esc(`${result.findings.length} findings`)}</caption>`,
    '<thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>Location</th><th>Patch</th><th>Message</th></tr></thead>',
    '<tbody>', ...rows, '</tbody></table>'].join('\n');
}

function statusBadge(f: Finding): string {
  return f.status === undefined ? '' : `<span class="status">${esc(f.status)}</span>`;
}

/** Anchor of the rendered diff line at a location of this patch, or null when it is not on the page. */
type LineAnchor = (at: Location) => string | null;

function patchSection(p: PatchRecord, list: readonly Numbered[], id: string): string {
  const spots = new Map<Hunk, Map<number, Numbered[]>>();
  const shown = new Set<Hunk>();
  const unplaced: Numbered[] = [];
  for (const x of list) {
    const at = findLine(p.files, x.f.location);
    if (at === null) unplaced.push(x);
    else {
      const byLine = spots.get(at.hunk) ?? new Map<number, Numbered[]>();
      byLine.set(at.line.patchLine, [...(byLine.get(at.line.patchLine) ?? []), x]);
      spots.set(at.hunk, byLine);
      shown.add(at.hunk);
    }
    for (const r of x.f.related) {
      const rel = findLine(p.files, r);
      if (rel !== null) shown.add(rel.hunk);
    }
  }
  const anchor: LineAnchor = at => {
    const hit = findLine(p.files, at);
    return hit !== null && shown.has(hit.hunk) ? `${id}-l${hit.line.patchLine}` : null;
  };
  const out: string[] = [`<section class="patch" id="${id}">`, `<h2>${esc(p.subject)}</h2>`,
    `<p class="meta">${esc([p.from, p.date, p.messageId === null ? null : `<${p.messageId}>`].filter(x => x !== null).join(' · '))}</p>`];
  if (unplaced.length > 0) {
    out.push('<div class="unplaced"><h3>Not on a diff line</h3>', ...unplaced.map(x => findingBlock(x, anchor)), '</div>');
  }
  for (const file of p.files) {
    const hunks = file.hunks.filter(h => shown.has(h));
    if (hunks.length > 0) out.push(fileTable(file, hunks, spots, id, anchor));
  }
  out.push('</section>');
  return out.join('\n');
}

function fileTable(file: FileDiff, hunks: readonly Hunk[], spots: ReadonlyMap<Hunk, ReadonlyMap<number, readonly Numbered[]>>, id: string, anchor: LineAnchor): string {
  const out: string[] = [`<h3>${esc(file.path)}</h3>`, '<table class="diff"><colgroup><col class="ln"><col class="ln"><col></colgroup><tbody>'];
  hunks.forEach((h, k) => {
    if (k > 0 && file.hunks.indexOf(h) !== file.hunks.indexOf(hunks[k - 1] as Hunk) + 1) out.push('<tr class="gap"><td colspan="3">⋯</td></tr>');
    out.push(`<tr class="hunk"><td class="ln"></td><td class="ln"></td><td class="code">${esc(hunkHeader(h))}</td></tr>`);
    let oldNo = h.oldStart;
    let newNo = h.newStart;
    for (const line of h.lines) {
      const here = spots.get(h)?.get(line.patchLine) ?? [];
      const kind = line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'ctx';
      const o = line.kind === '+' ? '' : String(oldNo);
      const n = line.kind === '-' ? '' : String(newNo);
      out.push(`<tr class="line ${kind}${here.length > 0 ? ' flagged' : ''}" id="${id}-l${line.patchLine}"><td class="ln">${o}</td><td class="ln">${n}</td>` +
        `<td class="code">${esc(line.kind + line.text)}</td></tr>`);
      for (const x of here) out.push(`<tr class="finding-row"><td colspan="3">${findingBlock(x, anchor, `${id}-l${line.patchLine}`)}</td></tr>`);
      if (line.kind !== '+') oldNo++;
      if (line.kind !== '-') newNo++;
    }
  });
  out.push('</tbody></table>');
  return out.join('\n');
}

/** One finding: severity, rule, message, where, and its evidence path linked to the lines. */
function findingBlock({ f, n }: Numbered, anchor: LineAnchor, lineId: string | null = null): string {
  const where = `${placeOf(f.location)}${f.function === null ? '' : ` in ${f.function}()`}${f.location.mailLine === null ? '' : ` (mail line ${f.location.mailLine})`}`;
  const evidence = f.related.map(r => {
    const a = anchor(r);
    const place = esc(placeOf(r));
    return `<li>${a === null ? `<span class="mono">${place}</span>` : `<a class="mono" href="#${a}">${place}</a>`}: ${esc(r.message)}</li>`;
  });
  return [`<div class="finding ${LEVEL[f.severity]}" id="f${n}" data-finding="${n}" data-rule="${esc(f.ruleId)}" data-severity="${LEVEL[f.severity]}"${lineId === null ? '' : ` data-line="${lineId}"`}>`,
    `<span class="sev ${LEVEL[f.severity]}">${LEVEL[f.severity]}</span>${statusBadge(f)}<span class="rule">${esc(f.ruleId)}</span>`,
    `<span class="msg">${esc(f.message)}</span>`,
    `<div class="where">${esc(where)}</div>`,
    evidence.length === 0 ? '' : `<ol class="evidence">${evidence.join('')}</ol>`,
    '</div>'].filter(s => s !== '').join('\n');
}

function traceSection(t: CounterexampleTrace, k: number): string {
  const head = `${t.title ?? t.invariant}: ${t.kind === 'deadlock' ? 'deadlock' : `invariant ${t.invariant} violated`}`;
  const steps = t.trace.map(s => `<li><span class="mono">${esc(s.action)}</span>${s.fault === undefined ? '' : ` <strong>fault ${esc(s.fault)}</strong>`}` +
    (s.changes.length === 0 ? '' : `<pre class="mono">${esc(s.changes.join('\n'))}</pre>`) + '</li>');
  return [`<div class="trace" id="t${k}">`, `<h3>${esc(head)}</h3>`,
    t.detail === undefined ? '' : `<p class="meta">${esc(t.detail)}</p>`,
    `<div class="diagram">${sequenceSvg(t, `t${k}-svg`)}</div>`,
    `<details><summary>${t.trace.length} steps with the state they change</summary><ol class="steps">${steps.join('\n')}</ol></details>`,
    `<p class="meta">replay: <code>kvet model replay ${esc(t.replay)}</code></p>`, '</div>'].filter(s => s !== '').join('\n');
}
