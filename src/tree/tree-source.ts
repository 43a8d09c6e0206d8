/**
 * Read-only access to a kernel tree on disk (`kvet lint --tree DIR`), for paths that come from
 * patch mails — that is, from strangers. Guarantees:
 *  - a path is read only if it is relative, has no `.`/`..`/empty components, no NUL or
 *    backslash, and resolves (symlinks followed, realpath) to a regular file inside DIR;
 *  - nothing is ever written, created or executed; the only calls are realpath, stat, readdir
 *    (names of C files in a directory), open(O_RDONLY | O_NOFOLLOW | O_NONBLOCK), fstat and read;
 *  - a file larger than {@link MAX_TREE_FILE_BYTES} is not read.
 * Known limit: a symlink swapped in between the realpath check and the open of the resolved
 * path is refused by O_NOFOLLOW only for the last component.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

/** Kernel sources are far below this; anything larger is not a C file worth parsing. */
export const MAX_TREE_FILE_BYTES = 8 * 1024 * 1024;

/** The outcome of reading a patch path from the tree. */
export type TreeRead =
  | { readonly kind: 'file'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string };

/** Why `path` (as a patch names it) may not be looked up at all; null when it may. */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'empty path';
  if (path.includes('\0')) return 'path contains a NUL byte';
  if (path.includes('\\')) return 'path contains a backslash';
  if (path.startsWith('/') || isAbsolute(path)) return 'absolute path';
  for (const part of path.split('/')) {
    if (part === '..') return "path has a '..' component";
    if (part === '.' || part === '') return 'path has an empty or \'.\' component';
  }
  return null;
}

/** A kernel checkout, read through {@link TreeSource.read} only. */
export class TreeSource {
  private readonly cache = new Map<string, TreeRead>();

  private constructor(
    /** DIR as given. */
    readonly dir: string,
    /** realpath(DIR). */
    private readonly root: string,
  ) {}

  /** The tree at `dir`; a string saying why when it is not a readable directory. */
  static open(dir: string): TreeSource | string {
    let root: string;
    try {
      root = realpathSync(dir);
      if (!statSync(root).isDirectory()) return `${dir} is not a directory`;
    } catch (err) {
      return `${dir} cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    return new TreeSource(dir, root);
  }

  /** The file at patch path `path`, or why not. Results are cached: the tree is assumed not to change during a run. */
  read(path: string): TreeRead {
    const hit = this.cache.get(path);
    if (hit !== undefined) return hit;
    const r = this.readUncached(path);
    this.cache.set(path, r);
    return r;
  }

  /**
   * Names of the regular C files (`*.c`, `*.h`) directly in directory `dir` of the tree (a patch
   * path's directory), sorted; [] when it is missing or may not be looked up (same checks as
   * {@link read}). Only names are read here; contents go through {@link read}.
   */
  listCFiles(dir: string): string[] {
    if (unsafePathReason(dir) !== null) return [];
    try {
      const real = realpathSync(join(this.root, ...dir.split('/')));
      if (!real.startsWith(this.root + sep) || !statSync(real).isDirectory()) return [];
      return readdirSync(real, { withFileTypes: true })
        .filter(e => e.isFile() && /^[A-Za-z0-9_.+-]+\.[ch]$/.test(e.name)).map(e => e.name).sort();
    } catch {
      return [];
    }
  }

  /**
   * The commit `.git/HEAD` names, read as files inside DIR with the same checks as patch
   * paths (never by running git: a checkout's config can make git run commands); null when
   * DIR is no git checkout or HEAD cannot be resolved that way.
   */
  gitHead(): string | null {
    const text = (p: string): string | null => {
      const r = this.readUncached(p);
      return r.kind === 'file' ? r.text : null;
    };
    const head = text('.git/HEAD')?.trim();
    if (head === undefined) return null;
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (refs\/[A-Za-z0-9._/-]+)$/.exec(head)?.[1];
    if (ref === undefined || unsafePathReason(ref) !== null) return null;
    const loose = text(`.git/${ref}`)?.trim();
    if (loose !== undefined && /^[0-9a-f]{40}$/.test(loose)) return loose;
    const sha = text('.git/packed-refs')?.split('\n').find(l => l.endsWith(` ${ref}`))?.split(' ')[0];
    return sha !== undefined && /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  }

  private readUncached(path: string): TreeRead {
    const unsafe = unsafePathReason(path);
    if (unsafe !== null) return { kind: 'refused', reason: unsafe };
    let real: string;
    try {
      real = realpathSync(join(this.root, ...path.split('/')));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
      return { kind: 'refused', reason: `cannot resolve (${code ?? 'error'})` };
    }
    if (!real.startsWith(this.root + sep)) return { kind: 'refused', reason: 'resolves outside the tree (symlink)' };
    let fd: number;
    try {
      fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      return { kind: 'refused', reason: `cannot open (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return { kind: 'refused', reason: 'not a regular file' };
      if (st.size > MAX_TREE_FILE_BYTES) return { kind: 'refused', reason: `larger than ${MAX_TREE_FILE_BYTES} bytes` };
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < buf.length) {
        const n = readSync(fd, buf, off, buf.length - off, off);
        if (n === 0) break;
        off += n;
      }
      return { kind: 'file', text: buf.subarray(0, off).toString('utf8') };
    } finally {
      closeSync(fd);
    }
  }
}
