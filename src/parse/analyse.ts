/**
 * One call from C text to plain data per function: what was found, the macros met inside it
 * and its CFG. Nothing returned holds a tree-sitter object, so it can cross into rules, the CLI
 * or JSON.
 */
import { buildCfg } from './cfg.js';
import type { Cfg } from './cfg-types.js';
import { locateFunctions, type FunctionInfo, type LocateOptions } from './functions.js';
import type { MacroSite } from './normalise.js';

/** A function as plain data: its description, the kernel macros inside it, its CFG. */
export interface FunctionAnalysis {
  readonly info: FunctionInfo;
  readonly sites: readonly MacroSite[];
  readonly cfg: Cfg;
}

/** Find the functions of a whole file or fragment-shaped text and build their CFGs. */
export function analyseFunctions(text: string, options: LocateOptions = {}): FunctionAnalysis[] {
  return locateFunctions(text, options).map((fn) => ({ info: fn.info, sites: fn.sites, cfg: buildCfg(fn) }));
}
