/**
 * SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: one run whose `tool.driver.rules` are
 * every rule kvet has (from the rule metadata, plus the analysis notes and any rule id a
 * finding carries that is not registered), and one result per finding.
 *
 * - Locations are repo-relative (`uriBaseId: "%SRCROOT%"`): the post-image file and line of
 *   the patch. A finding without a file line is placed on the input mail at its mail line
 *   (no region when that is unknown too); `region.startLine` is always ≥ 1.
 * - `partialFingerprints["kvetFingerprint/v1"]` is the finding's fingerprint (stable across
 *   line shifts), so code scanning tracks an alert across pushes.
 * - Related locations carry ids 1…n and their messages. When a finding has two or more
 *   related locations in files, they are its evidence path (acquire → goto → return, lock
 *   taken → callee takes it) and also appear, in order, as one `codeFlows[0].threadFlows[0]`.
 * - Version labels: `new` → `baselineState: "new"`, `still` → `"unchanged"`, `fixed` →
 *   `"absent"` (the result is kept, not dropped).
 * - `properties` keep what SARIF has no slot for: confidence, category, the patch subject,
 *   the Message-ID of its mail, the rule's message id (`check`) and the status.
 * - Input problems are `toolExecutionNotifications` of the one invocation.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULES } from '../../rules/index.js';
import type { Rule } from '../engine/define-rule.js';
import type { Finding, Location, Severity } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';
import { ANALYSIS_NOTES } from '../engine/tool-findings.js';
import type { CounterexampleTrace, ReportOptions } from './reporter.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'kvetFingerprint/v1';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', note: 'note' };
const BASELINE = { new: 'new', still: 'unchanged', fixed: 'absent' } as const satisfies Record<string, Sarif.Result.baselineState>;
/** GitHub reads `properties.precision` on a rule (very-high, high, medium, low). */
const PRECISION = { high: 'high', medium: 'medium', low: 'low' } as const;

export function formatSarif(result: LintResult, opts: Pick<ReportOptions, 'toolVersion' | 'traces'>): string {
  const rules = ruleDescriptors(result.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'kvet',
        version: opts.toolVersion,
        semanticVersion: opts.toolVersion,
        rules,
      },
    },
    originalUriBaseIds: {
      [SRCROOT]: { description: { text: 'The top of the kernel tree the patches apply to.' } },
    },
    invocations: [invocation(result)],
    results: result.findings.map(f => withModelFlows(toResult(f, index.get(f.ruleId) ?? -1), f, opts.traces ?? [])),
    columnKind: 'unicodeCodePoints',
  };
  const log: Sarif.Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 1) + '\n';
}

function ruleDescriptors(findings: readonly Finding[]): Sarif.ReportingDescriptor[] {
  const out = [...RULES, ANALYSIS_NOTES].map(ruleDescriptor);
  const known = new Set(out.map(r => r.id));
  const extra = new Map<string, Finding>();
  for (const f of findings) if (!known.has(f.ruleId) && !extra.has(f.ruleId)) extra.set(f.ruleId, f);
  for (const [id, f] of [...extra].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // findings of a rule kvet does not register (cross-validation, other sources)
    out.push({
      id,
      name: id,
      shortDescription: { text: `kvet ${f.source} finding (${f.category}).` },
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { category: f.category, tags: ['kvet', f.category, f.source] },
    });
  }
  return out;
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const { docs } = rule.meta;
  const refs = docs.references.length > 0 ? `\n\nReferences: ${docs.references.join('; ')}.` : '';
  const limits = docs.limitations !== '' ? `\n\nLimitations: ${docs.limitations}` : '';
  const mdRefs = docs.references.length > 0 ? `\n\n**References:**\n\n${docs.references.map(r => `- \`${r}\``).join('\n')}` : '';
  const mdLimits = docs.limitations !== '' ? `\n\n**Limitations:** ${docs.limitations}` : '';
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: docs.description },
    fullDescription: { text: `${docs.description}${limits}` },
    help: { text: `${docs.description}${refs}${limits}`, markdown: `${docs.description}${mdRefs}${mdLimits}` },
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: {
      category: rule.meta.category,
      kind: rule.meta.kind,
      precision: PRECISION[rule.meta.confidence],
      tags: ['kvet', rule.meta.category, rule.meta.kind],
    },
  };
}

function toResult(f: Finding, ruleIndex: number): Sarif.Result {
  const related = f.related.map((r, i): Sarif.Location => ({
    id: i + 1,
    ...physical(r, f.input),
    message: { text: r.message },
  }));
  const path = f.related.filter(r => r.file !== null && r.line !== null && r.line >= 1);
  const out: Sarif.Result = {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      ...physical(f.location, f.input),
      ...(f.function !== null ? { logicalLocations: [{ name: f.function, kind: 'function' }] } : {}),
    }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    ...(path.length >= 2 && path.length === f.related.length ? {
      codeFlows: [{
        message: { text: `Evidence path of ${f.ruleId}.` },
        threadFlows: [{ locations: f.related.map(r => ({ location: { ...physical(r, f.input), message: { text: r.message } } })) }],
      }],
    } : {}),
    ...(f.status !== undefined ? { baselineState: BASELINE[f.status] } : {}),
    properties: {
      confidence: f.confidence,
      category: f.category,
      source: f.source,
      check: f.messageId,
      ...(f.patch !== null ? { patch: f.patch } : {}),
      ...(f.mailMessageId !== null ? { messageId: f.mailMessageId } : {}),
      ...(f.location.mailLine !== null ? { mailLine: f.location.mailLine } : {}),
      ...(f.status !== undefined ? { status: f.status } : {}),
    },
  };
  return out;
}

/**
 * A model counterexample that proves a finding (the finding names its replay token) becomes one
 * more code flow: the model's steps in order, each with the state it changed.
 */
function withModelFlows(r: Sarif.Result, f: Finding, traces: readonly CounterexampleTrace[]): Sarif.Result {
  const proving = traces.filter(t => t.replay !== '' && f.message.includes(t.replay));
  if (proving.length === 0) return r;
  const flows: Sarif.CodeFlow[] = proving.map(t => ({
    message: { text: `Model counterexample${t.title !== undefined ? ` ${t.title}` : ''}: ${t.invariant} (${t.kind}); replay with kvet model replay ${t.replay}.` },
    threadFlows: [{
      locations: t.trace.map((step, i) => ({
        executionOrder: i + 1,
        location: {
          message: { text: `${step.action}${step.fault !== undefined ? ` [fault: ${step.fault}]` : ''}${step.changes.length > 0 ? `: ${step.changes.join('; ')}` : ''}` },
          logicalLocations: [{ name: step.action, kind: 'function' }],
        },
      })),
    }],
  }));
  return { ...r, codeFlows: [...(r.codeFlows ?? []), ...flows] };
}

/** The file line when known (repo-relative); else the input mail at its mail line. */
function physical(at: Location, input: string): Pick<Sarif.Location, 'physicalLocation'> {
  if (at.file !== null && at.line !== null && at.line >= 1) {
    return { physicalLocation: { artifactLocation: { uri: relativeUri(at.file), uriBaseId: SRCROOT }, region: { startLine: at.line } } };
  }
  if (at.file !== null) return { physicalLocation: { artifactLocation: { uri: relativeUri(at.file), uriBaseId: SRCROOT } } };
  const region = at.mailLine !== null && at.mailLine >= 1 ? { region: { startLine: at.mailLine } } : {};
  return { physicalLocation: { artifactLocation: inputUri(input), ...region } };
}

/** A repo-relative path as a URI reference: each segment percent-encoded. */
function relativeUri(p: string): string {
  return p.replace(/^\.?\/+/, '').split('/').map(encodeURIComponent).join('/');
}

/** The input as given: relative to where kvet ran, absolute as a file URI, stdin as `stdin`. */
function inputUri(input: string): Sarif.ArtifactLocation {
  if (input === '-') return { uri: 'stdin', description: { text: 'standard input' } };
  if (input.startsWith('/')) return { uri: pathToFileURL(input).href };
  return { uri: input.split('/').map(s => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/') };
}

function invocation(result: LintResult): Sarif.Invocation {
  const notifications: Sarif.Notification[] = result.errors.map(e => ({
    level: 'error',
    message: { text: `${e.where}: ${e.message}` },
  }));
  return {
    executionSuccessful: true,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}
