/**
 * Threads from In-Reply-To and References. A message's parent is the message named by its
 * In-Reply-To, else the newest message of its References that is present; when none is
 * present (parents missing from the input) the message becomes a root. Duplicate
 * Message-IDs: the first message with an id is the one replies attach to. Cycles (forged or
 * broken headers) are cut by keeping the message a root.
 */
import type { Message, ThreadNode } from './types.js';

/**
 * Builds the thread forest of `messages`. Deterministic: roots and children keep the order of
 * `messages`, whatever the dates say. Every message appears exactly once.
 */
export function buildThreads(messages: readonly Message[]): ThreadNode[] {
  const byId = new Map<string, number>();
  messages.forEach((m, i) => {
    if (m.messageId !== null && !byId.has(m.messageId)) byId.set(m.messageId, i);
  });

  const parent: number[] = messages.map(() => -1);
  messages.forEach((m, i) => {
    const candidates = [m.inReplyTo, ...[...m.references].reverse()];
    for (const id of candidates) {
      if (id === null) continue;
      const p = byId.get(id);
      if (p === undefined || p === i) continue;
      if (!createsCycle(parent, i, p)) parent[i] = p;
      break;
    }
  });

  // Built without recursion: a hostile reply chain can be thousands of levels deep.
  const nodes = messages.map(message => ({ message, children: [] as ThreadNode[] }));
  const roots: ThreadNode[] = [];
  nodes.forEach((node, i) => {
    const p = parent[i] ?? -1;
    if (p < 0) roots.push(node);
    else nodes[p]?.children.push(node);
  });
  return roots;
}

/** True when making `p` the parent of `i` would close a loop (i is an ancestor of p). */
function createsCycle(parent: readonly number[], i: number, p: number): boolean {
  const seen = new Set<number>();
  for (let at = p; at >= 0 && !seen.has(at); at = parent[at] ?? -1) {
    if (at === i) return true;
    seen.add(at);
  }
  return false;
}

/** Every message of a thread forest, depth first in tree order. */
export function flattenThreads(roots: readonly ThreadNode[]): Message[] {
  const out: Message[] = [];
  const stack: ThreadNode[] = [...roots].reverse();
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    out.push(n.message);
    for (let k = n.children.length - 1; k >= 0; k--) {
      const child = n.children[k];
      if (child) stack.push(child);
    }
  }
  return out;
}
