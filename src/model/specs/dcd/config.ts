/**
 * One bounded DCD configuration (TLA+ `.cfg`): version, platform switches, the threads
 * and their scripts of operations, and the armed fault points. No behaviour lives here.
 */
import type { Ext } from './state.js';
import { VERSIONS, type Version, type VersionRules } from './versions.js';

/** Operations a thread may run (spec §2); each becomes a sequence of atomic steps. */
export type Op =
  | { readonly op: 'add'; readonly ext: Ext; readonly more: boolean }
  | { readonly op: 'release'; readonly ext: Ext }
  | { readonly op: 'forced'; readonly ext: Ext }
  | { readonly op: 'badEvent' }
  | { readonly op: 'timeout' }
  | { readonly op: 'probe' }
  | { readonly op: 'regionScan' }
  | { readonly op: 'unload' }
  | { readonly op: 'uuidStore'; readonly dev: string; readonly uuid: string | null }
  | { readonly op: 'sizeStore'; readonly dev: string; readonly size: number }
  | { readonly op: 'createDevDax'; readonly size: number }
  | { readonly op: 'bindDax'; readonly dev: string }
  | { readonly op: 'unbindDax'; readonly dev: string }
  | { readonly op: 'mmapWrite'; readonly dev: string };

/** Names of operations. */
export type OpName = Op['op'];

/** Declared fault-injection points (spec §7.3). */
export type FaultPoint =
  | 'stageAlloc' | 'dcExtentBuild' | 'deviceAdd' | 'daxResAlloc' | 'requestRegion' | 'daxDevm'
  | 'seedCreate';

/** An armed fault: a point, optionally restricted to one extent (DPA offset). */
export interface ArmedFault {
  readonly point: FaultPoint;
  readonly at?: number;
}

/** A bounded configuration of the DCD model. */
export interface DcdConfig {
  readonly id: string;
  readonly version: Version;
  readonly rules: VersionRules;
  /** `cpu_cache_has_invalidate_memregion()` (§0.3); false ⇒ INV returns -ENXIO. */
  readonly archInvalidate: boolean;
  /** really_probe() refuses when devres is already attached (§2.3, [KERNEL]). */
  readonly devresProbeGate: boolean;
  /** The DC partition is sharable (CDAT DSMAS). */
  readonly sharable: boolean;
  /** Device enforces offer order in Add-DC-Response (cxl_test mock, S03b, Q10). */
  readonly mockOrder: boolean;
  /** Device bumps the extent-list generation between every page (S14). */
  readonly genUnstable: boolean;
  /** P split into two EDs → regions r0 [0,32) and r1 [32,64), each ways 1 (S42). */
  readonly split: boolean;
  /** Thread scripts, run concurrently; each thread runs its ops in order. */
  readonly threads: Readonly<Record<string, readonly Op[]>>;
  readonly faults: readonly ArmedFault[];
}

/** A configuration with defaults for everything but the version and threads. */
export function makeConfig(
  version: Version,
  threads: Readonly<Record<string, readonly Op[]>>,
  more: Partial<Omit<DcdConfig, 'version' | 'rules' | 'threads'>> = {},
): DcdConfig {
  return {
    id: more.id ?? `default-${version}`,
    version, rules: VERSIONS[version],
    archInvalidate: more.archInvalidate ?? true,
    devresProbeGate: more.devresProbeGate ?? true,
    sharable: more.sharable ?? false,
    mockOrder: more.mockOrder ?? false,
    genUnstable: more.genUnstable ?? false,
    split: more.split ?? false,
    threads,
    faults: more.faults ?? [],
  };
}

/** `e(off,len,tag,seq)` of §4. */
export function e(s: number, l: number, tag: string | null = null, seq = 0): Ext {
  return { s, l, tag, seq };
}
