import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clean, parseSubject } from '../../../src/mail/subject.js';
import type { SubjectInfo } from '../../../src/mail/types.js';
import { EXTERNAL_MAIL } from '../../helpers/paths.js';

type Expect = Partial<Omit<SubjectInfo, 'raw'>>;

const CASES: [string, Expect][] = [
  ['[RFC PATCH v4 24/28] dax/region: Create resources on sparse DAX regions',
    { rfc: true, isPatch: true, version: 4, index: 24, total: 28, tags: ['RFC', 'PATCH', 'v4', '24/28'], prefixes: [], clean: 'dax/region: Create resources on sparse DAX regions', isReply: false }],
  ['[PATCH RESEND] nvdimm: fix', { resend: true, isPatch: true, version: 1, index: null, total: null, clean: 'nvdimm: fix' }],
  ['[ndctl PATCH v2 3/6] cxl: add dcd', { prefixes: ['ndctl'], isPatch: true, version: 2, index: 3, total: 6 }],
  ['[PATCHv3] foo', { tags: ['PATCH', 'v3'], version: 3, isPatch: true, clean: 'foo' }],
  ['[PATCH v2 RESEND 1/3] foo', { version: 2, resend: true, index: 1, total: 3 }],
  ['[PATCH 1 of 2] contrib: fix check-commit', { tags: ['PATCH', '1 of 2'], index: 1, total: 2, version: 1 }],
  ['[PATCH 0 of 2] Sample Mercurial patches', { index: 0, total: 2 }],
  ['[v7,23/27] dax/region: Create resources', { version: 7, index: 23, total: 27, isPatch: false, tags: ['v7', '23/27'] }],
  ['[PATCH,RFC] meep', { rfc: true, isPatch: true, clean: 'meep', tags: ['PATCH', 'RFC'] }],
  ['[Navy-patches] [PATCH] Изменён', { prefixes: ['Navy-patches'], isPatch: true, clean: 'Изменён' }],
  ['[PATCH] rewrite [a-z] regexes', { clean: 'rewrite [a-z] regexes', tags: ['PATCH'] }],
  ['[PATCH v6.1 3/5] x', { version: 1, prefixes: ['v6.1'], index: 3, total: 5 }],
  ['[PATCH 3/3 v2] Xyzzy', { version: 2, index: 3, total: 3, clean: 'Xyzzy' }],
  ['[PATCH] meep \n meep', { clean: 'meep meep' }],
  ['[PATCH] [RFC] [1/2] meep', { tags: ['PATCH', 'RFC', '1/2'], rfc: true, index: 1, total: 2, prefixes: [], clean: 'meep' }],
  ['[PATCH1/8] x', { index: 1, total: 8, isPatch: true }],
  ['[v2PATCH1/4] x', { index: 1, total: 4, version: 2, isPatch: true }],
  ['[bar 1 of 2] x', { index: 1, total: 2, prefixes: ['bar'] }],
  ['Hello, world (v2)', { version: 2, tags: [], clean: 'Hello, world (v2)' }],
  ['[PATCH [v2] 1/2] nested', { tags: ['PATCH', 'v2', '1/2'], version: 2, clean: 'nested' }],
  ['[RFCv2 PATCH] x', { rfc: true, version: 2 }],
  ['[net-next PATCH v3 00/12] y', { prefixes: ['net-next'], version: 3, index: 0, total: 12 }],
  ['[git pull] Please pull powerpc.git next branch', { isPatch: false, prefixes: ['git', 'pull'], clean: 'Please pull powerpc.git next branch' }],
  ['[Patch]: Fix ld pr11138 FAILures on mips*.', { isPatch: true, clean: 'Fix ld pr11138 FAILures on mips*.' }],
  ['Re: [PATCH v11 07/31] cxl/region: Add DC DAX region support', { isReply: true, version: 11, index: 7, total: 31, clean: 'cxl/region: Add DC DAX region support' }],
  ['RE: [PATCH] x', { isReply: true, isPatch: true, clean: 'x' }],
  ['Aw: [PATCH] x', { isReply: true }],
  ['Fwd: [PATCH] x', { isReply: true }],
  ['Re: Re: Fwd: meep', { isReply: true, clean: 'meep' }],
  ['re meep', { isReply: true, clean: 'meep' }],
  ['SV: [PATCH] x', { isReply: true }],
  ['Rewrite the parser', { isReply: false, clean: 'Rewrite the parser' }],
  ['Refactor: split foo', { isReply: false }],
  ['', { clean: '', tags: [], version: 1, index: null, total: null, isPatch: false, isReply: false }],
  ['[PATCH 99999/2] too big a counter', { index: null, total: null, prefixes: ['99999/2'] }],
  ['[PATCH unterminated', { tags: [], clean: '[PATCH unterminated' }],
];

describe('parseSubject', () => {
  for (const [raw, expected] of CASES) {
    it(JSON.stringify(raw), () => {
      const got = parseSubject(raw);
      expect(got.raw).toBe(raw);
      expect(got).toMatchObject(expected);
    });
  }

  it('agrees with the reference subject parse of every external sample (computed.json)', () => {
    const computed = JSON.parse(readFileSync(path.join(EXTERNAL_MAIL, 'computed.json'), 'utf8')) as
      Record<string, { subject: string; subject_parse: { is_reply: boolean; version: string | null; index: number | null; total: number | null } }[]>;
    let n = 0;
    for (const [file, msgs] of Object.entries(computed)) {
      for (const m of msgs) {
        // The reference walker knows no Mercurial "k of N"; patchwork does, and so do we (cases above).
        if (/\d of \d/.test(m.subject)) continue;
        const got = parseSubject(m.subject);
        const want = m.subject_parse;
        expect([got.isReply, got.version, got.index, got.total], `${file}: ${m.subject}`)
          .toEqual([want.is_reply, want.version === null ? 1 : Number(want.version), want.index, want.total]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });

  it('never throws and keeps its invariants on any string', () => {
    const alphabet = fc.constantFrom('[', ']', ' ', '\t', '\n', ',', ':', 'v', '1', '2', '/', 'P', 'A', 'T', 'C', 'H', 'R', 'e', 'F', 'w', 'd', 'o', 'f', 'é', '\u0000');
    const subject = fc.oneof(fc.string({ unit: alphabet, maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }));
    fc.assert(fc.property(subject, raw => {
      const s = parseSubject(raw);
      expect(s.raw).toBe(raw);
      expect(Number.isInteger(s.version) && s.version >= 0).toBe(true);
      expect((s.index === null) === (s.total === null)).toBe(true);
      expect(s.clean).toBe(s.clean.trim());
      expect(s.clean).not.toMatch(/\s\s/);
      for (const p of s.prefixes) expect(s.tags).toContain(p);
    }), { numRuns: 2000 });
  });

  it('is linear on hostile input', () => {
    const t0 = performance.now();
    parseSubject(`${'['.repeat(200_000)}x`);
    parseSubject(`[${'a,'.repeat(200_000)}] b`);
    parseSubject(`${'Re: '.repeat(100_000)}x`);
    parseSubject(`${'[a] '.repeat(100_000)}x`);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('clean (git mailinfo cleanup_subject)', () => {
  const cases: [string, string][] = [
    ['Re: [PATCH] foo', 'foo'],
    ['[Patch]: Fix ld', 'Fix ld'],
    ['Re: Re: [a] [b] c', 'c'],
    ['[PATCH] rewrite [a-z] regexes', 'rewrite [a-z] regexes'],
    ['[Navy-patches] [PATCH]\tИзменён  список', 'Изменён список'],
    ['[PATCH 3/3 v2] Xyzzy', 'Xyzzy'],
    ['  \t', ''],
    ['no tags: here', 'no tags: here'],
  ];
  for (const [raw, want] of cases) it(JSON.stringify(raw), () => expect(clean(raw)).toBe(want));
});
