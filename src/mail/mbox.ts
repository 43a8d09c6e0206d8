/**
 * Splitting a byte stream into raw mails, chunk by chunk, holding at most one mail (plus one
 * partial line) at a time. Follows `git mailsplit`:
 * - leading blank or whitespace-only lines are skipped (t5100 sample.mbox);
 * - a separator is a `From ` line that ends in a time and a year (git's `is_from_line`), so
 *   body lines such as `From the depths…` never split a mail;
 * - mboxrd (`>From ` quoting) is unescaped one level when the first separator is written by an
 *   mboxrd writer (`From mboxrd@z …`, `From mboxrd …`) or the caller says so; in mboxo files
 *   `>From` stays as is;
 * - input that starts with header fields instead of a `From ` line is one mail (git's "bare"
 *   mail), later `From ` lines included;
 * - input that starts with neither is not mail: its text is handed back whole for the
 *   web-archive reader.
 * CR before LF is dropped from every line (mailsplit without `--keep-cr`).
 */
import type { MessageFormat } from './types.js';
import { joinLines } from './raw-lines.js';

/** One raw mail, line 0 of `bytes` being input line `startLine` (1-based). */
export interface RawMail {
  readonly kind: 'mail';
  readonly bytes: Uint8Array;
  readonly startLine: number;
  readonly format: MessageFormat;
}

/** The whole input, which is not mail (a web page copied as text, a bare diff …). */
export interface RawText {
  readonly kind: 'text';
  readonly text: string;
}

/** How {@link MboxSplitter} reads its input. */
export interface SplitOptions {
  /** true: unescape `>From` (mboxrd); false: never; undefined: decide from the first separator. */
  readonly mboxrd?: boolean | undefined;
  /** Largest non-mail input kept for the web-archive reader, in bytes (default 64 MiB). */
  readonly maxTextBytes?: number;
}

const KNOWN_HEADERS = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'received', 'return-path', 'delivered-to',
  'mime-version', 'in-reply-to', 'references', 'reply-to', 'sender', 'path', 'newsgroups', 'xref',
  'authentication-results', 'dkim-signature', 'user-agent', 'organization', 'envelope-to', 'precedence',
  'thread-topic', 'thread-index', 'lines', 'nntp-posting-host', 'importance', 'priority', 'errors-to',
  'mail-followup-to', 'mail-reply-to', 'approved', 'archived-at', 'status', 'x-status',
]);
const KNOWN_PREFIXES = /^(x|list|arc|resent|content|original|dkim|autocrypt)-/;
const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/;

/** git's `is_from_line`: `From ` … `HH:MM:SS YYYY`-ish ending, year above 90. */
export function isFromLine(line: string): boolean {
  if (line.length < 19 || !line.startsWith('From ')) return false;
  const colon = line.lastIndexOf(':', line.length - 2);
  if (colon < 9) return false;
  const digit = (k: number): boolean => {
    const c = line.charCodeAt(k);
    return c >= 0x30 && c <= 0x39;
  };
  if (!digit(colon - 4) || !digit(colon - 2) || !digit(colon - 1) || !digit(colon + 1) || !digit(colon + 2)) return false;
  const year = /^\s*(\d+)/.exec(line.slice(colon + 3, colon + 40));
  return year !== null && Number(year[1]) > 90;
}

/** `From <40 hex> Mon Sep 17 00:00:00 2001`: the first line `git format-patch` writes. */
export function isFormatPatchSeparator(line: string): boolean {
  return /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/.test(line);
}

/** Separator lines written by mboxrd writers (public-inbox `From mboxrd@z`, b4, git's tests). */
export function isMboxrdSeparator(line: string): boolean {
  return /^From mboxrd(@\S*)? /.test(line);
}

/** mboxrd quoting of one body line: `From ` / `>From ` / `>>From ` … gain one `>`. */
export function escapeMboxrdLine(line: string): string {
  return /^>*From /.test(line) ? `>${line}` : line;
}

/** Undoes {@link escapeMboxrdLine}. */
export function unescapeMboxrdLine(line: string): string {
  return /^>+From /.test(line) ? line.slice(1) : line;
}

type Mode = 'sniff' | 'undecided' | 'from-line' | 'mbox' | 'single' | 'text';

/**
 * Incremental splitter: `push` chunks, get finished mails back; `end` flushes the last one (or
 * the whole text when the input is not mail). Pure apart from its own buffers; never throws
 * except when non-mail text exceeds `maxTextBytes`.
 */
export class MboxSplitter {
  private readonly forceRd: boolean | undefined;
  private readonly maxTextBytes: number;
  private mode: Mode = 'sniff';
  private mboxrd = false;
  private lineNo = 0;
  private carry: Uint8Array[] = [];
  private lines: Uint8Array[] = [];
  private startLine = 0;
  private format: MessageFormat = 'mbox';
  private pending: { line: Uint8Array; no: number }[] = [];
  private text: Uint8Array[] = [];
  private textBytes = 0;

  constructor(opts: SplitOptions = {}) {
    this.forceRd = opts.mboxrd;
    this.maxTextBytes = opts.maxTextBytes ?? 64 * 1024 * 1024;
  }

  /** Feeds a chunk; returns the mails it completed, in order. */
  push(chunk: Uint8Array): RawMail[] {
    const out: RawMail[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      let line = chunk.subarray(start, nl);
      if (this.carry.length > 0) {
        this.carry.push(line);
        line = concat(this.carry);
        this.carry = [];
      }
      this.line(stripCr(line), out);
      start = nl + 1;
    }
    if (start < chunk.length) this.carry.push(chunk.subarray(start));
    return out;
  }

  /** Ends the input; returns the last mail, or the whole text when the input was not mail. */
  end(): (RawMail | RawText)[] {
    const out: RawMail[] = [];
    if (this.carry.length > 0) {
      const line = concat(this.carry);
      this.carry = [];
      this.line(stripCr(line), out);
    }
    if (this.mode === 'undecided') this.decide(this.pending.length > 0 ? 'end' : 'blank', out);
    if (this.mode === 'from-line') {
      this.mode = 'text';
      for (const p of this.pending) this.addText(p.line);
      this.pending = [];
    }
    if (this.mode === 'text') {
      const text = new TextDecoder('utf-8').decode(concat(this.text));
      this.text = [];
      return [{ kind: 'text', text }];
    }
    this.flush(out, this.mode === 'mbox');
    return out;
  }

  private line(line: Uint8Array, out: RawMail[]): void {
    this.lineNo++;
    switch (this.mode) {
      case 'sniff':
        this.sniff(line, out);
        return;
      case 'undecided':
        this.pending.push({ line, no: this.lineNo });
        if (line.length === 0 || !isHeaderish(line) || this.pending.length > 500) {
          this.decide(line.length === 0 ? 'blank' : 'other', out);
        }
        return;
      case 'from-line':
        this.fromLine(line, out);
        return;
      case 'mbox':
        this.mboxLine(line, out);
        return;
      case 'single':
        this.lines.push(line);
        return;
      case 'text':
        this.addText(line);
        return;
    }
  }

  private sniff(line: Uint8Array, out: RawMail[]): void {
    if (isBlank(line)) {
      this.addText(line);
      return;
    }
    const text = ascii(line);
    if (text.startsWith('From ') && !isFromLine(text)) {
      // `From ` without a date: an mbox only if header fields follow (`From the desk of …`
      // starts plain text).
      this.mode = 'from-line';
      this.pending.push({ line, no: this.lineNo });
      return;
    }
    if (text.startsWith('From ')) {
      this.mode = 'mbox';
      this.text = [];
      this.mboxrd = this.forceRd ?? isMboxrdSeparator(text);
      this.startMail(line, text);
      return;
    }
    const m = HEADER_LINE.exec(text);
    const name = m?.[1]?.toLowerCase();
    if (name !== undefined && (KNOWN_HEADERS.has(name) || KNOWN_PREFIXES.test(name))) {
      this.startSingle(line);
      return;
    }
    if (name !== undefined) {
      this.mode = 'undecided';
      this.pending.push({ line, no: this.lineNo });
      return;
    }
    this.mode = 'text';
    this.addText(line);
    void out;
  }

  /** Decides between a bare mail and plain text once the header-like block ended. */
  private decide(how: 'blank' | 'other' | 'end', out: RawMail[]): void {
    const pending = this.pending;
    this.pending = [];
    const block = how === 'other' ? pending.slice(0, -1) : pending;
    const names = block
      .map(p => HEADER_LINE.exec(ascii(p.line))?.[1]?.toLowerCase())
      .filter((n): n is string => n !== undefined);
    const mailish = how !== 'other' && names.some(n => n === 'from' || n === 'subject' || n === 'date' || n === 'message-id');
    const first = pending[0];
    if (mailish && first) {
      this.mode = 'single';
      this.format = 'eml';
      this.startLine = first.no;
      this.text = [];
      for (const p of pending) this.lines.push(p.line);
      return;
    }
    this.mode = 'text';
    for (const p of pending) this.addText(p.line);
    void out;
  }

  /** Second line after a date-less `From ` first line: header → mbox, anything else → text. */
  private fromLine(line: Uint8Array, out: RawMail[]): void {
    const from = this.pending[0];
    this.pending = [];
    if (from && HEADER_LINE.test(ascii(line.subarray(0, 200)))) {
      const text = ascii(from.line);
      this.mode = 'mbox';
      this.text = [];
      this.mboxrd = this.forceRd ?? isMboxrdSeparator(text);
      this.startLine = from.no;
      this.format = this.mboxrd ? 'mboxrd' : 'mbox';
      this.lines = [from.line];
      this.mboxLine(line, out);
      return;
    }
    this.mode = 'text';
    if (from) this.addText(from.line);
    this.addText(line);
  }

  private startSingle(line: Uint8Array): void {
    this.mode = 'single';
    this.format = 'eml';
    this.startLine = this.lineNo;
    this.text = [];
    this.lines.push(line);
  }

  private mboxLine(line: Uint8Array, out: RawMail[]): void {
    const first = line[0];
    if (first === 0x46 /* F */ && line.length >= 19 && line.length < 1024) {
      const text = ascii(line);
      if (isFromLine(text)) {
        this.flush(out, true);
        this.startMail(line, text);
        return;
      }
    } else if (first === 0x3e /* > */ && this.mboxrd) {
      let k = 0;
      while (line[k] === 0x3e) k++;
      if (line[k] === 0x46 && ascii(line.subarray(k, k + 5)) === 'From ') line = line.subarray(1);
    }
    this.lines.push(line);
  }

  private startMail(line: Uint8Array, text: string): void {
    this.startLine = this.lineNo;
    this.format = isFormatPatchSeparator(text) ? 'format-patch' : this.mboxrd ? 'mboxrd' : 'mbox';
    this.lines = [line];
  }

  private flush(out: RawMail[], dropSeparatorBlank: boolean): void {
    const lines = this.lines;
    this.lines = [];
    if (lines.length === 0) return;
    let n = lines.length;
    // The blank line before the next separator belongs to the mbox, unless it is the mail's
    // only blank line, i.e. the end of a header block with no body (git t5100 sample #13).
    if (dropSeparatorBlank && n > 1 && (lines[n - 1]?.length ?? 1) === 0 && hasBlankBefore(lines, n - 1)) n--;
    out.push({ kind: 'mail', bytes: joinLines(lines, 0, n), startLine: this.startLine, format: this.format });
  }

  private addText(line: Uint8Array): void {
    this.textBytes += line.length + 1;
    if (this.mode === 'text' && this.textBytes > this.maxTextBytes) {
      throw new Error(`not mail, and larger than ${this.maxTextBytes} bytes for a web page`);
    }
    this.text.push(line, NEWLINE);
  }
}

const NEWLINE = new Uint8Array([0x0a]);

function hasBlankBefore(lines: readonly Uint8Array[], end: number): boolean {
  for (let i = 1; i < end; i++) if (lines[i]?.length === 0) return true;
  return false;
}

function isHeaderish(line: Uint8Array): boolean {
  if (line[0] === 0x20 || line[0] === 0x09) return true;
  return HEADER_LINE.test(ascii(line.subarray(0, 200)));
}

function isBlank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09) return false;
  return true;
}

function ascii(line: Uint8Array): string {
  return Buffer.from(line.buffer, line.byteOffset, Math.min(line.byteLength, 4096)).toString('latin1');
}

function stripCr(line: Uint8Array): Uint8Array {
  let e = line.length;
  while (e > 0 && line[e - 1] === 0x0d) e--;
  return e === line.length ? line : line.subarray(0, e);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
