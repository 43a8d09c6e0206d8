/**
 * File names in diff headers: `diff --git a/x b/x` (also quoted and `--no-prefix`),
 * `--- a/x\t<date>` / `+++ b/x`, git's extended `rename from x` lines.
 */

/** The name git writes for a side that does not exist. */
export const DEV_NULL = '/dev/null';

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\',
};

/**
 * Reads a C-style quoted name (`"a/f\303\266o bar"`) starting at `text[start] === '"'`.
 * Returns the decoded name and the index after the closing quote, or null when unterminated.
 */
export function unquoteCName(text: string, start: number): { name: string; end: number } | null {
  const bytes: number[] = [];
  const push = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') return { name: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch !== '\\') {
      push(ch);
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return null;
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 4;
    } else {
      push(C_ESCAPES[next] ?? next);
      i += 2;
    }
  }
  return null;
}

/** Drops `n` leading path components (`a/x/y` with 1 → `x/y`); null when there are too few. */
export function stripComponents(name: string, n: number): string | null {
  let rest = name;
  for (let k = 0; k < n; k++) {
    const slash = rest.indexOf('/');
    if (slash < 0) return null;
    rest = rest.slice(slash + 1).replace(/^\/+/, '');
  }
  return rest === '' ? null : rest;
}

/** Longest `diff --git` name part whose split is searched for (PATH_MAX is 4096). */
const MAX_NAME_LINE = 2 * 4096 + 8;

/** Names of a `diff --git` line. `prefixed` is false for `--no-prefix` diffs (`diff --git f f`). */
export interface GitHeaderNames {
  readonly oldName: string | null;
  readonly newName: string | null;
  readonly prefixed: boolean;
}

/**
 * Splits the rest of a `diff --git ` line into the two names. Unquoted names may hold
 * spaces; like git, the split is the one where both halves name the same file (after
 * dropping one prefix component, or verbatim for `--no-prefix`). Renames with different
 * names yield null names: their names come from `rename from`/`to` or `---`/`+++` lines.
 */
export function parseGitHeaderNames(rest: string): GitHeaderNames {
  const line = rest.replace(/\r$/, '');
  if (line.startsWith('"')) {
    const first = unquoteCName(line, 0);
    if (!first) return { oldName: null, newName: null, prefixed: true };
    const tail = line.slice(first.end).replace(/^ +/, '');
    const second = tail.startsWith('"') ? unquoteCName(tail, 0)?.name ?? null : tail || null;
    return namesOf(first.name, second);
  }
  const quoted = line.indexOf(' "');
  if (quoted > 0) {
    const second = unquoteCName(line, quoted + 1);
    return namesOf(line.slice(0, quoted), second?.name ?? null);
  }
  let verbatim: GitHeaderNames | null = null;
  // Give up on absurd lines rather than go quadratic (the split search tries every space).
  if (line.length > MAX_NAME_LINE) return { oldName: null, newName: null, prefixed: true };
  for (let k = line.indexOf(' '); k > 0; k = line.indexOf(' ', k + 1)) {
    const a = line.slice(0, k);
    const b = line.slice(k + 1);
    const sa = stripComponents(a, 1);
    if (sa !== null && sa === stripComponents(b, 1)) return { oldName: sa, newName: sa, prefixed: true };
    if (a === b && verbatim === null) verbatim = { oldName: a, newName: b, prefixed: false };
  }
  if (verbatim) return verbatim;
  // A rename: names differ, the split is unknown. Assume git's default a/ b/ prefixes.
  return { oldName: null, newName: null, prefixed: true };
}

function namesOf(a: string, b: string | null): GitHeaderNames {
  if (b === null) return { oldName: null, newName: null, prefixed: true };
  const sa = stripComponents(a, 1);
  const sb = stripComponents(b, 1);
  if (a === b) return { oldName: a, newName: b, prefixed: false };
  return { oldName: sa, newName: sb, prefixed: true };
}

/**
 * The name on a `---`/`+++` line (after the marker and space): quoted names decoded, a
 * trailing TAB and timestamp dropped, `prefix` leading components removed (kept whole
 * when it has fewer). `/dev/null` is returned as is.
 */
export function parseMarkerName(rest: string, prefix: number): string {
  let name: string;
  const line = rest.replace(/\r$/, '');
  if (line.startsWith('"')) {
    name = unquoteCName(line, 0)?.name ?? line;
  } else {
    const tab = line.indexOf('\t');
    name = (tab >= 0 ? line.slice(0, tab) : line).replace(/ +$/, '');
    // `--- a/x 2011-12-05 20:15:49.000000000 +0100` (GNU diff without TAB)
    const dated = /^(\S+) +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(name);
    if (dated) name = dated[1] as string;
  }
  if (name === DEV_NULL) return name;
  return stripComponents(name, prefix) ?? name;
}

/** The name on a `rename from x` / `copy to x` line: verbatim, quoted names decoded. */
export function parseExtendedName(rest: string): string {
  const line = rest.replace(/\r$/, '');
  return line.startsWith('"') ? unquoteCName(line, 0)?.name ?? line : line;
}
