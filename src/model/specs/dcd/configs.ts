/**
 * Default bounded configurations per version (TLA+ `MC.cfg`): a representative
 * concurrent workload. The event thread adds a two-extent group and a one-extent group and
 * releases both; a user claims, maps, writes, unbinds and trims; a second user creates a
 * dev_dax and claims the second group; the chain watchdog may fire at any time; DAX-add
 * and online failures may be injected. `large` adds an admin thread that unloads and
 * re-probes dax_cxl. Bounds and workload only — no behaviour.
 */
import { e, makeConfig, type DcdConfig, type Op } from './config.js';
import type { Version } from './versions.js';

/** Size of a default configuration. */
export type ConfigSize = 'default' | 'large';

function workload(version: Version, size: ConfigSize): Record<string, Op[]> {
  const tagged = version === 'v10' || version === 'v11';
  const [a, b] = tagged ? ['A', 'B'] : [null, null];
  const claim = (dev: string, uuid: string | null, bytes: number): Op =>
    (tagged ? { op: 'uuidStore', dev, uuid } : { op: 'sizeStore', dev, size: bytes });
  const threads: Record<string, Op[]> = {
    ev: [
      { op: 'add', ext: e(0, 2, a), more: true },
      { op: 'add', ext: e(2, 2, a), more: false },
      { op: 'add', ext: e(8, 2, b), more: false },
      { op: 'release', ext: e(0, 2, a) },
      { op: 'release', ext: e(8, 2, b) },
    ],
    user: [
      claim('dax0.1', a, 4),
      { op: 'bindDax', dev: 'dax0.1' }, { op: 'mmapWrite', dev: 'dax0.1' },
      { op: 'unbindDax', dev: 'dax0.1' }, { op: 'sizeStore', dev: 'dax0.1', size: 0 },
    ],
    user2: [{ op: 'createDevDax', size: 0 }, claim('dax0.2', b, 2), { op: 'sizeStore', dev: 'dax0.2', size: 0 }],
  };
  if (tagged) threads['timer'] = [{ op: 'timeout' }];
  if (size === 'large') threads['admin'] = [{ op: 'unload' }, { op: 'probe' }];
  return threads;
}

/** Fault budget of each configuration size. */
export const DEFAULT_FAULTS: Readonly<Record<ConfigSize, number>> = { default: 1, large: 2 };

/** The default configuration of `version` (`kvet model check --version V`). */
export function defaultConfig(version: Version, size: ConfigSize = 'default'): DcdConfig {
  return makeConfig(version, workload(version, size), {
    id: `${size}-${version}`,
    faults: [{ point: 'requestRegion', at: 2 }, { point: 'deviceAdd', at: 2 }, { point: 'daxDevm', at: 8 }],
  });
}
