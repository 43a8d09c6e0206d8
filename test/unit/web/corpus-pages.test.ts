/**
 * Golden check of the web pages in corpus/mail: each `web-*.txt` has a same-stem
 * `.expected.json` saying what every message on the page yields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebPage } from '../../../src/mail/web-archive.js';
import { parseDiffs } from '../../../src/patch/diff.js';
import { extractQuoted } from '../../../src/patch/quoted.js';
import type { FileDiff } from '../../../src/patch/types.js';
import { CORPUS } from '../../helpers/paths.js';

const DIR = path.join(CORPUS, 'mail');
const PAGES = readdirSync(DIR).filter(f => /^web-.*\.txt$/.test(f)).sort();

/** [path, hunks, added, removed] of each file. */
function rows(files: readonly FileDiff[]): [string, number, number, number][] {
  return files.map(f => [f.path, f.hunks.length, f.added, f.removed]);
}

/** What one page yields, in the shape of its `.expected.json`. */
function describePage(text: string, name: string): unknown {
  return parseWebPage(text, name).map(m => {
    const q = extractQuoted(m.body);
    return {
      format: m.format,
      subject: m.subject.raw,
      from: m.from,
      date: m.date,
      messageId: m.messageId,
      files: rows(parseDiffs(m.body.text).files),
      quoted: rows(q.files),
      orphans: q.orphans.length,
      comments: q.comments.length,
    };
  });
}

describe('web pages of corpus/mail match their .expected.json', () => {
  it('has pages', () => expect(PAGES.length).toBeGreaterThan(0));
  for (const page of PAGES) {
    it(page, () => {
      const text = readFileSync(path.join(DIR, page), 'utf8');
      const expected = JSON.parse(readFileSync(path.join(DIR, page.replace(/\.txt$/, '.expected.json')), 'utf8')) as { messages: unknown };
      expect(describePage(text, page)).toEqual(expected.messages);
    });
  }
});
