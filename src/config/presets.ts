/**
 * Presets (`--preset NAME` or `"preset"` in .kvet.json): named starting points a team adjusts
 * with `rules` and `overrides`.
 */
import type { Severity } from '../engine/finding.js';

export interface Preset {
  readonly description: string;
  /** Rules that run (ids or categories of rule meta); null for every rule. */
  readonly only: readonly string[] | null;
  /** Severity remapping applied to every finding. */
  readonly severity: Partial<Record<Severity, Severity>>;
  /** Findings never fail the run (exit 0 unless an input failed). */
  readonly advisory: boolean;
}

/** Rules about style and text, as checkpatch reports them; the rest is semantic analysis. */
const STYLE_RULES = ['patch-spelling', 'kernel-doc-params', 'decl-unused', 'decl-should-be-static'];

export const PRESETS = {
  recommended: { description: 'every rule at its own severity (the default)', only: null, severity: {}, advisory: false },
  strict: { description: 'every rule; notes are raised to warnings', only: null, severity: { note: 'warning' }, advisory: false },
  advisory: { description: 'every rule, reported but never failing the run (bots that comment, not gate)', only: null, severity: {}, advisory: true },
  semantic: {
    description: 'only the analysis rules (locks, unwinding, devres, cleanup.h, refcounts, error codes); no style',
    only: ['cleanup-free-misuse', 'cleanup-goto-mixed', 'devres-freed-manually', 'drvdata-published-early', 'goto-label-mismatch', 'goto-skips-unwind', 'lock-imbalance', 'lock-not-held', 'lock-recursive', 'refcount-get-not-put', 'ret-errno-unsigned', 'ret-error-overwritten', 'ret-missing-error-code'],
    severity: {}, advisory: false,
  },
  style: { description: 'only the checkpatch-like rules: spelling, kernel-doc, declarations', only: STYLE_RULES, severity: {}, advisory: false },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
