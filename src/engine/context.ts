/**
 * RuleContext: the only thing a rule can act through. `report` turns a descriptor into a
 * Finding with the patch and mail lines resolved; path and summary services are cached per
 * function so rules do not walk the CFG themselves.
 */
import { createHash } from 'node:crypto';
import type { Confidence, Finding, RelatedLocation, Severity } from './finding.js';
import type { FileFacts, FunctionFacts } from '../facts/types.js';
import type { Rule } from './define-rule.js';
import type { PatchView, SeriesView } from './views.js';
import { simulate, type Simulation } from './path-sim.js';
import type { FunctionSummary, SummaryLookup } from './summaries.js';

export interface ReportDescriptor<M extends string> {
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Post-image line in `file` (null for a patch-level finding without a file line). */
  readonly line: number | null;
  /** Defaults to the file being checked. */
  readonly file?: string | null;
  readonly fn?: FunctionFacts | null;
  readonly related?: readonly { readonly line: number | null; readonly file?: string; readonly message: string; readonly mailLine?: number | null }[];
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** For commit-message findings: the mail and patch lines directly. */
  readonly mailLine?: number | null;
  readonly patchLine?: number | null;
}

export interface RuleContext<M extends string> {
  report(d: ReportDescriptor<M>): void;
  /** Paths of a function with state (cached). */
  simulate(fn: FunctionFacts): Simulation;
  summary(name: string): FunctionSummary | null;
  readonly file: FileFacts | null;
  readonly patch: PatchView;
  readonly series: SeriesView;
}

/** Shared per-run services: the summary table and the simulation cache. */
export class EngineServices {
  private readonly sims = new WeakMap<FunctionFacts, Simulation>();
  constructor(readonly lookup: SummaryLookup) {}
  simulate(fn: FunctionFacts): Simulation {
    let s = this.sims.get(fn);
    if (s === undefined) {
      // a function is entered with the locks its contract requires (its asserts and, for
      // internal helpers, its callees' contracts): callers are checked for them instead
      const own = fn.name === null ? null : this.lookup(fn.name);
      const entryHeld = (own?.file === fn.file ? own.requires : []).map(r => ({
        lock: r.lock, mode: r.mode === 'any' ? 'exclusive' as const : r.mode, node: fn.cfg.entry, line: fn.span.line, scoped: false,
      }));
      s = simulate(fn, this.lookup, { entryHeld });
      this.sims.set(fn, s);
    }
    return s;
  }
}

/** Build the context for one rule over one file (or patch/series when file is null). */
export function makeContext<M extends string>(
  rule: Rule<M>, services: EngineServices, patch: PatchView, series: SeriesView, file: FileFacts | null,
  sink: (f: Finding, fn: FunctionFacts | null) => void,
): RuleContext<M> {
  return {
    file, patch, series,
    simulate: fn => services.simulate(fn),
    summary: name => services.lookup(name),
    report(d) {
      const template = rule.meta.messages[d.messageId];
      const message = interpolate(template, d.data ?? {});
      const path = d.file === undefined ? file?.path ?? null : d.file;
      const fileFacts = path === null ? null : patch.files.find(f => f.path === path) ?? file;
      const seenAt = (line: number | null) => line === null || fileFacts === null ? undefined : fileFacts.seen.find(l => l.line === line);
      const at = seenAt(d.line);
      const related: RelatedLocation[] = (d.related ?? []).map(r => {
        const rf = r.file ?? path;
        const rs = r.line === null ? undefined : (rf === path ? seenAt(r.line) : patch.files.find(f => f.path === rf)?.seen.find(l => l.line === r.line));
        return { file: rf, line: r.line, mailLine: r.mailLine ?? rs?.mailLine ?? null, patchLine: rs?.patchLine ?? null, message: r.message };
      });
      const fn = d.fn ?? null;
      const finding: Finding = {
        ruleId: rule.id,
        messageId: d.messageId,
        category: rule.meta.category,
        message,
        severity: d.severity ?? rule.meta.severity,
        confidence: d.confidence ?? rule.meta.confidence,
        source: 'rule',
        location: { file: path, line: d.line, mailLine: d.mailLine ?? at?.mailLine ?? null, patchLine: d.patchLine ?? at?.patchLine ?? null },
        function: fn?.name ?? null,
        mailMessageId: patch.messageId,
        patch: patch.subject,
        input: patch.input,
        related,
        fingerprint: fingerprint(rule.id, path, fn?.name ?? null, d.messageId, message),
      };
      sink(finding, fn);
    },
  };
}

function interpolate(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(data[k] ?? `{{${k}}}`));
}

/** Stable across reruns and line shifts: rule, file, function, message with numbers removed. */
export function fingerprint(ruleId: string, file: string | null, fn: string | null, messageId: string, message: string): string {
  const norm = message.replace(/\bline \d+\b/g, 'line N').replace(/:\d+\b/g, ':N');
  return createHash('sha256').update([ruleId, file ?? '', fn ?? '', messageId, norm].join('\u0000')).digest('hex').slice(0, 16);
}
