/**
 * Decodes the content of one leaf part to text: transfer encoding (quoted-printable, base64)
 * and charset through postal-mime, then `format=flowed` through {@link unflow}. The part is
 * handed to postal-mime as a one-part `text/plain` mail carrying the leaf's charset (but not
 * its format: postal-mime's unflowing joins lines across quote depths), so that `text/x-patch`
 * and attachment parts come back as decoded text too.
 *
 * What postal-mime accepts silently (bad base64 characters, unknown charsets, invalid bytes)
 * is detected here and reported, never thrown.
 */
import PostalMime from 'postal-mime';
import { unflow } from './flowed.js';
import type { Leaf } from './mime-parts.js';
import { joinLines, latin1 } from './raw-lines.js';

/** A part's decoded text, where its lines came from, and what was wrong with it. */
export interface DecodedPart {
  readonly text: string;
  /**
   * For each line of `text.split('\n')`, the index of the mail line it starts on, when the
   * content maps line by line (7bit/8bit/binary); null for QP and base64.
   */
  readonly lineIndex: readonly number[] | null;
  readonly problems: readonly { message: string; line: number }[];
}

const LINE_EXACT = new Set(['', '7bit', '8bit', 'binary']);
const textEncoder = new TextEncoder();

/** Decodes leaf `leaf` of the mail whose lines are `lines`. Never throws. */
export async function decodePart(lines: readonly Uint8Array[], leaf: Leaf): Promise<DecodedPart> {
  const problems: { message: string; line: number }[] = [];
  const charset = chooseCharset(leaf.params['charset'], problems, leaf.start);
  const flowed = /^flowed$/i.test(leaf.params['format'] ?? '');
  const encoding = leaf.encoding;
  const known = LINE_EXACT.has(encoding) || encoding === 'quoted-printable' || encoding === 'base64';
  if (!known) problems.push({ message: `unknown Content-Transfer-Encoding "${encoding}", read as 8bit`, line: leaf.start });
  const cte = known ? encoding || '8bit' : '8bit';
  if (cte === 'base64') checkBase64(lines, leaf, problems);

  // 7bit/8bit content is handed over as one base64 line: postal-mime then still does the
  // charset decoding, but without its per-line Blob assembly, which
  // dominated the run time over a large archive (same bytes either way).
  const body = joinLines(lines, leaf.start, leaf.end);
  const lineExact = LINE_EXACT.has(cte);
  let header = `Content-Type: text/plain; charset="${charset}"`;
  header += `\nContent-Transfer-Encoding: ${lineExact ? 'base64' : cte}\n\n`;
  const head = textEncoder.encode(header);
  const content = lineExact ? textEncoder.encode(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64')) : body;
  const synthetic = new Uint8Array(head.length + content.length);
  synthetic.set(head, 0);
  synthetic.set(content, head.length);

  let text = '';
  try {
    const email = await PostalMime.parse(synthetic);
    text = email.text ?? '';
  } catch (err) {
    problems.push({ message: `part could not be decoded (${err instanceof Error ? err.message : String(err)}); kept raw`, line: leaf.start });
    text = latin1(body);
  }

  if (!LINE_EXACT.has(cte) && text.includes('\r\n')) {
    text = text.replace(/\r\n/g, '\n');
    problems.push({ message: 'quoted CRLF detected (encoded content had CRLF line ends; normalised to LF)', line: leaf.start });
  }
  if (text.includes('\0')) problems.push({ message: 'NUL byte in decoded content', line: leaf.start });
  if (text.includes('\ufffd') && !rawHasReplacementChar(transferDecoded(body, cte))) {
    problems.push({ message: `bytes not valid in charset ${charset} were replaced with U+FFFD`, line: leaf.start });
  }
  let flowedStarts: number[] | null = null;
  if (flowed && leaf.mimeType !== 'text/html') {
    const decoded = unflowText(text, /^yes$/i.test(leaf.params['delsp'] ?? ''));
    text = decoded.text;
    flowedStarts = decoded.starts;
  }
  if (leaf.mimeType === 'text/html') text = htmlToText(text);

  let lineIndex: number[] | null = null;
  if (LINE_EXACT.has(cte) && leaf.mimeType !== 'text/html') {
    lineIndex = flowedStarts ? flowedStarts.map(k => leaf.start + k) : range(leaf.start, leaf.end + 1);
    // The text ends with '\n', so split gives one more entry than content lines.
    if (lineIndex.length !== text.split('\n').length) lineIndex = null;
  }
  return { text, lineIndex, problems };
}

/** The charset to decode with: a label the runtime knows, UTF-8 for unknown ones (reported). */
function chooseCharset(label: string | undefined, problems: { message: string; line: number }[], line: number): string {
  const l = (label ?? '').trim().toLowerCase();
  // US-ASCII bodies regularly carry UTF-8; UTF-8 reads true ASCII identically.
  if (l === '' || l === 'us-ascii' || l === 'ascii' || l === 'utf8' || l === 'utf-8') return 'utf-8';
  try {
    new TextDecoder(l);
    return l;
  } catch {
    problems.push({ message: `unknown charset "${label ?? ''}", decoded as UTF-8`, line });
    return 'utf-8';
  }
}

function checkBase64(lines: readonly Uint8Array[], leaf: Leaf, problems: { message: string; line: number }[]): void {
  let count = 0;
  let padded = false;
  for (let i = leaf.start; i < leaf.end; i++) {
    const line = lines[i];
    if (!line) continue;
    for (const b of line) {
      const ok = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f;
      if (ok) {
        // Some mailers pad every line; data after padding must start a new 4-char group.
        if (padded && count % 4 !== 0) {
          problems.push({ message: 'base64 padding in the middle of a group', line: i });
          return;
        }
        padded = false;
        count++;
      } else if (b === 0x3d) {
        padded = true;
        count++;
      } else if (b !== 0x20 && b !== 0x09) {
        problems.push({ message: `invalid base64 character 0x${b.toString(16).padStart(2, '0')}`, line: i });
        return;
      }
    }
  }
  if (count % 4 !== 0) problems.push({ message: 'base64 data is truncated (length not a multiple of 4)', line: leaf.end });
}

/**
 * The part's bytes with the transfer encoding undone (what the charset decoder saw), so that a
 * U+FFFD the sender wrote (`=EF=BF=BD` in quoted-printable) is not taken for a bad byte.
 */
function transferDecoded(body: Uint8Array, cte: string): Uint8Array {
  const raw = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (cte === 'base64') return Buffer.from(raw.toString('latin1'), 'base64');
  if (cte !== 'quoted-printable') return body;
  const qp = raw.toString('latin1').replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(qp, 'latin1');
}

function rawHasReplacementChar(body: Uint8Array): boolean {
  for (let i = 0; i + 2 < body.length; i++) {
    if (body[i] === 0xef && body[i + 1] === 0xbf && body[i + 2] === 0xbd) return true;
  }
  return false;
}

/**
 * `text` unflowed; `starts[k]` is the index of the decoded (not yet unflowed) line that line
 * `k` of the result starts on. A final line end stays a final line end (its empty tail is not
 * a line that a soft break could join).
 */
function unflowText(text: string, delSp: boolean): { text: string; starts: number[] } {
  const raw = text.split('\n');
  const tail = raw[raw.length - 1] === '' ? raw.pop() : undefined;
  const out = unflow(raw, delSp);
  const starts = [...out.starts];
  const lines = [...out.lines];
  if (tail !== undefined) {
    lines.push('');
    starts.push(raw.length);
  }
  return { text: lines.join('\n'), starts };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Rough HTML to text for the body fallback when a mail has no text/plain part. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|pre|tr|li|h\d)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}
