/** All messages of one input, read through src/mail's `readMessages`. */
import { readMessages } from '../../../../src/mail/read-input.js';
import type { Message } from '../../../../src/mail/types.js';

/** Reads every message of the file `file` (mbox, eml, gzip …) into an array. */
export async function readAll(file: string): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of readMessages(file)) out.push(m);
  return out;
}
