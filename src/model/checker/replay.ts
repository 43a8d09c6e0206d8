/**
 * Replay tokens: base64url of `{v, model, config, path}` where path is the list of
 * (action index, fault index) choices from the initial state. A token reproduces a trace
 * exactly as long as the model's action list for that config is unchanged.
 */
import type { Choice } from './types.js';

/** Version of the token format. */
export const REPLAY_VERSION = 1;

/** What a replay token carries. */
export interface ReplayInfo {
  readonly model: string;
  readonly config: string;
  readonly path: readonly Choice[];
}

/** Encodes a path as a token. */
export function encodeReplay(info: ReplayInfo): string {
  const body = {
    v: REPLAY_VERSION,
    m: info.model,
    c: info.config,
    p: info.path.map(c => (c.fault < 0 ? c.action : [c.action, c.fault])),
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes a token; throws an Error with a one-line message when it is malformed. */
export function decodeReplay(token: string): ReplayInfo {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new Error('replay token is not base64url JSON');
  }
  if (typeof body !== 'object' || body === null) throw new Error('replay token is not an object');
  const b = body as { v?: unknown; m?: unknown; c?: unknown; p?: unknown };
  if (b.v !== REPLAY_VERSION) throw new Error(`replay token version ${String(b.v)} is not ${REPLAY_VERSION}`);
  if (typeof b.m !== 'string' || typeof b.c !== 'string' || !Array.isArray(b.p)) {
    throw new Error('replay token lacks model, config or path');
  }
  const path: Choice[] = b.p.map((x: unknown) => {
    if (typeof x === 'number') return { action: x, fault: -1 };
    if (Array.isArray(x) && typeof x[0] === 'number' && typeof x[1] === 'number') return { action: x[0], fault: x[1] };
    throw new Error('replay token path entry is malformed');
  });
  return { model: b.m, config: b.c, path };
}
