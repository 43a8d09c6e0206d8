import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { CORPUS, SERIES } from '../helpers/paths.js';

const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');

interface ParseDoc {
  messages: { messageId: string | null; subject: string; kind: string; version: number; index: number | null; total: number | null;
    files: { path: string; hunks: number; added: number; removed: number }[] }[];
  inputs: { path: string; messages: number; errors: { message: string; where: string }[] }[];
}

describe('kvet parse', () => {
  it('lists the demo series: cover letter and three patches in order, with files and line counts', async () => {
    const r = await runCli(['parse', DEMO, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ParseDoc;
    expect(doc.messages.map(m => [m.kind, m.version, m.index, m.total])).toEqual([
      ['cover', 2, 0, 3], ['patch', 2, 1, 3], ['patch', 2, 2, 3], ['patch', 2, 3, 3],
    ]);
    // git apply --numstat on the three patches: 44/8, 41/1, 25/2
    expect(doc.messages.slice(1).map(m => m.files.map(f => [f.path, f.added, f.removed]))).toEqual([
      [['drivers/misc/widget/core.c', 44, 0], ['drivers/misc/widget/widget.h', 8, 0]],
      [['drivers/misc/widget/core.c', 41, 0], ['drivers/misc/widget/widget.h', 1, 0]],
      [['drivers/misc/widget/core.c', 25, 0], ['drivers/misc/widget/widget.h', 2, 0]],
    ]);
    expect(doc.inputs).toEqual([{ path: DEMO, messages: 4, errors: [], series: [
      { version: 2, total: 3, subject: 'widget: regions and lifetime', cover: 'cover.1795374213.git.demo@example.org', patches: [1, 2, 3], missing: [] },
    ] }]);
  });

  it('reads stdin given as -', async () => {
    const r = await runCli(['parse', '-', '--format', 'json'], readFileSync(DEMO, 'utf8'));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ParseDoc).messages).toHaveLength(4);
  });

  it('reports a missing input in one line, exits 2, and still reads the other inputs', async () => {
    const missing = path.join(CORPUS, 'no-such-file.mbox');
    const r = await runCli(['parse', missing, DEMO, '--format', 'json']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(missing);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(r.stdout) as ParseDoc;
    expect(doc.messages).toHaveLength(4);
    expect(doc.inputs[0]?.errors).toHaveLength(1);
    expect(doc.inputs[1]?.messages).toBe(4);
  });

  it('rejects a directory and an unknown format as errors (exit 2), never a stack trace', async () => {
    const dir = await runCli(['parse', CORPUS]);
    expect(dir.code).toBe(2);
    expect(dir.stderr.trim().split('\n')).toHaveLength(1);
    const fmt = await runCli(['parse', DEMO, '--format', 'xml']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/format/);
  });

  it('orders a series, reports the missing patch and the repost, and lists the series per input', async () => {
    const input = path.join(CORPUS, 'series', '0002-versions-resend-gap-review.mbox');
    const r = await runCli(['parse', input, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ParseDoc & { inputs: { series: { version: number; total: number; patches: number[]; missing: number[] }[] }[] };
    const series = doc.inputs[0]?.series ?? [];
    expect(series.map(s => [s.version, s.total, s.patches, s.missing])).toEqual([[1, 2, [1, 2], []], [2, 3, [1, 3], [2]]]);
    expect(doc.inputs[0]?.errors.map(e => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/Patch 2 of 3 missing/), expect.stringMatching(/posted again/)]));
  });

  it('prints a readable listing by default', async () => {
    const r = await runCli(['parse', path.join(SERIES, 'dcd-v4.mbox')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/patch v4 24\/28: \[PATCH v4 24\/28\] dax\/region: Create resources on sparse DAX regions/);
    expect(r.stdout).toMatch(/drivers\/dax\/bus\.c {2}\d+ hunks {2}\+\d+ -\d+/);
  });
});
