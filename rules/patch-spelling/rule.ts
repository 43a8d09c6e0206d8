/**
 * Misspelled words in what a patch adds: comments, string literals and the commit message.
 *
 * Maintainers and checkpatch.pl (`--codespell`, `scripts/spelling.txt`) ask for typos to be
 * fixed before a patch is applied: they end up in `git log`, in kernel messages users search
 * for, and in comments everyone reads. Only words on a list of known misspellings are reported
 * (high confidence); identifiers, format specifiers, paths and addresses are not words.
 */
import { defineRule } from '../../src/engine/define-rule.js';
import type { TextFact } from '../../src/facts/types.js';
import { misspellings, proseWords } from './words.js';

export default defineRule({
  id: 'patch-spelling',
  meta: {
    kind: 'style',
    category: 'spelling',
    severity: 'warning',
    confidence: 'high',
    requires: ['texts', 'commitMessage'],
    docs: {
      description: 'Report known misspellings in the comments, strings and commit message a patch adds.',
      references: ['Documentation/process/submitting-patches.rst', 'scripts/checkpatch.pl (--codespell)', 'scripts/spelling.txt'],
      limitations: 'Only words on the @cspell/dict-en-common-misspellings list (locale-neutral part) are reported, minus a small allowlist of kernel vocabulary; a misspelling that is not on the list is missed (no dictionary of unknown words is used: kernel prose is too dense with jargon for that to stay quiet). Tokens with _ or digits, camelCase and ALLCAPS, words in backticks or followed by ( are never checked, so a misspelled identifier is missed. Indented commit-message lines (logs, code) and trailers are skipped.',
    },
    messages: {
      misspelled: 'Misspelled word "{{word}}" in a {{where}}, probably "{{suggestion}}".',
    },
  },
  checkFile(file, ctx) {
    const list = misspellings();
    for (const t of file.texts) {
      if (!t.added || isInclude(t)) continue;
      if (ctx.patch.quoted && originalAddsText(ctx.series.patches, file.path, t)) continue;
      const lines = t.text.split('\n');
      lines.forEach((text, i) => {
        for (const w of proseWords(stripCommentMarks(text))) {
          const fix = list.get(w.word.toLowerCase());
          if (fix === undefined) continue;
          ctx.report({
            messageId: 'misspelled', line: t.span.line + i,
            data: { word: w.word, where: t.kind === 'comment' ? 'comment' : 'string', suggestion: suggestion(w.word, fix) },
          });
        }
      });
    }
  },
  checkPatch(patch, ctx) {
    const list = misspellings();
    let inTrailers = false;
    for (const line of patch.commitMessage) {
      if (/^[A-Z][A-Za-z-]+: \S/.test(line.text) && /^(Signed-off-by|Co-developed-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Cc|Link|Fixes|Closes|Based-on)/i.test(line.text)) inTrailers = true;
      if (inTrailers || /^(\t| {2,})/.test(line.text) || /^[>|]/.test(line.text)) continue;
      for (const w of proseWords(line.text)) {
        const fix = list.get(w.word.toLowerCase());
        if (fix === undefined) continue;
        ctx.report({
          messageId: 'misspelled', line: null, file: null, mailLine: line.mailLine, patchLine: line.patchLine,
          data: { word: w.word, where: 'commit message', suggestion: suggestion(w.word, fix) },
        });
      }
    }
  },
});

/** Keep the case of the first letter: "Recieve" → "Receive". */
function suggestion(word: string, fixes: readonly string[]): string {
  const cased = fixes.map(f => (/^[A-Z]/.test(word) ? f.charAt(0).toUpperCase() + f.slice(1) : f));
  return cased.join('" or "');
}

function stripCommentMarks(line: string): string {
  return line.replace(/^\s*(\/\*+|\*+\/?|\/\/+)/, ' ').replace(/\*+\/\s*$/, ' ');
}

/** `#include "dax-private.h"`: a file name, not prose. */
function isInclude(t: TextFact): boolean {
  return t.kind === 'string' && /^"[\w./-]+\.h"$/.test(t.text);
}

/** A reply quoting a hunk: the patch it quotes, in the same series, already reports the text. */
function originalAddsText(patches: readonly { readonly quoted: boolean; readonly files: readonly { readonly path: string; readonly texts: readonly TextFact[] }[] }[], path: string, t: TextFact): boolean {
  return patches.some(p => !p.quoted && p.files.some(f => f.path === path && f.texts.some(x => x.added && x.text === t.text)));
}
