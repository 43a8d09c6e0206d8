/**
 * The misspelling list and the prose tokenizer of patch-spelling.
 *
 * The list is the `@cspell/dict-en-common-misspellings` package (misspelling → correction,
 * maintained upstream, built from the crate-ci `typos` data): loaded once, on first use, from
 * the files its own `cspell-ext.json` manifest names. Only the locale-neutral list is used, so
 * British and American spellings are both accepted, as the kernel does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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

/** misspelling (lower case) → suggested corrections, loaded once. */
/** Misspelling → corrections lookup; corrections are split only for words actually met. */
export interface MisspellingList {
  get(word: string): readonly string[] | undefined;
}

/** The word list, loaded once on first use (about 90k entries: kept as raw strings). */
export function misspellings(): MisspellingList {
  if (cache !== null) return cache;
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
  const split = new Map<string, readonly string[] | undefined>();
  cache = {
    get(word) {
      if (split.has(word)) return split.get(word);
      const right = raw.get(word);
      const ok = right !== undefined && !KERNEL_WORDS.has(word) && (word.length > 3 || SHORT_TYPOS.has(word)) && /^[a-z]+$/.test(word);
      const fixes = ok ? right.split(',').map(x => x.trim()).filter(x => x !== '') : undefined;
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
