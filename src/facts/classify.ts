/**
 * Kernel API meaning for calls and cleanup.h resources, read from the data tables in
 * `apis/`: lock, resource, devres and drvdata events at CFG nodes.
 */
import type { Cfg } from '../parse/cfg-types.js';
import { GUARD_CLASSES, LOCK_API_BY_NAME } from './apis/locks.js';
import { DEVRES_API_BY_NAME } from './apis/devres.js';
import { DRVDATA_API_BY_NAME } from './apis/drvdata.js';
import { RESOURCE_API_BY_NAME } from './apis/resources.js';
import type { CallSite, DevresOp, DrvdataOp, LockOp, ResourceOp } from './types.js';
import { lockIdentity } from './syntax.js';

/** The device lock is `dev->mutex`: name it that way so `device_lock(dev)` meets `lockdep_assert_held(&dev->mutex)`. */
export function deviceLockIdentity(devExpr: string): string {
  const id = lockIdentity(devExpr);
  return devExpr.trim().startsWith('&') ? `${id}.mutex` : `${id}->mutex`;
}

/** Lock events from calls (`mutex_lock`, `lockdep_assert_held_write`, …). */
export function lockOpsFromCalls(calls: readonly CallSite[]): LockOp[] {
  const out: LockOp[] = [];
  for (const c of calls) {
    const api = LOCK_API_BY_NAME.get(c.callee);
    if (api === undefined) continue;
    const arg = api.arg < 0 ? null : c.args[api.arg] ?? null;
    const lock = api.arg < 0 ? api.class : arg === null ? '?' : api.class === 'device' ? deviceLockIdentity(arg) : lockIdentity(arg);
    out.push({
      op: api.op, api: api.name, lock, class: api.class, mode: api.mode, scoped: null, resource: null,
      result: api.op === 'try' ? { variable: c.assignedTo, acquiredWhen: api.acquiredWhen ?? 'nonzero' } : null,
      node: c.node, span: c.span,
    });
  }
  return out;
}

/** Lock events of cleanup.h guards: acquired at the `acquire` node, released at each `cleanup` node. */
export function lockOpsFromGuards(cfg: Cfg): LockOp[] {
  const out: LockOp[] = [];
  for (const r of cfg.resources) {
    if (r.kind !== 'guard' && r.kind !== 'scoped-guard') continue;
    const cls = GUARD_CLASSES[r.name];
    if (cls === undefined) continue;
    const arg = r.args[0] ?? '';
    const lock = cls.global ?? (cls.class === 'device' ? deviceLockIdentity(arg) : lockIdentity(arg));
    const api = `${r.kind === 'guard' ? 'guard' : 'scoped_guard'}(${r.name})`;
    const scoped = r.kind;
    for (const n of cfg.nodes) {
      if (n.acquires === r.id && n.span !== null) {
        out.push({ op: 'acquire', api, lock, class: cls.class, mode: cls.mode, scoped, resource: r.id, result: null, node: n.id, span: n.span });
      }
      if (n.releases === r.id) {
        out.push({ op: 'release', api, lock, class: cls.class, mode: cls.mode, scoped, resource: r.id, result: null, node: n.id, span: n.span ?? r.span });
      }
    }
  }
  return out;
}

/** Resource acquire/release events from calls, plus `__free()` scope-exit releases. */
export function resourceOps(calls: readonly CallSite[], cfg: Cfg): ResourceOp[] {
  const out: ResourceOp[] = [];
  for (const c of calls) {
    const api = RESOURCE_API_BY_NAME.get(c.callee);
    if (api === undefined) continue;
    const target = api.target === 'ret' ? c.assignedTo : c.args[api.target] ?? null;
    if (target === null && api.op === 'acquire' && !c.inCondition && !c.returned) continue;
    out.push({
      op: api.op, api: api.name, kind: api.kind, target: lockIdentity(target ?? `${c.callee}()`),
      fails: api.op === 'acquire' ? api.fails ?? 'never' : null, node: c.node, span: c.span,
    });
  }
  for (const r of cfg.resources) {
    if (r.kind !== 'free' || r.variable === null) continue;
    for (const n of cfg.nodes) {
      if (n.releases !== r.id) continue;
      out.push({ op: 'release', api: `__free(${r.name})`, kind: 'memory', target: r.variable, fails: null, node: n.id, span: n.span ?? r.span });
    }
  }
  return out;
}

/** devres registrations. */
export function devresOps(calls: readonly CallSite[]): DevresOp[] {
  const out: DevresOp[] = [];
  for (const c of calls) {
    const api = DEVRES_API_BY_NAME.get(c.callee);
    if (api === undefined) continue;
    out.push({
      api: api.name, kind: api.kind, device: c.args[api.devArg] ?? '?',
      action: api.actionArg === undefined ? null : stripAddr(c.args[api.actionArg] ?? null),
      data: api.dataArg === undefined ? null : c.args[api.dataArg] ?? null,
      runsActionOnFailure: api.runsActionOnFailure === true,
      fails: api.fails, assignedTo: c.assignedTo, node: c.node, span: c.span,
    });
  }
  return out;
}

/** drvdata publication: set, clear (set to NULL) and get. */
export function drvdataOps(calls: readonly CallSite[]): DrvdataOp[] {
  const out: DrvdataOp[] = [];
  for (const c of calls) {
    const api = DRVDATA_API_BY_NAME.get(c.callee);
    if (api === undefined) continue;
    const value = api.valueArg === undefined ? null : c.args[api.valueArg] ?? null;
    const op = api.op === 'get' ? 'get' : value === 'NULL' || value === '0' ? 'clear' : 'set';
    out.push({ op, api: api.name, device: c.args[api.devArg] ?? '?', value, node: c.node, span: c.span });
  }
  return out;
}

function stripAddr(s: string | null): string | null {
  if (s === null) return null;
  const t = s.replace(/^\(\s*[^()]*\)\s*/, '').replace(/^&/, '').trim();
  return t;
}
