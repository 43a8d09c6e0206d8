/**
 * Tree mode facts: a series applied, patch after patch, to a kernel tree in memory, and every
 * C file it touches analysed WHOLE — the post-image file for the patch, the file as it was
 * before the patch for the differential check. A function is `changed` only where the patch
 * adds or removes lines, so "what the patch introduces" means the same as in hunk mode; what
 * changes is what the rules can see: comments, callees and labels outside the hunks.
 *
 * A file that cannot be applied (not in the tree, a refused path, a hunk that matches nowhere
 * even with fuzz) is reported, and that file is analysed in hunk mode — for this patch and,
 * because its state is then unknown, for the rest of the series.
 *
 * Input for one `lintPatches` call is the tree DIR as a plain string (it crosses worker
 * threads); {@link TreeSeries.open} rebuilds the reader from it.
 */
import type { IngestProblem } from '../mail/types.js';
import type { FileDiff, Patch } from '../patch/types.js';
import { fileFactsOfDiff, fileFactsOfImage, isCFile, removedIdentifiersOf } from '../facts/file-facts.js';
import type { PatchFacts } from '../facts/patch-facts.js';
import type { FileFacts, FunctionFacts } from '../facts/types.js';
import { treeCallees } from './tree-callees.js';
import type { FileImage } from '../reconstruct/types.js';
import { applyWithFuzz, MAX_FUZZ, type FuzzyApplied } from './apply.js';
import { TreeSource, unsafePathReason } from './tree-source.js';

/** How one file of a patch was placed in the tree (offset or fuzz), for the notes. */
export interface TreePlacement {
  readonly path: string;
  readonly status: 'offset' | 'fuzz';
  /** Per displaced hunk: its number (1-based), final line, offset and fuzz. */
  readonly hunks: readonly { readonly hunk: number; readonly line: number; readonly offset: number; readonly fuzz: number }[];
}

/** PatchFacts of a patch applied to the tree, with what the differential check and the notes need. */
export interface TreePatchFacts extends PatchFacts {
  /** The file as it was before this patch, analysed whole; null for a file analysed in hunk mode (use its diff's pre-image). */
  readonly pre: (path: string) => FileFacts | null;
  /** Files that applied only with an offset or fuzz. */
  readonly placements: readonly TreePlacement[];
  /** Files that could not be applied (and were analysed in hunk mode), per file; and base-commit notes. */
  readonly problems: readonly IngestProblem[];
}

/** One series applied to one tree. Not shared between series: each starts from the tree as it is. */
export class TreeSeries {
  /** Current text of the paths the series touched so far (null: deleted). */
  private readonly state = new Map<string, string | null>();
  /** Paths whose state is unknown after a diff that did not apply. */
  private readonly broken = new Set<string>();
  private readonly startProblems: IngestProblem[] = [];

  private constructor(private readonly tree: TreeSource) {}

  /**
   * A fresh series on the tree at `dir` (the patches are only read, for their `base-commit:`);
   * null, with a problem in `problems`, when `dir` cannot be used (the series is then analysed
   * in hunk mode).
   */
  static open(dir: string, patches: readonly { readonly patch: Patch; readonly input: string }[], problems: IngestProblem[]): TreeSeries | null {
    const tree = TreeSource.open(dir);
    if (typeof tree === 'string') {
      problems.push({ message: `--tree: ${tree}; analysed in hunk mode.`, where: patches[0]?.input ?? dir });
      return null;
    }
    const series = new TreeSeries(tree);
    series.checkBase(patches);
    return series;
  }

  /** Facts of `patch` applied on top of the series so far. A reply without a diff of its own is analysed as in hunk mode. */
  patchFacts(patch: Patch, input: string): TreePatchFacts {
    const files: FileFacts[] = [];
    const failures: { path: string; reason: string }[] = [];
    const problems: IngestProblem[] = this.startProblems.splice(0);
    const placements: TreePlacement[] = [];
    const pres = new Map<string, () => FileFacts>();
    const where = `${input}:${patch.message.ref.startLine}`;
    const name = patchName(patch);
    const source = patch.files.length > 0 ? 'own' : 'quoted';
    const diffs = source === 'own' ? patch.files : patch.quoted;
    for (const diff of diffs) {
      // every path a patch names is checked, C or not: one that would leave the tree is reported
      const unsafe = source === 'own' ? unsafePath(diff) : null;
      if (unsafe !== null) {
        problems.push({ message: `${name}: refused to look up ${JSON.stringify(unsafe.path)} in the tree (${unsafe.reason}); ${diff.path} ${isCFile(diff.path) ? 'analysed in hunk mode' : 'not applied'}.`, where });
        this.broken.add(diff.newPath ?? diff.path);
      }
      if (!isCFile(diff.path)) continue;
      if (unsafe !== null) {
        hunkModeOf(diff, files, failures);
        continue;
      }
      const analysed = !diff.binary && diff.status !== 'deleted' && diff.hunks.length > 0;
      const hunkMode = (): void => hunkModeOf(diff, files, failures);
      if (source === 'quoted') { hunkMode(); continue; }
      const applied = this.apply(diff, name, where, problems);
      if (applied === null) { hunkMode(); continue; }
      const before = applied.base;
      if (before !== null && diff.status !== 'added') pres.set(diff.path, once(() => wholeFileFacts(preImage(diff.oldPath ?? diff.path, before), new Set())));
      const placement = placementOf(diff, applied.result);
      if (placement !== null) placements.push(placement);
      if (!analysed) continue;
      try {
        files.push({ ...wholeFileFacts(applied.result.image, applied.result.changedLines), removedIdentifiers: removedIdentifiersOf(diff) });
      } catch (err) {
        failures.push({ path: diff.path, reason: err instanceof Error ? err.message.split('\n')[0] ?? 'error' : String(err) });
      }
    }
    return { patch, source, files, failures, problems, placements, pre: path => pres.get(path)?.() ?? null };
  }

  /** Applies `diff` to the series state; null (and a problem) when it cannot be. */
  private apply(diff: FileDiff, name: string, where: string, problems: IngestProblem[]): { base: string | null; result: FuzzyApplied } | null {
    const from = diff.oldPath ?? diff.path;
    const to = diff.newPath ?? diff.path;
    const fallback = (why: string): null => {
      problems.push({ message: `${name}: ${why}; ${diff.path} analysed in hunk mode.`, where });
      return null;
    };
    if (this.broken.has(from)) return fallback(`${from} is not known in the tree after an earlier patch of the series did not apply to it`);
    if (diff.binary) { this.broken.add(to); return fallback(`binary diff of ${diff.path} not applied`); }
    let base: string | null = null;
    if (diff.status !== 'added') {
      const cur = this.current(from);
      if (cur.kind === 'refused') { this.broken.add(to); return fallback(`refused to read ${from} from the tree (${cur.reason})`); }
      if (cur.kind === 'missing') { this.broken.add(to); return fallback(`${from} is not in the tree`); }
      base = cur.text;
    }
    const result = applyWithFuzz(base, diff, { where: n => `${where}, patch line ${n}` });
    if (result.status === 'failed') {
      this.broken.add(to);
      const bad = result.placements.map((p, i) => (p.offset === null ? i : -1)).filter(i => i >= 0);
      const lines = bad.map(i => diff.hunks[i]?.headerLine).filter((n): n is number => n !== null && n !== undefined);
      return fallback(`${diff.path} does not apply to the tree (${bad.length === 1 ? 'hunk' : 'hunks'} ${bad.map(i => `#${i + 1}`).join(', ')} of ${diff.hunks.length}${lines.length > 0 ? `, patch ${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}` : ''}, even with offset and fuzz ${MAX_FUZZ})`);
    }
    if (diff.status === 'deleted') this.state.set(from, null);
    else {
      if (diff.status === 'renamed') this.state.set(from, null);
      this.state.set(to, result.text);
    }
    return { base, result };
  }

  /**
   * Functions the changed functions of `fns` call that the tree defines in the same
   * directories, outside the patched files (src/tree/tree-callees.ts), for the summaries.
   */
  callees(fns: readonly FunctionFacts[]): FunctionFacts[] {
    return treeCallees(fns, {
      listCFiles: dir => this.tree.listCFiles(dir),
      text: path => {
        if (unsafePathReason(path) !== null || this.broken.has(path)) return null;
        const r = this.current(path);
        return r.kind === 'file' ? r.text : null;
      },
    });
  }

  private current(path: string): { kind: 'file'; text: string } | { kind: 'missing' } | { kind: 'refused'; reason: string } {
    if (this.state.has(path)) {
      const text = this.state.get(path) ?? null;
      return text === null ? { kind: 'missing' } : { kind: 'file', text };
    }
    return this.tree.read(path);
  }

  /** `base-commit:` (b4, `git format-patch --base`): the tree can only be checked against it when it is a git checkout. */
  private checkBase(patches: readonly { readonly patch: Patch; readonly input: string }[]): void {
    for (const { patch, input } of patches) {
      const base = patch.trailers.find(t => t.key.toLowerCase() === 'base-commit')?.value.trim();
      if (base === undefined || base === '') continue;
      const head = this.tree.gitHead();
      const where = `${input}:${patch.message.ref.startLine}`;
      if (head === null) {
        this.startProblems.push({ message: `${patchName(patch)}: base-commit ${base} cannot be checked: ${this.tree.dir} is not a git checkout; the series was applied to the tree as it is.`, where });
      } else if (!head.startsWith(base.toLowerCase()) && !base.toLowerCase().startsWith(head)) {
        this.startProblems.push({ message: `${patchName(patch)}: base-commit ${base} is not the tree's HEAD (${head.slice(0, 12)}); the series was applied to the tree as it is.`, where });
      }
      return;
    }
  }
}

/** The first path of `diff` that may not be looked up in the tree, with why; null when both may. */
function unsafePath(diff: FileDiff): { path: string; reason: string } | null {
  for (const path of new Set([diff.oldPath ?? diff.path, diff.newPath ?? diff.path, diff.path])) {
    const reason = unsafePathReason(path);
    if (reason !== null) return { path, reason };
  }
  return null;
}

/** Hunk-mode facts of `diff` (as src/facts/patch-facts.ts makes them), for a file tree mode could not apply. */
function hunkModeOf(diff: FileDiff, files: FileFacts[], failures: { path: string; reason: string }[]): void {
  if (diff.binary || diff.status === 'deleted' || diff.hunks.length === 0) return;
  try {
    files.push(fileFactsOfDiff(diff));
  } catch (err) {
    failures.push({ path: diff.path, reason: err instanceof Error ? err.message.split('\n')[0] ?? 'error' : String(err) });
  }
}

/** How a patch is named in problems: its subject as sent. */
function patchName(patch: Patch): string {
  const s = patch.message.subject.raw.trim();
  return s === '' ? `message ${patch.message.ref.index + 1}` : `"${s}"`;
}

/** Facts of a whole-file image: every function complete, `changed` where `changedLines` fall. */
function wholeFileFacts(image: FileImage, changedLines: ReadonlySet<number>): FileFacts {
  return { ...fileFactsOfImage(image, changedLines, []), complete: true };
}

function preImage(path: string, text: string): FileImage {
  return { path, side: 'pre', text, lines: [], fragments: [], complete: true };
}

function placementOf(diff: FileDiff, applied: FuzzyApplied): TreePlacement | null {
  if (applied.status !== 'offset' && applied.status !== 'fuzz') return null;
  const firstLine = (i: number): number => {
    const pl = new Set(diff.hunks[i]?.lines.map(l => l.patchLine) ?? []);
    return applied.image.lines.find(l => pl.has(l.patchLine))?.line ?? 1;
  };
  const hunks = applied.placements
    .map((p, i) => ({ hunk: i + 1, line: firstLine(i), offset: p.offset ?? 0, fuzz: p.fuzz }))
    .filter(h => h.offset !== 0 || h.fuzz > 0);
  return { path: diff.path, status: applied.status, hunks };
}

function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) { value = f(); done = true; }
    return value;
  };
}
