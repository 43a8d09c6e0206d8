import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InputError, readMessages } from '../../../src/mail/read-input.js';
import type { Message } from '../../../src/mail/types.js';
import { ACCEPTANCE, ARCHIVE, EXTERNAL_MAIL, SEEDS, SERIES } from '../../helpers/paths.js';

async function collect(input: string, opts: Parameters<typeof readMessages>[1] = {}): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of readMessages(input, opts)) out.push(m);
  return out;
}

function stdin(data: string | Buffer, chunk = 7): Readable {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  return Readable.from(pieces);
}

/** Input line `n` (1-based) of a file, CR removed. */
function inputLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map(l => l.replace(/\r+$/, ''));
}

const tmp = mkdtempSync(path.join(tmpdir(), 'kvet-mail-'));

describe('git t5100 sample.mbox', () => {
  const file = path.join(EXTERNAL_MAIL, 'git/t5100-sample.mbox');

  it('splits into 18 messages after the leading whitespace-only lines', async () => {
    const msgs = await collect(file);
    expect(msgs).toHaveLength(18);
    expect(msgs.map(m => m.ref.index)).toEqual([...Array(18).keys()]);
    // The first three lines are blank/TAB-only; the first From_ line is input line 4.
    expect(msgs[0]?.ref.startLine).toBe(4);
    const lines = inputLines(file);
    for (const m of msgs) expect(lines[m.ref.startLine - 1]).toMatch(/^From /);
  });

  it('recognises a format-patch separator per message', async () => {
    const msgs = await collect(file);
    expect(msgs[9]?.format).toBe('format-patch');
    expect(msgs[0]?.format).toBe('mbox');
  });

  it('maps every line of a line-exact body back to the input', async () => {
    const msgs = await collect(file);
    const lines = inputLines(file);
    let checked = 0;
    for (const m of msgs) {
      const { body } = m;
      if (body.startLine === null) continue;
      const text = body.text.split('\n').slice(0, -1);
      text.forEach((t, i) => {
        expect(lines[(body.startLine ?? 0) + i - 1]).toBe(t);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('every series mbox of the corpus', () => {
  const numstat = JSON.parse(readFileSync(path.join(ACCEPTANCE, 'series-numstat.json'), 'utf8')) as Record<string, { messageId: string; subject: string }[]>;
  const files = readdirSync(SERIES).filter(f => f.endsWith('.mbox')).sort();

  it('covers all 16 series', () => {
    expect(files).toHaveLength(16);
    expect(Object.keys(numstat).sort()).toEqual(files);
  });

  for (const f of files) {
    it(`${f}: messages and Message-IDs in order, bodies mapped to input lines`, async () => {
      const file = path.join(SERIES, f);
      const msgs = await collect(file);
      const expected = numstat[f] ?? [];
      expect(msgs.map(m => m.messageId)).toEqual(expected.map(e => e.messageId));
      expect(msgs.map(m => m.subject.raw.replace(/\s+/g, ' '))).toEqual(expected.map(e => e.subject.replace(/\s+/g, ' ')));
      expect(msgs.every(m => m.format === 'mboxrd')).toBe(true);
      const lines = inputLines(file);
      for (const m of msgs) {
        expect(m.problems).toEqual([]);
        const start = m.body.startLine;
        expect(start).not.toBeNull();
        m.body.text.split('\n').slice(0, -1).forEach((t, i) => {
          const raw = lines[(start ?? 0) + i - 1] ?? '';
          expect(raw.replace(/^>(>*From )/, '$1')).toBe(t);
        });
      }
    });
  }
});

describe('mboxrd and mboxo', () => {
  it('unescapes one level of >From in mboxrd (git t5100 sample.mboxrd)', async () => {
    const dir = path.join(EXTERNAL_MAIL, 'git/t5100-mboxrd');
    const msgs = await collect(path.join(dir, 'sample.mboxrd'));
    expect(msgs).toHaveLength(2);
    expect(msgs.every(m => m.format === 'mboxrd')).toBe(true);
    for (const [k, m] of msgs.entries()) {
      const expected = readFileSync(path.join(dir, `000${k + 1}mboxrd`), 'utf8');
      expect(m.body.text.trimEnd()).toBe(expected.trimEnd());
    }
  });

  it('keeps >From in an mboxo file, as git mailsplit does (t5100 quoted-from)', async () => {
    const dir = path.join(EXTERNAL_MAIL, 'git/t5100-quoted-from');
    const [m] = await collect(path.join(dir, 'quoted-from.in'));
    expect(m?.format).toBe('format-patch');
    // The .expect file is mailinfo's commit message: the body up to the `---` line.
    const message = m?.body.text.split('\n---\n')[0] ?? '';
    expect(message.trimEnd()).toBe(readFileSync(path.join(dir, 'quoted-from.expect'), 'utf8').trimEnd());
  });

  it('follows the caller: mboxrd forced on or off', async () => {
    const text = 'From x@y Thu Jan  1 00:00:00 1970\nSubject: a\n\n>From here\n>>From there\n';
    const on = await collect('-', { stdin: stdin(text), mboxrd: true });
    expect(on[0]?.body.text).toBe('From here\n>From there\n');
    const off = await collect('-', { stdin: stdin(text) });
    expect(off[0]?.body.text).toBe('>From here\n>>From there\n');
    const rd = 'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: a\n\n>From here\n';
    expect((await collect('-', { stdin: stdin(rd), mboxrd: false }))[0]?.body.text).toBe('>From here\n');
  });

  it('does not split at body lines that start with "From " but carry no date', async () => {
    const text = 'From a@b Mon Sep 17 00:00:00 2001\nSubject: one\n\nFrom the start\nFrom me to you\n\nFrom c@d Mon Sep 17 00:00:00 2001\nSubject: two\n\nbody\n';
    const msgs = await collect('-', { stdin: stdin(text) });
    expect(msgs.map(m => m.subject.raw)).toEqual(['one', 'two']);
    expect(msgs[0]?.body.text).toBe('From the start\nFrom me to you\n');
    expect(msgs[1]?.ref.startLine).toBe(7);
  });
});

describe('single mails, format-patch files, CRLF', () => {
  it('reads a bare RFC 822 mail without a From_ line as one eml message', async () => {
    const msgs = await collect(path.join(EXTERNAL_MAIL, 'patchwork/0009-git-rename-with-diff.mbox'));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.format).toBe('eml');
    expect(msgs[0]?.ref.startLine).toBe(1);
    expect(msgs[0]?.subject.index).toBe(1);
  });

  it('reads a mail whose first header is not a common one when the block names From/Subject', async () => {
    const text = '\n\nFoo-Bar: 1\nSubject: odd\nFrom: A <a@b.c>\n\nhello\n';
    const [m, ...rest] = await collect('-', { stdin: stdin(text) });
    expect(rest).toEqual([]);
    expect(m?.format).toBe('eml');
    expect(m?.ref.startLine).toBe(3);
    expect(m?.body.startLine).toBe(7);
  });

  it('reads a git format-patch file', async () => {
    const msgs = await collect(path.join(EXTERNAL_MAIL, 'patchwork/0026-git-add-mixed-binary-text-files.mbox'));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.format).toBe('format-patch');
    expect(msgs[0]?.from).toEqual({ name: 'Stephen Finucane', address: 'stephen@that.guru' });
  });

  it('reads CRLF input like LF input', async () => {
    const lf = 'From a@b Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\nMessage-ID: <1@x>\n\nline one\nline two\n\nFrom a@b Mon Sep 17 00:00:00 2001\nSubject: y\n\nz\n';
    const a = await collect('-', { stdin: stdin(lf) });
    const b = await collect('-', { stdin: stdin(lf.replace(/\n/g, '\r\n')) });
    expect(b.map(m => [m.messageId, m.subject.raw, m.body.text, m.body.startLine])).toEqual(a.map(m => [m.messageId, m.subject.raw, m.body.text, m.body.startLine]));
  });
});

describe('gzip and stdin', () => {
  it('detects gzip by magic bytes, whatever the file is called', async () => {
    const src = readFileSync(path.join(SERIES, 'ndctl-dcd-v1.mbox'));
    const gz = path.join(tmp, 'series.mbox');
    writeFileSync(gz, gzipSync(src));
    const plain = await collect(path.join(SERIES, 'ndctl-dcd-v1.mbox'));
    const unzipped = await collect(gz);
    expect(unzipped.map(m => [m.messageId, m.ref.startLine, m.body.startLine])).toEqual(plain.map(m => [m.messageId, m.ref.startLine, m.body.startLine]));
  });

  it('reads stdin in tiny chunks, gzipped or not, with the same result', async () => {
    const src = readFileSync(path.join(EXTERNAL_MAIL, 'git/t5100-sample.mbox'));
    const a = await collect('-', { stdin: stdin(src, 3) });
    const b = await collect('-', { stdin: stdin(gzipSync(src), 1) });
    expect(a).toHaveLength(18);
    expect(b.map(m => m.body.text)).toEqual(a.map(m => m.body.text));
    expect(a.every(m => m.ref.input === '-')).toBe(true);
  });

  it('reads a gzip file of several members (concatenated .gz files)', async () => {
    const a = 'From a@b Mon Sep 17 00:00:00 2001\nSubject: one\n\nx\n\n';
    const b = 'From a@b Mon Sep 17 00:00:00 2001\nSubject: two\n\ny\n';
    const f = path.join(tmp, 'two-members.gz');
    writeFileSync(f, Buffer.concat([gzipSync(a), gzipSync(b)]));
    expect((await collect(f)).map(m => [m.subject.raw, m.ref.startLine])).toEqual([['one', 1], ['two', 6]]);
  });

  it('stops reading when the consumer stops early', async () => {
    let n = 0;
    for await (const m of readMessages(ARCHIVE)) {
      n++;
      if (m.ref.index === 2) break;
    }
    expect(n).toBe(3);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect('-', { stdin: stdin('') })).toEqual([]);
    expect(await collect('-', { stdin: stdin('\n  \n\t\n') })).toEqual([]);
  });
});

describe('whole-input failures are InputError with a one-line message', () => {
  const cases: [string, () => string, RegExp][] = [
    ['missing file', () => path.join(tmp, 'nope.mbox'), /nope\.mbox: no such file$/],
    ['directory', () => tmp, /: is a directory, not a mail file$/],
    ['corrupt gzip', () => {
      const f = path.join(tmp, 'bad.gz');
      const gz = gzipSync(Buffer.from('From a@b Mon Sep 17 00:00:00 2001\nSubject: x\n\nbody\n'.repeat(50)));
      writeFileSync(f, gz.subarray(0, gz.length - 30));
      return f;
    }, /bad\.gz: corrupt gzip data \(/],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const input = make();
      const err = await collect(input).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(message);
      expect((err as InputError).message).not.toContain('\n');
      expect((err as InputError).input).toBe(input);
    });
  }
});

describe('input that is not mail', () => {
  it('hands web pages copied as text to the web-archive reader', async () => {
    for (const f of readdirSync(SEEDS).filter(n => n.endsWith('.txt')).sort()) {
      const msgs = await collect(path.join(SEEDS, f));
      expect(msgs.length, f).toBeGreaterThan(0);
      expect(msgs.every(m => m.format.startsWith('web-') || m.format === 'text'), f).toBe(true);
    }
  });

  it('reads "From " without a date as an mbox separator only when header fields follow', async () => {
    const prose = await collect('-', { stdin: stdin('From the desk of the maintainer\nplease apply\n') });
    expect(prose.map(m => m.format)).toEqual(['text']);
    expect(prose[0]?.body.text).toContain('please apply');
    const sloppy = await collect('-', { stdin: stdin('From someone\nSubject: [PATCH] x\n\nbody\n') });
    expect(sloppy.map(m => [m.format, m.subject.clean, m.body.text, m.body.startLine])).toEqual([['mbox', 'x', 'body\n', 4]]);
  });

  it('does not take a page that starts with "Re: [PATCH …]" and a From: line for a mail', async () => {
    const page = 'Re: [PATCH v2 1/3] foo: bar\nFrom: Some One\nDate: Fri Jun 26 2026 - 19:18:16 EST\nOn 6/25/26, X wrote:\n> hello\n';
    const msgs = await collect('-', { stdin: stdin(page) });
    expect(msgs.every(m => m.format !== 'eml')).toBe(true);
  });
});

describe('the nvdimm archive (14,925 mails, 183 MB, gzip)', () => {
  it('streams through in flat memory and yields every mail', async () => {
    const t0 = performance.now();
    let n = 0;
    let maxHeap = 0;
    let lastLine = 0;
    for await (const m of readMessages(ARCHIVE)) {
      n++;
      expect(m.ref.startLine).toBeGreaterThan(lastLine);
      lastLine = m.ref.startLine;
      if (n % 500 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`archive: ${n} mails in ${seconds.toFixed(1)} s (${Math.round(n / seconds)} mails/s), max heap ${Math.round(maxHeap / 2 ** 20)} MiB`);
    expect(n).toBe(14925);
    // The archive is 183 MB decompressed; holding it would need far more than this.
    expect(maxHeap).toBeLessThan(150 * 2 ** 20);
  }, 120_000);
});
