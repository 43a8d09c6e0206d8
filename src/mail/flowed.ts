/**
 * format=flowed unflowing (RFC 3676): soft-broken lines joined back into the lines the sender
 * wrote. Done here rather than in postal-mime, whose decoder joins across quote depths and so
 * glues quoted diff lines together (`>   > -\tif (md->queue) {`).
 *
 * The steps, per raw line (after transfer and charset decoding):
 * - quote depth (§4.5): the number of leading `>` marks. Unlike the RFC, `> >` also counts as
 *   two (one space between marks is allowed), as mail readers show it; this only ever keeps
 *   lines apart that the RFC count would join;
 * - space-stuffing (§4.4): one space right after the quote marks (at depth 0: at the start of
 *   the line) is stuffing, not content;
 * - soft break (§4.2): content ending in a space, except the signature separator `-- `
 *   (quoted or not). A line joins the next only when both have the same quote depth (§4.5:
 *   a flowed line followed by a line of another depth is improperly flowed and taken as
 *   fixed). With delsp=yes the space before a soft break is removed when joining.
 *
 * Deviation, stated up front: content made only of spaces (`>   `, the quote of an empty
 * diff context line as Thunderbird writes it) is taken as a fixed line. Flowing it would glue
 * the next quoted diff line onto it, and it carries no words to flow.
 *
 * Output text: a line that starts a paragraph keeps its quote marks and the stuffing space
 * after them as written (`> text`), so quoted lines read as before; at depth 0 the stuffing
 * space is removed. A joined line contributes its content only (marks and stuffing removed).
 */

/** Unflowed lines, and for each the index of the raw line it starts on. */
export interface Unflowed {
  readonly lines: readonly string[];
  /** `starts[k]` is the index in the input of the first raw line of `lines[k]`. */
  readonly starts: readonly number[];
}

interface FlowedLine {
  /** Quote marks and the stuffing space as written (`''` at depth 0). */
  readonly prefix: string;
  readonly depth: number;
  /** The line without quote marks and stuffing space. */
  readonly content: string;
}

/**
 * Unflows the lines of a format=flowed text part (RFC 3676, see the module comment). Lines are
 * given without line ends. Never joins lines of different quote depth; never throws.
 */
export function unflow(raw: readonly string[], delSp: boolean): Unflowed {
  const lines: string[] = [];
  const starts: number[] = [];
  let open: { text: string; depth: number } | null = null;
  for (let i = 0; i < raw.length; i++) {
    const line = readFlowedLine(raw[i] ?? '');
    if (open !== null && open.depth === line.depth) {
      // Continuation of a soft-broken line of the same depth.
      const head = delSp ? open.text.slice(0, -1) : open.text;
      lines[lines.length - 1] = head + line.content;
    } else {
      lines.push(line.depth === 0 ? line.content : line.prefix + line.content);
      starts.push(i);
    }
    const text = lines[lines.length - 1] ?? '';
    open = isSoft(line) ? { text, depth: line.depth } : null;
  }
  return { lines, starts };
}

function readFlowedLine(raw: string): FlowedLine {
  let depth = 0;
  let i = 0;
  while (raw[i] === '>') {
    depth++;
    i++;
    if (raw[i] === ' ' && raw[i + 1] === '>') i++;
  }
  if (raw[i] === ' ') i++;
  return { prefix: raw.slice(0, i), depth, content: raw.slice(i) };
}

function isSoft(line: FlowedLine): boolean {
  const c = line.content;
  if (!c.endsWith(' ') || c === '-- ') return false;
  return c.trim() !== '';
}
