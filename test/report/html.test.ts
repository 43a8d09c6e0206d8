/** The html reporter as text (the browser test, html-browser.test.ts, checks what a reader sees). */
import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { esc, sequenceOf } from '../../src/report/html-sequence.js';
import { DEFAULT_REPORT_OPTIONS } from '../../src/report/reporter.js';
import { runCli } from '../helpers/run-cli.js';
import { DEMO, HOSTILE, hostile, lint, modelTraces } from './html-fixtures.js';

describe('html reporter', () => {
  it('is one self-contained page: inline style, no script, no remote reference, a CSP that forbids both', async () => {
    const html = formatHtml(await lint(DEMO), { toolVersion: '0.1.0', traces: modelTraces('S19', 'v4') });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\((?!#)|@import|href="(?!#)/i);
    expect(html.match(/<div class="finding /g)).toHaveLength(6);
  });

  it('is reproducible and the CLI writes it with --format html', async () => {
    const a = formatHtml(await lint(DEMO), DEFAULT_REPORT_OPTIONS);
    expect(formatHtml(await lint(DEMO), DEFAULT_REPORT_OPTIONS)).toBe(a);
    const r = await runCli(['lint', DEMO, '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(a);
  });

  it('escapes everything that came from mail', async () => {
    const evil = hostile(await lint(DEMO), modelTraces('S19', 'v4'));
    const html = formatHtml(evil.result, { toolVersion: '0.1.0', traces: evil.traces });
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<img|<b>|<\/pre><\/td><\/table>|onerror="/);
    expect(html).toContain(esc(HOSTILE));
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('says so when there is nothing to report', async () => {
    const html = formatHtml({ ...(await lint(DEMO)), findings: [] }, DEFAULT_REPORT_OPTIONS);
    expect(html).toContain('<p id="summary" class="clean">No findings.</p>');
    expect(html).not.toContain('class="finding ');
  });
});

describe('sequence diagrams of model counterexamples', () => {
  it('the v4 devres self-deadlock: one thread, the locks it takes, the wait on its own lock', () => {
    const [t] = modelTraces('S19', 'v4');
    if (t === undefined) throw new Error('S19/v4 found no counterexample');
    const seq = sequenceOf(t);
    expect(seq.actors).toEqual(['ev']);
    expect(seq.locks).toEqual(['cxl_rwsem.region', 'device_lock(cxlr_dax)', 'dax_region_rwsem']);
    expect(seq.steps.map(s => [s.label, s.fault, s.takes, s.releases])).toEqual([
      ['add(e(0,2,null) M=0).stage', null, ['cxl_rwsem.region'], []],
      ['add(e(0,2,null) M=0).realize', null, [], []],
      ['add(e(0,2,null) M=0).notify', null, ['device_lock(cxlr_dax)'], []],
      ['add(e(0,2,null) M=0).daxAdd', 'daxDevm@0', ['dax_region_rwsem'], []],
    ]);
    expect(seq.waits).toEqual([{ waiter: 'ev', lock: 'dax_region_rwsem', holders: 'ev' }]);
  });

  it('an ABBA deadlock between two threads', () => {
    const [t] = modelTraces('S41');
    if (t === undefined) throw new Error('S41 found no counterexample');
    const seq = sequenceOf(t);
    expect(seq.actors).toEqual(['probe', 'ev']);
    expect(seq.waits.map(w => `${w.waiter}>${w.lock}>${w.holders}`)).toEqual(['ev>device_lock(cxlr_dax)>probe', 'probe>add_ctx.lock>ev']);
  });

  it('reads lock changes of a field and releases', () => {
    const seq = sequenceOf({
      invariant: 'I1', kind: 'safety', replay: 'x',
      trace: [
        { action: 'a: lock', changes: ['locks.m.w: null → "a"', 'locks.s.r: [] → ["a"]'] },
        { action: 'a: unlock', changes: ['-locks.m: {"w":"a","r":[]}', 'locks.s.r: ["a"] → []'] },
        { action: 'init', changes: [] },
      ],
    });
    expect(seq.actors).toEqual(['a', 'model']);
    expect(seq.steps.map(s => [s.takes, s.releases])).toEqual([[['m', 's'], []], [[], ['m', 's']], [[], []]]);
    expect(seq.waits).toEqual([]);
  });
});
