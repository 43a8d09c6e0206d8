/**
 * The mail reporter on real lint results: exact reply headers, findings under the quoted diff
 * line they are about, verbatim quoted lines, and a round trip through kvet's own mail and
 * patch readers (the replies parse as an mbox, and each finding comes back as a reviewer
 * comment attached to the quoted line it was written under).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLintInputs } from '../../src/cli/lint-run.js';
import type { Finding } from '../../src/engine/finding.js';
import type { LintResult, PatchRecord } from '../../src/engine/lint-result.js';
import { readMessages } from '../../src/mail/read-input.js';
import type { Message } from '../../src/mail/types.js';
import { toPatch } from '../../src/patch/patch.js';
import { fillTemplate, formatMail, MAIL_TEMPLATE } from '../../src/report/mail.js';
import { ELISION } from '../../src/report/mail-quote.js';
import { SourceIndex } from '../../src/report/source-lines.js';
import { DEFAULT_REPORT_OPTIONS } from '../../src/report/reporter.js';
import { runCli } from '../helpers/run-cli.js';
import { CORPUS, SERIES } from '../helpers/paths.js';

const DEMO = path.join(CORPUS, 'series', '0001-demo-widget-v2.mbox');
const DCD_V4 = path.join(SERIES, 'dcd-v4.mbox');

async function lint(input: string): Promise<LintResult> {
  return (await runLintInputs([input], { all: false, ruleIds: null, jobs: 1, tree: null })).result;
}

async function readAll(file: string, opts: { mboxrd?: boolean } = {}): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of readMessages(file, opts)) out.push(m);
  return out;
}

/** Splits the reporter's mbox text into mails at its `From kvet@localhost` separators. */
function mails(mbox: string): string[] {
  return mbox.split(/^(?=From kvet@localhost )/m).filter(s => s !== '');
}

function header(mail: string, name: string): string | undefined {
  const head = mail.slice(0, mail.indexOf('\n\n'));
  const m = new RegExp(`^${name}: (.*(?:\\n .*)*)`, 'mi').exec(head);
  return m?.[1];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

interface Case {
  readonly name: string;
  readonly input: string;
  readonly patches: number;
  readonly subject: RegExp;
}

const CASES: readonly Case[] = [
  { name: 'dcd-v4', input: DCD_V4, patches: 3, subject: /^Re: \[PATCH v4 \d\d\/28\] / },
  { name: 'demo', input: DEMO, patches: 3, subject: /^Re: \[PATCH v2 \d\/3\] widget: / },
];

describe.each(CASES)('mail reporter on $name', c => {
  let result: LintResult;
  let text: string;
  let index: SourceIndex;
  let withFindings: PatchRecord[];
  beforeAll(async () => {
    result = await lint(c.input);
    text = formatMail(result, DEFAULT_REPORT_OPTIONS);
    index = new SourceIndex(result);
    const seen = new Set<PatchRecord>();
    for (const f of result.findings) {
      const p = index.patchOf(f);
      if (p !== null) seen.add(p);
    }
    withFindings = result.patches.filter(p => seen.has(p));
  });

  it('writes one reply per patch with findings, in series order, with exact headers', () => {
    expect(result.findings.length).toBeGreaterThan(0);
    const ms = mails(text);
    expect(ms).toHaveLength(c.patches);
    expect(withFindings).toHaveLength(c.patches);
    ms.forEach((m, k) => {
      const p = withFindings[k] as PatchRecord;
      expect(m).toMatch(/^From kvet@localhost \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n/);
      expect(header(m, 'From')).toBe('kvet <kvet@localhost>');
      expect(header(m, 'To')).toBe(p.from);
      expect(header(m, 'Subject')).toBe(`Re: ${p.subject}`);
      expect(header(m, 'Subject')).toMatch(c.subject);
      expect(header(m, 'Date')).toBe(p.date);
      expect(header(m, 'In-Reply-To')).toBe(`<${p.messageId}>`);
      const refs = (header(m, 'References') ?? '').split(/\s+/);
      expect(refs[refs.length - 1]).toBe(`<${p.messageId}>`);
      expect(refs.slice(0, -1)).toEqual(p.references.map(r => `<${r}>`));
      expect(header(m, 'Message-ID')).toMatch(/^<kvet\.[0-9a-f]{20}@localhost>$/);
      expect(m).toContain(`\n\nOn ${p.date}, ${p.from} wrote:\n> diff --git a/`);
      expect(m).toMatch(/\n-- \nkvet 0\.1\.0\n\n$/);
    });
    expect(new Set(ms.map(m => header(m, 'Message-ID'))).size).toBe(ms.length);
  });

  it('is reproducible: the same result gives the same bytes', async () => {
    expect(formatMail(await lint(c.input), DEFAULT_REPORT_OPTIONS)).toBe(text);
  });

  it('writes every finding right under the quoted diff line it is about', () => {
    for (const f of result.findings) {
      const src = index.lineAt(f);
      expect(src, `${f.ruleId} ${f.message}`).not.toBeNull();
      const quoted = `> ${src?.line.kind}${src?.line.text}`;
      const [first] = squash(`${f.severity.toUpperCase()}:${f.ruleId}: ${f.message}`).split(' ');
      // The quoted line, one blank line, then the finding (wrapped at 72 columns).
      const at = text.indexOf(`${quoted}\n\n${first}`);
      expect(at, quoted).toBeGreaterThanOrEqual(0);
      const para = text.slice(at + quoted.length + 2).split('\n\n')[0] ?? '';
      const more = text.slice(at + quoted.length + 2).split('\n\n');
      // Several findings on one line follow each other.
      const all = more.slice(0, 4).map(squash).join(' ');
      expect(all).toContain(squash(`${f.severity.toUpperCase()}:${f.ruleId}: ${f.message}`));
      for (const r of f.related) expect(all).toContain(squash(`${r.file}:${r.line}: ${r.message}`));
      expect(para.split('\n').every(l => l.length <= 72 || !l.includes(' '))).toBe(true);
    }
  });

  it('quotes only verbatim diff lines, and only around the findings', () => {
    for (const [k, m] of mails(text).entries()) {
      const p = withFindings[k] as PatchRecord;
      const diffLines = new Set(p.files.flatMap(f => f.hunks.flatMap(h => h.lines.map(l => `${l.kind}${l.text}`))));
      const quoted = m.split('\n').filter(l => l.startsWith('>')).map(l => l.replace(/^> ?/, ''));
      const headers = quoted.filter(l => /^(diff --git |--- |\+\+\+ |@@ )/.test(l) && !diffLines.has(l));
      const body = quoted.filter(l => !headers.includes(l));
      for (const l of body) expect(diffLines.has(l), l).toBe(true);
      expect(body.length).toBeLessThan([...diffLines].length);
      expect(m).toContain(`\n${ELISION}\n`);
    }
  });

  it('re-reads as an mbox of replies whose quoted diff carries the findings as comments on their lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-mail-'));
    const file = path.join(dir, 'replies.mbox');
    writeFileSync(file, text);
    const msgs = await readAll(file, { mboxrd: true });
    expect(msgs).toHaveLength(c.patches);
    for (const [k, msg] of msgs.entries()) {
      const p = withFindings[k] as PatchRecord;
      expect(msg.problems).toEqual([]);
      expect(msg.subject.isReply).toBe(true);
      expect(msg.subject.raw).toBe(`Re: ${p.subject}`);
      expect(msg.inReplyTo).toBe(p.messageId);
      expect(msg.references[msg.references.length - 1]).toBe(p.messageId);
      const reply = toPatch(msg);
      expect(reply.kind).toBe('reply');
      expect(reply.files).toEqual([]);
      const findings = result.findings.filter(f => index.patchOf(f) === p);
      expect(reply.quoted.map(f => f.path)).toEqual([...new Set(findings.map(f => f.location.file))].filter(x => p.files.some(f => f.path === x)));
      for (const f of findings) {
        const src = index.lineAt(f);
        const comment = reply.comments.find(cm => squash(cm.text).includes(squash(f.message)));
        expect(comment, f.message).toBeDefined();
        expect(comment?.file).toBe(f.location.file);
        expect(comment?.quoted?.kind).toBe(src?.line.kind);
        expect(comment?.quoted?.text).toBe(src?.line.text);
      }
      // The closing and signature are not taken for comments on the diff.
      expect(reply.comments.some(cm => cm.text.includes('kvet 0.1.0'))).toBe(false);
    }
    // A reader that does not know the stream is mboxrd splits it the same way.
    expect(await readAll(file)).toHaveLength(c.patches);
  });
});

describe('mail reporter details', () => {
  it('--format mail on the CLI writes the same replies', async () => {
    const r = await runCli(['lint', DEMO, '--format', 'mail']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(formatMail(await lint(DEMO), DEFAULT_REPORT_OPTIONS));
  });

  it('writes nothing for a clean result and no second Re:', async () => {
    const result = await lint(DEMO);
    expect(formatMail({ ...result, findings: [] }, DEFAULT_REPORT_OPTIONS)).toBe('');
    const re = { ...result, patches: result.patches.map(p => ({ ...p, subject: `Re: ${p.subject}` })) };
    expect(formatMail(re, DEFAULT_REPORT_OPTIONS)).not.toMatch(/Re: Re:/);
    expect(formatMail(re, DEFAULT_REPORT_OPTIONS)).toMatch(/^Subject: Re: \[PATCH v2 1\/3\]/m);
  });

  it('quotes body lines that look like mbox separators (mboxrd) and reads them back', async () => {
    const result = await lint(DEMO);
    const [f] = result.findings;
    const patch = new SourceIndex(result).patchOf(f as Finding) as PatchRecord;
    const hostile: Finding = { ...(f as Finding), message: 'x', related: [], location: { file: null, line: null, mailLine: null, patchLine: null } };
    // Wrapping puts `From the desk …` at the start of a body line.
    const from = { ...hostile, message: `${'x'.repeat(80)} From the desk of a reviewer.`, fingerprint: 'h1' };
    const text = formatMail({ ...result, findings: [f as Finding, from], patches: [patch] }, DEFAULT_REPORT_OPTIONS);
    expect(text).toContain('\n>From the desk of a reviewer.\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-mail-'));
    writeFileSync(path.join(dir, 'x.mbox'), text);
    const [msg] = await readAll(path.join(dir, 'x.mbox'), { mboxrd: true });
    expect(msg?.body.text).toContain('\nFrom the desk of a reviewer.\n');
  });

  it('lists findings without a diff line after the quote', async () => {
    const result = await lint(DEMO);
    const [f] = result.findings;
    const commit: Finding = { ...(f as Finding), ruleId: 'patch-spelling', message: 'Misspelled word "Recieve" in the commit message, probably "Receive".', related: [], location: { file: null, line: null, mailLine: 30, patchLine: null }, fingerprint: 'c1' };
    const text = formatMail({ ...result, findings: [f as Finding, commit] }, DEFAULT_REPORT_OPTIONS);
    const quoteEnd = text.lastIndexOf('\n> ');
    const listed = text.indexOf('And elsewhere in the patch:\n\ncommit message:\nWARNING:patch-spelling: Misspelled word "Recieve"');
    expect(listed).toBeGreaterThan(quoteEnd);
    expect(text.indexOf('\n-- \n')).toBeGreaterThan(listed);
  });

  it('fills named placeholders and refuses unknown ones', () => {
    expect(fillTemplate('a ${x}\n\n\n\nb', { x: '1' })).toBe('a 1\n\nb');
    expect(() => fillTemplate('${nope}', {})).toThrow(/unknown placeholder \$\{nope\}/);
    for (const name of ['greeting', 'summary', 'attribution', 'quote', 'unplaced', 'closing', 'signature']) expect(MAIL_TEMPLATE).toContain(`\${${name}}`);
    expect(MAIL_TEMPLATE).toContain('\n-- \n${signature}');
  });

  it('encodes a non-ASCII subject and author name (RFC 2047) and reads them back', async () => {
    const result = await lint(DEMO);
    const patches = result.patches.map(p => ({ ...p, subject: `${p.subject} — Jürgen's fix`, from: 'Jürgen Groß <jg@example.org>' }));
    const text = formatMail({ ...result, patches }, DEFAULT_REPORT_OPTIONS);
    expect(text).not.toMatch(/^(Subject|To): [^\n]*[^\x20-\x7e\n]/m);
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-mail-'));
    writeFileSync(path.join(dir, 'u.mbox'), text);
    const [msg] = await readAll(path.join(dir, 'u.mbox'));
    expect(msg?.subject.raw).toBe(`Re: ${patches[0]?.subject}`);
    expect(msg?.from?.name).toBe('kvet');
    expect(msg?.body.text).toContain('Hi Jürgen,');
  });

  it('quotes a commit message line and writes its finding under it (a real typo, linted end to end)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kvet-mail-'));
    const patch = readFileSync(path.join(CORPUS, 'patches', 'clean-widget.patch'), 'utf8').replace('Count them\n', 'Count them seperately\n');
    const file = path.join(dir, 'typo.patch');
    writeFileSync(file, patch);
    const text = formatMail(await lint(file), DEFAULT_REPORT_OPTIONS);
    const quoted = '> The debugfs summary needs the number of regions of a bus. Count them seperately\n';
    expect(text).toContain(quoted);
    const after = text.slice(text.indexOf(quoted) + quoted.length);
    expect(after).toMatch(/^\nWARNING:patch-spelling: Misspelled word "seperately" in a commit\nmessage, probably "separately"\.\n\n\[\.\.\.\]\n/);
    expect(text).not.toContain('And elsewhere in the patch');
  });
});
