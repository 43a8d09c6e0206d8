/**
 * A mail's bytes as lines, without copying: each line is a view into the original buffer with
 * its line end (`\n`, and any `\r` right before it) removed. Index `k` is line `k` of the
 * message; callers add the message's first input line to get an input line number.
 */

/** Lines of `bytes`; a final line without `\n` is kept, an empty tail after the last `\n` is not. */
export function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    lines.push(bytes.subarray(start, trimCr(bytes, start, nl)));
    start = nl + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start, trimCr(bytes, start, bytes.length)));
  return lines;
}

function trimCr(bytes: Uint8Array, start: number, end: number): number {
  let e = end;
  while (e > start && bytes[e - 1] === 0x0d) e--;
  return e;
}

/** True for an empty line or one of spaces and tabs only. */
export function isBlankLine(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09) return false;
  return true;
}

/** True when the line starts with the ASCII text `prefix`. */
export function startsWithAscii(line: Uint8Array, prefix: string): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** The line as Latin-1 text: one char per byte, for ASCII-only tests such as boundaries. */
export function latin1(line: Uint8Array): string {
  return Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1');
}

/** Joins lines with `\n` after each one (the shape postal-mime's decoders expect). */
export function joinLines(lines: readonly Uint8Array[], from: number, to: number): Uint8Array {
  let size = 0;
  for (let i = from; i < to; i++) size += (lines[i]?.length ?? 0) + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line) {
      out.set(line, at);
      at += line.length;
    }
    out[at++] = 0x0a;
  }
  return out;
}
