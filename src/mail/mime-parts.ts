/**
 * The MIME structure of a mail as line ranges: which leaf parts exist, what their
 * Content-Type / transfer encoding / disposition say, and on which lines their content lies.
 * Only structure is read here (boundaries, parameters); content decoding is done by
 * postal-mime in `decode-part.ts`.
 */
import { decodeHeaderValue, firstField, readHeaderBlock, type RawField } from './headers.js';
import { latin1 } from './raw-lines.js';

/** A leaf part: content lies on lines `[start, end)` of the mail. */
export interface Leaf {
  /** Lowercased `type/subtype`. */
  readonly mimeType: string;
  /** Lowercased parameter names; values unquoted (RFC 2231 continuations joined). */
  readonly params: Readonly<Record<string, string>>;
  /** Lowercased transfer encoding token, '' when absent. */
  readonly encoding: string;
  /** Lowercased disposition token, '' when absent. */
  readonly disposition: string;
  readonly filename: string | null;
  readonly start: number;
  readonly end: number;
  /** The leaf sits inside an attached `message/rfc822`. */
  readonly nested: boolean;
  /** The leaf is the whole mail (not inside a multipart). */
  readonly top: boolean;
}

/** A structural problem and the line (index into the mail's lines) it concerns. */
export interface StructureProblem {
  readonly message: string;
  readonly line: number;
}

const MAX_DEPTH = 32;

/**
 * Collects the leaves of the entity whose header fields are `fields` and whose body is on
 * lines `[start, end)`. Never throws: broken structure (no boundary, missing close
 * delimiter, too deep) is reported and the affected content is kept as a text/plain leaf.
 */
export function collectLeaves(
  lines: readonly Uint8Array[], fields: readonly RawField[], start: number, end: number,
): { leaves: Leaf[]; problems: StructureProblem[] } {
  const leaves: Leaf[] = [];
  const problems: StructureProblem[] = [];
  walk(lines, fields, start, end, { depth: 0, nested: false, digest: false, top: true }, leaves, problems);
  return { leaves, problems };
}

interface WalkState {
  readonly depth: number;
  readonly nested: boolean;
  readonly digest: boolean;
  readonly top: boolean;
}

function walk(
  lines: readonly Uint8Array[], fields: readonly RawField[], start: number, end: number,
  state: WalkState, leaves: Leaf[], problems: StructureProblem[],
): void {
  const ctField = firstField(fields, 'content-type');
  const ct = ctField ? parseStructured(ctField.value) : { value: '', params: {} };
  const mimeType = /^[\w.+-]+\/[\w.+-]+$/.test(ct.value) ? ct.value : state.digest ? 'message/rfc822' : 'text/plain';
  if (ctField && mimeType !== ct.value) {
    problems.push({ message: `unreadable Content-Type "${clip(ctField.value)}", read as ${mimeType}`, line: ctField.line });
  }
  const encoding = (firstField(fields, 'content-transfer-encoding')?.value.toLowerCase().match(/[\w-]+/) ?? [''])[0] ?? '';
  const disp = parseStructured(firstField(fields, 'content-disposition')?.value ?? '');
  const rawName = disp.params['filename'] ?? ct.params['name'];
  const leaf = (type: string): Leaf => ({
    mimeType: type,
    params: ct.params,
    encoding,
    disposition: disp.value,
    filename: rawName === undefined || rawName === '' ? null : decodeHeaderValue(rawName),
    start,
    end,
    nested: state.nested,
    top: state.top,
  });

  if (state.depth > MAX_DEPTH) {
    problems.push({ message: `MIME nesting deeper than ${MAX_DEPTH} levels; inner parts kept as text`, line: start });
    leaves.push(leaf('text/plain'));
    return;
  }

  if (mimeType.startsWith('multipart/')) {
    const boundary = ct.params['boundary'];
    if (boundary === undefined || boundary === '') {
      problems.push({ message: `${mimeType} without a boundary; body kept as text`, line: ctField?.line ?? start });
      leaves.push(leaf('text/plain'));
      return;
    }
    const parts = splitMultipart(lines, boundary, start, end);
    if (parts.delimiters === 0) {
      problems.push({ message: `${mimeType} boundary "${clip(boundary)}" never occurs; body kept as text`, line: start });
      leaves.push(leaf('text/plain'));
      return;
    }
    if (!parts.closed) {
      problems.push({ message: `${mimeType} ends without its closing boundary (truncated mail?)`, line: end });
    }
    const digest = mimeType === 'multipart/digest';
    for (const [ps, pe] of parts.ranges) {
      const block = readHeaderBlock(lines, ps, pe);
      // A part whose first line is not a header has no header block at all.
      const partFields = block.end === 'non-header' && block.fields.length === 0 ? [] : block.fields;
      const bodyStart = partFields.length === 0 && block.end === 'non-header' ? ps : block.bodyStart;
      walk(lines, partFields, bodyStart, pe, { depth: state.depth + 1, nested: state.nested, digest, top: false }, leaves, problems);
    }
    return;
  }

  if (mimeType === 'message/rfc822' && disp.value !== 'attachment' && encoding !== 'base64' && encoding !== 'quoted-printable') {
    const block = readHeaderBlock(lines, start, end);
    walk(lines, block.fields, block.bodyStart, end, { depth: state.depth + 1, nested: true, digest: false, top: false }, leaves, problems);
    return;
  }

  leaves.push(leaf(mimeType));
}

/** Line ranges of the parts between `--boundary` delimiters within `[start, end)`. */
function splitMultipart(
  lines: readonly Uint8Array[], boundary: string, start: number, end: number,
): { ranges: [number, number][]; delimiters: number; closed: boolean } {
  const delim = `--${boundary}`;
  const ranges: [number, number][] = [];
  let open = -1;
  let delimiters = 0;
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (!line || line.length < delim.length || line[0] !== 0x2d || line[1] !== 0x2d) continue;
    const text = latin1(line.subarray(0, Math.min(line.length, delim.length + 64)));
    if (!text.startsWith(delim)) continue;
    const tail = text.slice(delim.length);
    const close = tail.startsWith('--');
    if (!/^[ \t]*$/.test(close ? tail.slice(2) : tail)) continue;
    delimiters++;
    if (open >= 0) ranges.push([open, i]);
    if (close) return { ranges, delimiters, closed: true };
    open = i + 1;
  }
  if (open >= 0) ranges.push([open, end]);
  return { ranges, delimiters, closed: false };
}

/** `type/subtype; a=b; c="d"` → lowercased value and parameters (RFC 2231 `*` forms joined). */
export function parseStructured(value: string): { value: string; params: Record<string, string> } {
  const semi = value.indexOf(';');
  const head = (semi < 0 ? value : value.slice(0, semi)).replace(/\([^)]*\)/g, '').trim().toLowerCase();
  const params: Record<string, string> = {};
  const pieces: Record<string, { index: number; text: string; extended: boolean }[]> = {};
  if (semi >= 0) {
    const re = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/g;
    for (let m = re.exec(value); m; m = re.exec(value)) {
      const key = (m[1] ?? '').toLowerCase();
      let val = (m[2] ?? '').trim();
      if (val.startsWith('"')) val = val.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
      const cont = /^(.*?)\*(\d+)?(\*)?$/.exec(key);
      if (cont && (cont[2] !== undefined || cont[3] !== undefined || key.endsWith('*'))) {
        const base = cont[1] ?? key;
        (pieces[base] ??= []).push({ index: Number(cont[2] ?? 0), text: val, extended: key.endsWith('*') });
      } else if (!(key in params)) {
        params[key] = val;
      }
    }
  }
  for (const [base, list] of Object.entries(pieces)) {
    if (base in params) continue;
    list.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: number[] = [];
    list.forEach((p, k) => {
      let text = p.text;
      if (p.extended && k === 0) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(text);
        if (m) {
          charset = m[1] || 'utf-8';
          text = m[2] ?? '';
        }
      }
      if (p.extended) {
        for (let i = 0; i < text.length; i++) {
          const hex = text[i] === '%' ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 1, i + 3)) : null;
          if (hex) {
            bytes.push(parseInt(hex[0], 16));
            i += 2;
          } else {
            bytes.push(text.charCodeAt(i) & 0xff);
          }
        }
      } else {
        for (const b of Buffer.from(text, 'utf8')) bytes.push(b);
      }
    });
    let decoder: InstanceType<typeof TextDecoder>;
    try {
      decoder = new TextDecoder(charset);
    } catch {
      decoder = new TextDecoder('utf-8');
    }
    params[base] = decoder.decode(new Uint8Array(bytes));
  }
  return { value: head, params };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
