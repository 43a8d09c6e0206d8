/**
 * `--format mail`: one review reply per patch with findings, as a maintainer could send it,
 * all of them in one mboxrd stream (`From kvet@localhost <date>` separators, `>From ` quoting).
 *
 * Each reply answers the patch mail (`Re:` subject, In-Reply-To and References to it), is
 * addressed to the patch author, quotes only the hunk lines around each finding and its
 * evidence, and puts each finding under the line it is about (interleaved, no top-posting),
 * closing with the `-- ` signature delimiter. The body comes from a template with named
 * `${placeholders}`, in the manner of b4's review-reply-template.example.
 *
 * Reproducible: no clock. Date is the patch's own Date (none when it had none), the mbox
 * separator date is derived from it, and the Message-ID is a hash of the patch's Message-ID
 * and the fingerprints of the findings in the reply.
 *
 * Known limits: the reply has no Cc (the patch record keeps no list addresses); findings
 * labelled `fixed` (a later version no longer has them) get no reply: that version is
 * superseded.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import { escapeMboxrdLine } from '../mail/mbox.js';
import { findingParagraph, placeOf, quotePatch, wrap, WRAP } from './mail-quote.js';
import type { ReportOptions } from './reporter.js';
import { SourceIndex } from './source-lines.js';

/** The sender of every reply: a placeholder reviewer the user replaces before sending. */
export const MAIL_FROM = 'kvet <kvet@localhost>';

/**
 * The reply body. Placeholders: `${greeting}`, `${summary}`, `${attribution}` (`On <date>,
 * <author> wrote:`), `${quote}` (the interleaved quote with the findings), `${unplaced}`
 * (findings without a diff line), `${closing}`, `${signature}`. Runs of blank lines an empty
 * placeholder leaves are collapsed to one.
 */
export const MAIL_TEMPLATE = `\${greeting}

\${summary}

\${attribution}
\${quote}

\${unplaced}

\${closing}

-- 
\${signature}
`;

/** Values for the placeholders of {@link MAIL_TEMPLATE}. */
export type MailTemplateValues = Readonly<Record<'greeting' | 'summary' | 'attribution' | 'quote' | 'unplaced' | 'closing' | 'signature', string>>;

/** Replaces every `${name}`; an unknown name is an error (a typo in a template must not be sent). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const filled = template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`mail template: unknown placeholder \${${name}}`);
    return v;
  });
  return filled.replace(/\n{3,}/g, '\n\n');
}

/** The reporter: an mboxrd stream of replies, '' when no patch has a finding. */
export function formatMail(result: LintResult, opts: Pick<ReportOptions, 'toolVersion'>, template: string = MAIL_TEMPLATE): string {
  const index = new SourceIndex(result);
  const byPatch = new Map<PatchRecord, Finding[]>();
  for (const f of result.findings) {
    if (f.status === 'fixed') continue;
    const p = index.patchOf(f);
    if (p === null) continue;
    byPatch.set(p, [...(byPatch.get(p) ?? []), f]);
  }
  // Series order: where the patch stands among the patches of the run.
  const position = (p: PatchRecord): number => result.patches.findIndex(r => r.input === p.input && r.messageId === p.messageId);
  const mails = [...byPatch].sort(([a], [b]) => position(a) - position(b))
    .map(([p, findings]) => mboxEntry(p, findings, opts.toolVersion, template));
  return mails.join('');
}

/** One reply with its `From ` separator, body lines mboxrd-quoted, ending in a blank line. */
function mboxEntry(p: PatchRecord, findings: readonly Finding[], version: string, template: string): string {
  const headers = replyHeaders(p, findings);
  const body = replyBody(p, findings, version, template);
  const lines = body.replace(/\n+$/, '').split('\n').map(escapeMboxrdLine);
  return `From kvet@localhost ${asctime(p.date)}\n${headers.join('\n')}\n\n${lines.join('\n')}\n\n`;
}

/** Header lines of the reply (folded, non-ASCII as RFC 2047 encoded words). */
export function replyHeaders(p: PatchRecord, findings: readonly Finding[]): string[] {
  const subject = oneLine(p.subject);
  const h: string[] = [`From: ${MAIL_FROM}`];
  if (p.from !== null) h.push(`To: ${encodeAddress(oneLine(p.from))}`);
  h.push(`Subject: ${encodeWords(/^re:/i.test(subject) ? subject : `Re: ${subject}`)}`);
  if (p.date !== null) h.push(`Date: ${oneLine(p.date)}`);
  h.push(`Message-ID: <${replyMessageId(p, findings)}>`);
  if (p.messageId !== null) {
    h.push(`In-Reply-To: <${p.messageId}>`);
    const refs = [...p.references.filter(r => r !== p.messageId), p.messageId].map(r => `<${r}>`);
    h.push(`References: ${refs.join('\n ')}`);
  }
  h.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
  return h;
}

/** Message-ID of the reply: the same patch and findings give the same id. */
export function replyMessageId(p: PatchRecord, findings: readonly Finding[]): string {
  const hash = createHash('sha256');
  hash.update(`${p.input}\u0000${p.messageId ?? p.subject}\u0000`);
  for (const fp of findings.map(f => f.fingerprint).sort()) hash.update(`${fp}\u0000`);
  return `kvet.${hash.digest('hex').slice(0, 20)}@localhost`;
}

function replyBody(p: PatchRecord, findings: readonly Finding[], version: string, template: string): string {
  const { quote, unplaced } = quotePatch(p, findings);
  const author = p.from ?? 'the author';
  const unplacedText = unplaced.length === 0 ? '' : [
    ...wrap(quote === '' ? 'kvet found these in the patch:' : 'And elsewhere in the patch:', WRAP),
    '',
    ...unplaced.flatMap(f => [`${placeOf(f.location)}:`, ...findingParagraph(f), '']),
  ].join('\n');
  const values: MailTemplateValues = {
    greeting: `Hi ${firstName(p.from)},`,
    summary: wrap(`kvet, an automated checker, found ${counted(findings)} in this patch. ${
      quote === '' ? 'They are listed below.' : 'Each is written below the line it is about; please check them before acting on them.'}`, WRAP).join('\n'),
    attribution: p.date === null ? `${author} wrote:` : `On ${p.date}, ${author} wrote:`,
    quote,
    unplaced: unplacedText,
    closing: 'Thanks,',
    signature: `kvet ${version}`,
  };
  return fillTemplate(template, values);
}

const NOUN: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'note' };

function counted(findings: readonly Finding[]): string {
  const parts = (['error', 'warning', 'note'] as const)
    .map(s => ({ s, n: findings.filter(f => f.severity === s).length }))
    .filter(x => x.n > 0)
    .map(x => `${x.n} ${NOUN[x.s]}${x.n === 1 ? '' : 's'}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

function firstName(from: string | null): string {
  const name = from?.replace(/<[^>]*>/, '').replace(/"/g, '').trim() ?? '';
  const first = name.split(/\s+/)[0] ?? '';
  return first === '' || first.includes('@') ? 'there' : first;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+\s*/g, ' ').trim();
}

/** RFC 2047 B-encoding of a header value with non-ASCII characters, in chunks that stay valid UTF-8. */
export function encodeWords(value: string): string {
  if (!/[^\x20-\x7e]/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map(w => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\n ');
}

/** `Name <addr>` with only the name encoded when it needs to be. */
function encodeAddress(value: string): string {
  const m = /^(.*?)\s*<([^>]*)>$/.exec(value);
  if (m === null) return encodeWords(value);
  const name = m[1] ?? '';
  if (name === '') return `<${m[2] ?? ''}>`;
  const shown = /[^\x20-\x7e]/.test(name) ? encodeWords(name) : /[()<>@,;:\\".[\]]/.test(name) && !/^".*"$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
  return `${shown} <${m[2] ?? ''}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The mbox separator date (`Mon Oct  7 18:16:30 2024`, UTC) of a Date header; the epoch when unreadable. */
export function asctime(date: string | null): string {
  const t = date === null ? Number.NaN : Date.parse(date);
  const d = new Date(Number.isNaN(t) ? 0 : t);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}
