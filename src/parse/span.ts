/**
 * Source positions as plain data. Lines and columns are 1-based; `endCol` is exclusive
 * (SARIF `region` convention). Columns count UTF-16 code units, like JavaScript strings and
 * the tree-sitter node binding.
 */
export interface Span {
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/** Offsets of the first character of every line of a text, for offset → line/col. */
export class LineIndex {
  private readonly starts: number[];

  /** Index the line starts of `text`. */
  constructor(text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  /** 1-based line and column of a string offset. */
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** The span of the half-open offset range [start, end). */
  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(end);
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
}

/** Span of a tree-sitter-like node from its 0-based start/end points. */
export function spanOfPoints(
  start: { row: number; column: number },
  end: { row: number; column: number },
): Span {
  return { line: start.row + 1, col: start.column + 1, endLine: end.row + 1, endCol: end.column + 1 };
}
