import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { readMessages } from '../../../src/mail/read-input.js';
import { parseSubject } from '../../../src/mail/subject.js';
import { buildThreads, flattenThreads } from '../../../src/mail/threads.js';
import type { Message, ThreadNode } from '../../../src/mail/types.js';
import { EXTERNAL_MAIL, SERIES } from '../../helpers/paths.js';

function msg(index: number, id: string | null, inReplyTo: string | null = null, references: string[] = []): Message {
  return {
    ref: { input: 't', index, startLine: index + 1 },
    format: 'mbox',
    messageId: id,
    inReplyTo,
    references,
    from: null,
    date: null,
    subject: parseSubject(id ?? ''),
    headers: [],
    body: { text: '', mimeType: 'text/plain', filename: null, inline: true, startLine: 1, partLine: 1 },
    attachments: [],
    problems: [],
  };
}

/** The forest as nested ids, for readable expectations. */
function shape(nodes: readonly ThreadNode[]): unknown[] {
  return nodes.map(n => (n.children.length ? [n.message.messageId, shape(n.children)] : n.message.messageId));
}

describe('buildThreads', () => {
  it('hangs replies under In-Reply-To, children in input order', () => {
    const forest = buildThreads([msg(0, 'c'), msg(1, 'p1', 'c'), msg(2, 'r1', 'p1'), msg(3, 'p2', 'c'), msg(4, 'r0', 'c')]);
    expect(shape(forest)).toEqual([['c', [['p1', ['r1']], 'p2', 'r0']]]);
  });

  it('falls back to the newest References entry that is present when parents are missing', () => {
    const forest = buildThreads([
      msg(0, 'root'),
      msg(1, 'a', 'missing-1', ['root', 'missing-1']),
      msg(2, 'b', null, ['root', 'a', 'missing-2']),
      msg(3, 'orphan', 'missing-3', ['missing-0']),
    ]);
    expect(shape(forest)).toEqual([['root', [['a', ['b']]]], 'orphan']);
  });

  it('tolerates duplicates, self-replies, missing ids and cycles, keeping every message once', () => {
    const input = [msg(0, 'x', 'y'), msg(1, 'y', 'x'), msg(2, 'x', 'x'), msg(3, null, 'y'), msg(4, 'z', 'z')];
    const forest = buildThreads(input);
    // x↔y is a cycle: x, first in the input, becomes the root; the second "x" replies to the first.
    expect(shape(forest)).toEqual([['x', [['y', [null]], 'x']], 'z']);
    expect(flattenThreads(forest)).toHaveLength(input.length);
  });

  it('is deterministic and complete for any reply graph (property)', () => {
    const arb = fc.array(fc.record({ id: fc.option(fc.integer({ min: 0, max: 12 })), irt: fc.option(fc.integer({ min: 0, max: 14 })), refs: fc.array(fc.integer({ min: 0, max: 14 }), { maxLength: 4 }) }), { maxLength: 30 });
    fc.assert(fc.property(arb, specs => {
      const input = specs.map((s, i) => msg(i, s.id === null ? null : `m${s.id}`, s.irt === null ? null : `m${s.irt}`, s.refs.map(r => `m${r}`)));
      const a = buildThreads(input);
      const flat = flattenThreads(a);
      expect(flat).toHaveLength(input.length);
      expect(new Set(flat).size).toBe(input.length);
      expect(shape(buildThreads(input))).toEqual(shape(a));
    }));
  });

  it('survives a reply chain thousands of levels deep', () => {
    const input = Array.from({ length: 20_000 }, (_, i) => msg(i, `m${i}`, i === 0 ? null : `m${i - 1}`));
    const forest = buildThreads(input);
    expect(forest).toHaveLength(1);
    expect(flattenThreads(forest)).toHaveLength(20_000);
  });

  it('threads a real series under its cover letter', async () => {
    const msgs: Message[] = [];
    for await (const m of readMessages(path.join(SERIES, 'dcd-v4.mbox'))) msgs.push(m);
    const forest = buildThreads(msgs);
    expect(forest).toHaveLength(1);
    expect(forest[0]?.message.subject.index).toBe(0);
    expect(forest[0]?.children).toHaveLength(msgs.length - 1);
  });

  it('threads the b4 follow-up sample: the reply sits under its patch', async () => {
    const msgs: Message[] = [];
    for await (const m of readMessages(path.join(EXTERNAL_MAIL, 'b4/trailers-followup-non-git-patch.mbox'))) msgs.push(m);
    const forest = buildThreads(msgs);
    expect(forest).toHaveLength(1);
    expect(forest[0]?.children.map(c => c.message.subject.isReply)).toEqual([true]);
  });
});
