/**
 * Sender addresses as mail and in-body `From:` lines write them, parsed by postal-mime's
 * address parser (RFC 2047 names, comments, quoted names, groups).
 */
import { addressParser } from 'postal-mime';
import { decodeHeaderValue } from './headers.js';
import type { Address } from './types.js';

/**
 * The first mailbox of an address header value (unfolded, not yet RFC 2047-decoded).
 * Whitespace runs in the name collapse to one space. A value without an address gives
 * `{ name: value, address: '' }` (git mailinfo then records no author); an empty value gives null.
 */
export function parseAddress(value: string): Address | null {
  if (value.trim() === '') return null;
  let parsed: ReturnType<typeof addressParser> = [];
  try {
    parsed = addressParser(value, { flatten: true });
  } catch {
    parsed = [];
  }
  const first = parsed[0];
  if (first && first.address !== undefined && first.address !== '') {
    return { name: first.name.replace(/\s+/g, ' ').trim(), address: first.address };
  }
  return { name: decodeHeaderValue(value).replace(/\s+/g, ' ').trim(), address: '' };
}
