/**
 * The diff line a finding points at, looked up in the patch records the lint run kept for
 * patches with findings. Shared by the reporters that quote code (text, mail, html).
 */
import type { Finding, Location } from '../engine/finding.js';
import type { LintResult, PatchRecord } from '../engine/lint-result.js';
import type { FileDiff, Hunk, HunkLine } from '../patch/types.js';

export interface SourceLine {
  readonly file: FileDiff;
  readonly hunk: Hunk;
  readonly line: HunkLine;
}

/** Index of patch records by input and Message-ID. */
export class SourceIndex {
  private readonly byKey = new Map<string, PatchRecord>();

  constructor(result: LintResult) {
    for (const p of result.patches) {
      const key = recordKey(p.input, p.messageId);
      const seen = this.byKey.get(key);
      if (seen === undefined || (seen.files.length === 0 && p.files.length > 0)) this.byKey.set(key, p);
    }
  }

  /** The patch a finding was reported on. */
  patchOf(f: Finding): PatchRecord | null {
    return this.byKey.get(recordKey(f.input, f.mailMessageId)) ?? null;
  }

  /** The diff line at a location of a finding's patch (by patch line, else file line). */
  lineAt(f: Finding, at: Location = f.location): SourceLine | null {
    const p = this.patchOf(f);
    if (p === null) return null;
    return findLine(p.files, at);
  }
}

export function findLine(files: readonly FileDiff[], at: Location): SourceLine | null {
  if (at.patchLine !== null) {
    for (const file of files) {
      for (const hunk of file.hunks) {
        for (const line of hunk.lines) if (line.patchLine === at.patchLine && (at.file === null || file.path === at.file)) return { file, hunk, line };
      }
    }
  }
  if (at.file === null || at.line === null) return null;
  for (const file of files) {
    if (file.path !== at.file) continue;
    for (const hunk of file.hunks) {
      let n = hunk.newStart;
      for (const line of hunk.lines) {
        if (line.kind === '-') continue;
        if (n === at.line) return { file, hunk, line };
        n++;
      }
    }
  }
  return null;
}

function recordKey(input: string, messageId: string | null): string {
  return `${input}\u0000${messageId ?? ''}`;
}
