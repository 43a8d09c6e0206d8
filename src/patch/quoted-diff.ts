/**
 * Rebuilds the diff a reply quotes, as a plain diff text that {@link parseDiffs} can read,
 * and maps what parseDiffs found back to the reply's lines.
 *
 * What a reviewer does to a quoted patch, and how the rebuilt text answers it:
 * - comments between quoted lines: only lines of the diff's quote depth go into the text;
 * - hunks cut short: left as they are; parseDiffs reads them by their header counts and marks
 *   them `partial` when a header or the end of the text comes first;
 * - `...` / `[snip]` inside a hunk, and quoted `+` lines under a file header without any `@@`:
 *   a hunk header is made up for the lines that follow (`@@ -0,N +0,M @@`, counts from the
 *   lines), and the hunk comes back with `headerLine: null`, start lines 0, `valid: false`,
 *   `partial: true`; the hunk before an elision is marked `partial`;
 * - a hunk quoted without its file header: a file header is made up for it, and it comes
 *   back among the `orphans`, not the files;
 * - web copies whose whitespace was collapsed (context lines without their ` ` prefix): inside
 *   a hunk every line that does not start with `+`, `-`, `\` or ` ` gets the ` ` back, and the
 *   hunk is marked `repaired`;
 * - mail clients that wrapped long lines: in a hunk whose context lines kept their ` `, a line
 *   without a prefix is the wrapped tail of the line before and is joined back to it (`repaired`);
 *   a wrapped hunk header (`@@ … @@ static int f(struct device` / `*dev)`) is joined too.
 */
import { parseDiffs } from './diff.js';
import { parseHunkHeader } from './hunk.js';
import { isElision, type QuotedLine } from './quoted-lines.js';
import type { FileDiff, Hunk, HunkLine } from './types.js';

/** A quoted diff found in a reply, with every line mapped to the reply's lines. */
export interface QuotedDiffs {
  readonly files: FileDiff[];
  /**
   * Hunks quoted without any file header (a reviewer kept only `@@ … @@` and lines), one
   * FileDiff each with `path: ''`, `oldPath`/`newPath` null and `headerLine` at the hunk header.
   * A later stage may match them to the patch the reply answers.
   */
  readonly orphans: FileDiff[];
  /** Hunk line of a 0-based body line index, for lines that are quoted hunk lines. */
  readonly hunkLineAt: ReadonlyMap<number, { readonly file: string | null; readonly line: HunkLine }>;
  /** File of a 0-based body line index, for quoted file and hunk header lines. */
  readonly fileAt: ReadonlyMap<number, string>;
}

/** Content of a quoted line that marks a diff. */
export function isDiffMarker(content: string): boolean {
  return /^diff --git \S/.test(content) || /^\+\+\+ \S/.test(content) || /^Index: \S/.test(content) ||
    parseHunkHeader(content) !== null;
}

const SIGNATURE = /^-- ?$/;
/** Name of the made-up file header in front of a hunk quoted without one. */
const ORPHAN = 'kvet-quoted-hunk-without-file';

interface Rebuilt {
  readonly text: string[];
  /** Body line index of each text line; -1 for a made-up hunk header. */
  readonly origin: number[];
  /** Text lines whose context prefix was restored, or that had a wrapped tail joined back. */
  readonly restored: Set<number>;
  /** Made-up headers that follow an elision inside a hunk (the hunk before is partial). */
  readonly afterElision: Set<number>;
}

/**
 * Finds the diffs quoted at `depth` in the reply `lines`. `lineOf` gives the input line of a
 * 0-based body line index (null when unknown).
 */
export function readQuotedDiffs(
  lines: readonly QuotedLine[], depth: number, lineOf: (i: number) => number | null,
): QuotedDiffs {
  const rebuilt = rebuild(lines, depth);
  const { files } = parseDiffs(rebuilt.text.join('\n'), {
    lineOf: k => {
      const o = rebuilt.origin[k];
      return o === undefined || o < 0 ? null : lineOf(o);
    },
  });
  return mapBack(files, rebuilt);
}

/** Hunk body lines waiting for the end of their hunk, when they can be judged together. */
interface Pending {
  /** Index in the text of a made-up header whose counts come from the body; null for a real one. */
  readonly madeUp: number | null;
  /** Index in the text of a real header whose function context has an unclosed `(`. */
  readonly header: number | null;
  readonly afterElision: boolean;
  readonly lines: QuotedLine[];
}

function rebuild(lines: readonly QuotedLine[], depth: number): Rebuilt {
  const out: Rebuilt = { text: [], origin: [], restored: new Set(), afterElision: new Set() };
  type Region = 'text' | 'file' | 'file-markers' | 'hunk' | 'after-signature';
  let region: Region = 'text';
  let elided = false;
  let gitHeader = '';
  let pending: Pending | null = null;
  const push = (text: string, origin: number): void => {
    out.text.push(text);
    out.origin.push(origin);
  };
  const flush = (): void => {
    if (pending) flushHunk(pending, out);
    pending = null;
  };
  const at = lines.filter(l => l.depth === depth);
  at.forEach((l, k) => {
    // Elisions written by the replier (or an earlier one) between this line and the previous.
    const prev = at[k - 1];
    for (let i = (prev?.index ?? -1) + 1; i < l.index; i++) {
      const between = lines[i];
      if (between && between.depth < depth && isElision(between.content)) elided = true;
    }
    const c = l.content;
    // An elision an earlier replier wrote is quoted with the diff; only the bracketed forms are
    // taken here, since a bare `...` at this depth may be a context line that lost its space.
    if (isBracketedElision(c) && (region === 'hunk' || region === 'file-markers')) {
      elided = true;
      return;
    }
    if (/^diff --git \S/.test(c) || /^Index: \S/.test(c) || (/^--- \S/.test(c) && /^\+\+\+ \S/.test(at[k + 1]?.content ?? ''))) {
      flush();
      region = 'file';
      elided = false;
      if (c.startsWith('diff --git ')) gitHeader = c;
      push(c, l.index);
      return;
    }
    if (/^\+\+\+ \S/.test(c) && region === 'file') {
      region = 'file-markers';
      push(c, l.index);
      return;
    }
    const header = parseHunkHeader(c);
    if (header !== null) {
      flush();
      if (region === 'text' || region === 'after-signature') {
        push(`--- a/${ORPHAN}`, -1);
        push(`+++ b/${ORPHAN}`, -1);
      } else if (region === 'file') {
        // `diff --git a/x b/x` kept, its `---`/`+++` lines cut: name the sides from it.
        const names = /^diff --git (\S+) (\S+)$/.exec(gitHeader);
        if (names) {
          push(`--- ${names[1]}`, -1);
          push(`+++ ${names[2]}`, -1);
        }
      }
      region = 'hunk';
      elided = false;
      const open = (header.section.match(/\(/g) ?? []).length > (header.section.match(/\)/g) ?? []).length;
      pending = { madeUp: null, header: open ? out.text.length : null, afterElision: false, lines: [] };
      push(c, l.index);
      return;
    }
    if (region === 'after-signature') return;
    if (region === 'hunk' && isSignatureAt(at, k)) {
      flush();
      region = 'after-signature';
      return;
    }
    if (region === 'file-markers' || (region === 'hunk' && elided)) {
      const afterElision = region === 'hunk';
      flush();
      pending = { madeUp: out.text.length, header: null, afterElision, lines: [] };
      push('', -1);
      region = 'hunk';
      elided = false;
    }
    if (region === 'hunk') {
      pending?.lines.push(l);
      return;
    }
    push(c, l.index);
  });
  flush();
  return out;
}

function hasDiffPrefix(c: string): boolean {
  const first = c[0];
  return first === undefined || first === '+' || first === '-' || first === '\\' || first === ' ';
}

/**
 * Writes the body of one quoted hunk. A line without a diff prefix is either a context line
 * whose space a web copy or mail client dropped (restored; the hunk becomes `repaired`) or, when
 * the hunk's other context lines kept their space, the tail of the line before it that the
 * mail client wrapped (joined back to it with one space).
 */
function flushHunk(p: Pending, out: Rebuilt): void {
  const spaced = p.lines.filter(l => l.content.startsWith(' ')).length;
  const bare = p.lines.filter(l => !hasDiffPrefix(l.content)).length;
  const wrapped = spaced > 0 && bare <= spaced;
  let old = 0;
  let neu = 0;
  let last = -1;
  let body = p.lines;
  // A header whose function context the mail client wrapped: `…probe(struct device` / `*dev)`.
  const first = body[0];
  if (wrapped && p.header !== null && first && !hasDiffPrefix(first.content)) {
    out.text[p.header] = `${out.text[p.header] ?? ''} ${first.content.trim()}`;
    out.restored.add(p.header);
    body = body.slice(1);
  }
  for (const l of body) {
    const c = l.content;
    if (hasDiffPrefix(c)) {
      last = out.text.length;
      out.text.push(c);
      out.origin.push(l.index);
      if (c.startsWith('\\')) continue;
      if (!c.startsWith('+')) old += 1;
      if (!c.startsWith('-')) neu += 1;
    } else if (wrapped && last >= 0) {
      out.text[last] = `${out.text[last] ?? ''} ${c.trim()}`;
      out.restored.add(last);
    } else {
      last = out.text.length;
      out.restored.add(last);
      out.text.push(` ${c}`);
      out.origin.push(l.index);
      old += 1;
      neu += 1;
    }
  }
  if (p.madeUp === null) return;
  if (old + neu === 0) {
    out.text.splice(p.madeUp, 1);
    out.origin.splice(p.madeUp, 1);
    return;
  }
  out.text[p.madeUp] = `@@ -0,${old} +0,${neu} @@`;
  if (p.afterElision) out.afterElision.add(p.madeUp);
}

/**
 * A quoted `-- ` that ends the quoted patch: followed by the git version (`2.43.0`) or by
 * nothing. A removed line `- ` (a list item) reads `-- ` too, and is followed by diff lines.
 */
function isSignatureAt(at: readonly QuotedLine[], k: number): boolean {
  if (!SIGNATURE.test(at[k]?.content ?? '')) return false;
  const next = at[k + 1];
  return next === undefined || /^\d+\.\d+/.test(next.content);
}

function isBracketedElision(c: string): boolean {
  return /^[[<]/.test(c) && isElision(c);
}

function mapBack(files: readonly FileDiff[], rebuilt: Rebuilt): QuotedDiffs {
  const body = (k: number): number => rebuilt.origin[k] ?? -1;
  const hunkLineAt = new Map<number, { file: string | null; line: HunkLine }>();
  const fileAt = new Map<number, string>();
  const mapped = files.map(f => {
    const hunks = f.hunks.map((h, n): Hunk => {
      const made = h.headerLine !== null && body(h.headerLine - 1) < 0;
      const next = f.hunks[n + 1];
      const cutByElision = next?.headerLine != null && rebuilt.afterElision.has(next.headerLine - 1);
      const lines = h.lines.map((l): HunkLine => ({ ...l, patchLine: body(l.patchLine - 1) + 1 }));
      const repaired = h.repaired || h.lines.some(l => rebuilt.restored.has(l.patchLine - 1)) ||
        (h.headerLine !== null && rebuilt.restored.has(h.headerLine - 1));
      let oldCount = h.oldCount;
      let newCount = h.newCount;
      if (made) {
        oldCount = lines.filter(l => l.kind !== '+').length;
        newCount = lines.filter(l => l.kind !== '-').length;
      }
      return {
        ...h,
        oldCount,
        newCount,
        headerLine: made || h.headerLine === null ? null : body(h.headerLine - 1) + 1,
        lines,
        valid: made ? false : h.valid && !cutByElision,
        repaired,
        partial: made || h.partial || cutByElision,
      };
    });
    const orphan = body(f.headerLine - 1) < 0;
    const file: FileDiff = orphan
      ? { ...f, path: '', oldPath: null, newPath: null, headerLine: hunks[0]?.headerLine ?? 0, hunks }
      : { ...f, headerLine: body(f.headerLine - 1) + 1, hunks };
    return file;
  });
  for (const f of mapped) {
    if (f.path === '') {
      for (const h of f.hunks) for (const l of h.lines) hunkLineAt.set(l.patchLine - 1, { file: null, line: l });
      continue;
    }
    // The file's header lines (`diff --git`, `index`, `---`, `+++`) up to its first hunk.
    const first = f.hunks[0];
    const end = first ? (first.headerLine ?? first.lines[0]?.patchLine ?? f.headerLine) - 1 : f.headerLine + 3;
    for (let k = f.headerLine - 1; k < Math.max(end, f.headerLine); k++) fileAt.set(k, f.path);
    for (const h of f.hunks) {
      if (h.headerLine !== null) fileAt.set(h.headerLine - 1, f.path);
      for (const l of h.lines) hunkLineAt.set(l.patchLine - 1, { file: f.path, line: l });
    }
  }
  return { files: mapped.filter(f => f.path !== ''), orphans: mapped.filter(f => f.path === ''), hunkLineAt, fileAt };
}
