/**
 * Acceptance: every patch mail of the DCD (v3–v11) and ndctl (v1–v7) series parses to the
 * files, hunk counts and added/removed lines that `git apply --numstat` reports
 * (precomputed in shared/acceptance/series-numstat.json, and re-run live on a sample).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiffs } from '../../../src/patch/diff.js';
import { ACCEPTANCE, SERIES } from '../../helpers/paths.js';
import { localMessage, splitMbox } from './helpers/local-mail.js';

interface NumstatFile { path: string; added: number; removed: number; hunks: number }
interface NumstatRow { messageId: string; subject: string; index: number; total: number; files: NumstatFile[] }

const expected = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'series-numstat.json'), 'utf8')) as Record<string, NumstatRow[]>;

function bodiesOf(name: string): Map<string, string> {
  const text = readFileSync(path.join(SERIES, name), 'utf8');
  const out = new Map<string, string>();
  splitMbox(text).forEach((raw, i) => {
    const m = localMessage(raw, name, i);
    if (m.messageId) out.set(m.messageId, m.body.text);
  });
  return out;
}

function summary(body: string): NumstatFile[] {
  return parseDiffs(body).files.map(f => ({ path: f.path, added: f.added, removed: f.removed, hunks: f.hunks.length }));
}

describe('series patches agree with git apply --numstat', () => {
  for (const [name, rows] of Object.entries(expected)) {
    it(name, () => {
      const bodies = bodiesOf(name);
      let compared = 0;
      for (const row of rows) {
        const body = bodies.get(row.messageId);
        expect(body, `${name}: ${row.subject}`).toBeDefined();
        const got = summary(body ?? '');
        expect(got, `${name}: ${row.subject}`).toEqual(row.files);
        const parsed = parseDiffs(body ?? '');
        expect(parsed.problems, row.subject).toEqual([]);
        expect(parsed.files.every(f => f.hunks.every(h => h.valid && !h.repaired))).toBe(true);
        compared += 1;
      }
      expect(compared).toBe(rows.length);
    });
  }
});

describe('live git apply --numstat', () => {
  const sample: [string, number][] = [['dcd-v4.mbox', 24], ['dcd-v11.mbox', 7], ['ndctl-dcd-v6.mbox', 4], ['dcd-v10.mbox', 22]];
  for (const [name, index] of sample) {
    it(`${name} patch ${index}`, () => {
      const row = expected[name]?.find(r => r.index === index);
      expect(row).toBeDefined();
      const body = bodiesOf(name).get(row?.messageId ?? '') ?? '';
      const out = execFileSync('git', ['apply', '--numstat', '-'], { input: body, encoding: 'utf8' });
      const git = out.trim().split('\n').map(l => {
        const [a, r, p] = l.split('\t');
        return { path: p, added: Number(a), removed: Number(r) };
      });
      const ours = parseDiffs(body).files.map(f => ({ path: f.path, added: f.added, removed: f.removed }));
      expect(ours).toEqual(git);
      expect(git.length).toBeGreaterThan(0);
    });
  }
});
