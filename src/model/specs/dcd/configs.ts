/**
 * Default bounded configurations per version (TLA+ `MC.cfg`): a representative
 * concurrent workload — the event thread adds a group and releases it, a user claims,
 * maps, writes, unbinds and trims, with one injectable DAX-add and one online failure.
 * `large` adds a second group and a second user for benchmarking. Bounds, not behaviour.
 */
import { e, makeConfig, type DcdConfig, type Op } from './config.js';
import type { Version } from './versions.js';

/** Size of a default configuration. */
export type ConfigSize = 'default' | 'large';

function workload(version: Version, size: ConfigSize): Record<string, Op[]> {
  const tagged = version === 'v10' || version === 'v11';
  const tag = tagged ? 'A' : null;
  const claim: Op = tagged ? { op: 'uuidStore', dev: 'dax0.1', uuid: 'A' } : { op: 'sizeStore', dev: 'dax0.1', size: 4 };
  const ev: Op[] = [
    { op: 'add', ext: e(0, 2, tag), more: true },
    { op: 'add', ext: e(2, 2, tag), more: false },
    { op: 'release', ext: e(0, 2, tag) },
  ];
  const user: Op[] = [
    claim,
    { op: 'bindDax', dev: 'dax0.1' }, { op: 'mmapWrite', dev: 'dax0.1' },
    { op: 'unbindDax', dev: 'dax0.1' }, { op: 'sizeStore', dev: 'dax0.1', size: 0 },
  ];
  if (size === 'default') return { ev, user };
  const tagB = tagged ? 'B' : null;
  return {
    ev: [...ev.slice(0, 2), { op: 'add', ext: e(8, 2, tagB), more: false }, ev[2] as Op, { op: 'release', ext: e(8, 2, tagB) }],
    user,
    user2: [{ op: 'createDevDax', size: 0 },
      tagged ? { op: 'uuidStore', dev: 'dax0.2', uuid: 'B' } : { op: 'sizeStore', dev: 'dax0.2', size: 2 },
      { op: 'sizeStore', dev: 'dax0.2', size: 0 }],
  };
}

/** The default configuration of `version` (`kvet model check --version V`). */
export function defaultConfig(version: Version, size: ConfigSize = 'default'): DcdConfig {
  return makeConfig(version, workload(version, size), {
    id: `${size}-${version}`,
    faults: [{ point: 'requestRegion', at: 2 }, { point: 'deviceAdd', at: 2 }],
  });
}
