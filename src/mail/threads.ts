/**
 * Threads from In-Reply-To and References. A message's parent is the message named by its
 * In-Reply-To, else the newest message of its References that is present; when none is
 * present (parents missing from the input) the message becomes a root. Duplicate
 * Message-IDs: the first message with an id is the one replies attach to. Cycles (forged or
 * broken headers) are cut: the cycle's first message in input order becomes a root.
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
      parent[i] = p;
      break;
    }
  });
  breakCycles(parent);

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

/**
 * Cuts every parent cycle in place, in linear time: the member of a cycle that comes first in
 * the input becomes a root, the rest of the cycle hangs below it.
 */
function breakCycles(parent: number[]): void {
  const state = new Uint8Array(parent.length); // 0 unseen, 1 on the current path, 2 done
  for (let i = 0; i < parent.length; i++) {
    const path: number[] = [];
    let at = i;
    while (at >= 0 && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      at = parent[at] ?? -1;
    }
    if (at >= 0 && state[at] === 1) {
      const cycle = path.slice(path.indexOf(at));
      parent[cycle.reduce((a, b) => Math.min(a, b))] = -1;
    }
    for (const k of path) state[k] = 2;
  }
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
