/**
 * Reading what the user named: a file, a gzip file (recognised by its magic bytes, not its
 * name), or stdin (`-`). Mails are streamed: at most one mail and one read chunk are held at
 * a time, so a large archive reads in flat memory. Input that is not mail goes to the
 * web-archive reader.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MboxSplitter, type RawMail } from './mbox.js';
import { parseMessage } from './message.js';
import type { Message } from './types.js';
import { parseWebPage } from './web-archive.js';

/** A whole input could not be read (missing, a directory, corrupt gzip …). One-line message. */
export class InputError extends Error {
  readonly input: string;
  constructor(input: string, problem: string) {
    super(`${input}: ${problem}`);
    this.name = 'InputError';
    this.input = input;
  }
}

/** Options of {@link readMessages}. */
export interface ReadOptions {
  /** The stream read for the input `-` (default `process.stdin`). */
  readonly stdin?: NodeJS.ReadableStream;
  /** true: the input is mboxrd; false: mboxo; absent: recognised from the first `From ` line. */
  readonly mboxrd?: boolean;
}

/**
 * Yields the messages of `input` in order. Throws {@link InputError} only when the input as a
 * whole cannot be read; trouble with single mails is reported in `Message.problems`.
 */
export async function* readMessages(input: string, opts: ReadOptions = {}): AsyncGenerator<Message> {
  const chunks = await openInput(input, opts);
  const splitter = new MboxSplitter({ mboxrd: opts.mboxrd });
  const it = chunks[Symbol.asyncIterator]();
  let index = 0;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      let mails: RawMail[];
      try {
        next = await it.next();
        mails = next.done ? [] : splitter.push(next.value);
      } catch (err) {
        throw toInputError(input, err);
      }
      if (next.done) break;
      for (const raw of mails) yield await parseMessage(raw.bytes, { input, index: index++, startLine: raw.startLine }, raw.format);
    }
    let rest: ReturnType<MboxSplitter['end']>;
    try {
      rest = splitter.end();
    } catch (err) {
      throw toInputError(input, err);
    }
    for (const raw of rest) {
      if (raw.kind === 'mail') {
        yield await parseMessage(raw.bytes, { input, index: index++, startLine: raw.startLine }, raw.format);
      } else {
        for (const m of parseWebPage(raw.text, input)) yield m;
      }
    }
  } finally {
    await it.return?.();
  }
}

async function openInput(input: string, opts: ReadOptions): Promise<AsyncIterable<Uint8Array>> {
  if (input === '-') return sniffGzip(opts.stdin ?? process.stdin, input);
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw toInputError(input, err);
  }
  if (info.isDirectory()) throw new InputError(input, 'is a directory, not a mail file');
  if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) throw new InputError(input, 'is not a regular file');
  return sniffGzip(createReadStream(input, { highWaterMark: 1 << 20 }), input);
}

/** Passes chunks through, or through gunzip when the first two bytes are the gzip magic. */
async function* sniffGzip(stream: NodeJS.ReadableStream, input: string): AsyncGenerator<Uint8Array> {
  const it = (stream as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]();
  try {
    let head: Uint8Array = new Uint8Array(0);
    while (head.length < 2) {
      const n = await it.next();
      if (n.done) break;
      head = head.length === 0 ? toBytes(n.value) : Buffer.concat([head, toBytes(n.value)]);
    }
    if (head.length === 0) return;
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield toBytes(n.value);
      }
    }
    const source = Readable.from((async function* () {
      yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield toBytes(n.value);
      }
    })());
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    source.on('error', err => gunzip.destroy(err));
    source.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Uint8Array;
    } catch (err) {
      throw new InputError(input, `corrupt gzip data (${firstLine(err)})`);
    } finally {
      source.destroy();
      gunzip.destroy();
    }
  } finally {
    await it.return?.();
  }
}

function toBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function toInputError(input: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new InputError(input, 'no such file');
    case 'EACCES':
    case 'EPERM':
      return new InputError(input, 'permission denied');
    case 'EISDIR':
      return new InputError(input, 'is a directory, not a mail file');
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return new InputError(input, `corrupt gzip data (${firstLine(err)})`);
    default:
      return new InputError(input, firstLine(err));
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
