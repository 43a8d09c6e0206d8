/**
 * Streams patches into analysis units without holding a whole archive: patches of one posted
 * series (same input, version, count and thread root) are held until every index 1..N has
 * arrived, then released together; everything else is released at once. What is still held
 * at the end (a series with a missing patch) is released by `flush()`.
 */
import type { Patch } from '../patch/types.js';

export interface Unit {
  readonly patch: Patch;
  readonly input: string;
}

interface Pending {
  readonly total: number;
  readonly items: Unit[];
  readonly indexes: Set<number>;
}

export class SeriesBuffer {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly release: (group: readonly Unit[]) => void) {}

  /** Add one patch; releases its series when it is complete. */
  add(unit: Unit): void {
    const s = unit.patch.message.subject;
    const isSeriesMember = !s.isReply && s.total !== null && s.total > 1 && s.index !== null && (unit.patch.kind === 'patch' || unit.patch.kind === 'cover');
    if (!isSeriesMember) {
      this.release([unit]);
      return;
    }
    const key = `${unit.input}\u0000${s.version}\u0000${s.total}\u0000${s.prefixes.join(',')}\u0000${threadRoot(unit.patch)}`;
    let p = this.pending.get(key);
    if (p === undefined) {
      p = { total: s.total ?? 1, items: [], indexes: new Set() };
      this.pending.set(key, p);
    }
    p.items.push(unit);
    if (s.index !== null && s.index > 0) p.indexes.add(s.index);
    if (p.indexes.size >= p.total) {
      this.pending.delete(key);
      this.release(p.items);
    }
  }

  /** Release every incomplete series, in the order they started. */
  flush(): void {
    for (const [key, p] of [...this.pending]) {
      this.pending.delete(key);
      this.release(p.items);
    }
  }
}

/** The thread a series mail belongs to: the first Reference, else what it replies to, else itself. */
function threadRoot(p: Patch): string {
  return p.message.references[0] ?? p.message.inReplyTo ?? p.message.messageId ?? `${p.message.ref.input}:${p.message.ref.index}`;
}
