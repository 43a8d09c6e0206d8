/**
 * Unified diffs inside arbitrary text (a mail body, an attachment, a web page): git diffs
 * with extended headers, `--no-prefix` diffs, plain `---`/`+++` diffs, CVS `Index:` diffs.
 * Hunk bodies are read by their header counts, as `git apply` reads them, so the added and
 * removed counts equal `git apply --numstat` on well-formed input. Damage is reported, never
 * thrown: a hunk whose body disagrees with its header is kept with `valid: false`.
 */
import type { IngestProblem } from '../mail/types.js';
import {
  DEV_NULL,
  parseExtendedName,
  parseGitHeaderNames,
  parseMarkerName,
  stripComponents,
} from './diff-paths.js';
import { isStructureLine, MAX_HUNK_START, parseHunkHeader, readHunk } from './hunk.js';
import type { FileDiff, FileStatus, Hunk } from './types.js';

/** Options of {@link parseDiffs}. */
export interface ParseDiffsOptions {
  /** Input line (1-based) of the 0-based line `i` of `text`; null when unknown. */
  readonly lineOf?: (i: number) => number | null;
  /**
   * Treat the text as a whitespace-damaged web copy: inside a hunk every line that does not
   * start with `+`, `-` or `\` is a context line. Without it, repair is still tried for a
   * hunk that fails to validate at a line without a diff prefix.
   */
  readonly repairWhitespace?: boolean;
  /** How problems name a location; default `patch line N`. */
  readonly where?: (patchLine: number) => string;
}

/** What {@link parseDiffs} found: files in text order, and the problems met on the way. */
export interface ParsedDiffs {
  readonly files: FileDiff[];
  readonly problems: IngestProblem[];
}

interface Scan {
  readonly lines: readonly string[];
  readonly lineOf: (i: number) => number | null;
  readonly repair: boolean;
  readonly where: (patchLine: number) => string;
  readonly problems: IngestProblem[];
  repairedHunks: number;
  /** Patch line of the first repaired hunk's header. */
  firstRepaired: number;
}

/** Extended header fields of one file diff. */
interface Header {
  oldName: string | null;
  newName: string | null;
  oldMode: string | null;
  newMode: string | null;
  status: FileStatus | null;
  similarity: number | null;
  binary: boolean;
}

/**
 * Finds every file diff in `text`. Patch lines are 1-based lines of `text`; mail lines come
 * from `opts.lineOf(patchLine - 1)`. Never throws on malformed input.
 */
export function parseDiffs(text: string, opts: ParseDiffsOptions = {}): ParsedDiffs {
  const scan: Scan = {
    lines: text.split('\n'),
    lineOf: opts.lineOf ?? (() => null),
    repair: opts.repairWhitespace ?? false,
    where: opts.where ?? (n => `patch line ${n}`),
    problems: [],
    repairedHunks: 0,
    firstRepaired: 0,
  };
  const files: FileDiff[] = [];
  const { lines } = scan;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    let read: { file: FileDiff; next: number } | null = null;
    if (line.startsWith('diff --git ')) {
      read = readGitFile(scan, i);
    } else if (line.startsWith('Index: ') || line.startsWith('diff -') || line.startsWith('--- ')) {
      read = readTraditionalFile(scan, i);
    } else if (line.startsWith('@@ -') && parseHunkHeader(line)) {
      scan.problems.push({ message: 'Hunk header without a file header; hunk skipped.', where: scan.where(i + 1) });
    } else if (OUT_OF_RANGE_HUNK.test(line)) {
      scan.problems.push({ message: `Hunk header numbers out of range (start above line ${MAX_HUNK_START}, or not a safe integer); hunk skipped.`, where: scan.where(i + 1) });
    }
    if (read) {
      files.push(read.file);
      i = Math.max(read.next, i + 1);
    } else {
      i += 1;
    }
  }
  if (scan.repairedHunks > 0) {
    scan.problems.push({
      message: `Whitespace-damaged diff: context prefixes restored in ${scan.repairedHunks} hunk(s).`,
      where: scan.where(scan.firstRepaired),
    });
  }
  return { files, problems: scan.problems };
}

/** A hunk header by its shape whose numbers {@link parseHunkHeader} rejects. */
const OUT_OF_RANGE_HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

const EXTENDED: readonly [RegExp, (h: Header, m: RegExpExecArray) => void][] = [
  [/^old mode ([0-7]+)/, (h, m) => { h.oldMode = m[1] ?? null; }],
  [/^new mode ([0-7]+)/, (h, m) => { h.newMode = m[1] ?? null; }],
  [/^deleted file mode ([0-7]+)/, (h, m) => { h.oldMode = m[1] ?? null; h.status = 'deleted'; }],
  [/^new file mode ([0-7]+)/, (h, m) => { h.newMode = m[1] ?? null; h.status = 'added'; }],
  [/^rename from (.+)/, (h, m) => { h.oldName = parseExtendedName(m[1] ?? ''); h.status = 'renamed'; }],
  [/^rename to (.+)/, (h, m) => { h.newName = parseExtendedName(m[1] ?? ''); h.status = 'renamed'; }],
  [/^copy from (.+)/, (h, m) => { h.oldName = parseExtendedName(m[1] ?? ''); h.status = 'copied'; }],
  [/^copy to (.+)/, (h, m) => { h.newName = parseExtendedName(m[1] ?? ''); h.status = 'copied'; }],
  [/^similarity index (\d+)%/, (h, m) => { h.similarity = Number(m[1]); }],
  [/^dissimilarity index (\d+)%/, (h, m) => { h.similarity = 100 - Number(m[1]); }],
  [/^index [0-9a-fA-F]+\.\.[0-9a-fA-F]+(?: ([0-7]+))?/, (h, m) => {
    if (m[1] !== undefined) {
      h.oldMode ??= m[1];
      h.newMode ??= m[1];
    }
  }],
];

function readGitFile(scan: Scan, start: number): { file: FileDiff; next: number } {
  const { lines } = scan;
  const names = parseGitHeaderNames((lines[start] as string).slice('diff --git '.length));
  const h: Header = {
    oldName: null, newName: null, oldMode: null, newMode: null, status: null, similarity: null, binary: false,
  };
  let j = start + 1;
  let markers: { oldName: string; newName: string } | null = null;
  for (;;) {
    const line = (lines[j] ?? '').replace(/\r$/, '');
    if (j >= lines.length) break;
    const ext = EXTENDED.find(([re]) => re.test(line));
    if (ext) {
      ext[1](h, ext[0].exec(line) as RegExpExecArray);
      j += 1;
      continue;
    }
    if (/^Binary files .* differ$/.test(line)) {
      h.binary = true;
      j += 1;
      break;
    }
    if (line === 'GIT binary patch') {
      h.binary = true;
      j = skipBinaryPatch(lines, j + 1);
      break;
    }
    if (line.startsWith('--- ') && lines[j + 1]?.startsWith('+++ ')) {
      const p = names.prefixed ? 1 : 0;
      markers = {
        oldName: parseMarkerName(line.slice(4), p),
        newName: parseMarkerName((lines[j + 1] as string).slice(4), p),
      };
      j += 2;
    }
    break;
  }
  const oldName = h.oldName ?? (markers && markers.oldName !== DEV_NULL ? markers.oldName : null) ?? names.oldName;
  const newName = h.newName ?? (markers && markers.newName !== DEV_NULL ? markers.newName : null) ?? names.newName;
  let status: FileStatus = h.status ?? 'modified';
  if (!h.status && markers?.oldName === DEV_NULL) status = 'added';
  if (!h.status && markers?.newName === DEV_NULL) status = 'deleted';
  if (!markers && parseHunkHeader(lines[j] ?? '')) {
    scan.problems.push({ message: 'Hunks follow a git diff header without ---/+++ lines.', where: scan.where(start + 1) });
  }
  const { hunks, next } = readHunks(scan, j);
  const fallback = fallbackName((lines[start] as string).slice('diff --git '.length));
  const path = (status === 'deleted' ? oldName ?? newName : newName ?? oldName) ?? fallback;
  if (!oldName && !newName) {
    scan.problems.push({ message: 'git diff header lacks filename information.', where: scan.where(start + 1) });
  }
  return {
    file: makeFile({
      path,
      oldPath: status === 'added' ? null : oldName ?? path,
      newPath: status === 'deleted' ? null : newName ?? path,
      status,
      oldMode: h.oldMode,
      newMode: h.newMode,
      similarity: h.similarity,
      binary: h.binary,
      headerLine: start + 1,
      hunks,
    }),
    next,
  };
}

/** Best-effort name of a `diff --git` line whose halves differ: the second half, prefix dropped. */
function fallbackName(rest: string): string {
  const b = / b\/(.+)$/.exec(rest.replace(/\r$/, ''));
  if (b) return b[1] as string;
  const parts = rest.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  return stripComponents(last, 1) ?? last;
}

/** Skips `literal N`/`delta N` blocks of base85 lines, each ended by an empty line. */
function skipBinaryPatch(lines: readonly string[], from: number): number {
  let j = from;
  while (/^(literal|delta) \d+/.test(lines[j] ?? '')) {
    j += 1;
    while (j < lines.length && /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]*\r?$/.test(lines[j] as string)) j += 1;
    if (lines[j] === '' || lines[j] === '\r') j += 1;
  }
  return j;
}

/**
 * A non-git diff starting at `start`: optional `Index: x` + `====` (CVS), `RCS file:`,
 * `retrieving revision`, `diff -u …` lines, then `--- old`, `+++ new` and (as git
 * requires) a `@@ -` hunk header right after. Null when that shape is not there.
 */
function readTraditionalFile(scan: Scan, start: number): { file: FileDiff; next: number } | null {
  const { lines } = scan;
  let j = start;
  if ((lines[j] as string).startsWith('Index: ')) {
    if (!/^={10,}\r?$/.test(lines[j + 1] ?? '')) return null;
    j += 2;
    while (/^(RCS file: |retrieving revision |diff )/.test(lines[j] ?? '')) j += 1;
  } else if ((lines[j] as string).startsWith('diff -')) {
    j += 1;
  }
  const minus = lines[j];
  const plus = lines[j + 1];
  if (!minus?.startsWith('--- ') || !plus?.startsWith('+++ ') || !lines[j + 2]?.startsWith('@@ -')) return null;
  const oldName = parseMarkerName(minus.slice(4), 1);
  const newName = parseMarkerName(plus.slice(4), 1);
  let status: FileStatus = 'modified';
  if (oldName === DEV_NULL) status = 'added';
  else if (newName === DEV_NULL) status = 'deleted';
  const path = pickTraditionalName(status, oldName, newName);
  const { hunks, next } = readHunks(scan, j + 2);
  return {
    file: makeFile({
      path,
      oldPath: status === 'added' ? null : oldName,
      newPath: status === 'deleted' ? null : newName,
      status,
      oldMode: null,
      newMode: null,
      similarity: null,
      binary: false,
      headerLine: start + 1,
      hunks,
    }),
    next,
  };
}

/** git's choice for traditional diffs: the existing side, else the shorter name (`x.orig` vs `x`). */
function pickTraditionalName(status: FileStatus, oldName: string, newName: string): string {
  if (status === 'added') return newName;
  if (status === 'deleted') return oldName;
  return oldName.length < newName.length ? oldName : newName;
}

/** Reads consecutive hunks starting at `lines[from]`; stops at the first line that is not a hunk header. */
function readHunks(scan: Scan, from: number): { hunks: Hunk[]; next: number } {
  const { lines } = scan;
  const hunks: Hunk[] = [];
  let j = from;
  for (;;) {
    const header = parseHunkHeader(lines[j] ?? '');
    if (!header) break;
    let read = readHunk(lines, j, header, false, scan.lineOf);
    // `@@ -1,7 +1,7 @@ static int f(struct` + `foo *p)`: a mailer wrapped the header line.
    if (read.end.kind === 'stray' && read.end.at === j + 1 && header.section !== '' && looksDamaged(lines[j + 1] ?? '')) {
      const unwrapped = readHunk(lines, j, { ...header, section: `${header.section} ${(lines[j + 1] as string).trim()}` }, false, scan.lineOf, j + 2);
      if (unwrapped.end.kind === 'complete') {
        read = unwrapped;
        scan.problems.push({ message: 'Hunk header wrapped by the mailer; its two lines were joined.', where: scan.where(j + 1) });
      }
    }
    if (read.end.kind === 'stray' && (scan.repair || looksDamaged(lines[read.end.at] ?? ''))) {
      const repaired = readHunk(lines, j, header, true, scan.lineOf);
      const plausible = scan.repair ||
        (!/^([+ ]|-(?!-))/.test(lines[repaired.next] ?? '') && isCollapsed(lines, j + 1, repaired.next));
      if (repaired.end.kind === 'complete' && plausible && !includesSignature(lines, j, repaired.next)) {
        read = repaired;
        if (repaired.hunk.repaired && scan.repairedHunks++ === 0) scan.firstRepaired = j + 1;
      }
    }
    if (read.end.kind === 'complete' && isOverflow(lines[read.next], lines[read.next + 1])) {
      read = { ...read, hunk: { ...read.hunk, valid: false } };
      scan.problems.push({
        message:
          `Hunk @@ -${header.oldStart},${header.oldCount} +${header.newStart},${header.newCount} @@ ` +
          'is followed by diff lines its header does not count; they are ignored.',
        where: scan.where(read.next + 1),
      });
    }
    if (read.end.kind !== 'complete') {
      const seen = countKinds(read.hunk);
      scan.problems.push({
        message:
          `Hunk @@ -${header.oldStart},${header.oldCount} +${header.newStart},${header.newCount} @@ ` +
          `${read.end.kind === 'eof' ? 'ends with the input' : 'is cut short'}: body has ` +
          `${seen.old} old and ${seen.new} new lines.`,
        where: scan.where(j + 1),
      });
    }
    hunks.push(read.hunk);
    j = read.next;
  }
  return { hunks, next: j };
}

/**
 * A line without a diff prefix where a hunk line was due: the mark of collapsed whitespace.
 * (An automatic repair is kept only when the body looks collapsed throughout and the hunk then
 * ends where no diff line follows: wrapped long lines would otherwise pass for context lines.)
 */
function looksDamaged(line: string): boolean {
  const c = line[0];
  return c !== undefined && c !== ' ' && c !== '+' && c !== '-' && c !== '\\' && line !== '\r' && !isStructureLine(line);
}

/**
 * A `+`/`-`/` ` line right after a complete hunk (not a signature or a file header): the header
 * undercounts. A removed line `- ` (written `-- `) cannot be told from a signature and is missed.
 */
function isOverflow(line: string | undefined, next: string | undefined): boolean {
  if (line === undefined || !/^[-+ ]/.test(line)) return false;
  if (/^-- ?\r?$/.test(line) || (line.startsWith('--- ') && next?.startsWith('+++ '))) return false;
  return line.trim() !== '';
}

/**
 * The hunk body in lines [from, to) bears the marks of collapsed whitespace: no line starts
 * with a space, and none holds a TAB or two spaces in a row. A mailer that wrapped long lines
 * leaves proper ` ` context lines around the wrapped tails, and is not "repaired".
 */
function isCollapsed(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const line = lines[k] as string;
    if (line.startsWith(' ') || line.includes('\t') || line.includes('  ')) return false;
  }
  return true;
}

/** A mail signature (`-- `) inside lines [from, to): a repair that swallowed it is wrong. */
function includesSignature(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (/^-- ?\r?$/.test(lines[k] as string) && !/^[+-]/.test(lines[k + 1] ?? '')) return true;
  return false;
}

function countKinds(hunk: Hunk): { old: number; new: number } {
  let o = 0;
  let n = 0;
  for (const l of hunk.lines) {
    if (l.kind !== '+') o += 1;
    if (l.kind !== '-') n += 1;
  }
  return { old: o, new: n };
}

function makeFile(f: Omit<FileDiff, 'added' | 'removed'>): FileDiff {
  let added = 0;
  let removed = 0;
  for (const h of f.hunks) {
    for (const l of h.lines) {
      if (l.kind === '+') added += 1;
      else if (l.kind === '-') removed += 1;
    }
  }
  return { ...f, added, removed };
}
