/**
 * A small unified-diff writer for property tests: an LCS edit script between two line lists,
 * grouped into hunks with `context` lines around each change, `\ No newline at end of file`
 * where a side ends without a newline. Quadratic; meant for files of tens of lines.
 */

/** One line of a file: its text and whether a newline follows it. */
export interface FileLine {
  readonly text: string;
  readonly eol: boolean;
}

/**
 * Lines of a file given as line texts and whether the last one ends with a newline. An empty
 * last line without a newline is no line at all (`a\n` + `` is `a\n`), so it is dropped.
 */
export function fileLines(texts: readonly string[], finalEol: boolean): FileLine[] {
  if (!finalEol && texts.length > 0 && texts[texts.length - 1] === '') return fileLines(texts.slice(0, -1), true);
  return texts.map((text, i) => ({ text, eol: i < texts.length - 1 || finalEol }));
}

/** The file's content as a string. */
export function fileText(lines: readonly FileLine[]): string {
  return lines.map(l => l.text + (l.eol ? '\n' : '')).join('');
}

interface Op {
  readonly kind: ' ' | '-' | '+';
  readonly line: FileLine;
}

const same = (x: FileLine, y: FileLine): boolean => x.text === y.text && x.eol === y.eol;

function editScript(a: readonly FileLine[], b: readonly FileLine[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = same(a[i] as FileLine, b[j] as FileLine)
        ? (lcs[i + 1] as number[])[j + 1] as number + 1
        : Math.max((lcs[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i] as FileLine, b[j] as FileLine)) {
      ops.push({ kind: ' ', line: a[i] as FileLine });
      i += 1;
      j += 1;
    } else if (j < m && (i >= n || ((lcs[i] as number[])[j + 1] as number) >= ((lcs[i + 1] as number[])[j] as number))) {
      ops.push({ kind: '+', line: b[j] as FileLine });
      j += 1;
    } else {
      ops.push({ kind: '-', line: a[i] as FileLine });
      i += 1;
    }
  }
  return ops;
}

/** What {@link unifiedDiff} wrote, besides the text. */
export interface WrittenDiff {
  readonly text: string;
  readonly hunks: number;
  readonly added: number;
  readonly removed: number;
}

/** A git-style diff of `a` → `b` for `path` (empty text and 0 hunks when they are equal). */
export function unifiedDiff(path: string, a: readonly FileLine[], b: readonly FileLine[], context = 3): WrittenDiff {
  const ops = editScript(a, b);
  const changes = ops.flatMap((o, k) => (o.kind === ' ' ? [] : [k]));
  if (changes.length === 0) return { text: '', hunks: 0, added: 0, removed: 0 };
  const ranges: [number, number][] = [];
  for (const k of changes) {
    const start = Math.max(0, k - context);
    const end = Math.min(ops.length, k + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  const out = [`diff --git a/${path} b/${path}`, 'index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`];
  for (const [start, end] of ranges) {
    const before = ops.slice(0, start);
    const oldBefore = before.filter(o => o.kind !== '+').length;
    const newBefore = before.filter(o => o.kind !== '-').length;
    const body = ops.slice(start, end);
    const oldCount = body.filter(o => o.kind !== '+').length;
    const newCount = body.filter(o => o.kind !== '-').length;
    const range = (from: number, count: number): string =>
      count === 1 ? `${from + 1}` : `${count === 0 ? from : from + 1},${count}`;
    out.push(`@@ -${range(oldBefore, oldCount)} +${range(newBefore, newCount)} @@`);
    for (const o of body) {
      out.push(o.kind + o.line.text);
      if (!o.line.eol) out.push('\\ No newline at end of file');
    }
  }
  return {
    text: out.join('\n') + '\n',
    hunks: ranges.length,
    added: ops.filter(o => o.kind === '+').length,
    removed: ops.filter(o => o.kind === '-').length,
  };
}
