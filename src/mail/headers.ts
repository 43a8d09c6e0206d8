/**
 * RFC 5322 header blocks read from raw lines: fields unfolded, each remembering the line it
 * started on. Values are kept undecoded here; {@link decodeHeaderValue} applies RFC 2047
 * through postal-mime. Raw 8-bit header bytes are read as UTF-8 (RFC 6532), and as
 * Windows-1252 when they are not valid UTF-8, which is reported.
 */
import { isAscii } from 'node:buffer';
import { decodeWords } from 'postal-mime';
import { latin1 } from './raw-lines.js';

/** One header field: name as sent, value unfolded but not RFC 2047-decoded. */
export interface RawField {
  readonly name: string;
  readonly value: string;
  /** Index of the line (within the lines given) where the field starts. */
  readonly line: number;
}

export interface HeaderBlock {
  readonly fields: readonly RawField[];
  /** Index of the first body line (after the blank separator line, if any). */
  readonly bodyStart: number;
  /** How the block ended: a blank line, a line that is no header, or the end of the lines. */
  readonly end: 'blank' | 'non-header' | 'eof';
  /** Index of the line that ended the block when `end` is `'non-header'`. */
  readonly endLine: number;
  /** Some header bytes were not UTF-8 and were read as Windows-1252. */
  readonly latin1Fallback: boolean;
}

const FIELD_NAME = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/;
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const cp1252 = new TextDecoder('windows-1252');

/** Reads header text: UTF-8 if valid, else Windows-1252 (flagged). */
export function headerText(line: Uint8Array): { text: string; fallback: boolean } {
  if (isAscii(line)) return { text: latin1(line), fallback: false };
  try {
    return { text: utf8Strict.decode(line), fallback: false };
  } catch {
    return { text: cp1252.decode(line), fallback: true };
  }
}

/**
 * Reads the header block starting at line `from` and ending before `to`. A leading mbox
 * `From ` line is not a field and is skipped by the caller. Continuation lines (SP/TAB) are
 * joined to their field with the line break removed and the folding whitespace kept.
 */
export function readHeaderBlock(lines: readonly Uint8Array[], from: number, to: number): HeaderBlock {
  const fields: { name: string; parts: string[]; line: number }[] = [];
  let latin1Fallback = false;
  let i = from;
  let end: HeaderBlock['end'] = 'eof';
  let endLine = to;
  for (; i < to; i++) {
    const raw = lines[i] ?? new Uint8Array(0);
    if (raw.length === 0) {
      end = 'blank';
      endLine = i;
      break;
    }
    const { text, fallback } = headerText(raw);
    latin1Fallback ||= fallback;
    const last = fields[fields.length - 1];
    if ((text.startsWith(' ') || text.startsWith('\t')) && last) {
      if (text.trim() === '') {
        // A whitespace-only line ends the block like an empty one (mailers that pad it).
        end = 'blank';
        endLine = i;
        break;
      }
      last.parts.push(text);
      continue;
    }
    const m = FIELD_NAME.exec(text);
    if (!m) {
      end = text.trim() === '' ? 'blank' : 'non-header';
      endLine = i;
      break;
    }
    const name = m[1] ?? '';
    fields.push({ name, parts: [text.slice(m[0].length)], line: i });
  }
  return {
    fields: fields.map(f => ({ name: f.name, value: f.parts.join('').trim(), line: f.line })),
    bodyStart: end === 'blank' ? endLine + 1 : end === 'non-header' ? endLine : to,
    end,
    endLine,
    latin1Fallback,
  };
}

/** RFC 2047-decodes a header value (encoded words, whitespace between them dropped). */
export function decodeHeaderValue(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/** The first field named `name` (case-insensitive), or undefined. */
export function firstField(fields: readonly RawField[], name: string): RawField | undefined {
  const lower = name.toLowerCase();
  return fields.find(f => f.name.toLowerCase() === lower);
}
