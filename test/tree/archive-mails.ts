/**
 * Mails of the shared nvdimm archive and series, picked by Message-ID, as mbox text: tests read
 * real list mails where they live instead of keeping copies.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

let archive: Buffer | null = null;

/** The mail whose `Message-ID:` header is `<id>` in `mbox` (raw bytes, `From ` line included); throws when absent. */
export function mailById(mbox: Buffer, id: string): string {
  const needle = Buffer.from(`<${id}>`);
  for (let at = mbox.indexOf(needle); at >= 0; at = mbox.indexOf(needle, at + 1)) {
    const lineStart = mbox.lastIndexOf(0x0a, at) + 1;
    if (!/^message-id:\s*$/i.test(mbox.subarray(lineStart, at).toString('latin1'))) continue;
    const fromAt = mbox.lastIndexOf(Buffer.from('\nFrom '), at);
    const start = fromAt < 0 ? 0 : fromAt + 1;
    const next = mbox.indexOf(Buffer.from('\nFrom '), at);
    return mbox.subarray(start, next < 0 ? mbox.length : next + 1).toString('latin1');
  }
  throw new Error(`no mail with Message-ID <${id}>`);
}

/** The mail `id` of the gzipped archive at `path` (decompressed once per test file). */
export function archiveMail(path: string, id: string): string {
  archive ??= gunzipSync(readFileSync(path));
  return mailById(archive, id);
}

/** The mail `id` of a plain mbox file. */
export function mboxMail(path: string, id: string): string {
  return mailById(readFileSync(path), id);
}
