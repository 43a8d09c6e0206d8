/**
 * `.kvet.json`: which rules run, at which severity, per path glob. Found by walking up from the
 * working directory to the repository top (the first directory holding `.git`); `--config FILE`
 * names one, `--no-config` ignores them. JSON only: nothing from a config is ever executed, and
 * no config is read from a tree under review (`--tree`).
 *
 *   { "preset": "recommended",
 *     "rules": { "patch-spelling": "off", "decl-unused": "warning" },
 *     "overrides": [ { "files": ["drivers/cxl/**"], "rules": { "kernel-doc-params": "error" } } ],
 *     "ignore": ["tools/testing/**"],
 *     "maxWarnings": 20 }
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Finding, Severity } from '../engine/finding.js';
import { matchesGlob } from './glob.js';
import { PRESETS, isPresetName, type PresetName } from './presets.js';

export const CONFIG_FILE = '.kvet.json';

export type RuleSetting = 'off' | 'on' | Severity;

export interface Override {
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export interface KvetConfig {
  readonly preset?: PresetName;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly overrides?: readonly Override[];
  readonly ignore?: readonly string[];
  readonly maxWarnings?: number;
}

/** A config that cannot be used; the message names the file and the problem. */
export class ConfigError extends Error {}

const SETTINGS: readonly string[] = ['off', 'on', 'error', 'warning', 'note'];
const KEYS = new Set(['$schema', 'preset', 'rules', 'overrides', 'ignore', 'maxWarnings']);

/** The nearest `.kvet.json` from `dir` up to the repository top, or null. */
export function findConfig(dir: string): string | null {
  let d = resolve(dir);
  for (;;) {
    const candidate = join(d, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(d, '.git'))) return null;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

/** Reads and checks a config file against the known rules. */
export function loadConfig(path: string, ruleIds: readonly string[]): KvetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the config (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not JSON (${err instanceof Error ? err.message.split('\n')[0] : 'parse error'})`);
  }
  return checkConfig(doc, path, ruleIds);
}

export function checkConfig(doc: unknown, where: string, ruleIds: readonly string[]): KvetConfig {
  const bad = (what: string): never => { throw new ConfigError(`${where}: ${what}`); };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) bad('the config must be a JSON object');
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) bad(`unknown key "${k}" (known: ${[...KEYS].filter(x => x !== '$schema').join(', ')})`);
  const known = new Set(ruleIds);
  const rules = (v: unknown, at: string): Record<string, RuleSetting> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(`${at} must be an object of rule: setting`);
    const out: Record<string, RuleSetting> = {};
    for (const [id, s] of Object.entries(v as Record<string, unknown>)) {
      if (!known.has(id)) bad(`${at}: no rule named "${id}" ('kvet rules' lists them)`);
      if (typeof s !== 'string' || !SETTINGS.includes(s)) bad(`${at}.${id}: setting must be one of ${SETTINGS.join(', ')}`);
      out[id] = s as RuleSetting;
    }
    return out;
  };
  const globs = (v: unknown, at: string): string[] => {
    if (!Array.isArray(v) || v.some(g => typeof g !== 'string' || g === '')) bad(`${at} must be an array of path globs`);
    return v as string[];
  };
  const out: { -readonly [K in keyof KvetConfig]: KvetConfig[K] } = {};
  if (o.preset !== undefined) {
    if (typeof o.preset !== 'string' || !isPresetName(o.preset)) bad(`preset must be one of ${Object.keys(PRESETS).join(', ')}`);
    out.preset = o.preset as PresetName;
  }
  if (o.rules !== undefined) out.rules = rules(o.rules, 'rules');
  if (o.overrides !== undefined) {
    if (!Array.isArray(o.overrides)) bad('overrides must be an array');
    out.overrides = (o.overrides as unknown[]).map((ov, i) => {
      if (ov === null || typeof ov !== 'object') bad(`overrides[${i}] must be an object with files and rules`);
      const r = ov as Record<string, unknown>;
      for (const k of Object.keys(r)) if (k !== 'files' && k !== 'rules') bad(`overrides[${i}]: unknown key "${k}"`);
      return { files: globs(r.files, `overrides[${i}].files`), rules: rules(r.rules ?? {}, `overrides[${i}].rules`) };
    });
  }
  if (o.ignore !== undefined) out.ignore = globs(o.ignore, 'ignore');
  if (o.maxWarnings !== undefined) {
    if (typeof o.maxWarnings !== 'number' || !Number.isInteger(o.maxWarnings) || o.maxWarnings < 0) bad('maxWarnings must be a non-negative integer');
    out.maxWarnings = o.maxWarnings as number;
  }
  return out;
}

/** What a run does after config, preset and command line are combined. */
export interface Policy {
  readonly preset: PresetName;
  /** Rules that run somewhere; null for all. */
  readonly ruleIds: readonly string[] | null;
  readonly maxWarnings: number | null;
  readonly advisory: boolean;
  /** The setting of a rule for a file, after preset, rules and overrides. */
  setting(ruleId: string, file: string | null): RuleSetting;
  ignored(file: string | null): boolean;
}

export function makePolicy(cfg: KvetConfig, cli: { preset?: PresetName; maxWarnings?: number }, allRuleIds: readonly string[]): Policy {
  const preset = cli.preset ?? cfg.preset ?? 'recommended';
  const p = PRESETS[preset];
  const only: readonly string[] | null = p.only;
  const base = (id: string): RuleSetting => (only === null || only.includes(id) ? 'on' : 'off');
  const setting = (id: string, file: string | null): RuleSetting => {
    let s: RuleSetting = cfg.rules?.[id] ?? base(id);
    for (const ov of cfg.overrides ?? []) {
      const r = ov.rules[id];
      if (r !== undefined && file !== null && ov.files.some(g => matchesGlob(file, g))) s = r;
    }
    return s;
  };
  const runsSomewhere = (id: string) => setting(id, null) !== 'off' || (cfg.overrides ?? []).some(ov => ov.rules[id] !== undefined && ov.rules[id] !== 'off');
  const ids = allRuleIds.filter(runsSomewhere);
  return {
    preset,
    ruleIds: ids.length === allRuleIds.length ? null : ids,
    maxWarnings: cli.maxWarnings ?? cfg.maxWarnings ?? null,
    advisory: p.advisory,
    setting,
    ignored: file => file !== null && (cfg.ignore ?? []).some(g => matchesGlob(file, g)),
  };
}

/** Findings as the policy wants them: ignored paths and rules off dropped, severities set. */
export function applyPolicy(findings: readonly Finding[], policy: Policy): Finding[] {
  const remap = PRESETS[policy.preset].severity as Partial<Record<Severity, Severity>>;
  const out: Finding[] = [];
  for (const f of findings) {
    if (policy.ignored(f.location.file)) continue;
    if (f.source === 'tool') { out.push(f); continue; }
    const s = policy.setting(f.ruleId, f.location.file);
    if (s === 'off') continue;
    const severity = s === 'on' ? (remap[f.severity] ?? f.severity) : s;
    out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out;
}
