/**
 * Subject lines of patch mail: `[RFC PATCH v4 24/28] dax/region: Create …`.
 *
 * Rules follow b4's `LoreSubject` and patchwork's `clean_subject` / `parse_series_marker` /
 * `parse_version`, and git mailinfo's `cleanup_subject` for {@link clean}:
 * - only bracket groups at the start are tags; `[PATCH] rewrite [a-z] regexes` keeps `[a-z]`;
 * - nested brackets inside a leading group are flattened (b4);
 * - tokens split on whitespace and commas (`[v7,23/27]`, `[PATCH,RFC]`, patchwork);
 * - glued tokens are split: `PATCHv3` → `PATCH v3` (b4), `PATCH1/8`, `v2PATCH1/4` (patchwork);
 * - a counter is `k/N` with 1–4 digits each, or mercurial's `k of N`;
 * - a version is only `vN` (so `v6.1` is a prefix, not a version), else `(vN)` in the text
 *   (patchwork), else 1;
 * - a reply starts with `Re:`/`Aw:`/`Fwd:`/`Fw:` (any case), with `re ` without a colon
 *   (patchwork), or with any 2–3 letter word and a colon before a `[` (b4: `SV: [PATCH`).
 *
 * Known gap: tokens such as `RFC-v2` or `PATCH-v2` are kept whole (b4 does the same).
 */
import type { SubjectInfo } from './types.js';

const REPLY_PREFIX = /^(?:(?:re|aw|fwd?)\s*:|re\s)\s*/i;
const SHORT_WORD_BEFORE_TAG = /^\w{2,3}:\s*(?=\[)/;
const COUNTER = /^(\d{1,4})\/(\d{1,4})$/;
const HG_COUNTER = /^(\d{1,4}) of (\d{1,4})$/;
const VERSION = /^v(\d{1,6})$/i;
const PAREN_VERSION = /\([vV](\d{1,6})\)/;
/** `v2PATCH1/4`, `PATCHv3`, `RFCv2`, `PATCH1/8`: a keyword with a glued version or counter. */
const GLUED = /^(v\d{1,6})?(patch|rfc|resend)(v\d{1,6})?(\d{1,4}\/\d{1,4})?$/i;

/**
 * Parses a decoded subject into tags, flags, version and counters. Never throws; any string
 * (empty, huge, binary) gives a result. Missing version is 1, missing counters are null.
 */
export function parseSubject(raw: string): SubjectInfo {
  let rest = collapseSpace(raw);
  let isReply = false;
  for (;;) {
    const m = REPLY_PREFIX.exec(rest) ?? SHORT_WORD_BEFORE_TAG.exec(rest);
    if (!m) break;
    isReply = true;
    rest = rest.slice(m[0].length);
  }

  const tags: string[] = [];
  for (;;) {
    rest = rest.replace(/^[\s:]+/, '');
    const group = leadingGroup(rest);
    if (!group) break;
    for (const token of tokenize(group.content)) tags.push(token);
    rest = rest.slice(group.end);
  }

  let isPatch = false;
  let rfc = false;
  let resend = false;
  let version: number | null = null;
  let index: number | null = null;
  let total: number | null = null;
  const prefixes: string[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    const counter = COUNTER.exec(tag) ?? HG_COUNTER.exec(tag);
    const ver = VERSION.exec(tag);
    if (counter) {
      if (index === null) {
        index = Number(counter[1]);
        total = Number(counter[2]);
      }
    } else if (ver) {
      version ??= Number(ver[1]);
    } else if (lower.startsWith('rfc')) {
      rfc = true;
    } else if (lower.startsWith('resend')) {
      resend = true;
    } else if (lower.startsWith('patch')) {
      isPatch = true;
    } else {
      prefixes.push(tag);
    }
  }
  if (version === null) {
    const paren = PAREN_VERSION.exec(rest);
    version = paren ? Number(paren[1]) : 1;
  }

  return {
    raw,
    clean: clean(rest),
    isReply,
    tags,
    isPatch,
    rfc,
    resend,
    prefixes,
    version,
    index,
    total,
  };
}

/**
 * git mailinfo's subject cleanup (`cleanup_subject` + `cleanup_space`): repeatedly drops
 * leading `Re:` (any case), `Fwd:`/`Fw:`/`Aw:` (an extension over git), whitespace, colons and
 * whole bracket groups at the start, then collapses whitespace runs to one space. Brackets
 * later in the subject stay. `'[Navy-patches] [PATCH] Изменён'` → `'Изменён'`.
 */
export function clean(raw: string): string {
  let s = collapseSpace(raw);
  for (;;) {
    const before = s;
    s = s.replace(/^(?:(?:re|aw|fwd?)\s*:|[\s:]+)/i, '');
    if (s.startsWith('[')) {
      const group = leadingGroup(s);
      if (group) s = s.slice(group.end);
    }
    if (s === before) break;
  }
  return s.trim();
}

/** Whitespace runs (folding included) become one space; ends trimmed. */
function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The bracket group at the start of `s` with nested brackets flattened (`[PATCH [v2]]` gives
 * content `PATCH  v2 `). Null when `s` does not start with `[` or never closes it.
 */
function leadingGroup(s: string): { content: string; end: number } | null {
  if (!s.startsWith('[')) return null;
  let depth = 0;
  let content = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') {
      if (depth > 0) content += ' ';
      depth++;
    } else if (c === ']') {
      depth--;
      if (depth === 0) return { content, end: i + 1 };
      content += ' ';
    } else {
      content += c;
    }
  }
  return null;
}

/** Splits a bracket group's content into tags. */
function tokenize(content: string): string[] {
  const words = content.split(/[\s,;]+/).filter(w => w !== '');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const of = words[i + 1];
    const n = words[i + 2];
    if (/^\d{1,4}$/.test(w) && of?.toLowerCase() === 'of' && n !== undefined && /^\d{1,4}$/.test(n)) {
      out.push(`${w} of ${n}`);
      i += 2;
      continue;
    }
    const glued = GLUED.exec(w);
    if (glued) {
      for (const piece of glued.slice(1)) if (piece !== undefined) out.push(piece);
      continue;
    }
    out.push(w);
  }
  return out;
}
