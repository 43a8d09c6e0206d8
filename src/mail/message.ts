/**
 * One raw mail → one {@link Message}: header fields unfolded and RFC 2047-decoded, ids,
 * sender, date as sent (without the `[thread overview]` link of a public-inbox page), parsed
 * subject, the body (first text/plain part) and further text parts that may carry a diff,
 * each mapped back to input lines. A public-inbox page's navigation and thread overview are
 * left out of the body (see `page-furniture.ts`). Bad mail never throws: what is wrong is
 * listed in `problems`.
 */
import { decodePart } from './decode-part.js';
import { parseAddress } from './address.js';
import { decodeHeaderValue, firstField, readHeaderBlock } from './headers.js';
import { collectLeaves, type Leaf } from './mime-parts.js';
import { stripDateFurniture, withoutFurniture } from './page-furniture.js';
import { isBlankLine, splitLines, startsWithAscii } from './raw-lines.js';
import { parseSubject } from './subject.js';
import type { IngestProblem, InputRef, Message, MessageFormat, TextPart } from './types.js';

const textEncoder = new TextEncoder();

/**
 * Parses one mail. Line 0 of `raw` is input line `ref.startLine`; leading blank lines and a
 * leading mbox `From ` line are skipped. CRLF line ends are read as LF. mboxrd `>From`
 * unescaping is the reader's job (see `read-input.ts`), not done here. Never rejects.
 */
export async function parseMessage(raw: Uint8Array | string, ref: InputRef, format: MessageFormat): Promise<Message> {
  const bytes = typeof raw === 'string' ? textEncoder.encode(raw) : raw;
  const lines = splitLines(bytes);
  const problems: IngestProblem[] = [];
  const where = (line: number): string => `${ref.input}:${ref.startLine + line}`;
  const report = (message: string, line: number): void => {
    problems.push({ message, where: where(line) });
  };

  let first = 0;
  while (first < lines.length && isBlankLine(lines[first] ?? new Uint8Array(0))) first++;
  if (first < lines.length && startsWithAscii(lines[first] ?? new Uint8Array(0), 'From ')) first++;

  const block = readHeaderBlock(lines, first, lines.length);
  const fields = block.fields;
  if (fields.length === 0) report('no header fields found', first);
  if (block.latin1Fallback) report('header bytes are not valid UTF-8; read as Windows-1252', first);
  if (block.end === 'non-header' && fields.length > 0) {
    report('header block ends at a line that is not a header (no blank line); body starts there', block.endLine);
  }
  if (block.end === 'eof' && fields.length > 0) report('mail ends inside its header block (no body)', lines.length);

  for (const f of fields) {
    const bad = unknownWordCharset(f.value);
    if (bad !== null) report(`encoded word in unknown charset "${bad}" in ${f.name}; may be mis-decoded`, f.line);
  }

  const value = (name: string): string | undefined => firstField(fields, name)?.value;
  const subjectRaw = decodeHeaderValue(value('subject') ?? '');
  const inReplyTo = firstId(value('in-reply-to') ?? '');
  const references = allIds(value('references') ?? '');
  const date = value('date');

  const bodyStart = fields.length === 0 && block.end === 'non-header' ? first : block.bodyStart;
  const structure = collectLeaves(lines, fields, bodyStart, lines.length);
  for (const p of structure.problems) report(p.message, p.line);

  const chosen = chooseBody(structure.leaves);
  let body: TextPart = emptyBody(ref.startLine + Math.min(bodyStart, lines.length));
  const attachments: TextPart[] = [];
  for (const leaf of structure.leaves) {
    const isBody = leaf === chosen;
    if (!isBody && !isAttachmentCandidate(leaf, chosen)) continue;
    const decoded = await decodePart(lines, leaf);
    for (const p of decoded.problems) report(p.message, p.line);
    const part = toTextPart(leaf, decoded.text, decoded.lineIndex, isBody, ref.startLine);
    if (isBody) body = withoutFurniture(part);
    else attachments.push(part);
  }

  return {
    ref,
    format,
    messageId: firstId(value('message-id') ?? ''),
    inReplyTo,
    references,
    from: parseAddress(value('from') ?? ''),
    date: date === undefined ? null : stripDateFurniture(date),
    subject: parseSubject(subjectRaw),
    headers: fields.map(f => [f.name, f.name.toLowerCase() === 'date' ? stripDateFurniture(decodeHeaderValue(f.value)) : decodeHeaderValue(f.value)] as const),
    body,
    attachments,
    problems,
  };
}

/**
 * The leaf that is the body: the first inline text/plain part outside forwarded mail; else a
 * single-part mail of any text type; else the first inline text/html part.
 */
function chooseBody(leaves: readonly Leaf[]): Leaf | undefined {
  const inline = (l: Leaf): boolean => l.disposition !== 'attachment' && !l.nested;
  return leaves.find(l => l.mimeType === 'text/plain' && inline(l))
    ?? leaves.find(l => l.top && l.mimeType.startsWith('text/'))
    ?? leaves.find(l => l.mimeType === 'text/html' && inline(l));
}

const PATCH_TYPES = new Set(['application/x-patch', 'application/x-diff', 'application/patch', 'application/diff']);

/** A further part worth keeping: any text part (but not the HTML twin of a text body) or a patch file. */
function isAttachmentCandidate(leaf: Leaf, body: Leaf | undefined): boolean {
  if (leaf.mimeType === 'text/html') return body === undefined || body.mimeType !== 'text/plain';
  if (leaf.mimeType.startsWith('text/')) return true;
  if (PATCH_TYPES.has(leaf.mimeType)) return true;
  return leaf.filename !== null && /\.(patch|diff)$/i.test(leaf.filename);
}

function toTextPart(
  leaf: Leaf, text: string, lineIndex: readonly number[] | null, inline: boolean, base: number,
): TextPart {
  const partLine = base + leaf.start;
  const common = { text, mimeType: leaf.mimeType, filename: leaf.filename, inline, partLine };
  if (lineIndex === null || lineIndex.length === 0) return { ...common, startLine: null };
  const startLine = base + (lineIndex[0] ?? leaf.start);
  const contiguous = lineIndex.every((k, i) => k === (lineIndex[0] ?? 0) + i);
  return contiguous ? { ...common, startLine } : { ...common, startLine, lineMap: lineIndex.map(k => base + k) };
}

function emptyBody(line: number): TextPart {
  return { text: '', mimeType: 'text/plain', filename: null, inline: true, startLine: line, partLine: line };
}

/** `<id>` → `id`; a bare token is taken as is; null when there is nothing usable. */
export function firstId(value: string): string | null {
  const angle = /<([^<>\s]+)>/.exec(value);
  if (angle) return angle[1] ?? null;
  const bare = value.trim().split(/\s+/)[0] ?? '';
  return bare === '' ? null : bare;
}

/** Every `<id>` in order; bare whitespace-separated tokens when no angle brackets are used. */
export function allIds(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/<([^<>\s]+)>/g)) if (m[1]) out.push(m[1]);
  if (out.length === 0 && value.trim() !== '') out.push(...value.trim().split(/\s+/).slice(0, 1000));
  return out;
}

/** The first RFC 2047 charset label in `value` that the runtime cannot decode, else null. */
function unknownWordCharset(value: string): string | null {
  if (!value.includes('=?')) return null;
  for (const m of value.matchAll(/=\?([^?\s*]+)(?:\*[^?\s]*)?\?[bBqQ]\?/g)) {
    const label = m[1] ?? '';
    try {
      new TextDecoder(label);
    } catch {
      return label;
    }
  }
  return null;
}
