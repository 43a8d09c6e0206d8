/**
 * The html report in a real browser (Debian's Chromium, driven by playwright-core; no browser
 * is ever downloaded): every finding is in the DOM under its diff line and visible, evidence
 * links land on diff lines, the model's counterexamples are drawn, and text from a hostile
 * mail runs no script and loads nothing. Fails, never skips, when Chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { LintResult } from '../../src/engine/lint-result.js';
import { formatHtml } from '../../src/report/html.js';
import type { CounterexampleTrace } from '../../src/report/reporter.js';
import { SourceIndex } from '../../src/report/source-lines.js';
import { DCD_V4, DEMO, HOSTILE, hostile, lint, modelTraces } from './html-fixtures.js';

/** Debian's Chromium; KVET_CHROMIUM names another build of it. */
const CHROMIUM = process.env.KVET_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const SEVERITY_BG = { error: 'rgb(253, 236, 234)', warning: 'rgb(255, 245, 214)', note: 'rgb(232, 240, 254)' } as const;

let dir: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; the html report test needs it: apt-get install -y --no-install-recommends chromium (.ci/run does this)`);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'kvet-html-'));
  // A fresh profile directory for this run only.
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface Loaded {
  readonly page: Page;
  /** Every URL the page requested. */
  readonly requests: string[];
  readonly file: string;
}

async function load(name: string, html: string): Promise<Loaded> {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', r => { requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, file };
}

/** The little of the DOM the page callbacks use (the project compiles without lib "dom"). */
interface DomEl {
  readonly id: string;
  readonly dataset: Readonly<Record<string, string | undefined>>;
  readonly textContent: string | null;
  readonly previousElementSibling: DomEl | null;
  readonly classList: { contains(c: string): boolean };
  closest(selector: string): DomEl | null;
  querySelector(selector: string): DomEl | null;
  querySelectorAll(selector: string): ArrayLike<DomEl>;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
}
interface DomGlobal {
  readonly document: { getElementById(id: string): DomEl | null };
  getComputedStyle(el: DomEl): { readonly backgroundColor: string };
  readonly __pwned?: number;
}

interface Placement { n: number; severity: string; lineId: string | null; rowAbove: string | null; code: string | null; bg: string }

/** Where each finding element sits: the diff row right above its row, and its colour. */
async function placements(page: Page): Promise<Placement[]> {
  return page.$$eval('.finding', els => (els as unknown as DomEl[]).map(el => {
    const g = globalThis as unknown as DomGlobal;
    const row = el.closest('tr.finding-row');
    let above = row?.previousElementSibling ?? null;
    while (above !== null && above.classList.contains('finding-row')) above = above.previousElementSibling;
    return {
      n: Number(el.dataset.finding),
      severity: el.dataset.severity ?? '',
      lineId: el.dataset.line ?? null,
      rowAbove: above?.id ?? null,
      code: above?.querySelector('td.code')?.textContent ?? null,
      bg: g.getComputedStyle(el).backgroundColor,
    };
  }));
}

async function checkFindings(loaded: Loaded, result: LintResult): Promise<void> {
  const { page } = loaded;
  const index = new SourceIndex(result);
  const placed = await placements(page);
  expect(placed).toHaveLength(result.findings.length);
  expect(placed.map(p => p.n).sort((a, b) => a - b)).toEqual(result.findings.map((_, i) => i + 1));
  for (const p of placed) {
    const f = result.findings[p.n - 1];
    if (f === undefined) throw new Error(`finding ${p.n} is not in the result`);
    const src = index.lineAt(f);
    expect(src, f.message).not.toBeNull();
    // Under its own diff line: the row above is that line, showing its text verbatim.
    expect(p.rowAbove).toBe(p.lineId);
    expect(p.code).toBe(`${src?.line.kind}${src?.line.text}`);
    expect(p.severity).toBe(f.severity);
    expect(p.bg).toBe(SEVERITY_BG[f.severity]);
    const el = page.locator(`#f${p.n}`);
    await el.scrollIntoViewIfNeeded();
    expect(await el.isVisible()).toBe(true);
    const box = await el.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(20);
    expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 900).toBe(true);
    expect(await el.textContent()).toContain(f.message);
  }
  // The summary table lists each finding and links to it; evidence links land on diff lines.
  expect(await page.locator('table.summary tbody tr').count()).toBe(result.findings.length);
  const broken = await page.$$eval('a[href^="#"]', as => (as as unknown as DomEl[]).map(a => a.getAttribute('href') ?? '')
    .filter(h => (globalThis as unknown as DomGlobal).document.getElementById(h.slice(1)) === null));
  expect(broken).toEqual([]);
  const evidence = await page.$$eval('ol.evidence a', as => (as as unknown as DomEl[])
    .map(a => (globalThis as unknown as DomGlobal).document.getElementById((a.getAttribute('href') ?? '').slice(1))?.matches('tr.line') ?? false));
  expect(evidence.length).toBeGreaterThan(0);
  expect(evidence.every(Boolean)).toBe(true);
  // Self-contained: nothing but the page itself was requested.
  expect(loaded.requests).toEqual([pathToFileURL(loaded.file).href]);
}

async function screenshot(page: Page, name: string, fullPage = true): Promise<Buffer> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.length).toBeGreaterThan(20_000);
  return png;
}

describe('html report in Chromium', () => {
  let v4: LintResult;
  let traces: CounterexampleTrace[];
  beforeAll(async () => {
    v4 = await lint(DCD_V4);
    traces = [...modelTraces('S19', 'v4'), ...modelTraces('S41')];
  });

  it('dcd-v4: every finding under its diff line, visible in its severity colour; the model deadlocks drawn', async () => {
    expect(v4.findings.some(f => f.severity === 'error')).toBe(true);
    expect(traces.map(t => t.kind)).toEqual(['deadlock', 'deadlock']);
    const loaded = await load('dcd-v4', formatHtml(v4, { toolVersion: '0.1.0', traces }));
    await checkFindings(loaded, v4);
    const { page } = loaded;
    // One diagram per trace: a lifeline per thread and lock, an arrow per lock use, one red arrow per wait.
    const svgs = page.locator('svg.sequence');
    expect(await svgs.count()).toBe(2);
    const lanes = await page.$$eval('svg.sequence', ss => (ss as unknown as DomEl[]).map(s => Array.from(s.querySelectorAll('g.lifeline')).map(g => g.getAttribute('data-name'))));
    expect(lanes[0]).toEqual(['ev', 'cxl_rwsem.region', 'device_lock(cxlr_dax)', 'dax_region_rwsem']);
    expect(lanes[1]).toEqual(['probe', 'ev', 'device_lock(cxlr_dax)', 'add_ctx.lock']);
    const steps = await page.$$eval('svg.sequence', ss => (ss as unknown as DomEl[]).map(s => new Set(Array.from(s.querySelectorAll('g.step')).map(g => g.getAttribute('data-step'))).size));
    expect(steps).toEqual(traces.map(t => t.trace.length));
    const waits = await page.$$eval('svg.sequence', ss => (ss as unknown as DomEl[]).map(s => Array.from(s.querySelectorAll('g.wait')).map(g => g.getAttribute('data-waiter'))));
    expect(waits).toEqual([['ev'], ['ev', 'probe']]);
    for (let i = 0; i < 2; i++) {
      const svg = svgs.nth(i);
      await svg.scrollIntoViewIfNeeded();
      expect(await svg.isVisible()).toBe(true);
      expect((await svg.boundingBox())?.height).toBeGreaterThan(150);
    }
    const fault = page.locator('svg.sequence g.step.fault text').first();
    expect(await fault.textContent()).toMatch(/daxAdd ⚡daxDevm@0/);
    // The viewport around the self-deadlock error (the whole page is long).
    const error = v4.findings.findIndex(f => f.severity === 'error') + 1;
    await page.locator(`#f${error}`).scrollIntoViewIfNeeded();
    await screenshot(page, 'dcd-v4', false);
    await page.close();
  });

  it('demo series: every finding under its diff line and visible', async () => {
    const demo = await lint(DEMO);
    expect(demo.findings).toHaveLength(6);
    const loaded = await load('demo', formatHtml(demo, { toolVersion: '0.1.0' }));
    await checkFindings(loaded, demo);
    expect(await loaded.page.locator('#traces').count()).toBe(0);
    const png = await loaded.page.locator('#f4').screenshot();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await screenshot(loaded.page, 'demo');
    await loaded.page.close();
  });

  it('hostile mail text is shown as text: no script runs, no element is injected, nothing is loaded', async () => {
    const demo = await lint(DEMO);
    const evil = hostile(demo, modelTraces('S19', 'v4'));
    const loaded = await load('hostile', formatHtml(evil.result, { toolVersion: '0.1.0', traces: evil.traces }));
    const { page } = loaded;
    await checkFindings(loaded, evil.result);
    expect(await page.evaluate(() => (globalThis as unknown as DomGlobal).__pwned)).toBeUndefined();
    expect(await page.locator('script, img, b, iframe, object').count()).toBe(0);
    expect(await page.title()).toContain(HOSTILE);
    const messages = await page.$$eval('.finding .msg', els => (els as unknown as DomEl[]).map(e => e.textContent));
    expect(messages).toEqual(evil.result.findings.map(f => f.message));
    expect(await page.locator('svg.sequence').count()).toBe(1);
    expect(await page.locator('.trace h3').textContent()).toContain(HOSTILE);
    await screenshot(page, 'hostile');
    await page.close();
  });
});
