/**
 * Notes (source `tool`, severity note) about how a patch met the tree in tree mode: the hunks
 * that landed only with an offset or fuzz, as `git apply`/`patch` say "Hunk #2 succeeded at
 * 1234 (offset 12 lines)". A reviewer learns that the patch targets another base, and that
 * line numbers in findings are the tree's.
 */
import { defineRule } from '../engine/define-rule.js';
import { makeContext, type EngineServices } from '../engine/context.js';
import type { Finding } from '../engine/finding.js';
import type { PatchView, SeriesView } from '../engine/views.js';
import type { TreePlacement } from './tree-facts.js';

export const TREE_NOTES = defineRule({
  id: 'kvet-tree',
  meta: {
    kind: 'style',
    category: 'other',
    severity: 'note',
    confidence: 'high',
    requires: [],
    docs: {
      description: 'Notes about applying the series to the tree (--tree): hunks placed with an offset or with fuzz.',
      references: [],
      limitations: 'Not a defect report. Hunks that do not apply at all are input problems, not notes.',
    },
    messages: {
      offset: 'Applied to the tree with an offset: {{hunks}}.',
      fuzz: 'Applied to the tree with fuzz: {{hunks}}.',
    },
  },
});

/** One note per file of `view` that was placed with an offset or fuzz. */
export function treeNotes(services: EngineServices, view: PatchView, series: SeriesView, placements: readonly TreePlacement[]): Finding[] {
  const out: Finding[] = [];
  for (const p of placements) {
    const file = view.files.find(f => f.path === p.path) ?? null;
    const ctx = makeContext(TREE_NOTES, services, view, series, file, f => { out.push({ ...f, source: 'tool' }); });
    const hunks = p.hunks.map(h => `hunk #${h.hunk} at line ${h.line}${h.offset !== 0 ? ` (offset ${h.offset > 0 ? '+' : ''}${h.offset} ${Math.abs(h.offset) === 1 ? 'line' : 'lines'})` : ''}${h.fuzz > 0 ? ` (fuzz ${h.fuzz})` : ''}`).join(', ');
    ctx.report({ messageId: p.status, line: p.hunks[0]?.line ?? null, file: p.path, data: { hunks } });
  }
  return out;
}
