/**
 * Series: patches grouped by thread, version and total, the cover letter found, patches
 * ordered by index, gaps and duplicates (RESENDs) reported.
 */
import type { IngestProblem } from '../mail/types.js';
import type { Patch, Series } from './types.js';

interface Group {
  readonly version: number;
  readonly total: number;
  readonly root: string | null;
  cover: Patch | null;
  readonly byIndex: Map<number, Patch>;
  readonly problems: IngestProblem[];
}

function whereOf(p: Patch): string {
  return `${p.message.ref.input}: message ${p.message.ref.index + 1}`;
}

/**
 * The thread a mail belongs to: the first of its References; without References, the end of
 * its In-Reply-To chain through the mails at hand (`--chain-reply-to` without References);
 * null for a mail that answers nothing.
 */
function threadRoot(p: Patch, byId: ReadonlyMap<string, Patch>): string | null {
  const first = p.message.references[0];
  if (first !== undefined) return first;
  let parent = p.message.inReplyTo;
  const seen = new Set<string>();
  while (parent !== null && !seen.has(parent)) {
    seen.add(parent);
    const up = byId.get(parent);
    if (!up) return parent;
    const next = up.message.references[0] ?? up.message.inReplyTo;
    if (next === null) return parent;
    parent = next;
  }
  return parent;
}

/**
 * Groups the patches and cover letters of `patches` into series, in order of first
 * appearance. Mails are grouped by version, total and thread (a cover letter is its
 * thread's root); mails without thread headers group by author instead; a patch without a
 * `k/N` counter also by its subject. Replies and
 * 'other' mails are left out, except that a thread root by the series' author that carries
 * no `0/N` tag is taken as the cover letter (b4's naked cover letter). A patch index seen
 * twice in a thread, and a whole series posted again in another thread, are reported.
 */
export function groupSeries(patches: readonly Patch[]): Series[] {
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  const byId = new Map<string, Patch>();
  for (const p of patches) if (p.message.messageId !== null && !byId.has(p.message.messageId)) byId.set(p.message.messageId, p);
  for (const p of patches) {
    const s = p.message.subject;
    // A `[PATCH k/N]` mail without a diff still holds its slot (reported below).
    const tagged = p.kind === 'other' && s.isPatch && s.index !== null;
    if (s.isReply || (p.kind !== 'patch' && p.kind !== 'cover' && !tagged)) continue;
    // An untagged cover (diffstat, no `0/N`) joins through its thread: see nakedCover.
    if (p.kind === 'cover' && s.index !== 0) continue;
    const version = s.version;
    const total = s.total ?? 1;
    const isCover = s.index === 0;
    const root = isCover ? threadRoot(p, byId) ?? p.message.messageId : threadRoot(p, byId);
    // A mail without a k/N counter is a series of its own: two such patches in one thread (or
    // by one author, unthreaded) are the same series only when their subjects agree (a repost).
    const single = s.total === null ? `/${s.clean}` : '';
    const key = `${version}/${total}/${root ?? `author:${p.author ?? ''}`}${single}`;
    let g = groups.get(key);
    if (!g) {
      g = { version, total, root, cover: null, byIndex: new Map(), problems: [] };
      groups.set(key, g);
      order.push(g);
    }
    if (isCover) {
      if (g.cover) g.problems.push({ message: `Second cover letter (${describe(p)}); the first is kept.`, where: whereOf(p) });
      else g.cover = p;
      continue;
    }
    const index = s.index ?? 1;
    const seen = g.byIndex.get(index);
    if (seen) {
      g.problems.push({
        message: `Patch ${index}/${total} posted again (${describe(p)}); the first copy is kept.`,
        where: whereOf(p),
      });
      continue;
    }
    if (p.kind !== 'patch') {
      g.problems.push({ message: `Patch ${index}/${total} carries no diff.`, where: whereOf(p) });
    }
    if (index < 1 || index > total) {
      g.problems.push({ message: `Patch index ${index} is outside 1..${total}.`, where: whereOf(p) });
    }
    g.byIndex.set(index, p);
  }
  for (const g of order) if (!g.cover) g.cover = nakedCover(g, patches);
  reportReposts(order);
  return order.map(toSeries);
}

/**
 * The same series (version, total, author and subjects) posted again in another thread, as
 * a RESEND usually is: each later copy says which one came first.
 */
function reportReposts(order: readonly Group[]): void {
  const firstOf = new Map<string, Group>();
  for (const g of order) {
    const mails = [...(g.cover ? [g.cover] : []), ...[...g.byIndex.entries()].sort(([a], [b]) => a - b).map(([, p]) => p)];
    const head = mails[0];
    if (!head) continue;
    const author = head.message.from?.address.toLowerCase() ?? '';
    const key = [g.version, g.total, author, ...mails.map(p => `${p.message.subject.index ?? 1}:${p.message.subject.clean}`)].join('\n');
    const first = firstOf.get(key);
    if (!first) {
      firstOf.set(key, g);
      continue;
    }
    const shown = first.cover ?? [...first.byIndex.values()][0];
    g.problems.push({
      message: `Series posted again in another thread${head.message.subject.resend ? ' (RESEND)' : ''}; first posted as ${shown ? describe(shown) : 'an earlier thread'}.`,
      where: whereOf(head),
    });
  }
}

function describe(p: Patch): string {
  return p.message.subject.raw || `message ${p.message.ref.index + 1}`;
}

/** A non-reply, untagged thread root by the same author as the series' patches. */
function nakedCover(g: Group, all: readonly Patch[]): Patch | null {
  if (g.root === null) return null;
  const authors = new Set([...g.byIndex.values()].map(p => p.message.from?.address.toLowerCase() ?? null));
  const candidate = all.find(p => p.message.messageId === g.root);
  if (!candidate || candidate.message.subject.isReply || candidate.files.length > 0) return null;
  if (candidate.message.subject.index !== null) return null;
  const author = candidate.message.from?.address.toLowerCase() ?? null;
  return author !== null && authors.size === 1 && authors.has(author) ? candidate : null;
}

function toSeries(g: Group): Series {
  const indexes = [...g.byIndex.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let k = 1; k <= g.total; k++) if (!g.byIndex.has(k)) missing.push(k);
  const problems = [...g.problems];
  const first = g.cover ?? g.byIndex.get(indexes[0] ?? -1) ?? null;
  if (missing.length > 0) {
    problems.push({
      message: `Patch${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} of ${g.total} missing.`,
      where: first ? whereOf(first) : 'series',
    });
  }
  return {
    version: g.version,
    total: g.total,
    subject: first ? first.subject ?? first.message.subject.clean : '',
    cover: g.cover,
    patches: indexes.map(k => g.byIndex.get(k) as Patch),
    missing,
    problems,
  };
}
