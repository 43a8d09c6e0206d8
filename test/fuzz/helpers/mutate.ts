/**
 * Mutations of real mails, as plain data so fast-check prints (and shrinks) the mutation list
 * rather than megabytes of bytes: truncation, a duplicated or deleted region, flipped bytes,
 * hostile snippets at a line start (NULs, invalid UTF-8, separators, MIME headers, bad base64
 * and quoted-printable), wrong hunk counts, nested `> > >` quoting, enormous lines, CRLF, huge
 * headers, changed transfer encodings and charsets, and hostile C (deep nesting, thousands of
 * gotos and labels, 2^40 paths) spliced in as added lines.
 */
import fc from 'fast-check';
import { FUZZ_SECONDS } from './fuzz.js';
import { hostileFunction, HOSTILE_C_KINDS, type HostileCKind } from './hostile-c.js';

export type Mutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicate'; readonly from: number; readonly len: number; readonly to: number }
  | { readonly op: 'delete'; readonly from: number; readonly len: number }
  | { readonly op: 'flip'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly op: 'insert'; readonly line: number; readonly snippet: string }
  | { readonly op: 'insertBytes'; readonly line: number; readonly bytes: readonly number[] }
  | { readonly op: 'hunkCounts'; readonly which: number; readonly counts: readonly [number, number, number, number] }
  | { readonly op: 'quote'; readonly from: number; readonly lines: number; readonly depth: number; readonly spaced: boolean }
  | { readonly op: 'longLine'; readonly line: number; readonly unit: string; readonly times: number }
  | { readonly op: 'crlf'; readonly from: number; readonly len: number; readonly lone: boolean }
  | { readonly op: 'hugeHeader'; readonly kind: 'long' | 'folded' | 'many'; readonly size: number }
  | { readonly op: 'encoding'; readonly cte: string; readonly charset: string }
  | { readonly op: 'hostileC'; readonly kind: HostileCKind; readonly n: number; readonly line: number };

/** Text that breaks parsers when it lands at the start of a line. */
export const SNIPPETS = [
  '\0', '\0\0\0\n', '\r', '\r\n', '\n\n\n', '\t', ' ', '>', '> > > ', '-- \n', '---\n', '+', '-', '\\ No newline at end of file\n',
  'From mboxrd@z Thu Jan  1 00:00:00 1970\n', 'From a@b Mon Sep 17 00:00:00 2001\n', '>From a@b Mon Sep 17 00:00:00 2001\n',
  'From: \n', 'Subject: [PATCH 99/1] x\n', 'Subject: =?utf-8?B?!!!!?=\n', 'Subject: =?x-unknown?Q?a=ZZ?=\n', 'Message-ID: <>\n',
  'In-Reply-To: <a@b>\n', 'References: <' + 'a'.repeat(5000) + '>\n', 'Date: Thu, 99 Foo 99999 99:99:99 +9999\n',
  'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nbody\n--b',
  'Content-Type: multipart/alternative; boundary=""\n', 'Content-Type: multipart/mixed\n', '--b\n', '--b--\n',
  'Content-Transfer-Encoding: base64\n', 'Content-Transfer-Encoding: quoted-printable\n', 'Content-Transfer-Encoding: x-uuencode\n',
  '====\n', '=\n', '=ZZ=0', '=?=\n', '!!!!base64@@@@\n', 'QUJD\n', 'QU\n', 'A===\n', '=E2=80\n', 'Content-Type: text/plain; charset=utf-16\n',
  'Content-Type: text/plain; format=flowed; delsp=yes\n', 'Content-Disposition: attachment; filename="../../etc/passwd.patch"\n',
  'diff --git a/x.c b/x.c\n', 'diff --git a/../../etc/passwd b/../../etc/passwd\n', '--- a/x.c\n', '+++ b/x.c\n', '+++ /abs/path.c\n',
  '--- /dev/null\n', '+++ b/a/../../x.c\n', '@@ -1,3 +1,4 @@\n', '@@ -0,0 +1,99999999 @@\n', '@@ -99999999999999999999 +1 @@\n',
  '@@ -1 +1 @@ int f(void)\n', 'index 0000000..1111111 100644\n', 'new file mode 100644\n', 'rename from a\nrename to ../b\n',
  'GIT binary patch\nliteral 5\nzcmZ\n', 'Binary files a/x and b/x differ\n', '+}\n', '+{\n', '+goto out;\n', '+out:\n', '+\tif (x)\n',
  '+\tmutex_lock(&d->lock);\n', '+\treturn -EINVAL;\n', '+#if 0\n', '+#endif\n', '+/*\n', '+*/\n', '+"\n', "+'\n",
  '+static int f(void)\n+{\n', ' * Signed-off-by: \n', 'Signed-off-by: A <a@b>\n', 'On Mon, A wrote:\n', '<html><body><pre>\n',
  '&lt;&gt;&amp;&#0;&#xffffff;\n', '\u202e\u200b\ufeff\n', '\ud800', '\uffff\n',
] as const;

/** Byte sequences that are not UTF-8 (or decode oddly). */
const BAD_BYTES: readonly (readonly number[])[] = [
  [0xff], [0xfe, 0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80, 0x80, 0x80],
  [0x00], [0x1b, 0x5b, 0x32, 0x4a], [0x0d], [0xef, 0xbb, 0xbf], [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** Sizes for enormous things; the long run (KVET_FUZZ_SECONDS) goes past a megabyte. */
const BIG = FUZZ_SECONDS === null ? [1_000, 20_000, 200_000] : [1_000, 20_000, 200_000, 1_100_000];

const pos = fc.nat({ max: 0x7fffffff });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  pos.map(at => ({ op: 'truncate', at }) as const),
  fc.record({ op: fc.constant('duplicate' as const), from: pos, len: fc.integer({ min: 1, max: 4096 }), to: pos }),
  fc.record({ op: fc.constant('delete' as const), from: pos, len: fc.integer({ min: 1, max: 2048 }) }),
  fc.record({ op: fc.constant('flip' as const), at: pos, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('insert' as const), line: pos, snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({ op: fc.constant('insertBytes' as const), line: pos, bytes: fc.constantFrom(...BAD_BYTES) }),
  fc.record({
    op: fc.constant('hunkCounts' as const),
    which: fc.nat({ max: 50 }),
    counts: fc.tuple(...[0, 1, 2, 3].map(() => fc.oneof(fc.nat({ max: 60 }), fc.constantFrom(0, 2 ** 31, 2 ** 53, 99_999_999)))) as fc.Arbitrary<[number, number, number, number]>,
  }),
  fc.record({ op: fc.constant('quote' as const), from: pos, lines: fc.integer({ min: 1, max: 400 }), depth: fc.integer({ min: 1, max: 40 }), spaced: fc.boolean() }),
  fc.record({ op: fc.constant('longLine' as const), line: pos, unit: fc.constantFrom('x', '+', ' ', '{', '(', '> ', '+\t{', 'if (x) ', '=', '\t', 'é', '\0'), times: fc.constantFrom(...BIG) }),
  fc.record({ op: fc.constant('crlf' as const), from: pos, len: fc.constantFrom(1, 100, 10_000, 1e9), lone: fc.boolean() }),
  fc.record({ op: fc.constant('hugeHeader' as const), kind: fc.constantFrom('long', 'folded', 'many') as fc.Arbitrary<'long' | 'folded' | 'many'>, size: fc.constantFrom(...BIG) }),
  fc.record({
    op: fc.constant('encoding' as const),
    cte: fc.constantFrom('base64', 'quoted-printable', 'x-unknown', '7bit', 'BASE64', ''),
    charset: fc.constantFrom('utf-8', 'iso-8859-1', 'utf-16', 'utf-7', 'x-unknown', 'shift_jis', ''),
  }),
  fc.record({ op: fc.constant('hostileC' as const), kind: fc.constantFrom(...HOSTILE_C_KINDS), n: fc.integer({ min: 1, max: 3000 }), line: pos }),
);

/** 1–4 mutations, applied in order. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

const enc = new TextEncoder();

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte offset of the start of line `k mod (lines + 1)`. */
function lineStart(b: Uint8Array, k: number): number {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a) starts.push(i + 1);
  return starts[k % starts.length] ?? 0;
}

/** Cap on the size of a mutated input, so chains of duplications stay bounded. */
const MAX_BYTES = 6 * 1024 * 1024;

function replaceText(b: Uint8Array, f: (s: string) => string): Uint8Array {
  return Buffer.from(f(Buffer.from(b).toString('latin1')), 'latin1');
}

/** Applies one mutation; total, deterministic, and bounded in size. */
export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  switch (m.op) {
    case 'truncate':
      return b.subarray(0, n === 0 ? 0 : m.at % n);
    case 'duplicate': {
      if (n === 0) return b;
      const from = m.from % n;
      const region = b.subarray(from, Math.min(n, from + m.len));
      const to = m.to % (n + 1);
      return cat(b.subarray(0, to), region, b.subarray(to));
    }
    case 'delete': {
      if (n === 0) return b;
      const from = m.from % n;
      return cat(b.subarray(0, from), b.subarray(Math.min(n, from + m.len)));
    }
    case 'flip': {
      if (n === 0) return b;
      const out = new Uint8Array(b);
      m.bytes.forEach((v, k) => { out[(m.at + k * 7919) % n] = v; });
      return out;
    }
    case 'insert': {
      const at = lineStart(b, m.line);
      return cat(b.subarray(0, at), enc.encode(m.snippet), b.subarray(at));
    }
    case 'insertBytes': {
      const at = lineStart(b, m.line);
      return cat(b.subarray(0, at), Uint8Array.from(m.bytes), b.subarray(at));
    }
    case 'hunkCounts': {
      let k = 0;
      return replaceText(b, s => s.replace(/^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/gm, h => (k++ === m.which % Math.max(1, (s.match(/^@@ /gm) ?? []).length) ? `@@ -${m.counts[0]},${m.counts[1]} +${m.counts[2]},${m.counts[3]} @@` : h)));
    }
    case 'quote': {
      const lines = Buffer.from(b).toString('latin1').split('\n');
      const from = m.from % Math.max(1, lines.length);
      const prefix = (m.spaced ? '> ' : '>').repeat(m.depth);
      for (let i = from; i < Math.min(lines.length, from + m.lines); i++) lines[i] = prefix + lines[i];
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'longLine': {
      const at = lineStart(b, m.line);
      return cat(b.subarray(0, at), enc.encode(`${m.unit.repeat(Math.ceil(m.times / m.unit.length))}\n`), b.subarray(at));
    }
    case 'crlf': {
      const s = Buffer.from(b).toString('latin1');
      const from = m.from % Math.max(1, s.length);
      const end = Math.min(s.length, from + m.len);
      const mid = s.slice(from, end).replace(/\n/g, m.lone ? '\r' : '\r\n');
      return Buffer.from(s.slice(0, from) + mid + s.slice(end), 'latin1');
    }
    case 'hugeHeader': {
      const at = lineStart(b, 1);
      const header = m.kind === 'long' ? `X-Long: ${'a'.repeat(m.size)}\n`
        : m.kind === 'folded' ? `Subject: x${'\n\tfolded'.repeat(Math.ceil(m.size / 8))}\n`
          : Array.from({ length: Math.ceil(m.size / 12) }, (_, i) => `X-H${i}: v\n`).join('');
      return cat(b.subarray(0, at), enc.encode(header), b.subarray(at));
    }
    case 'encoding': {
      const at = lineStart(b, 1);
      const type = m.charset === '' ? 'text/plain' : `text/plain; charset="${m.charset}"`;
      return cat(b.subarray(0, at), enc.encode(`MIME-Version: 1.0\nContent-Type: ${type}\nContent-Transfer-Encoding: ${m.cte}\n`), b.subarray(at));
    }
    case 'hostileC': {
      const at = lineStart(b, m.line);
      const body = hostileFunction(m.kind, m.n).split('\n').map(l => `+${l}\n`).join('');
      return cat(b.subarray(0, at), enc.encode(body), b.subarray(at));
    }
  }
}

/** Applies `ms` in order, keeping the result under a size cap. */
export function applyMutations(base: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = base;
  for (const m of ms) {
    b = applyMutation(b, m);
    if (b.length > MAX_BYTES) b = b.subarray(0, MAX_BYTES);
  }
  return b;
}
