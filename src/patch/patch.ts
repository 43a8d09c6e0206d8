/**
 * A message read as a patch: commit message, trailers, diffstat and the diffs it carries
 * (body and text attachments), classified as patch, cover letter, reply or other.
 */
import type { IngestProblem, Message, TextPart } from '../mail/types.js';
import { parseDiffs } from './diff.js';
import { readInBody } from './in-body.js';
import { layoutBody } from './layout.js';
import { extractQuoted } from './quoted.js';
import { commitTrailers, replyTrailers, trackingTrailers } from './trailers.js';
import type { FileDiff, MessageKind, Patch, ReviewComment, Trailer } from './types.js';

/** What a reader of quoted diffs in replies returns (the contract of `./quoted.js`). */
export type QuotedExtractor = (body: TextPart) => { files: FileDiff[]; comments: ReviewComment[] };

/** Options of {@link toPatch}. */
export interface ToPatchOptions {
  /** Reader of the `> `-quoted diff and review comments of a reply; default `extractQuoted` of ./quoted.js. */
  readonly extractQuoted?: QuotedExtractor;
}

/** Input line of line `i` (0-based) of a text part; null when the part has no line-exact origin. */
export function partLineOf(part: TextPart): (i: number) => number | null {
  if (part.lineMap) {
    const map = part.lineMap;
    return i => map[i] ?? null;
  }
  const start = part.startLine;
  return start === null ? () => null : i => start + i;
}

/** Parts besides the body that may carry a diff: text that is not HTML, or a named .patch/.diff. */
function diffCarrier(part: TextPart): boolean {
  const type = part.mimeType.toLowerCase();
  if (type === 'text/html') return false;
  return type.startsWith('text/') || /x-(patch|diff)/.test(type) || /\.(patch|diff)$/i.test(part.filename ?? '');
}

/**
 * Reads `message` as a patch. `kind`: a mail carrying its own diff is 'patch' (even a
 * reply); a reply without one is 'reply'; index 0 of a series, or a non-reply `[PATCH]`
 * mail with a diffstat but no diff, is 'cover'; anything else 'other'. Never throws.
 */
export function toPatch(message: Message, opts: ToPatchOptions = {}): Patch {
  const where = (part: TextPart) => (patchLine: number): string => {
    const line = partLineOf(part)(patchLine - 1);
    return line === null ? `${message.ref.input}: message ${message.ref.index + 1}, patch line ${patchLine}` : `${message.ref.input}:${line}`;
  };
  const body = message.body;
  const lines = body.text.split('\n');
  // Hypermail pages collapse runs of whitespace: every diff on them needs its context prefixes back.
  const repairWhitespace = message.format === 'web-hypermail';
  const bodyDiffs = parseDiffs(body.text, { lineOf: partLineOf(body), where: where(body), repairWhitespace });
  const problems: IngestProblem[] = [...bodyDiffs.problems];
  const files: FileDiff[] = [...bodyDiffs.files];
  message.attachments.forEach((part, index) => {
    if (!diffCarrier(part)) return;
    const found = parseDiffs(part.text, { lineOf: partLineOf(part), where: where(part) });
    problems.push(...found.problems);
    for (const f of found.files) files.push({ ...f, attachment: index });
  });

  const inBody = readInBody(body.text);
  const firstDiff = bodyDiffs.files[0]?.headerLine;
  const layout = layoutBody(lines, inBody.start, firstDiff === undefined ? null : firstDiff - 1);
  const kind = kindOf(message, files.length > 0, layout.diffstat !== null);
  const commitMessage = lines.slice(inBody.start, layout.messageEnd).join('\n').trim();

  const inDiff = diffLineSet(bodyDiffs.files);
  const trailers: Trailer[] =
    kind === 'reply' || kind === 'other'
      ? replyTrailers(lines, inBody.start, layout.signature)
      : commitTrailers(lines, inBody.start, layout.messageEnd);
  const tracking = trackingTrailers(lines, layout.messageEnd, layout.signature, i => inDiff.has(i + 1));
  for (const t of tracking) if (!trailers.some(o => o.patchLine === t.patchLine)) trailers.push(t);

  let quoted: FileDiff[] = [];
  let comments: ReviewComment[] = [];
  if (message.subject.isReply) {
    try {
      ({ files: quoted, comments } = (opts.extractQuoted ?? extractQuoted)(body));
    } catch (e) {
      problems.push({ message: `Quoted diff not read: ${(e as Error).message}.`, where: where(body)(1) });
    }
  }

  const notes = lines.slice(layout.notes[0], layout.notes[1]).join('\n').trim();
  const author = inBody.from ?? formatAddress(message);
  const patch: Patch = {
    message,
    kind,
    commitMessage,
    trailers,
    files,
    quoted,
    comments,
    author,
    problems,
    subject: inBody.subject ?? message.subject.clean,
    ...(notes ? { notes } : {}),
    ...(layout.diffstat ? { diffstat: layout.diffstat } : {}),
  };
  return patch;
}

function kindOf(message: Message, hasDiff: boolean, hasDiffstat: boolean): MessageKind {
  const s = message.subject;
  if (hasDiff) return 'patch';
  if (s.isReply) return 'reply';
  if (s.index === 0) return 'cover';
  if (s.isPatch && hasDiffstat) return 'cover';
  return 'other';
}

function formatAddress(message: Message): string | null {
  const from = message.from;
  if (!from) return null;
  if (!from.address) return from.name || null;
  return from.name ? `${from.name} <${from.address}>` : from.address;
}

/** Patch lines that belong to hunks or file headers of `files`. */
function diffLineSet(files: readonly FileDiff[]): Set<number> {
  const out = new Set<number>();
  for (const f of files) {
    out.add(f.headerLine);
    for (const h of f.hunks) {
      if (h.headerLine !== null) out.add(h.headerLine);
      for (const l of h.lines) out.add(l.patchLine);
    }
  }
  return out;
}
