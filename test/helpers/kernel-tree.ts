/**
 * A real kernel tree for tree-mode tests: Debian's linux-source-6.1 tarball, with only the
 * members a test names extracted (the whole tarball takes minutes), into `.cache/` in the
 * project (gitignored) and reused by later runs.
 *
 * Never skips: when the tarball is missing the error says how to get it (`.ci/run` installs
 * the package).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

/** Debian package `linux-source-6.1` installs this file. */
export const KERNEL_TARBALL = '/usr/src/linux-source-6.1.tar.xz';
const TOP = 'linux-source-6.1';
const CACHE = path.join(ROOT, '.cache');
/** The tree: `.cache/linux-source-6.1/`. */
export const KERNEL_TREE = path.join(CACHE, TOP);
const MANIFEST = path.join(CACHE, `${TOP}.extracted`);

/**
 * The tree with at least `members` extracted (paths inside the tree; `*` wildcards as tar
 * `--wildcards` reads them, e.g. `drivers/cxl/*`). Members already extracted are not extracted
 * again. Throws when the tarball is missing or tar fails.
 */
export function kernelTree(members: readonly string[]): string {
  const done = existsSync(MANIFEST) ? new Set(readFileSync(MANIFEST, 'utf8').split('\n').filter(Boolean)) : new Set<string>();
  const wanted = members.filter(m => !done.has(m) || (!m.includes('*') && !existsSync(path.join(KERNEL_TREE, m))));
  if (wanted.length === 0) return KERNEL_TREE;
  if (!existsSync(KERNEL_TARBALL)) {
    throw new Error(`kernel tree for tree-mode tests: ${KERNEL_TARBALL} is missing; install Debian's linux-source-6.1 (apt-get install -y --no-install-recommends linux-source-6.1, as .ci/run does)`);
  }
  // Extract beside the tree, then move the files in: a concurrent reader never sees half a file.
  const tmp = path.join(CACHE, `tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    execFileSync('tar', ['-xJf', KERNEL_TARBALL, '-C', tmp, '--wildcards', '--no-same-owner', ...wanted.map(m => `${TOP}/${m}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
    moveInto(path.join(tmp, TOP), KERNEL_TREE);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    throw new Error(`kernel tree for tree-mode tests: extracting ${wanted.join(' ')} from ${KERNEL_TARBALL} failed${stderr !== '' ? `: ${stderr}` : ''}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const m of wanted) done.add(m);
  writeFileSync(MANIFEST, [...done].sort().join('\n') + '\n');
  return KERNEL_TREE;
}

function moveInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const src = path.join(from, name);
    const dst = path.join(to, name);
    if (statSync(src).isDirectory()) moveInto(src, dst);
    else renameSync(src, dst);
  }
}
