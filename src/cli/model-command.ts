/**
 * `kvet model check | run | replay`: explore the DCD model, run a scenario, replay a
 * counterexample token. Output goes to stdout; errors are one line on stderr. Exit code 1
 * when a violation (or an observable mismatch) is found, 2 on bad input, else 0.
 */
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { explore } from '../model/checker/explore.js';
import { findWaitCycle } from '../model/checker/deadlock.js';
import { runPath } from '../model/checker/path.js';
import { decodeReplay } from '../model/checker/replay.js';
import { formatText } from '../model/checker/report.js';
import type { CheckResult, Spec } from '../model/checker/types.js';
import { runId, type RunJson, type ScenarioJson } from '../model/dcd-scenario.js';
import { checkRun, type ManifestEntry } from '../model/dcd-verdict.js';
import { findScenario, isVersion, readScenario, resolveConfig, scenarioDir, specOfRun } from '../model/registry.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FAULTS, defaultConfig } from '../model/specs/dcd/configs.js';
import { buildDcdSpec } from '../model/specs/dcd/spec.js';

/** Where model commands write, and how they report their exit code. */
export interface ModelCommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Receives the exit code (default: sets `process.exitCode`). */
  readonly exit: (code: number) => void;
}

const processIo: ModelCommandIo = {
  stdout: s => { process.stdout.write(s); },
  stderr: s => { process.stderr.write(s); },
  exit: code => { process.exitCode = code; },
};

interface CheckOpts {
  version: string; scenario?: string; run?: string; depth?: string; maxStates?: string; maxFaults?: string;
  strategy: 'bfs' | 'dfs'; size: 'default' | 'large'; format: 'text' | 'json';
}

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}

/** JSON view of a check result (the documented `kvet model check --format json` shape). */
export function checkJson(r: CheckResult, version: string, config: string): Record<string, unknown> {
  return {
    model: r.model, version, config, strategy: r.strategy, exhaustive: r.exhaustive, bound: r.bound,
    states: r.states, distinct: r.distinct, queue: r.queue, depth: r.depth, elapsedMs: r.elapsedMs,
    statesPerSec: r.statesPerSec,
    violations: r.violations.map(v => ({ invariant: v.invariant, kind: v.kind === 'deadlock' ? 'deadlock' : 'safety',
      ...(v.detail ? { detail: v.detail } : {}), trace: v.trace, replay: v.replay })),
    coverage: r.coverage, warnings: r.warnings,
  };
}

/** A scenario argument: a file path, or a corpus id with an optional run (`S24`, `S24/v10`). */
function parseScenarioArg(arg: string): { sc: ScenarioJson; run: string | undefined } {
  if (existsSync(arg)) return { sc: readScenario(arg), run: undefined };
  if (arg.endsWith('.json') || arg.startsWith('.') || arg.startsWith('/')) throw new Error(`${arg}: cannot read scenario file`);
  const [id, run] = arg.split('/');
  return { sc: findScenario(id ?? arg), run };
}

function pickRun(sc: ScenarioJson, version: string, run: string | undefined): RunJson {
  const r = run !== undefined ? sc.runs.find(x => runId(x) === run) : sc.runs.find(x => x.version === version) ?? sc.runs[0];
  if (!r) throw new Error(`scenario ${sc.id} has no run ${run ?? version}`);
  if (r.modelled === false) throw new Error(`scenario run ${sc.id}/${runId(r)} is not modelled: ${r.reason ?? ''}`);
  return r;
}

function modelCheck(o: CheckOpts, io: ModelCommandIo): number {
  if (!isVersion(o.version)) throw new Error(`--version must be one of v4, v7, v10, v11, got ${o.version}`);
  let spec = buildDcdSpec(defaultConfig(o.version, o.size)) as unknown as Spec<unknown>;
  let config = `${o.size}-${o.version}`;
  let version: string = o.version;
  if (o.scenario !== undefined) {
    const { sc, run } = parseScenarioArg(o.scenario);
    const r = pickRun(sc, o.version, o.run ?? run);
    const p = specOfRun(sc, r);
    spec = p.spec;
    config = p.configId;
    version = r.version;
  }
  const depth = int(o.depth, 'depth');
  const maxStates = int(o.maxStates, 'max-states');
  const maxFaults = int(o.maxFaults, 'max-faults');
  const r = explore(spec, {
    strategy: o.strategy, config,
    ...(depth !== undefined ? { depth } : {}), ...(maxStates !== undefined ? { maxStates } : {}),
    maxFaults: maxFaults ?? (o.scenario !== undefined ? 1 : DEFAULT_FAULTS[o.size]),
  });
  io.stdout(o.format === 'json' ? `${JSON.stringify(checkJson(r, version, config), null, 2)}\n` : formatText(r, `dcd ${config}`));
  return r.violations.length > 0 ? 1 : 0;
}

function readManifest(): Record<string, ManifestEntry> {
  try {
    const m = JSON.parse(readFileSync(path.join(scenarioDir(), 'manifest.json'), 'utf8')) as { entries?: Record<string, ManifestEntry> };
    return m.entries ?? {};
  } catch {
    return {};
  }
}

function modelRun(arg: string, o: { format: 'text' | 'json' }, io: ModelCommandIo): number {
  const { sc, run: only } = parseScenarioArg(arg);
  const manifest = readManifest();
  let code = 0;
  const out: unknown[] = [];
  for (const r of sc.runs.filter(x => only === undefined || runId(x) === only)) {
    const v = checkRun(sc, r, manifest[`${sc.id}/${runId(r)}`]);
    if (v.found.length > 0 || v.observableMismatches.length > 0) code = 1;
    if (o.format === 'json') {
      out.push({ id: v.id, modelled: v.modelled, reason: v.reason, observed: v.observed, mismatches: v.observableMismatches,
        found: v.found, expected: v.expected, missing: v.missing, extra: v.extra,
        violations: v.check?.violations.map(x => ({ invariant: x.invariant, kind: x.kind, trace: x.trace, replay: x.replay })) });
      continue;
    }
    io.stdout(`${v.id} — ${sc.title}\n`);
    if (!v.modelled) { io.stdout(`  not modelled: ${v.reason ?? ''}\n`); continue; }
    for (const s of v.steps ?? []) io.stdout(`  ${s}\n`);
    io.stdout(`  mailbox: ${(v.observed?.mailbox ?? []).join(' ') || '(none)'}\n`);
    io.stdout(`  rcs: ${JSON.stringify(v.observed?.rcs ?? {})}  avail: ${v.observed?.avail ?? 0}M  extents: ${(v.observed?.extents ?? []).join(' ')}\n`);
    for (const m of v.observableMismatches) io.stdout(`  MISMATCH ${m}\n`);
    io.stdout(`  explored: ${v.check?.distinct ?? 0} states, exhaustive=${String(v.check?.exhaustive)}; violated: ${v.found.join(', ') || 'none'}; spec expects: ${v.expected.join(', ') || 'none'}\n`);
    for (const x of v.check?.violations ?? []) io.stdout(`  ${x.invariant}: replay ${x.replay}\n`);
  }
  if (o.format === 'json') io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  return code;
}

function modelReplay(token: string, o: { format: 'text' | 'json' }, io: ModelCommandIo): number {
  const info = decodeReplay(token);
  if (info.model !== 'dcd' && info.model !== 'sr') throw new Error(`replay token is for model ${info.model}, not dcd or sr`);
  const spec = resolveConfig(info.config);
  const run = runPath(spec, info.path);
  if (run.error) throw new Error(`replay of ${info.config} failed: ${run.error}`);
  const hasLast = run.states.length > 0;
  const last = run.states[run.states.length - 1] as Readonly<unknown>;
  const broken = !hasLast ? [] : spec.invariants.filter(i => !i.holds(last)).map(i => i.name);
  const edges = hasLast && spec.waits ? spec.waits(last) : [];
  if (edges.length > 0 && findWaitCycle(edges)) broken.push('deadlock');
  if (o.format === 'json') {
    io.stdout(`${JSON.stringify({ model: info.model, config: info.config, trace: run.trace, violated: broken }, null, 2)}\n`);
  } else {
    io.stdout(`Replay of dcd ${info.config} (${run.trace.length} steps)\n`);
    run.trace.forEach((t, i) => {
      io.stdout(`  ${i + 1}. ${t.action}${t.fault ? ` [fault: ${t.fault}]` : ''}\n`);
      for (const c of t.changes) io.stdout(`       ${c}\n`);
    });
    io.stdout(broken.length > 0 ? `Final state violates: ${broken.join(', ')}\n` : 'Final state violates nothing.\n');
  }
  return broken.length > 0 ? 1 : 0;
}

function guarded(io: ModelCommandIo, f: () => number): void {
  try {
    io.exit(f());
  } catch (err) {
    io.stderr(`kvet model: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    io.exit(2);
  }
}

/**
 * Adds `kvet model check|run|replay` to `program`. The exit code is reported through
 * `io.exit` (default: `process.exitCode`); pass your own to fold it into the CLI's result.
 */
export function registerModelCommands(program: Command, io: ModelCommandIo = processIo): void {
  const model = program.command('model').description('Explore the executable DCD model, run its scenarios, replay counterexamples.');
  const fmt = (): Option => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
  model.command('check')
    .description('Explore all interleavings and faults of a configuration within a bound.')
    .addOption(new Option('--version <v>', 'series version').choices(['v4', 'v7', 'v10', 'v11']).default('v11'))
    .option('--scenario <file>', 'scenario file or id (S24, S24/v10) instead of the default configuration')
    .option('--run <id>', 'run of the scenario (default: the one for --version)')
    .option('--depth <n>', 'depth bound')
    .option('--max-states <n>', 'distinct-state bound')
    .option('--max-faults <n>', 'injected faults per trace (default 1)')
    .addOption(new Option('--strategy <s>', 'search order').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--size <s>', 'default configuration size').choices(['default', 'large']).default('default'))
    .addOption(fmt())
    .action((o: CheckOpts) => { guarded(io, () => modelCheck(o, io)); });
  model.command('run')
    .description('Run a scenario: its schedule in order (observables) and its exploration (verdicts).')
    .argument('<scenario>', 'scenario file or id (S22, S22/v10)')
    .addOption(fmt())
    .action((arg: string, o: { format: 'text' | 'json' }) => { guarded(io, () => modelRun(arg, o, io)); });
  model.command('replay')
    .description('Re-run a counterexample from its replay token.')
    .argument('<token>', 'replay token printed by model check / run')
    .addOption(fmt())
    .action((token: string, o: { format: 'text' | 'json' }) => { guarded(io, () => modelReplay(token, o, io)); });
}
