/**
 * Hostile paths in patches: `kvet lint`, `kvet parse` and `kvet facts` without `--tree` never
 * touch the filesystem for a path a patch names (`../../etc/passwd`, `/abs/path`,
 * `a/../../x.c`, a rename to `../b`, an attachment named `../../x.patch` …). Checked three ways:
 * every fs call of the run is recorded (node:fs and node:fs/promises, named imports included
 * through `syncBuiltinESMExports`) and none names a hostile target; sentinel files where the
 * paths would resolve never show up in the output; and no file appears or changes in the
 * working directory or around it.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { fuzz, testTimeout } from './helpers/fuzz.js';

const HOSTILE = [
  '../../etc/passwd', '/etc/passwd', '/abs/path.c', 'a/../../x.c', '../sentinel.c', '../../sentinel.c', '..', '.', '/',
  '~/.ssh/id_rsa', '..\\..\\win.c', 'C:\\Windows\\x.c', 'dir/../../../../../../etc/shadow', './../sentinel.h', '/dev/stdin', '/proc/self/environ',
  '%2e%2e/x.c', 'x.c\0../../etc/passwd', 'sentinel.c', '-', '--help',
] as const;

const TOKEN = 'KVET_SENTINEL_TOKEN_4d1f';
const SENTINEL_C = `static int ${TOKEN}(struct d *d)\n{\n\tmutex_lock(&d->lock);\n\tif (d->x)\n\t\treturn -EINVAL;\n\tmutex_unlock(&d->lock);\n\treturn 0;\n}\n`;

/** git's C-style quoting for names with odd bytes. */
function gitName(prefix: string, p: string): string {
  return /["\\\0\t\n]/.test(p) ? `"${prefix}${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\0/g, '\\000').replace(/\t/g, '\\t')}"` : `${prefix}${p}`;
}

/** A patch mail whose diffs name `paths` (git, --no-prefix, rename, traditional, attachment). */
function hostileMail(paths: readonly string[], style: number): string {
  const diffs = paths.map((p, k) => {
    const body = '@@ -1,3 +1,4 @@ int f(void)\n {\n+\tgoto out;\n \treturn 0;\n }\n';
    switch ((style + k) % 4) {
      case 0: return `diff --git ${gitName('a/', p)} ${gitName('b/', p)}\nindex 1111111..2222222 100644\n--- ${gitName('a/', p)}\n+++ ${gitName('b/', p)}\n${body}`;
      case 1: return `diff --git ${p} ${p}\n--- ${p}\n+++ ${p}\n${body}`;
      case 2: return `diff --git a/ok.c b/ok.c\nsimilarity index 90%\nrename from ok.c\nrename to ${p}\n--- a/ok.c\n+++ ${gitName('b/', p)}\n${body}`;
      default: return `Index: ${p}\n===================================================================\n--- ${p}.orig\n+++ ${p}\n${body}`;
    }
  });
  const attachment = paths[0] ?? 'x';
  return [
    'From fuzz@x Mon Sep 17 00:00:00 2001',
    'From: Fuzz <fuzz@example.org>',
    'Subject: [PATCH] hostile paths',
    'Message-ID: <hostile@x>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Touch nothing.',
    '',
    'Signed-off-by: Fuzz <fuzz@example.org>',
    '---',
    ...diffs,
    '--b',
    `Content-Type: text/x-patch; name="${attachment}.patch"`,
    `Content-Disposition: attachment; filename="${attachment}.patch"`,
    '',
    diffs[0] ?? '',
    '--b--',
    '',
  ].join('\n');
}

interface FsCall {
  readonly fn: string;
  readonly arg: string;
}

const calls: FsCall[] = [];
const restores: (() => void)[] = [];

/** Wrap the path-taking functions of node:fs and node:fs/promises to record their path argument. */
function spyOnFs(): void {
  const wrap = (obj: Record<string, unknown>, names: readonly string[], label: string) => {
    for (const name of names) {
      const orig = obj[name];
      if (typeof orig !== 'function') continue;
      obj[name] = function (this: unknown, ...args: unknown[]) {
        const a = args[0];
        calls.push({ fn: `${label}.${name}`, arg: typeof a === 'string' ? a : a instanceof URL ? a.pathname : Buffer.isBuffer(a) ? a.toString() : String(a) });
        return (orig as (...x: unknown[]) => unknown).apply(this, args);
      };
      restores.push(() => { obj[name] = orig; });
    }
  };
  wrap(fs as unknown as Record<string, unknown>, [
    'open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'createWriteStream', 'writeFile', 'writeFileSync', 'appendFile',
    'appendFileSync', 'mkdir', 'mkdirSync', 'stat', 'statSync', 'lstat', 'lstatSync', 'access', 'accessSync', 'existsSync', 'readdir',
    'readdirSync', 'realpath', 'realpathSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync',
    'symlink', 'symlinkSync', 'opendir', 'opendirSync', 'truncate', 'truncateSync',
  ], 'fs');
  wrap(fsp as unknown as Record<string, unknown>, [
    'open', 'readFile', 'writeFile', 'appendFile', 'mkdir', 'stat', 'lstat', 'access', 'readdir', 'realpath', 'unlink', 'rm', 'rename',
    'copyFile', 'symlink', 'opendir', 'truncate',
  ], 'fsp');
  syncBuiltinESMExports();
}

/** Every file under `dir` with its size and mtime. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('hostile patch paths (no --tree): nothing is read or written for them', () => {
  let base = '';
  let cwd = '';
  let before: string[] = [];
  const oldCwd = process.cwd();

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvet-hostile-'));
    cwd = path.join(base, 'a', 'b');
    fs.mkdirSync(cwd, { recursive: true });
    // Sentinels where relative hostile paths would land from the working directory.
    for (const d of [base, path.join(base, 'a'), cwd]) {
      for (const f of ['sentinel.c', 'sentinel.h', 'x.c', 'passwd']) fs.writeFileSync(path.join(d, f), SENTINEL_C);
    }
    fs.mkdirSync(path.join(base, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(base, 'etc', 'passwd'), SENTINEL_C);
    process.chdir(cwd);
    before = snapshot(base);
  });

  afterAll(() => {
    process.chdir(oldCwd);
    fs.rmSync(base, { recursive: true, force: true });
  });

  /** Targets a hostile path could name, resolved against every base a reader might use. */
  function targets(p: string): string[] {
    const clean = p.replace(/\0.*$/, '');
    const bases = [cwd, path.join(cwd, 'a'), path.join(cwd, 'b'), oldCwd];
    return [...new Set([path.resolve('/', clean), ...bases.map(b => path.resolve(b, clean))])];
  }

  async function check(paths: readonly string[], style: number, command: 'lint' | 'parse' | 'facts', viaStdin: boolean, config = false): Promise<void> {
    const mail = hostileMail(paths, style);
    const input = path.join(base, `input-${calls.length}.mbox`);
    if (!viaStdin) fs.writeFileSync(input, mail);
    const inputs = viaStdin ? ['-'] : [input];
    const extra = command === 'lint' ? ['--jobs', '1', ...(config ? [] : ['--no-config'])] : [];
    calls.length = 0;
    spyOnFs();
    let run;
    try {
      run = await runCli([command, ...inputs, '--format', 'json', ...extra], viaStdin ? mail : '');
    } finally {
      for (const r of restores.splice(0)) r();
      syncBuiltinESMExports();
      if (!viaStdin) fs.rmSync(input);
    }
    const out = run.stdout + run.stderr;
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('root:x:0:0');
    expect([0, 1, 2]).toContain(run.code);
    const forbidden = new Set(paths.flatMap(targets));
    for (const f of ['sentinel.c', 'sentinel.h', 'x.c', 'passwd']) for (const d of [base, path.join(base, 'a'), cwd]) forbidden.add(path.join(d, f));
    forbidden.add(path.join(base, 'etc', 'passwd'));
    const touched = calls.filter(c => forbidden.has(path.resolve(c.arg)) || /passwd|shadow|id_rsa|environ|sentinel/.test(c.arg));
    expect(touched, `fs calls naming hostile targets: ${JSON.stringify(touched)}`).toEqual([]);
    // The spy sees the run: the input file itself is opened.
    if (!viaStdin) expect(calls.some(c => path.resolve(c.arg) === input), 'the fs spy records the input').toBe(true);
    // Nothing but the input (and, with config lookup, .kvet.json/.git probes) was touched below the temp tree.
    const probe = (p: string) => config && ['.kvet.json', '.git'].includes(path.basename(p));
    const inTree = calls.filter(c => path.resolve(c.arg).startsWith(base) && path.resolve(c.arg) !== input && !probe(c.arg));
    expect(inTree, `fs calls in the working tree: ${JSON.stringify(inTree)}`).toEqual([]);
    expect(snapshot(base)).toEqual(before);
  }

  it('every hostile path, each command, file and stdin input', async () => {
    for (const command of ['lint', 'parse', 'facts'] as const) {
      for (const viaStdin of [false, true]) {
        for (let style = 0; style < 4; style++) await check(HOSTILE, style, command, viaStdin, command === 'lint' && style === 0);
      }
    }
  }, testTimeout(120_000));

  it('random mixes of hostile paths (property)', async () => {
    const arb = fc.tuple(fc.subarray([...HOSTILE], { minLength: 1, maxLength: 6 }), fc.nat({ max: 3 }), fc.constantFrom('lint', 'parse', 'facts') as fc.Arbitrary<'lint' | 'parse' | 'facts'>, fc.boolean());
    await fuzz('hostile-paths', fc.asyncProperty(arb, async ([paths, style, command, viaStdin]) => {
      await check(paths, style, command, viaStdin);
    }), 15);
  }, testTimeout());
});
