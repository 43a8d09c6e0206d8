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

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/**
 * Lists what differs between `a` and `b`: `path: old → new` for changed leaves,
 * `+path: json` for an added subtree, `-path: json` for a removed one (one line each),
 * in path order.
 */
export function diffStates(a: unknown, b: unknown, path = ''): string[] {
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const out: string[] = [];
    const keys = Array.isArray(a)
      ? Array.from({ length: Math.max(a.length, (b as unknown as unknown[]).length) }, (_, i) => String(i))
      : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      const p = path === '' ? k : `${path}.${k}`;
      if (x === undefined && y === undefined) continue;
      if (x === undefined) out.push(`+${p}: ${JSON.stringify(y)}`);
      else if (y === undefined) out.push(`-${p}: ${JSON.stringify(x)}`);
      else out.push(...diffStates(x, y, p));
    }
    return out;
  }
  const x = JSON.stringify(a ?? null);
  const y = JSON.stringify(b ?? null);
  return x === y ? [] : [`${path}: ${x} → ${y}`];
}

/** Flat leaf-level difference (every changed leaf on its own line); kept for tools that want it. */
export function diffLeaves(a: unknown, b: unknown): string[] {
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
