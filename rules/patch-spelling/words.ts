/**
 * The misspelling list and the prose tokenizer of patch-spelling.
 *
 * The list is the `@cspell/dict-en-common-misspellings` package (misspelling → correction,
 * maintained upstream, built from the crate-ci `typos` data): loaded once, on first use, from
 * the files its own `cspell-ext.json` manifest names. Only the locale-neutral list is used, so
 * British and American spellings are both accepted, as the kernel does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Misspellings that are kernel or hardware vocabulary, abbreviations or common identifiers in
 * prose, and so must never be reported.
 */
const KERNEL_WORDS: ReadonlySet<string> = new Set([
  'mmaped', 'unmaped', 'synchronise', 'wont', 'exportfs', 'affinitized', 'affinitize',
]);

/** Three-letter-or-shorter misspellings worth reporting; the other short entries are too often abbreviations. */
const SHORT_TYPOS: ReadonlySet<string> = new Set(['teh', 'hte', 'adn', 'nto', 'wih', 'thn', 'tha', 'tht']);

let cache: MisspellingList | null = null;

/** Misspelling → corrections lookup; corrections are split only for words actually met. */
export interface MisspellingList {
  get(word: string): readonly string[] | undefined;
}

/** Name of the compact list the build writes next to the compiled `words.js` (see {@link writeCompactList}). */
export const COMPACT_LIST = 'misspellings.txt';

/** Whether an entry of the upstream list may ever be reported. */
function reportable(word: string): boolean {
  return !KERNEL_WORDS.has(word) && (word.length > 3 || SHORT_TYPOS.has(word)) && /^[a-z]+$/.test(word);
}

/**
 * The locale-neutral part of the upstream package: misspelling (lower case) → corrections as
 * written (`a, b`), read from the files its own `cspell-ext.json` manifest names.
 */
export function readUpstreamList(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@cspell/dict-en-common-misspellings/cspell-ext.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { import?: string[] };
  const raw = new Map<string, string>();
  for (const rel of manifest.import ?? []) {
    if (!/dict-en\.json$/.test(rel)) continue; // the locale-neutral list only
    const data = JSON.parse(readFileSync(path.join(path.dirname(manifestPath), rel), 'utf8')) as {
      dictionaryDefinitions?: { suggestWords?: string[] }[];
    };
    for (const def of data.dictionaryDefinitions ?? []) {
      for (const entry of def.suggestWords ?? []) {
        const arrow = entry.indexOf('->');
        if (arrow <= 0) continue;
        raw.set(entry.slice(0, arrow).trim().toLowerCase(), entry.slice(arrow + 2));
      }
    }
  }
  return raw;
}

/**
 * The build step (`npm run build`): the reportable entries of the upstream list as sorted
 * `word<TAB>corrections` lines, so a run reads one string and binary-searches it instead of
 * parsing the 2.6 MB JSON of 90k entries (about 90 ms and a GC at every start).
 */
export function compactList(raw: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const [word, right] of raw) {
    if (reportable(word) && !/[\t\n]/.test(right)) lines.push(`${word}\t${right}`);
  }
  return `${lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n')}\n`;
}

/** Writes {@link compactList} of the installed package next to this module; returns the path written. */
export function writeCompactList(): string {
  const out = fileURLToPath(new URL(COMPACT_LIST, import.meta.url));
  writeFileSync(out, compactList(readUpstreamList()));
  return out;
}

/** The corrections of `word` in a {@link compactList} text, by binary search over its lines. */
export function lookupCompact(data: string, word: string): string | undefined {
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = data.lastIndexOf('\n', mid - 1) + 1; // lo is a line start, so start >= lo
    const tab = data.indexOf('\t', start);
    const end = data.indexOf('\n', tab);
    const key = data.slice(start, tab);
    if (key === word) return data.slice(tab + 1, end);
    if (key < word) lo = end + 1;
    else hi = start;
  }
  return undefined;
}

/**
 * The word list, loaded once on first use: the compact list the build wrote when there is one
 * (compiled runs), else the upstream package itself (tests run from the sources).
 */
export function misspellings(): MisspellingList {
  if (cache !== null) return cache;
  let find: (word: string) => string | undefined;
  let compact: string | null = null;
  try {
    compact = readFileSync(new URL(COMPACT_LIST, import.meta.url), 'utf8');
  } catch {
    compact = null;
  }
  if (compact !== null) {
    const data = compact;
    find = word => lookupCompact(data, word);
  } else {
    const raw = readUpstreamList();
    find = word => (reportable(word) ? raw.get(word) : undefined);
  }
  const split = new Map<string, readonly string[] | undefined>();
  cache = {
    get(word) {
      if (split.has(word)) return split.get(word);
      const right = find(word);
      const fixes = right === undefined ? undefined : right.split(',').map(x => x.trim()).filter(x => x !== '');
      split.set(word, fixes);
      return fixes;
    },
  };
  return cache;
}

/** A word of prose with its offset in the text it came from. */
export interface ProseWord {
  readonly word: string;
  readonly index: number;
}

/**
 * The words of a line of prose that are plain English words: identifiers are not words.
 * Skipped: anything with `_` or a digit, camelCase and ALLCAPS, `…` in backticks, a word
 * followed by `(`, format specifiers (`%pa`), paths, URLs, e-mail addresses, `@param`,
 * `&struct`, member accesses (`a->b`, `a.b`), hex and escapes.
 */
export function proseWords(line: string): ProseWord[] {
  const out: ProseWord[] = [];
  // blank what is never prose, keeping offsets
  const masked = line
    .replace(/`[^`]*`/g, m => ' '.repeat(m.length))
    .replace(/\\[nrt0abfv]/g, '  ')
    .replace(/<[^<>\s]+@[^<>\s]+>/g, m => ' '.repeat(m.length));
  for (const m of masked.matchAll(/\S+/g)) {
    const token = m[0];
    if (/[_0-9@%/\\#$=<>{}[\]|~^*+]|->|::|\.\w|https?:|www\./.test(token)) continue;
    if (/^[&'"(]*[A-Za-z]+\(/.test(token)) continue; // foo( or foo()
    const core = /^[("'&]*([A-Za-z]+(?:'[A-Za-z]+)?)[)"',.;:!?]*$/.exec(token);
    if (core === null || core[1] === undefined) continue;
    if (token.startsWith('&')) continue;
    const word = core[1];
    if (/[A-Z]/.test(word.slice(1))) continue; // camelCase, ALLCAPS, DCDs
    const next = masked.slice((m.index ?? 0) + token.length).trimStart();
    if (next.startsWith('(')) continue;
    out.push({ word, index: (m.index ?? 0) + token.indexOf(word) });
  }
  return out;
}
