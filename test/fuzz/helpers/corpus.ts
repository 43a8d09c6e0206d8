/**
 * Real mails to mutate: every mail of the shared series mboxes, the seeds (web-archive
 * pages), the external test mails (git, b4, patchwork) and the project's own corpus. Read
 * once per worker, split with the real splitter, kept as raw bytes. Missing directories are
 * skipped, so the suite also runs where the shared data is absent (with fewer seeds).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MboxSplitter } from '../../../src/mail/mbox.js';
import { CORPUS, EXTERNAL_MAIL, SEEDS, SERIES } from '../../helpers/paths.js';

/** One real mail (or page) and where it came from. */
export interface RealMail {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Mails above this size are left out of the mutation pool (they make runs slow, not better). */
const MAX_MAIL_BYTES = 48 * 1024;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && !/\.(json|md)$/.test(e.name) && !/expected/.test(e.name)) out.push(p);
  }
  return out;
}

/** The mails of an mbox file, each as its own bytes (with its `From ` line). */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  const splitter = new MboxSplitter();
  const out = splitter.push(bytes);
  const rest = splitter.end();
  const mails = [...out, ...rest].flatMap(r => (r.kind === 'mail' ? [r.bytes] : []));
  return mails.length > 0 ? mails : [bytes];
}

let cache: { mails: RealMail[]; series: RealMail[] } | null = null;

function load(): { mails: RealMail[]; series: RealMail[] } {
  if (cache !== null) return cache;
  const mails: RealMail[] = [];
  const series: RealMail[] = [];
  const seriesFiles = existsSync(SERIES) ? readdirSync(SERIES).filter(f => f.endsWith('.mbox')).sort() : [];
  for (const f of seriesFiles) {
    const bytes = readFileSync(path.join(SERIES, f));
    series.push({ name: f, bytes });
    splitMbox(bytes).forEach((m, k) => { mails.push({ name: `${f}#${k}`, bytes: m }); });
  }
  for (const dir of [SEEDS, EXTERNAL_MAIL, path.join(CORPUS, 'mail'), path.join(CORPUS, 'series'), path.join(CORPUS, 'fuzz')]) {
    for (const p of filesUnder(dir)) {
      if (statSync(p).size > 4 * 1024 * 1024) continue;
      const bytes = readFileSync(p);
      const parts = /\.mbox$/.test(p) ? splitMbox(bytes) : [bytes];
      parts.forEach((m, k) => { mails.push({ name: `${path.relative(path.dirname(dir), p)}${parts.length > 1 ? `#${k}` : ''}`, bytes: m }); });
      if (/\.mbox$/.test(p) && parts.length > 1) series.push({ name: path.relative(path.dirname(dir), p), bytes });
    }
  }
  cache = { mails: mails.filter(m => m.bytes.length <= MAX_MAIL_BYTES), series };
  return cache;
}

/** Every real mail small enough to mutate, in a fixed order. */
export function realMails(): readonly RealMail[] {
  return load().mails;
}

/** Whole real mbox files (series), in a fixed order. */
export function realSeries(): readonly RealMail[] {
  return load().series;
}

/** The lines of real C code added by the real patches (the `+` lines without their `+`). */
export function realCFragments(): readonly string[] {
  const out: string[] = [];
  for (const m of realMails()) {
    const text = Buffer.from(m.bytes).toString('utf8');
    let cur: string[] = [];
    let inC = false;
    for (const line of text.split('\n')) {
      if (line.startsWith('diff --git ')) {
        if (cur.length > 0) out.push(cur.join('\n'));
        cur = [];
        inC = /\.[ch]$/.test(line);
      } else if (inC && (line.startsWith('+') || line.startsWith(' ')) && !line.startsWith('+++')) cur.push(line.slice(1));
    }
    if (cur.length > 0) out.push(cur.join('\n'));
  }
  return out.filter(t => t.length > 0);
}
