/**
 * Static side B of cross-validation: what the C of a series does for the functions a model
 * step names, observed from Facts (and function summaries and path simulation over them).
 * Every observation has a normalised `value` that compare.ts matches against the model's
 * expectation, a sentence for the reader, and the C line that shows it.
 *
 * Known false-negative sources: hunk mode (a function the series never shows is `unseen`);
 * locks taken through a local alias the facts cannot name; error codes that only travel in a
 * variable (`return rc`) are not attributed to a callee.
 */
import { CALLBACK_API_BY_NAME } from '../facts/apis/callbacks.js';
import type { FnVersion, SeriesIndex } from './series-index.js';

/** What the C shows for one contract. `value` null: nothing seen to judge. */
export interface Observation {
  readonly value: string | null;
  readonly text: string;
  readonly fn: string | null;
  readonly at: FnVersion | null;
  readonly line: number | null;
}

const NONE = (fn: string | null, text: string): Observation => ({ value: null, text, fn, at: null, line: null });

/** How the model's lock names appear as normalised C lock identities. */
export const LOCK_PATTERNS: Readonly<Record<string, RegExp>> = {
  dax_region_rwsem: /^dax_region_rwsem$/,
  dax_dev_rwsem: /^dax_dev_rwsem$/,
  'cxl_rwsem.region': /^(cxl_rwsem\.region|cxl_region_rwsem)$/,
  'device_lock(cxlr_dax)': /\bdev(\.|->)mutex$/,
  // `struct cxl_dc_add_ctx *ctx = &mds->add_ctx; guard(mutex)(&ctx->lock);`: the facts name the alias
  'add_ctx.lock': /(^|\b)(add_)?ctx(\.|->)lock$/,
  cxl_tag_lock: /^cxl_tag_lock$/,
};

/** The model's name for cache invalidation (INV in the spec). */
export const INV = 'cxl_region_invalidate_memregion';

/** Series functions reachable from `roots` within `depth` call edges (roots first, breadth-first). */
export function closure(ix: SeriesIndex, roots: readonly string[], depth = 4): string[] {
  const out = roots.filter(r => ix.has(r));
  let frontier = [...out];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const f of frontier) {
      for (const e of ix.callees(f)) if (ix.has(e.to) && !out.includes(e.to)) { out.push(e.to); next.push(e.to); }
    }
    frontier = next;
  }
  return out;
}

/** Where and in which mode the functions `fns` (or their callees) take the model lock `lock`. */
export function observeLockTaken(ix: SeriesIndex, fns: readonly string[], lock: string): Observation {
  const re = LOCK_PATTERNS[lock];
  if (re === undefined) return NONE(null, `no C name known for model lock ${lock}`);
  // the named functions themselves first, then what they call
  for (const deep of [false, true]) {
    for (const name of fns) {
      for (const f of deep ? closure(ix, [name], 3).slice(1) : [name]) {
        for (const v of ix.bodies(f)) {
          const l = v.fn.locks.find(x => (x.op === 'acquire' || x.op === 'try') && re.test(x.lock));
          if (l === undefined) continue;
          const via = f === name ? '' : ` (in ${f}(), called from ${name}())`;
          return { value: l.mode === 'any' ? 'exclusive' : l.mode, text: `${l.api}(${l.lock}) at ${v.file.path}:${l.span.line}${via}`, fn: f, at: v, line: l.span.line };
        }
      }
    }
  }
  const seen = fns.filter(f => ix.has(f));
  // cleanup.h ACQUIRE(class, var)(&lock): the facts do not name the lock; say so instead of guessing
  for (const name of seen) {
    for (const v of ix.bodies(name)) {
      const a = v.fn.calls.find(c => c.callee === 'ACQUIRE');
      if (a !== undefined) return NONE(name, `${name}() uses ${a.callee}(${a.args.join(', ')}) at line ${a.span.line}, whose lock the facts do not name`);
    }
  }
  const def = seen.map(f => ix.definition(f)).find(d => d?.fn.complete === true) ?? null;
  if (def !== null) return { value: 'none', text: `no ${lock} taken in ${seen.join(', ')}() or callees`, fn: def.fn.name, at: def, line: def.fn.span.line };
  return NONE(seen[0] ?? null, seen.length === 0 ? 'function not in the series' : `no ${lock} taken in the parts of ${seen.join(', ')}() the series shows`);
}

/** Whether `fns` assert `lock` held, or a series function that takes it calls them. */
export function observeLockRequired(ix: SeriesIndex, fns: readonly string[], lock: string): Observation {
  const re = LOCK_PATTERNS[lock];
  if (re === undefined) return NONE(null, `no C name known for model lock ${lock}`);
  for (const name of fns) {
    for (const v of ix.bodies(name)) {
      const a = v.fn.locks.find(x => x.op === 'assert' && re.test(x.lock));
      if (a !== undefined) return { value: a.mode === 'any' ? 'exclusive' : a.mode, text: `${a.api}(${a.lock}) at ${v.file.path}:${a.span.line}`, fn: name, at: v, line: a.span.line };
    }
  }
  for (const [caller] of ix.byName) {
    for (const v of ix.bodies(caller)) {
      const l = v.fn.locks.find(x => x.op === 'acquire' && re.test(x.lock));
      const c = l === undefined ? undefined : v.fn.calls.find(k => fns.includes(k.callee) && k.node > l.node);
      if (l !== undefined && c !== undefined) {
        return { value: l.mode === 'any' ? 'exclusive' : l.mode, text: `${caller}() takes ${l.lock} at line ${l.span.line} and calls ${c.callee}() at line ${c.span.line}`, fn: caller, at: v, line: c.span.line };
      }
    }
  }
  const seen = fns.filter(f => ix.has(f));
  return NONE(seen[0] ?? null, seen.length === 0 ? 'function not in the series' : `no assert of ${lock} and no caller holding it seen`);
}

/** Error codes the functions return literally (`return -EBUSY;`), with the first site. */
export function observeErrnos(ix: SeriesIndex, fns: readonly string[]): { code: string; fn: string; at: FnVersion; line: number }[] {
  const out: { code: string; fn: string; at: FnVersion; line: number }[] = [];
  for (const name of fns) {
    const def = ix.definition(name);
    if (def === null) continue;
    for (const r of def.fn.returns) {
      const m = /^-\s*(E[A-Z0-9]+)$/.exec(r.text.trim()) ?? /^ERR_PTR\(\s*-\s*(E[A-Z0-9]+)\s*\)$/.exec(r.text.trim());
      if (m?.[1] !== undefined && !out.some(o => o.code === `-${m[1]}`)) out.push({ code: `-${m[1]}`, fn: name, at: def, line: r.span.line });
    }
  }
  return out;
}

/** Error exits of complete definitions that leave a resource acquired or drvdata published. */
export function observeErrorExits(ix: SeriesIndex, fns: readonly string[]): Observation {
  let judged: string | null = null;
  for (const name of fns) {
    const def = ix.definition(name);
    if (def === null || !def.fn.complete) continue;
    judged ??= name;
    const sim = ix.services.simulate(def.fn);
    for (const p of sim.paths) {
      if (p.error !== 'yes') continue;
      const line = p.returnNode === null ? def.fn.span.endLine : def.fn.cfg.nodes[p.returnNode]?.span?.line ?? def.fn.span.endLine;
      const pub = p.published[0];
      if (pub !== undefined) return { value: 'changed', text: `error return at line ${line} leaves drvdata of ${pub.device} = ${pub.value} (set at line ${pub.line})`, fn: name, at: def, line };
      // a callee on the path that releases the same kind (`__dax_release_resource(r)` frees
      // `r->res`, which aliases the `__request_region()` result) counts as the undo
      const undone = (kind: string): boolean => p.nodes.some(n => def.fn.calls.some(c => c.node === n
        && [c.callee, callbackOf(c)].some(t => t !== null && releasesKind(ix, t, kind))));
      const live = p.live.find(l => l.checked && l.op.kind !== 'memory' && !undone(l.op.kind));
      if (live !== undefined) return { value: 'changed', text: `error return at line ${line} leaves ${live.op.api}(${live.op.target}) (line ${live.op.span.line}) acquired`, fn: name, at: def, line };
    }
  }
  return judged === null ? NONE(fns.find(f => ix.has(f)) ?? null, 'no complete definition in the series') : { value: 'unchanged', text: `every error exit of ${judged}() and the other named functions undoes what it did`, fn: judged, at: ix.definition(judged), line: null };
}

/** The function an API call runs as a callback (`devm_add_action_or_reset(dev, cb, data)` → `cb`). */
function callbackOf(c: { callee: string; args: readonly string[] }): string | null {
  const cb = CALLBACK_API_BY_NAME.get(c.callee);
  const t = cb === undefined ? undefined : c.args[cb.callbackArg]?.replace(/^&/, '').trim();
  return t !== undefined && /^\w+$/.test(t) ? t : null;
}

/** Whether `name` (or what it calls, two levels down) releases a resource of `kind`. */
function releasesKind(ix: SeriesIndex, name: string, kind: string): boolean {
  return closure(ix, [name], 2).some(f => ix.definition(f)?.fn.resources.some(r => r.op === 'release' && r.kind === kind) ?? false);
}

/** drvdata published before or after the devres registration, and whether on an error path. */
export function observeDrvdataOrder(ix: SeriesIndex, fns: readonly string[]): Observation {
  for (const name of closure(ix, fns, 3)) {
    const def = ix.definition(name);
    if (def === null) continue;
    const set = def.fn.drvdata.find(d => d.op === 'set' && d.value !== null && !/^NULL$/.test(d.value));
    const reg = def.fn.devres.find(d => d.kind === 'action');
    if (set === undefined || reg === undefined) continue;
    const order = set.span.line < reg.span.line ? 'before' : 'after';
    const sim = ix.services.simulate(def.fn);
    const onError = sim.paths.some(p => p.error === 'yes' && p.published.some(x => x.node === set.node));
    const fallible = sim.paths.some(p => p.events.some(e => e.kind === 'fallible-after-publish'));
    const value = order === 'after' && !onError && !fallible ? 'after' : order === 'before' ? 'before' : 'after-but-published-on-error';
    return {
      value,
      text: `${name}(): dev_set_drvdata(${set.device}) at line ${set.span.line} ${order} ${reg.api}(${reg.action ?? ''}) at line ${reg.span.line}${onError ? ', and it stays published on an error path' : ''}`,
      fn: name, at: def, line: set.span.line,
    };
  }
  return NONE(fns.find(f => ix.has(f)) ?? null, 'no drvdata publication next to a devres registration seen');
}

/** Whether INV is called by `entry` before the first call to `consent`, and whether its rc is checked. */
export function observeInvBeforeConsent(ix: SeriesIndex, entry: string, consent: readonly string[]): Observation {
  const order = ix.mergedOrder(entry);
  if (order.length === 0) return NONE(null, `${entry}() not in the series`);
  const inv = order.findIndex(e => e.kind === 'call' && e.key === INV);
  const con = order.findIndex(e => e.kind === 'call' && consent.includes(e.key));
  const invEv = order[inv];
  const conEv = order[con];
  if (invEv !== undefined && (conEv === undefined || inv < con)) {
    const checked = invEv.call?.assignedTo !== null && invEv.call?.assignedTo !== undefined;
    return { value: checked ? 'before-checked' : 'before-ignored', text: `${entry}() calls ${INV}() at ${invEv.at.file.path}:${invEv.line}${conEv ? ` before ${conEv.key}() at line ${conEv.line} (${conEv.at.patch.subject.slice(0, 40)}…)` : ''}${checked ? ', rc checked' : ', rc ignored'}`, fn: entry, at: invEv.at, line: invEv.line };
  }
  if (conEv !== undefined) {
    const later = ix.chain(entry, n => ix.definition(n)?.fn.calls.some(c => c.callee === INV) === true);
    const where = later?.[later.length - 1]?.to;
    return { value: 'after', text: `${entry}() asks ${conEv.key}() at line ${conEv.line} first; ${INV}() ${where ? `runs later, in ${where}()` : 'is not called before it'}`, fn: entry, at: conEv.at, line: conEv.line };
  }
  return NONE(entry, `neither ${INV}() nor ${consent.join('/')}() seen in ${entry}()`);
}

/** Whether INV is called (somewhere under `fns`) with its return value ignored. */
export function observeInvIgnored(ix: SeriesIndex, fns: readonly string[]): Observation {
  for (const name of closure(ix, fns, 4)) {
    const def = ix.definition(name);
    const c = def?.fn.calls.find(x => x.callee === INV);
    if (def === null || def === undefined || c === undefined) continue;
    const ignored = c.assignedTo === null && !c.inCondition && !c.returned;
    return { value: ignored ? 'ignored' : 'checked', text: `${name}() calls ${INV}() at ${def.file.path}:${c.span.line}, rc ${ignored ? 'ignored' : 'used'}`, fn: name, at: def, line: c.span.line };
  }
  return NONE(fns.find(f => ix.has(f)) ?? null, `no ${INV}() call seen`);
}

/** Whether INV precedes the onlining call (`online_*`) in the same function, under `fns`. */
export function observeInvBeforeOnline(ix: SeriesIndex, fns: readonly string[]): Observation {
  for (const name of closure(ix, fns, 4)) {
    for (const v of ix.bodies(name)) {
      const inv = v.fn.calls.find(x => x.callee === INV);
      const on = v.fn.calls.find(x => /^online_/.test(x.callee));
      if (inv === undefined || on === undefined) continue;
      const before = inv.span.line < on.span.line;
      return { value: before ? 'before' : 'after', text: `${name}(): ${INV}() at line ${inv.span.line} ${before ? 'before' : 'after'} ${on.callee}() at line ${on.span.line}`, fn: name, at: v, line: inv.span.line };
    }
  }
  return { value: 'absent', text: `no ${INV}() next to an online_*() call`, fn: fns.find(f => ix.has(f)) ?? null, at: null, line: null };
}

/**
 * Granularity of a DAX add or release path: does `entry` reach the whole-group function
 * (`group`) or the per-extent one (`extent`), and through which chain (a callback iterator such
 * as device_for_each_child means "for each extent").
 */
export function observeGranularity(ix: SeriesIndex, entry: string, group: string, extent: string): Observation {
  if (!ix.has(entry)) return NONE(null, `${entry}() not in the series`);
  const g = ix.chain(entry, n => n === group);
  const e = g === null ? ix.chain(entry, n => n === extent) : null;
  const path = g ?? e;
  const last = path?.[path.length - 1];
  if (path === null || last === undefined) return NONE(entry, `${entry}() reaches neither ${group}() nor ${extent}()`);
  const text = [entry, ...path.map(p => (p.via === 'callback' ? `${p.through}(…, ${p.to})` : p.via === 'pointer' ? `${p.through} = ${p.to}` : p.to))].join(' → ');
  const looped = path.some(p => p.via === 'callback');
  return { value: g !== null ? 'group' : 'per-extent', text: `${text}${e !== null && looped ? ' (once per extent)' : ''}`, fn: last.from, at: last.at, line: last.line };
}

/** Refuse-all-or-none: in `fn`, the `-EBUSY` refusal comes before the first release of any member. */
export function observeRefuseFirst(ix: SeriesIndex, fn: string, release: string): Observation {
  const def = ix.definition(fn);
  if (def === null) return NONE(null, `${fn}() not in the series`);
  const busy = def.fn.returns.find(r => /-\s*EBUSY/.test(r.text));
  const rel = def.fn.calls.find(c => c.callee === release);
  if (busy === undefined || rel === undefined) return NONE(fn, `${fn}(): no -EBUSY refusal or no ${release}() call seen`);
  const first = busy.span.line < rel.span.line;
  return { value: first ? 'refuse-first' : 'partial', text: `${fn}(): return -EBUSY at line ${busy.span.line} ${first ? 'before' : 'after'} the first ${release}() at line ${rel.span.line}`, fn, at: def, line: busy.span.line };
}

/** Whole-group add: one function holds `lock` while adding every member and rolling back on failure. */
export function observeGroupRollback(ix: SeriesIndex, fn: string, lock: string): Observation {
  const def = ix.definition(fn);
  const re = LOCK_PATTERNS[lock];
  if (def === null || re === undefined) return NONE(null, `${fn}() not in the series`);
  const l = def.fn.locks.find(x => x.op === 'acquire' && re.test(x.lock));
  const add = def.fn.calls.find(c => /add_resource/.test(c.callee));
  const rm = def.fn.calls.find(c => /rm_resource|release_resource/.test(c.callee));
  if (l === undefined || add === undefined) return NONE(fn, `${fn}(): no ${lock} section around the member adds`);
  const ok = rm !== undefined && l.node < add.node;
  return { value: ok ? 'rollback-under-lock' : 'no-rollback', text: `${fn}(): ${l.api}(${l.lock}) at line ${l.span.line}, ${add.callee}() at line ${add.span.line}${rm ? `, rollback ${rm.callee}() at line ${rm.span.line}` : ', no rollback call'}`, fn, at: def, line: rm?.span.line ?? add.span.line };
}

/** A self-deadlock in `fns`: a callback an API runs on failure re-takes a lock the caller holds. */
export function observeSelfDeadlock(ix: SeriesIndex, fns: readonly string[], lock: string): Observation {
  const re = LOCK_PATTERNS[lock];
  let judged: FnVersion | null = null;
  for (const name of fns) {
    const def = ix.definition(name);
    if (def === null || re === undefined) continue;
    judged ??= def;
    for (const p of ix.services.simulate(def.fn).paths) {
      const e = p.events.find(x => x.kind === 'recursive-lock' && re.test(x.lock));
      if (e === undefined || e.kind !== 'recursive-lock') continue;
      const line = def.fn.cfg.nodes[e.node]?.span?.line ?? def.fn.span.line;
      return { value: 'self-deadlock', text: `${name}(): ${e.api ?? e.via ?? 'a call'}() at line ${line} runs ${e.via ?? 'code'}() which takes ${e.lock}, held since line ${e.held.line}`, fn: name, at: def, line };
    }
  }
  return judged === null ? NONE(fns[0] ?? null, 'function not in the series')
    : { value: 'none', text: `no path of ${fns.filter(f => ix.has(f)).join(', ')}() re-takes ${lock}`, fn: judged.fn.name, at: judged, line: judged.fn.span.line };
}
