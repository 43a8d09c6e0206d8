/**
 * Quote markers of e-mail replies: `> `, `>`, nested `>>` / `> >`, and the extra space that
 * format=flowed "space-stuffing" puts in front of quoted lines that began with a space.
 */

/** One line of a reply body with its quote depth and the text under the markers. */
export interface QuotedLine {
  /** 0-based index of the line in the body text. */
  readonly index: number;
  /** Number of `>` markers (0 for the replier's own text). */
  readonly depth: number;
  /** The line without its quote markers (one space after each `>` removed). */
  readonly content: string;
  /** The line as it stands in the body. */
  readonly raw: string;
}

/**
 * Removes quote markers: each `>` and one space after it, as long as another `>` follows.
 * `"> > +x"` and `">> +x"` are depth 2 with content `"+x"`; `">   \tfoo"` is depth 1 with
 * content `"  \tfoo"` (space-stuffed context; see {@link unstuff}).
 */
export function splitQuote(raw: string, index: number): QuotedLine {
  let depth = 0;
  let i = 0;
  while (raw[i] === '>') {
    depth += 1;
    i += 1;
    if (raw[i] === ' ' && raw[i + 1] === '>') i += 1;
    else if (raw[i] === ' ') {
      i += 1;
      break;
    }
  }
  return { index, depth, content: raw.slice(i), raw };
}

/**
 * True when the quoted lines of one depth were space-stuffed (format=flowed, RFC 3676): no such
 * line starts with one space and then text (`> \tfoo`, `>  drivers/x.c | 2 +`: an unstuffed
 * quote of a diff), and some line shows the stuffing of a diff context line: two spaces and
 * then a tab or nothing (`>   \tfoo`, `>   `). Quotes whose only spaced lines are comment
 * continuations (`>   * foo`) are not taken for stuffed.
 */
export function isSpaceStuffed(lines: readonly QuotedLine[], depth: number): boolean {
  let evidence = false;
  for (const l of lines) {
    if (l.depth !== depth) continue;
    if (/^ [^ ]/.test(l.content)) return false;
    if (/^ {2}(\t|$)/.test(l.content)) evidence = true;
  }
  return evidence;
}

/** Removes the one stuffing space from a line of a space-stuffed quote. */
export function unstuff(line: QuotedLine): QuotedLine {
  return line.content.startsWith(' ') ? { ...line, content: line.content.slice(1) } : line;
}

/** Lines a reviewer writes where quoted text was cut: `...`, `[...]`, `<snip>`, `[ snip ]`. */
export function isElision(text: string): boolean {
  return /^\s*(\.{3,}|…|\[\s*(\.{3}|…|snip(ped)?|cut|trimmed)[^\]]*\]|<\s*snip(ped)?\s*>|-+\s*snip\s*-+|snip)\s*$/i.test(text);
}
