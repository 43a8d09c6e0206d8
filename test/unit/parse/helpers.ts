/** Test helpers for src/parse: build CFGs from literal C and print paths readably. */
import { buildCfg } from '../../../src/parse/cfg.js';
import type { Cfg } from '../../../src/parse/cfg-types.js';
import { locateFunctions, type LocatedFunction } from '../../../src/parse/functions.js';
import { effectiveCleanups, enumeratePaths, type PathOptions } from '../../../src/parse/paths.js';

/** Strip the common indentation of a template literal (first line may be empty). */
export function c(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The one function named `name` (or the only one) in `code`. */
export function fnOf(code: string, name?: string): LocatedFunction {
  const fns = locateFunctions(code);
  const fn = name === undefined ? fns[0] : fns.find((f) => f.info.name === name);
  if (fn === undefined) throw new Error(`no function ${name ?? ''}`);
  return fn;
}

/** CFG of the one function named `name` (or the only one) in `code`. */
export function cfgOf(code: string, name?: string): Cfg {
  return buildCfg(fnOf(code, name));
}

/** Each path as `kind:text` steps joined by ` > `, without entry and exit. */
export function pathStrings(cfg: Cfg, options: PathOptions = {}): string[] {
  return enumeratePaths(cfg, options).paths.map((p) => p.nodes
    .map((id) => cfg.nodes[id])
    .filter((n) => n !== undefined && n.kind !== 'entry' && n.kind !== 'exit')
    .map((n) => (n?.kind === 'cleanup' || n?.kind === 'return' || n?.kind === 'acquire' || n?.kind === 'unresolved' || n?.kind === 'unseen'
      ? `${n.kind}:${n.text}` : `${n?.kind}`))
    .join(' > ') + ` [${p.end}]`);
}

/** Only the cleanup/return/acquire steps of each path. */
export function effectStrings(cfg: Cfg, options: PathOptions = {}): string[] {
  return enumeratePaths(cfg, options).paths.map((p) => p.nodes
    .map((id) => cfg.nodes[id])
    .filter((n) => n !== undefined && ['acquire', 'cleanup', 'return'].includes(n.kind))
    .map((n) => `${n?.kind}:${n?.text}`)
    .join(' > ') + ` [${p.end}]`);
}

/**
 * Per path: the returned value (or `(end)`), then each scope-exit release, `no-op` when
 * ownership had left a `__free()` variable: `0 | unlock mutex(&m) | kfree(p) no-op`.
 */
export function exits(cfg: Cfg, options: PathOptions = {}): string[] {
  return enumeratePaths(cfg, options).paths.map((p) => {
    const ret = p.nodes.map((n) => cfg.nodes[n]).find((n) => n?.kind === 'return')?.text ?? '(end)';
    const rel = effectiveCleanups(cfg, p).map((x) => {
      const what = x.resource.kind === 'free' || x.resource.kind === 'class'
        ? `${x.resource.name}(${x.resource.variable ?? ''})`
        : `unlock ${x.resource.name}(${x.resource.args.join(', ')})`;
      return x.effective ? what : `${what} no-op`;
    });
    return [ret, ...rel].join(' | ');
  });
}
