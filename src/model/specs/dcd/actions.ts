/**
 * The DCD actions: one per (thread, operation step). A thread runs its script in order;
 * each step is atomic and threads interleave between steps (spec §7.2). Each action names
 * the C function(s) it specifies and the locks it takes (metadata for cross-validation).
 */
import { acquire, canAcquire, type LockRequest } from '../../checker/locks.js';
import type { Action, ActionMeta, WaitEdge } from '../../checker/types.js';
import type { ArmedFault, DcdConfig, Op, OpName } from './config.js';
import { th, type Ctx } from './host.js';
import { ADD_STEPS, type StepDef } from './ops-add.js';
import { BIND_STEPS, CREATE_STEPS, MMAP_STEPS, PROBE_STEPS, REGION_SCAN_STEPS, SIZE_STEPS, UNBIND_STEPS, UNLOAD_STEPS, UUID_STEPS } from './ops-probe.js';
import { BAD_EVENT_STEPS, FORCED_STEPS, RELEASE_STEPS, TIMEOUT_STEPS } from './ops-release.js';
import type { DcdState } from './state.js';
import type { VersionRules } from './versions.js';

/** Steps of every operation, in program order (the first is where an op starts). */
export const OP_STEPS: Readonly<Record<OpName, Readonly<Record<string, StepDef<never>>>>> = {
  add: ADD_STEPS, release: RELEASE_STEPS, forced: FORCED_STEPS, badEvent: BAD_EVENT_STEPS,
  timeout: TIMEOUT_STEPS, probe: PROBE_STEPS, regionScan: REGION_SCAN_STEPS, unload: UNLOAD_STEPS, uuidStore: UUID_STEPS,
  sizeStore: SIZE_STEPS, createDevDax: CREATE_STEPS, bindDax: BIND_STEPS, unbindDax: UNBIND_STEPS,
  mmapWrite: MMAP_STEPS,
};

/** Which C function(s) each op step specifies, with its locks and error returns (§2). */
export const STEP_META: Readonly<Record<string, ActionMeta>> = {
  'add.stage': { specifies: ['handle_add_event', 'add_to_pending_list'], spec: '§2.1 OP-ADD-REC',
    locks: [{ lock: 'add_ctx.lock', mode: 'exclusive', how: 'takes' }], errors: ['-ENOSPC', '-ENOMEM'] },
  'add.realize': { specifies: ['cxl_add_pending', 'cxl_realize_group', 'cxl_add_extent', 'online_tag_group'], spec: '§2.1 OP-ADD-PENDING',
    locks: [{ lock: 'add_ctx.lock', mode: 'exclusive', how: 'requires' }, { lock: 'cxl_rwsem.region', mode: 'read', how: 'takes' }],
    errors: ['-EEXIST', '-EINVAL', '-ENXIO', '-EBUSY', '-ENOMEM'],
    effects: ['group gates (registry, dense seq, alignment)', 'xa_alloc', 'dev_set_name', 'device_add',
      'devm_add_action_or_reset(cxlr_dax, dc_extent_unregister)', 'skipDeviceRelease set after the loop (v11)',
      'cxl_region_invalidate_memregion before online (v7 only)'] },
  'add.notify': { specifies: ['cxlr_notify_extent', 'cxl_dax_group_add', 'dax_region_add_resources'], spec: '§2.1 OP-NOTIFY/OP-DAX-ADD',
    locks: [{ lock: 'device_lock(cxlr_dax)', mode: 'exclusive', how: 'takes' }, { lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }],
    errors: ['-ENOMEM', '-ENOSPC'],
    effects: ['alloc dax_resource', '__request_region', 'devm_add_action(extent dev, dax_release_resource)',
      'dev_set_drvdata (last, only on success)', 'rollback all members on failure (v11)',
      'on failure: rm_tag_group with REL (v10) / skipDeviceRelease, no REL (v11)'] },
  'add.daxAdd': { specifies: ['dax_region_add_resource'], spec: '§2.1 OP-DAX-ADD (v4/v7/v10)',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }], errors: ['-ENOMEM', '-ENOSPC'],
    effects: ['__request_region', 'dev_set_drvdata before devm_add_action_or_reset (v4) / after devm_add_action (v5+)'] },
  'add.daxRollback': { specifies: ['dax_region_rm_resource'], spec: '§2.1 OP-DAX-ADD rollback (v10)',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }] },
  'add.v4Reset': { specifies: ['devm_add_action_or_reset', 'dax_release_resource'], spec: '§2.1 v4-24',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }] },
  'add.respond': { specifies: ['cxl_send_dc_response'], spec: '§2.1 OP-ADD-PENDING', effects: ['ADD_DC_RESPONSE'] },
  'release.lookup': { specifies: ['cxl_rm_extent', 'cxl_region_invalidate_memregion'], spec: '§2.2 OP-REL',
    locks: [{ lock: 'cxl_rwsem.region', mode: 'read', how: 'takes' }], errors: ['-ENXIO', '-EINVAL'],
    effects: ['INV before consent (v11)'] },
  'release.consent': { specifies: ['cxlr_notify_extent', 'cxl_dax_group_rm', 'dax_region_rm_resources'], spec: '§2.1 OP-DAX-RM',
    locks: [{ lock: 'device_lock(cxlr_dax)', mode: 'exclusive', how: 'takes' }, { lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }],
    errors: ['-EBUSY', '-ENOMEM'], effects: ['pass 1: any useCnt > 0 ⇒ -EBUSY, nothing changed', 'pass 2: release every member resource, drvdata = NULL'] },
  'release.rmGroup': { specifies: ['rm_tag_group', 'dc_extent_unregister', 'dc_extent_release'], spec: '§2.2 OP-REL',
    locks: [{ lock: 'cxl_rwsem.region', mode: 'read', how: 'requires' }],
    effects: ['cxl_region_invalidate_memregion, rc ignored (v10 only)', 'devm_release_action(dc_extent_unregister) per member',
      'dax_release_resource (no useCnt check)', 'RELEASE_DC per member unless skipDeviceRelease', 'tag unregistered when the group empties'] },
  'release.relExt': { specifies: ['cxl_rm_extent', 'dax_region_rm_resource', 'region_extent_unregister'], spec: '§2.2 OP-REL v7',
    locks: [{ lock: 'device_lock(cxlr_dax)', mode: 'exclusive', how: 'takes' }], errors: ['-EBUSY'],
    effects: ['dax_region_rm_resource (-EBUSY ⇒ skip this extent)', 'cxl_region_invalidate_memregion (rc ignored)',
      'device_unregister', 'RELEASE_DC for this extent'] },
  'forced.log': { specifies: ['cxl_handle_dcd_event_records'], spec: '§2.2 OP-FORCED' },
  'badEvent.dispatch': { specifies: ['cxl_handle_dcd_event_records'], spec: '§2.1 OP-EV', errors: ['-EINVAL'] },
  'timeout.fire': { specifies: ['cxl_dc_add_timeout'], spec: '§2.1 OP-TIMEOUT', locks: [{ lock: 'add_ctx.lock', mode: 'exclusive', how: 'takes' }] },
  'probe.alloc': { specifies: ['cxl_dax_region_probe', 'alloc_dax_region'], spec: '§2.3 OP-PROBE',
    locks: [{ lock: 'device_lock(cxlr_dax)', mode: 'exclusive', how: 'takes' }], errors: ['-EBUSY', '-ENOMEM'] },
  'probe.scan': { specifies: ['cxl_region_add_existing_extents', 'cxl_process_extent_list'], spec: '§2.3 OP-SCAN',
    locks: [{ lock: 'add_ctx.lock', mode: 'exclusive', how: 'takes' }], errors: ['-EAGAIN', '-EIO', '-ENOMEM'] },
  'probe.children': { specifies: ['cxl_dax_add_resource'], spec: '§2.3 OP-PROBE v7/v10' },
  'regionScan.scan': { specifies: ['devm_cxl_add_dax_region', 'cxl_read_extent_list', 'cxl_add_pending'], spec: '§2.3 OP-CREATE-REGION (v7/v10)',
    locks: [{ lock: 'add_ctx.lock', mode: 'exclusive', how: 'takes' }], errors: ['-EAGAIN'], effects: ['ADD_DC_RESPONSE for recovered extents (v10)'] },
  'probe.seed': { specifies: ['devm_create_dev_dax'], spec: '§2.3 OP-PROBE', errors: ['-ENOMEM'] },
  'unload.teardown': { specifies: ['devres_release_all', 'dc_extent_unregister', 'dax_release_resource'], spec: '§2.3 OP-DESTROY-REGION' },
  'uuidStore.store': { specifies: ['uuid_store'], spec: '§2.4 OP-UUID-STORE',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }, { lock: 'dax_dev_rwsem', mode: 'write', how: 'takes' }],
    errors: ['-EOPNOTSUPP', '-EINVAL', '-ENXIO', '-EBUSY', '-ENOENT', '-ENOSPC'] },
  'sizeStore.store': { specifies: ['size_store', 'dev_dax_resize'], spec: '§2.4 OP-SIZE-STORE',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }], errors: ['-EBUSY', '-EOPNOTSUPP', '-ENOSPC'] },
  'createDevDax.create': { specifies: ['__devm_create_dev_dax'], spec: '§2.4 OP-CREATE-DEVDAX', errors: ['-EINVAL'] },
  'bindDax.bind': { specifies: ['dev_dax_probe'], spec: '§2.4 OP-BIND' },
  'unbindDax.unbind': { specifies: ['dev_dax_remove'], spec: '§2.4 OP-BIND' },
  'mmapWrite.write': { specifies: ['dax_mmap'], spec: '§2.4 (user write through a mapping)' },
};

/** Steps that exist only in some versions (§2.6); absent steps get no action. */
export const STEP_EXISTS: Readonly<Record<string, (r: VersionRules) => boolean>> = {
  'add.daxAdd': r => r.daxAdd === 'per-extent',
  'add.daxRollback': r => r.daxAdd === 'per-extent',
  'add.v4Reset': r => r.drvdataBeforeDevm,
  'release.consent': r => r.release === 'group',
  'release.rmGroup': r => r.release === 'group',
  'release.relExt': r => r.release === 'per-extent',
  'probe.scan': r => r.scanAt === 'probe',
  'probe.children': r => r.probeChildScan,
};

/** Fault names as the checker sees them: `point@offset` or `point`. */
export function faultNames(faults: readonly ArmedFault[]): string[] {
  return faults.map(f => (f.at === undefined ? f.point : `${f.point}@${f.at}`));
}

function currentOp(cfg: DcdConfig, s: Readonly<DcdState>, t: string): { op: Op; label: string } | null {
  const cur = th(s, t);
  const op = cfg.threads[t]?.[cur.i];
  if (!op) return null;
  const steps = OP_STEPS[op.op];
  return { op, label: cur.pc !== '' ? cur.pc : (Object.keys(steps)[0] ?? '') };
}

/** Lock the thread's current step needs before it can run, if any. */
export function pendingLock(cfg: DcdConfig, s: Readonly<DcdState>, t: string): LockRequest | null {
  const cur = currentOp(cfg, s, t);
  if (!cur) return null;
  const step = OP_STEPS[cur.op.op][cur.label] as StepDef | undefined;
  return step?.take?.(s as DcdState, ctxFor(cfg, t, undefined).k, cur.op) ?? null;
}

function ctxFor(cfg: DcdConfig, t: string, injected: string | undefined): { k: Ctx; fired: () => boolean } {
  let fired = false;
  const k: Ctx = {
    cfg, t,
    fault: (point, at) => {
      if (injected === undefined) return false;
      if (injected === point || injected === `${point}@${at}`) { fired = true; return true; }
      return false;
    },
  };
  return { k, fired: () => fired };
}

function runStep(cfg: DcdConfig, s: Readonly<DcdState>, t: string, injected: string | undefined): DcdState | null {
  const cur = currentOp(cfg, s, t);
  if (!cur) return null;
  const step = OP_STEPS[cur.op.op][cur.label] as StepDef | undefined;
  if (!step) return null;
  const { k, fired } = ctxFor(cfg, t, injected);
  const req = step.take?.(s as DcdState, k, cur.op) ?? null;
  const withLock: DcdState = req ? { ...s, locks: acquire(s.locks, t, req) } : (s as DcdState);
  const next = step.run(withLock, k, cur.op);
  if (injected !== undefined && !fired()) return null;
  return next;
}

/** Builds the action list of a configuration: (thread × op kind × step) in script order. */
export function buildActions(cfg: DcdConfig): Action<DcdState>[] {
  const faults = faultNames(cfg.faults);
  const out: Action<DcdState>[] = [];
  for (const [t, script] of Object.entries(cfg.threads)) {
    const kinds = [...new Set(script.map(o => o.op))];
    for (const kind of kinds) {
      for (const label of Object.keys(OP_STEPS[kind])) {
        if (!(STEP_EXISTS[`${kind}.${label}`]?.(cfg.rules) ?? true)) continue;
        const meta = STEP_META[`${kind}.${label}`];
        out.push({
          name: `${t}:${kind}.${label}`,
          ...(meta ? { meta } : {}),
          enabled: s => {
            const cur = currentOp(cfg, s, t);
            if (!cur || cur.op.op !== kind || cur.label !== label) return false;
            const req = pendingLock(cfg, s, t);
            return req === null || canAcquire(s.locks, req);
          },
          next: s => runStep(cfg, s, t, undefined) ?? (s as DcdState),
          ...(faults.length > 0 ? { faults, inject: (s: Readonly<DcdState>, f: string) => runStep(cfg, s, t, f) } : {}),
          describe: s => {
            const cur = currentOp(cfg, s, t);
            return `${t}: ${cur ? describeOp(cur.op) : kind}.${label}`;
          },
        });
      }
    }
  }
  return out;
}

/** Short text of an op for traces, e.g. `add(e(0,2,A) M=1)`. */
export function describeOp(op: Op): string {
  const ext = (x: { s: number; l: number; tag: string | null; seq: number }): string =>
    `e(${x.s},${x.l},${x.tag ?? 'null'}${x.seq ? `,${x.seq}` : ''})`;
  switch (op.op) {
    case 'add': return `add(${ext(op.ext)} M=${op.more ? 1 : 0})`;
    case 'release': case 'forced': return `${op.op}(${ext(op.ext)})`;
    case 'uuidStore': return `uuidStore(${op.dev},${op.uuid ?? '0'})`;
    case 'sizeStore': return `sizeStore(${op.dev},${op.size})`;
    case 'createDevDax': return `createDevDax(${op.size})`;
    case 'bindDax': case 'unbindDax': case 'mmapWrite': return `${op.op}(${op.dev})`;
    default: return op.op;
  }
}

/** Wait-for edges: threads whose current step needs a lock someone holds (§3.1, I22). */
export function waits(cfg: DcdConfig, s: Readonly<DcdState>): WaitEdge[] {
  const out: WaitEdge[] = [];
  for (const t of Object.keys(cfg.threads)) {
    const req = pendingLock(cfg, s, t);
    if (!req || canAcquire(s.locks, req)) continue;
    const st = s.locks[req.lock];
    out.push({ waiter: t, lock: req.lock, holders: st ? (st.w !== null ? [st.w] : [...st.r]) : [] });
  }
  return out;
}
