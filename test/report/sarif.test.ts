/**
 * The SARIF reporter on real lint results, validated against the SARIF 2.1.0 JSON schema
 * (draft-04) that Microsoft's SARIF JS SDK ships in @microsoft/jest-sarif, with Ajv's
 * draft-04 class and the standard formats (uri, uri-reference, date-time). Plus the
 * constraints GitHub code scanning adds on top of the schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { RULES } from '../../rules/index.js';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, formatSarif } from '../../src/report/sarif.js';
import type { LintResult } from '../../src/engine/lint-result.js';
import { runCli } from '../helpers/run-cli.js';
import { DCD_V3, DCD_V4, DEMO, findingOf, lintResult, withFindings } from './helpers.js';

const require = createRequire(import.meta.url);
const SCHEMA_FILE = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const { default: Ajv04 } = require('ajv-draft-04') as typeof import('ajv-draft-04');
const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
// unicodeRegExp off: the rtm.5 schema's `language` pattern has a lone `]` (legal without the u flag)
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function valid(text: string): Sarif.Log {
  const doc = JSON.parse(text) as unknown;
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
  return doc as Sarif.Log;
}

/** What GitHub code scanning requires beyond the schema. */
function githubAccepts(log: Sarif.Log): void {
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0] as Sarif.Run;
  const rules = run.tool.driver.rules ?? [];
  expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
  for (const r of run.results ?? []) {
    expect(r.message.text).toMatch(/\S/);
    expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    expect(r.locations?.length).toBeGreaterThan(0);
    for (const loc of [...(r.locations ?? []), ...(r.relatedLocations ?? [])]) {
      const region = loc.physicalLocation?.region;
      if (region !== undefined) expect(region.startLine).toBeGreaterThanOrEqual(1);
      const uri = loc.physicalLocation?.artifactLocation?.uri;
      if (loc.physicalLocation?.artifactLocation?.uriBaseId === '%SRCROOT%') expect(uri).not.toMatch(/^(\/|[a-z]+:)/);
    }
    expect(r.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}$/);
  }
}

describe('sarif reporter', () => {
  let demo: LintResult;
  let dcd: LintResult;
  beforeAll(async () => {
    demo = await lintResult(DEMO);
    dcd = await lintResult(DCD_V4);
  });

  it('the schema file is the SARIF 2.1.0 schema', () => {
    expect(schema.title).toMatch(/SARIF\) Version 2\.1\.0/);
    expect((schema.properties as Record<string, { enum?: string[] }>).version?.enum).toEqual(['2.1.0']);
  });

  it('the validator rejects what the schema forbids (so a pass means something)', () => {
    const base = JSON.parse(formatSarif(demo, { toolVersion: '0.1.0' })) as { runs: { results: Record<string, unknown>[] }[] };
    const result = base.runs[0]?.results[0] as { locations: { physicalLocation: { region: { startLine: number } } }[] };
    (result.locations[0] as { physicalLocation: { region: { startLine: number } } }).physicalLocation.region.startLine = 0;
    expect(validate(base)).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kvet' } }, results: [{ message: { text: 'x' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kvet' } }, results: [{ message: { text: 'x' }, lvl: 'error' }] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kvet' } }, results: [{ message: { text: 'x' } }] }] })).toBe(true);
  });

  it('writes a schema-valid log for the demo through the CLI, with every rule described', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'sarif']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const log = valid(r.stdout);
    githubAccepts(log);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0] as Sarif.Run;
    expect(run.tool.driver.name).toBe('kvet');
    expect(run.tool.driver.version).toBe('0.1.0');
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map(x => x.id)).toEqual([...RULES.map(x => x.id), 'kvet-analysis']);
    const lockNotHeld = rules.find(x => x.id === 'lock-not-held');
    expect(lockNotHeld).toMatchObject({
      shortDescription: { text: RULES.find(x => x.id === 'lock-not-held')?.meta.docs.description },
      defaultConfiguration: { level: 'error' },
      properties: { category: 'lock-not-held', tags: ['kvet', 'lock-not-held', 'bug'] },
    });
    expect(run.results?.map(x => [x.ruleId, x.level])).toEqual([
      ['kernel-doc-params', 'warning'], ['patch-spelling', 'warning'], ['drvdata-published-early', 'warning'],
      ['goto-skips-unwind', 'error'], ['patch-spelling', 'warning'], ['lock-not-held', 'error'],
    ]);
  });

  it('places a result on the repo-relative file line, its evidence as related locations and a code flow', () => {
    const log = valid(formatSarif(demo, { toolVersion: '0.1.0' }));
    const goto = (log.runs[0]?.results ?? []).find(x => x.ruleId === 'goto-skips-unwind');
    expect(goto?.locations?.[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'drivers/misc/widget/core.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 92 } },
      logicalLocations: [{ name: 'widget_create', kind: 'function' }],
    });
    expect(goto?.relatedLocations?.map(x => [x.id, x.physicalLocation?.region?.startLine, x.message?.text])).toEqual([
      [1, 84, 'ida_alloc() acquires rc'], [2, 92, 'goto err_free'], [3, 110, 'error return'], [4, 107, 'ida_free() undoes it on other paths'],
    ]);
    expect(goto?.codeFlows?.[0]?.threadFlows[0]?.locations.map(x => x.location?.physicalLocation?.region?.startLine)).toEqual([84, 92, 110, 107]);
    expect(goto?.properties).toMatchObject({
      confidence: 'high', category: 'missing-unwind', check: expect.any(String) as string,
      patch: '[PATCH v2 2/3] widget: add widget_create()', messageId: expect.stringContaining('@') as string,
    });
    // one related location is a note, not a path: no code flow
    const drv = (log.runs[0]?.results ?? []).find(x => x.ruleId === 'drvdata-published-early');
    expect(drv?.relatedLocations).toHaveLength(1);
    expect(drv?.codeFlows).toBeUndefined();
  });

  it('is valid on dcd-v4 (errors, a note, several files) and keeps the finding order', () => {
    const log = valid(formatSarif(dcd, { toolVersion: '0.1.0' }));
    githubAccepts(log);
    const results = log.runs[0]?.results ?? [];
    expect(results.map(x => x.ruleId)).toEqual(dcd.findings.map(f => f.ruleId));
    expect(results.map(x => x.level)).toEqual(dcd.findings.map(f => f.severity));
    const rec = results.find(x => x.ruleId === 'lock-recursive');
    expect(rec?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'drivers/dax/bus.c', uriBaseId: '%SRCROOT%' }, region: { startLine: 234 } });
    expect(rec?.codeFlows?.[0]?.threadFlows[0]?.locations.map(x => x.location?.message?.text)).toEqual(['dax_region_rwsem taken here', 'dax_release_resource() takes dax_region_rwsem']);
  });

  it('maps version labels to baselineState and keeps fixed results (v3 then v4)', async () => {
    const labelled = await lintResult(DCD_V3, DCD_V4);
    const log = valid(formatSarif(labelled, { toolVersion: '0.1.0' }));
    githubAccepts(log);
    const states = (log.runs[0]?.results ?? []).map(x => `${String(x.baselineState)}=${String(x.properties?.status)}`);
    expect(states.length).toBe(labelled.findings.length);
    expect(states.filter(x => x === 'unchanged=still')).toHaveLength(labelled.findings.filter(f => f.status === 'still').length);
    expect(states.filter(x => x === 'absent=fixed')).toHaveLength(labelled.findings.filter(f => f.status === 'fixed').length);
    expect(states.filter(x => x === 'new=new')).toHaveLength(labelled.findings.filter(f => f.status === 'new').length);
    expect(states.filter(x => x === 'absent=fixed').length).toBeGreaterThan(0);
    expect(new Set(states).size).toBeGreaterThan(1);
  });

  it('puts a finding without a file line on the input mail, and a tool finding or unknown rule gets a rule entry', () => {
    const f = findingOf(demo, 'patch-spelling');
    const noFile = { ...f, location: { ...f.location, file: null, line: null } };
    const noLine = { ...f, location: { file: null, line: null, mailLine: null, patchLine: null }, input: '-', related: [] };
    const tool = { ...f, ruleId: 'kvet-analysis', source: 'tool' as const, severity: 'note' as const, category: 'other' as const };
    const xval = { ...f, ruleId: 'xval-model-only', source: 'xval' as const, category: 'model-mismatch' as const, related: [
      { file: 'src/model/specs/dcd/actions.ts', line: 10, mailLine: null, patchLine: null, message: 'model step add' },
      { file: null, line: null, mailLine: null, patchLine: null, message: 'no place' },
    ] };
    const log = valid(formatSarif(withFindings(demo, [noFile, noLine, tool, xval]), { toolVersion: '0.1.0' }));
    githubAccepts(log);
    const [a, b, c, d] = log.runs[0]?.results ?? [];
    expect(a?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/^file:\/\/\/.*0001-demo-widget-v2\.mbox$/) as string }, region: { startLine: f.location.mailLine } });
    expect(b?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'stdin', description: { text: 'standard input' } } });
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules[c?.ruleIndex ?? -1]?.id).toBe('kvet-analysis');
    expect(rules[d?.ruleIndex ?? -1]).toMatchObject({ id: 'xval-model-only', defaultConfiguration: { level: 'warning' }, properties: { category: 'model-mismatch' } });
    // a related location without a place is kept as a message; the path is not complete: no code flow
    expect(d?.relatedLocations?.[1]).toMatchObject({ id: 2, message: { text: 'no place' } });
    expect(d?.codeFlows).toBeUndefined();
  });

  it('reports input problems as tool execution notifications', () => {
    const log = valid(formatSarif({ ...demo, errors: [{ where: 'x.mbox:12', message: 'truncated headers' }] }, { toolVersion: '0.1.0' }));
    expect(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications).toEqual([{ level: 'error', message: { text: 'x.mbox:12: truncated headers' } }]);
  });

  it('attaches the model counterexample that confirms a finding as a code flow (kvet xval on dcd-v4)', async () => {
    const r = await runCli(['xval', DCD_V4, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = valid(r.stdout);
    const confirmed = log.runs[0]?.results?.find(x => x.ruleId === 'xval-confirmed');
    const flow = confirmed?.codeFlows?.find(c => c.message?.text?.startsWith('Model counterexample S19/v4'));
    expect(flow?.message?.text).toMatch(/deadlock.*replay with kvet model replay \S+\.$/);
    const steps = flow?.threadFlows[0]?.locations ?? [];
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.map(s => s.executionOrder)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.every(s => (s.location?.message?.text ?? '') !== '')).toBe(true);
  });
});
