/**
 * The C side of a patch series as cross-validation needs it: every version of every function
 * the series shows (patch by patch), the definition to judge (the last complete one in a `.c`
 * file: header stubs under `#ifndef CONFIG_…` never win), a call graph that follows callbacks
 * (`device_for_each_child(…, cb)`, `devm_add_action_or_reset(…, cb, …)`) and calls through an
 * ops pointer (`driver->notify(…)` → the series' `*_notify` functions), and the call order of
 * a function merged across patches (a later hunk that shows only part of the function is
 * aligned with the earlier whole definition on shared calls and returns).
 *
 * Known gaps: hunk mode only (no tree); the pointer resolution is by member-name suffix and
 * may over-approximate; the merge assumes a later partial hunk replaces the region between
 * its first and last anchors.
 */
import type { FileFacts, FunctionFacts } from '../facts/types.js';
import { CALLBACK_API_BY_NAME } from '../facts/apis/callbacks.js';
import { buildSummaries, type FunctionSummary } from '../engine/summaries.js';
import { EngineServices } from '../engine/context.js';

/** The patch a function version was seen in. */
export interface PatchRef {
  readonly subject: string;
  readonly messageId: string | null;
  readonly input: string;
  readonly index: number;
}

/** One appearance of a function in one patch. */
export interface FnVersion {
  readonly fn: FunctionFacts;
  readonly file: FileFacts;
  readonly patch: PatchRef;
  /** Position in the series (patch order, then file order). */
  readonly order: number;
}

/** A call or return in a function's merged order, with the version it was seen in. */
export interface OrderedEvent {
  readonly kind: 'call' | 'return';
  /** Callee, or the returned text. */
  readonly key: string;
  readonly line: number;
  readonly at: FnVersion;
  readonly call?: FunctionFacts['calls'][number];
}

/** A call edge of the series call graph. */
export interface CallEdge {
  readonly from: string;
  readonly to: string;
  /** How: a direct call, a callback run by an API, or an ops-pointer call. */
  readonly via: 'call' | 'callback' | 'pointer';
  /** The API (callback) or the pointer expression. */
  readonly through: string | null;
  readonly line: number;
  readonly at: FnVersion;
}

/** Index over one series. */
export class SeriesIndex {
  readonly byName = new Map<string, FnVersion[]>();
  readonly summaries: Map<string, FunctionSummary>;
  readonly services: EngineServices;

  constructor(readonly version: number, readonly versions: readonly FnVersion[]) {
    for (const v of versions) {
      if (v.fn.name === null) continue;
      const list = this.byName.get(v.fn.name) ?? [];
      list.push(v);
      this.byName.set(v.fn.name, list);
    }
    const defs = [...this.byName.keys()].map(n => this.definition(n)).filter((d): d is FnVersion => d !== null);
    this.summaries = buildSummaries(defs.map(d => d.fn));
    this.services = new EngineServices(name => this.summaries.get(name) ?? null);
  }

  /** Whether the series shows any real (non-stub) version of `name`. */
  has(name: string): boolean {
    return this.definition(name) !== null;
  }

  /** Versions of `name` outside headers (header stubs only when nothing else exists). */
  bodies(name: string): FnVersion[] {
    const all = this.byName.get(name) ?? [];
    const c = all.filter(v => !v.file.path.endsWith('.h'));
    return c.length > 0 ? c : all.filter(v => v.fn.calls.length > 0 || v.fn.locks.length > 0);
  }

  /** The definition to judge: the last complete body, else the last body seen. */
  definition(name: string): FnVersion | null {
    const b = this.bodies(name);
    const complete = b.filter(v => v.fn.complete);
    return complete[complete.length - 1] ?? b[b.length - 1] ?? null;
  }

  /** Outgoing edges of `name`: the union over its bodies (later patches add calls). */
  callees(name: string): CallEdge[] {
    const out: CallEdge[] = [];
    const seen = new Set<string>();
    const push = (e: CallEdge): void => {
      const k = `${e.to}\u0000${e.via}`;
      if (!seen.has(k) && e.to !== name) { seen.add(k); out.push(e); }
    };
    for (const v of this.bodies(name)) {
      for (const c of v.fn.calls) {
        const member = /(?:->|\.)(\w+)$/.exec(c.callee)?.[1];
        if (member !== undefined) {
          for (const t of this.byName.keys()) {
            if (t.endsWith(`_${member}`) && this.definition(t)?.fn.isStatic === true) push({ from: name, to: t, via: 'pointer', through: c.callee, line: c.span.line, at: v });
          }
          continue;
        }
        push({ from: name, to: c.callee, via: 'call', through: null, line: c.span.line, at: v });
        const cb = CALLBACK_API_BY_NAME.get(c.callee);
        const target = cb === undefined ? undefined : c.args[cb.callbackArg]?.replace(/^&/, '').trim();
        if (target !== undefined && /^\w+$/.test(target)) push({ from: name, to: target, via: 'callback', through: c.callee, line: c.span.line, at: v });
      }
    }
    return out;
  }

  /**
   * Shortest call chain from `from` to any function matching `to` (series functions are
   * followed; other callees are leaves), within `depth` edges. Null when unreachable.
   */
  chain(from: string, to: (name: string) => boolean, depth = 8): CallEdge[] | null {
    const queue: { name: string; path: CallEdge[] }[] = [{ name: from, path: [] }];
    const visited = new Set([from]);
    while (queue.length > 0) {
      const cur = queue.shift() as { name: string; path: CallEdge[] };
      if (cur.path.length >= depth) continue;
      for (const e of this.callees(cur.name)) {
        const path = [...cur.path, e];
        if (to(e.to)) return path;
        if (visited.has(e.to) || !this.has(e.to)) continue;
        visited.add(e.to);
        queue.push({ name: e.to, path });
      }
    }
    return null;
  }

  /** Calls and returns of `name` in source order, merged across the patches that show it. */
  mergedOrder(name: string): OrderedEvent[] {
    const def = this.definition(name);
    if (def === null) return [];
    let seq = eventsOf(def);
    for (const later of this.bodies(name).filter(v => v.order > def.order && !v.fn.complete)) {
      seq = mergeWindow(seq, eventsOf(later));
    }
    return seq;
  }

  /** Patch and mail line of a post-image line of a version. */
  where(v: FnVersion, line: number): { patchLine: number | null; mailLine: number | null } {
    const s = v.file.seen.find(l => l.line === line);
    return { patchLine: s?.patchLine ?? null, mailLine: s?.mailLine ?? null };
  }
}

function eventsOf(v: FnVersion): OrderedEvent[] {
  const calls: OrderedEvent[] = v.fn.calls.map(c => ({ kind: 'call', key: c.callee, line: c.span.line, at: v, call: c }));
  const rets: OrderedEvent[] = v.fn.returns.map(r => ({ kind: 'return', key: r.text, line: r.span.line, at: v }));
  return [...calls, ...rets].sort((a, b) => a.line - b.line || (a.kind === b.kind ? 0 : a.kind === 'call' ? -1 : 1));
}

/** Replace the part of `old` that `window` shows (between its first and last anchors). */
export function mergeWindow(old: readonly OrderedEvent[], window: readonly OrderedEvent[]): OrderedEvent[] {
  const key = (e: OrderedEvent): string => `${e.kind}:${e.key}`;
  const n = old.length;
  const m = window.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = dp[i] as number[];
      row[j] = key(old[i] as OrderedEvent) === key(window[j] as OrderedEvent)
        ? ((dp[i + 1] as number[])[j + 1] as number) + 1
        : Math.max((dp[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (key(old[i] as OrderedEvent) === key(window[j] as OrderedEvent)) { pairs.push([i, j]); i++; j++; } else if (((dp[i + 1] as number[])[j] as number) >= ((dp[i] as number[])[j + 1] as number)) i++; else j++;
  }
  const first = pairs[0];
  const last = pairs[pairs.length - 1];
  if (first === undefined || last === undefined) return [...old, ...window];
  return [...old.slice(0, first[0]), ...window, ...old.slice(last[0] + 1)];
}
