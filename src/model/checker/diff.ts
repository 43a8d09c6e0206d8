/** Per-step state differences for counterexample traces: only what changed is shown. */

function flatten(v: unknown, prefix: string, out: Map<string, string>): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (entries.length === 0) {
      out.set(prefix, Array.isArray(v) ? '[]' : '{}');
      return;
    }
    for (const [k, x] of entries) {
      if (x === undefined) continue;
      flatten(x, prefix === '' ? k : `${prefix}.${k}`, out);
    }
    return;
  }
  out.set(prefix, JSON.stringify(v ?? null));
}

/**
 * Lists the leaf paths that differ between `a` and `b`, as `path: old → new`,
 * `+path: value` (added) or `-path` (removed), sorted by path.
 */
export function diffStates(a: unknown, b: unknown): string[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const out: string[] = [];
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  for (const k of keys) {
    const x = fa.get(k);
    const y = fb.get(k);
    if (x === y) continue;
    if (x === undefined) out.push(`+${k}: ${y ?? ''}`);
    else if (y === undefined) out.push(`-${k}`);
    else out.push(`${k}: ${x} → ${y}`);
  }
  return out;
}
