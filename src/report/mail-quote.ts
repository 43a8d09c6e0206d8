/**
 * The quoted part of a review reply (STYLE.md F): the file and hunk headers of the diffs a
 * patch's findings are about, only the hunk lines around each finding's line and its related
 * locations (`[...]` where lines are cut), and each finding written under the line it is
 * about, interleaved. Quoted diff lines are the patch's lines verbatim behind `> `.
 */
import type { Finding, Location, Severity } from '../engine/finding.js';
import type { PatchRecord } from '../engine/lint-result.js';
import type { FileDiff, Hunk } from '../patch/types.js';
import { findLine } from './source-lines.js';

/** Hunk lines quoted before a finding's own line. */
export const CONTEXT_BEFORE = 3;
/** Where a reviewer cut quoted lines. */
export const ELISION = '[...]';
/** Width prose is wrapped to (quoted lines are never wrapped). */
export const WRAP = 72;

const LEVEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', note: 'NOTE' };

/** What {@link quotePatch} writes for one patch. */
export interface PatchQuote {
  /** The interleaved quote: `> ` diff lines, `[...]`, findings under their lines. '' when no finding has a diff line. */
  readonly quote: string;
  /** Findings that have no line in the patch's diffs or commit message (lines outside the hunks), as paragraphs. */
  readonly unplaced: readonly Finding[];
}

interface Spot {
  readonly file: FileDiff;
  readonly hunk: Hunk;
  readonly index: number;
}

/** Builds the interleaved quote for `findings`, all reported on `record`, in their given order. */
export function quotePatch(record: PatchRecord, findings: readonly Finding[]): PatchQuote {
  const under = new Map<Hunk, Map<number, Finding[]>>();
  const shown = new Map<Hunk, Set<number>>();
  const unplaced: Finding[] = [];
  const show = (s: Spot, from: number): void => {
    const set = shown.get(s.hunk) ?? new Set<number>();
    for (let i = Math.max(0, from); i <= s.index; i++) set.add(i);
    shown.set(s.hunk, set);
  };
  const commit = record.commitMessage ?? [];
  const commitUnder = new Map<number, Finding[]>();
  const commitShown = new Set<number>();
  for (const f of findings) {
    const at = spotOf(record.files, f.location);
    if (at === null) {
      const ci = f.location.file === null && f.location.patchLine !== null ? commit.findIndex(l => l.patchLine === f.location.patchLine) : -1;
      if (ci < 0) {
        unplaced.push(f);
        continue;
      }
      for (let i = Math.max(0, ci - 1); i <= ci; i++) commitShown.add(i);
      commitUnder.set(ci, [...(commitUnder.get(ci) ?? []), f]);
      continue;
    }
    show(at, at.index - CONTEXT_BEFORE);
    const byLine = under.get(at.hunk) ?? new Map<number, Finding[]>();
    byLine.set(at.index, [...(byLine.get(at.index) ?? []), f]);
    under.set(at.hunk, byLine);
    for (const r of f.related) {
      const rel = spotOf(record.files, r);
      if (rel !== null) show(rel, rel.index - 1);
    }
  }
  const out: string[] = [];
  const elide = (): void => { if (out.length > 0 && out[out.length - 1] !== ELISION) out.push(ELISION); };
  // the commit message first, as it comes first in the patch
  let lastCommit = -1;
  for (const i of fillGaps(commitShown, commit.length)) {
    const line = commit[i];
    if (line === undefined) continue;
    if (i !== lastCommit + 1) elide();
    out.push(quoteLine(line.text));
    for (const f of commitUnder.get(i) ?? []) out.push('', ...findingParagraph(f), '');
    lastCommit = i;
  }
  if (lastCommit >= 0 && lastCommit < commit.length - 1) elide();
  // A file, hunk or hunk lines left out since the last quoted line.
  let skipped = false;
  for (const file of record.files) {
    if (!file.hunks.some(h => shown.has(h))) {
      skipped = true;
      continue;
    }
    if (skipped) elide();
    skipped = false;
    for (const l of fileHeader(file)) out.push(quoteLine(l));
    for (const hunk of file.hunks) {
      const lines = shown.get(hunk);
      if (lines === undefined) {
        skipped = true;
        continue;
      }
      if (skipped) elide();
      out.push(quoteLine(hunkHeader(hunk)));
      let last = -1;
      for (const i of fillGaps(lines, hunk.lines.length)) {
        const line = hunk.lines[i];
        if (line === undefined) continue;
        if (i !== last + 1) elide();
        out.push(quoteLine(`${line.kind}${line.text}`));
        for (const f of under.get(hunk)?.get(i) ?? []) out.push('', ...findingParagraph(f), '');
        last = i;
      }
      skipped = last < hunk.lines.length - 1;
    }
  }
  if (skipped) elide();
  while (out[out.length - 1] === '') out.pop();
  return { quote: out.join('\n'), unplaced };
}

/** The finding as reply prose: `LEVEL:rule: message` wrapped, then its evidence one short line each. */
export function findingParagraph(f: Finding): string[] {
  const status = f.status === undefined ? '' : ` [${f.status}]`;
  const lines = wrap(`${LEVEL[f.severity]}:${f.ruleId}:${status} ${f.message}`, WRAP);
  for (const r of f.related) lines.push(...wrap(`${placeOf(r)}: ${r.message}`, WRAP, '  ', '    '));
  return lines;
}

/** `path:line` (or the part of it known) of a location, '' when nothing is known. */
export function placeOf(at: Location): string {
  if (at.file === null) return at.line === null ? 'commit message' : `line ${at.line}`;
  return at.line === null ? at.file : `${at.file}:${at.line}`;
}

/** The file header git writes, as far as the FileDiff keeps it (no `index` line). */
export function fileHeader(file: FileDiff): string[] {
  const oldPath = file.oldPath ?? file.path;
  const newPath = file.newPath ?? file.path;
  return [
    `diff --git a/${oldPath} b/${newPath}`,
    file.status === 'added' ? '--- /dev/null' : `--- a/${oldPath}`,
    file.status === 'deleted' ? '+++ /dev/null' : `+++ b/${newPath}`,
  ];
}

/** `@@ -a,b +c,d @@ section` as git writes it (a count of 1 is left out). */
export function hunkHeader(h: Hunk): string {
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
  return `@@ -${range(h.oldStart, h.oldCount)} +${range(h.newStart, h.newCount)} @@${h.section === '' ? '' : ` ${h.section}`}`;
}

/** A diff line behind the quote marker. */
export function quoteLine(s: string): string {
  return s === '' ? '>' : `> ${s}`;
}

/** Greedy word wrap; words longer than the width stay whole. */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(w => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  out.push(line);
  return out;
}

function spotOf(files: readonly FileDiff[], at: Location): Spot | null {
  const hit = findLine(files, at);
  if (hit === null) return null;
  const index = hit.hunk.lines.indexOf(hit.line);
  return index < 0 ? null : { file: hit.file, hunk: hit.hunk, index };
}

/** Sorted line indexes to quote; a cut of one line is not worth a `[...]`. */
function fillGaps(shown: ReadonlySet<number>, length: number): number[] {
  const sorted = [...shown].filter(i => i < length).sort((a, b) => a - b);
  const out: number[] = [];
  for (const i of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && i === prev + 2) out.push(prev + 1);
    out.push(i);
  }
  if (out[0] === 1) out.unshift(0);
  return out;
}
