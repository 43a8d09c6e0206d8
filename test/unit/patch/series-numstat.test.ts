/**
 * Acceptance: every patch mail of the DCD (v3–v11) and ndctl (v1–v7) series parses to the
 * files, hunk counts and added/removed lines that `git apply --numstat` reports
 * (precomputed in shared/acceptance/series-numstat.json, and re-run live on a sample).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/mail/types.js';
import { parseDiffs } from '../../../src/patch/diff.js';
import { toPatch } from '../../../src/patch/patch.js';
import { ACCEPTANCE, SERIES } from '../../helpers/paths.js';
import { readAll } from './helpers/read-all.js';

interface NumstatFile { path: string; added: number; removed: number; hunks: number }
interface NumstatRow { messageId: string; subject: string; index: number; total: number; files: NumstatFile[] }

const expected = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'series-numstat.json'), 'utf8')) as Record<string, NumstatRow[]>;

async function messagesOf(name: string): Promise<Map<string, Message>> {
  const out = new Map<string, Message>();
  for (const m of await readAll(path.join(SERIES, name))) if (m.messageId) out.set(m.messageId, m);
  return out;
}

async function bodiesOf(name: string): Promise<Map<string, string>> {
  return new Map([...(await messagesOf(name))].map(([id, m]) => [id, m.body.text]));
}

describe('series patches agree with git apply --numstat', () => {
  for (const [name, rows] of Object.entries(expected)) {
    it(name, async () => {
      const messages = await messagesOf(name);
      const input = readFileSync(path.join(SERIES, name), 'utf8').split('\n');
      for (const row of rows) {
        const message = messages.get(row.messageId);
        expect(message, `${name}: ${row.subject}`).toBeDefined();
        const patch = toPatch(message as Message);
        const got = patch.files.map(f => ({ path: f.path, added: f.added, removed: f.removed, hunks: f.hunks.length }));
        expect(got, `${name}: ${row.subject}`).toEqual(row.files);
        expect(patch.problems, row.subject).toEqual([]);
        expect(patch.kind).toBe(row.files.length > 0 ? 'patch' : row.index === 0 ? 'cover' : 'other');
        // Every hunk line maps back to the input line that shows it.
        for (const f of patch.files) {
          expect(f.hunks.every(h => h.valid && !h.repaired)).toBe(true);
          for (const l of f.hunks.flatMap(h => h.lines)) {
            const shown = l.mailLine === null ? undefined : input[l.mailLine - 1];
            const ok = shown === l.kind + l.text || (l.kind === ' ' && l.text === '' && shown === '');
            if (!ok) expect.fail(`${name}: ${f.path} patch line ${l.patchLine} → mail line ${l.mailLine}: ${shown}`);
          }
        }
      }
    });
  }
});

describe('live git apply --numstat', () => {
  const sample: [string, number][] = [['dcd-v4.mbox', 24], ['dcd-v11.mbox', 7], ['ndctl-dcd-v6.mbox', 4], ['dcd-v10.mbox', 22]];
  for (const [name, index] of sample) {
    it(`${name} patch ${index}`, async () => {
      const row = expected[name]?.find(r => r.index === index);
      expect(row).toBeDefined();
      const body = (await bodiesOf(name)).get(row?.messageId ?? '') ?? '';
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
