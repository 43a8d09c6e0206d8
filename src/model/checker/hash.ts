/**
 * Canonical serialisation and 64-bit state fingerprints. Two states that are equal as data
 * (object key order ignored, array order significant) serialise identically; the visited
 * set stores only the two 32-bit halves of the fingerprint.
 */

/** Object keys are nearly always identifiers; only keys with quotes or escapes go through JSON. */
function quoteKey(k: string): string {
  return k.includes('"') || k.includes('\\') || /[\u0000-\u001f]/.test(k) ? JSON.stringify(k) : `"${k}"`;
}

/** Serialises `v` with object keys sorted; `undefined` members are dropped. */
export function canonicalize(v: unknown): string {
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean': return v ? 'true' : 'false';
    case 'string': return JSON.stringify(v);
    case 'object': break;
    default: return 'null';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + canonicalize(v[i]);
    return `${s}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    s += `${first ? '' : ','}${quoteKey(k)}:${canonicalize(x)}`;
    first = false;
  }
  return `${s}}`;
}

/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

/**
 * 64-bit fingerprint of a string: two independently seeded 32-bit multiply-xorshift
 * lanes (cyrb53 family) finalised with avalanche mixing.
 */
export function fingerprint(str: string, seed = 0): Fingerprint {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: h1 >>> 0, lo: h2 >>> 0 };
}

/**
 * Open-addressing set of 64-bit fingerprints mapping each to a dense index (insertion
 * order). Memory: three typed-array slots per bucket; no state objects are kept.
 */
export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private idx: Int32Array;
  private used = 0;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.idx = new Int32Array(cap).fill(-1);
  }

  /** Number of fingerprints stored. */
  get size(): number {
    return this.used;
  }

  /** Index of `fp`, or -1 when absent. */
  get(fp: Fingerprint): number {
    const mask = this.idx.length - 1;
    let i = (fp.lo ^ Math.imul(fp.hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = this.idx[i] ?? -1;
      if (at < 0) return -1;
      if (this.hi[i] === fp.hi && this.lo[i] === fp.lo) return at;
      i = (i + 1) & mask;
    }
  }

  /** Adds `fp` with the next dense index; returns that index, or -1 if it was present. */
  add(fp: Fingerprint): number {
    if ((this.used + 1) * 2 > this.idx.length) this.grow();
    const mask = this.idx.length - 1;
    let i = (fp.lo ^ Math.imul(fp.hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = this.idx[i] ?? -1;
      if (at < 0) {
        this.hi[i] = fp.hi;
        this.lo[i] = fp.lo;
        this.idx[i] = this.used;
        return this.used++;
      }
      if (this.hi[i] === fp.hi && this.lo[i] === fp.lo) return -1;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, idx } = this;
    const cap = idx.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.idx = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let j = 0; j < idx.length; j++) {
      const at = idx[j] ?? -1;
      if (at < 0) continue;
      const h = hi[j] ?? 0;
      const l = lo[j] ?? 0;
      let i = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
      while ((this.idx[i] ?? -1) >= 0) i = (i + 1) & mask;
      this.hi[i] = h;
      this.lo[i] = l;
      this.idx[i] = at;
    }
  }
}

/** A growable Int32 column (parent pointers, choices, depths) for compact per-state data. */
export class IntColumn {
  private data = new Int32Array(1 << 12);
  private n = 0;

  /** Appends `v`; returns its index. */
  push(v: number): number {
    if (this.n === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n] = v;
    return this.n++;
  }

  /** Value at `i` (0 when out of range). */
  at(i: number): number {
    return this.data[i] ?? 0;
  }

  /** Overwrites the value at `i`. */
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}
