/**
 * Look-ups from source positions to CFG nodes, for facts extraction: the call at line L,
 * column C happens in the innermost statement, condition or loop head whose span holds it.
 */
import type { Cfg, CfgNode } from './cfg-types.js';

/** Node kinds that stand for source a position can be in (not terminals or scope exits). */
const SOURCE_KINDS: ReadonlySet<CfgNode['kind']> = new Set([
  'statement', 'branch', 'loop', 'switch', 'case', 'label', 'goto', 'return', 'break', 'continue', 'acquire',
]);

/**
 * The CFG node that evaluates the source at 1-based `line`/`col`: the one with the smallest span
 * containing it, or null when the position is in no statement (a comment, a brace, outside).
 */
export function nodeAt(cfg: Cfg, line: number, col: number): CfgNode | null {
  let best: CfgNode | null = null;
  let bestSize = Infinity;
  for (const n of cfg.nodes) {
    const s = n.span;
    if (s === null || !SOURCE_KINDS.has(n.kind)) continue;
    const starts = s.line < line || (s.line === line && s.col <= col);
    const ends = s.endLine > line || (s.endLine === line && s.endCol > col);
    if (!starts || !ends) continue;
    const size = (s.endLine - s.line) * 10_000 + (s.endCol - s.col);
    if (size < bestSize) { best = n; bestSize = size; }
  }
  return best;
}
