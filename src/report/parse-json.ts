/**
 * The `kvet parse --format json` shape other tools rely on:
 * `{"messages":[…],"inputs":[{"path","messages","errors":[{"message","where"}]}]}`.
 * Messages are written as they are read, so the archive never sits in memory.
 */
import type { FileDiff, Patch } from '../patch/types.js';
import type { InputSummary } from '../cli/ingest.js';

export interface MessageJson {
  readonly messageId: string | null;
  readonly subject: string;
  readonly kind: Patch['kind'];
  readonly version: number;
  readonly index: number | null;
  readonly total: number | null;
  readonly from: string | null;
  readonly date: string | null;
  readonly inReplyTo: string | null;
  readonly input: string;
  readonly line: number;
  readonly format: string;
  readonly files: readonly FileJson[];
  readonly quoted: readonly FileJson[];
  readonly comments: readonly { readonly file: string | null; readonly line: number | null; readonly mailLine: number | null; readonly text: string }[];
  readonly trailers: readonly { readonly key: string; readonly value: string }[];
}

export interface FileJson {
  readonly path: string;
  readonly status: FileDiff['status'];
  readonly hunks: number;
  readonly added: number;
  readonly removed: number;
  readonly binary?: true;
  readonly oldPath?: string;
  readonly damaged?: true;
}

/** One message as the parse JSON shows it. */
export function messageJson(patch: Patch, input: string): MessageJson {
  const m = patch.message;
  return {
    messageId: m.messageId,
    subject: m.subject.raw,
    kind: patch.kind,
    version: m.subject.version,
    index: m.subject.index,
    total: m.subject.total,
    from: m.from ? (m.from.name && m.from.address ? `${m.from.name} <${m.from.address}>` : m.from.name || m.from.address || null) : null,
    date: m.date,
    inReplyTo: m.inReplyTo,
    input,
    line: m.ref.startLine,
    format: m.format,
    files: patch.files.map(fileJson),
    quoted: patch.quoted.map(fileJson),
    comments: patch.comments.map(c => ({
      file: c.file,
      line: c.quoted ? c.quoted.patchLine : null,
      mailLine: c.quoted ? c.quoted.mailLine : null,
      text: c.text,
    })),
    trailers: patch.trailers.map(t => ({ key: t.key, value: t.value })),
  };
}

function fileJson(f: FileDiff): FileJson {
  const base: FileJson = { path: f.path, status: f.status, hunks: f.hunks.length, added: f.added, removed: f.removed };
  const extra: { binary?: true; oldPath?: string; damaged?: true } = {};
  if (f.binary) extra.binary = true;
  if (f.oldPath !== null && f.oldPath !== f.path) extra.oldPath = f.oldPath;
  if (f.hunks.some(h => !h.valid || h.repaired)) extra.damaged = true;
  return { ...base, ...extra };
}

/** Streams the parse JSON document: `open()`, `message()` per message, `close(inputs)`. */
export class ParseJsonWriter {
  private first = true;
  constructor(private readonly write: (s: string) => void) {}
  open(): void {
    this.write('{"messages":[');
  }
  message(m: MessageJson): void {
    this.write((this.first ? '\n' : ',\n') + JSON.stringify(m));
    this.first = false;
  }
  close(inputs: readonly InputSummary[], series: ReadonlyMap<string, readonly unknown[]> = new Map()): void {
    const ins = inputs.map(i => ({ path: i.path, messages: i.messages, errors: i.errors, series: series.get(i.path) ?? [] }));
    this.write(`\n],\n"inputs":${JSON.stringify(ins)}}\n`);
  }
}
