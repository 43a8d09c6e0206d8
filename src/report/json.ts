/**
 * The `kvet lint --format json` shape other tools rely on:
 * `{"findings":[{"ruleId","category","severity","message","file","line","function","messageId",
 *   "patch","related":[{"file","line","message"}]}],"summary":{"patches","functions","findings","errors"}}`.
 * `messageId` is the Message-ID of the mail that carries the patch.
 */
import type { Finding } from '../engine/finding.js';
import type { LintResult } from '../engine/lint-result.js';

/** The JSON document for one lint run (findings already sorted). */
export function formatJson(result: LintResult): string {
  const doc = {
    findings: result.findings.map(findingJson),
    summary: result.summary,
    errors: result.errors,
  };
  return JSON.stringify(doc, null, 1) + '\n';
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    message: f.message,
    file: f.location.file,
    line: f.location.line,
    mailLine: f.location.mailLine,
    patchLine: f.location.patchLine,
    function: f.function,
    messageId: f.mailMessageId,
    patch: f.patch,
    input: f.input,
    check: f.messageId,
    source: f.source,
    related: f.related.map(r => ({ file: r.file, line: r.line, mailLine: r.mailLine, message: r.message })),
    fingerprint: f.fingerprint,
    ...(f.status !== undefined ? { status: f.status } : {}),
  };
}
