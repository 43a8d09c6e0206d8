/**
 * The explorer reproduces each known defect of spec §3/§4 as a counterexample in the
 * versions where the spec says it exists, and finds none in the versions where the spec
 * says it is fixed. Each row is one workload run against several versions.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../../src/model/checker/explore.js';
import { e, makeConfig, type ArmedFault, type Op } from '../../../../src/model/specs/dcd/config.js';
import { buildDcdSpec, type InitialOverrides } from '../../../../src/model/specs/dcd/spec.js';
import type { Version } from '../../../../src/model/specs/dcd/versions.js';

interface Defect {
  readonly name: string;
  readonly spec: string;
  readonly invariant: string;
  readonly present: readonly Version[];
  readonly fixed: readonly Version[];
  readonly threads: (v: Version) => Record<string, Op[]>;
  readonly faults?: readonly ArmedFault[];
  readonly setup?: (v: Version) => Op[];
  readonly init?: InitialOverrides;
}

const tag = (v: Version, t: string): string | null => (v === 'v10' || v === 'v11' ? t : null);

const DEFECTS: readonly Defect[] = [
  { name: 'v4 self-deadlock on the devres failure path', spec: 'S19, IW-v4-24', invariant: 'deadlock',
    present: ['v4'], fixed: ['v7', 'v10', 'v11'],
    threads: () => ({ ev: [{ op: 'add', ext: e(0, 2), more: false }] }), faults: [{ point: 'daxDevm', at: 0 }] },
  { name: 'v7 sparse-grow use-count over-count', spec: 'S34', invariant: 'I3',
    present: ['v4', 'v7'], fixed: ['v10', 'v11'],
    setup: () => [{ op: 'add', ext: e(0, 8), more: false }],
    threads: () => ({ user: [{ op: 'sizeStore', dev: 'dax0.1', size: 2 }, { op: 'sizeStore', dev: 'dax0.1', size: 4 }] }) },
  { name: 'v10 per-extent DAX add rollback racing a claim frees claimed resources', spec: 'S24', invariant: 'I2',
    present: ['v10'], fixed: ['v11'],
    threads: v => ({
      ev: [{ op: 'add', ext: e(0, 2, tag(v, 'A')), more: true }, { op: 'add', ext: e(2, 2, tag(v, 'A')), more: true },
        { op: 'add', ext: e(4, 2, tag(v, 'A')), more: false }],
      user: [{ op: 'uuidStore', dev: 'dax0.1', uuid: 'A' }],
    }), faults: [{ point: 'requestRegion', at: 4 }] },
  { name: 'REL for a never-accepted extent on notify-ADD failure', spec: 'S23, S19, DJ-v10-21', invariant: 'I17',
    present: ['v7', 'v10'], fixed: ['v11'],
    threads: v => ({ ev: [{ op: 'add', ext: e(0, 2, tag(v, 'A')), more: false }] }), faults: [{ point: 'requestRegion', at: 0 }] },
  { name: 'v11 spurious REL when device_add of a member fails', spec: 'S26, SK-14', invariant: 'I17',
    present: ['v11'], fixed: [],
    threads: v => ({ ev: [{ op: 'add', ext: e(0, 2, tag(v, 'A')), more: true }, { op: 'add', ext: e(2, 2, tag(v, 'A')), more: false }] }),
    faults: [{ point: 'deviceAdd', at: 2 }] },
  { name: 'v11 INV before DAX consent leaves a dirty-cache window', spec: 'S22, Q1', invariant: 'I10',
    present: ['v11'], fixed: ['v10'],
    setup: v => [{ op: 'add', ext: e(0, 2, tag(v, 'A')), more: false }, { op: 'uuidStore', dev: 'dax0.1', uuid: 'A' }, { op: 'bindDax', dev: 'dax0.1' }],
    threads: v => ({
      ev: [{ op: 'release', ext: e(0, 2, tag(v, 'A')) }],
      user: [{ op: 'mmapWrite', dev: 'dax0.1' }, { op: 'unbindDax', dev: 'dax0.1' }, { op: 'sizeStore', dev: 'dax0.1', size: 0 }],
    }) },
  { name: 'v11 region teardown frees a claimed dax_resource', spec: 'S40, SK-26', invariant: 'I2',
    present: ['v11'], fixed: [],
    setup: () => [{ op: 'add', ext: e(0, 2, 'A'), more: false }, { op: 'uuidStore', dev: 'dax0.1', uuid: 'A' }],
    threads: () => ({ admin: [{ op: 'unload' }] }) },
  { name: 'v11 probe (stale extentsScanned) vs runtime add ABBA deadlock', spec: 'S41, SK-27', invariant: 'deadlock',
    present: ['v11'], fixed: [], init: { bound: false, scanned: true },
    threads: () => ({ probe: [{ op: 'probe' }], ev: [{ op: 'add', ext: e(0, 2), more: false }] }) },
];

function violated(d: Defect, v: Version): string[] {
  const cfg = makeConfig(v, d.threads(v), { faults: d.faults ?? [] });
  const spec = buildDcdSpec(cfg, d.init ?? {}, d.setup?.(v) ?? []);
  const r = explore(spec, { maxFaults: d.faults ? 1 : 0 });
  expect(r.exhaustive).toBe(true);
  return r.violations.map(x => x.invariant);
}

describe('known defects per version (spec §3/§4)', () => {
  for (const d of DEFECTS) {
    for (const v of d.present) {
      it(`${d.name}: reproduced in ${v} (${d.invariant}, ${d.spec})`, () => {
        expect(violated(d, v)).toContain(d.invariant);
      });
    }
    for (const v of d.fixed) {
      it(`${d.name}: absent in ${v}`, () => {
        expect(violated(d, v)).not.toContain(d.invariant);
      });
    }
  }
});
