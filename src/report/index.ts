/**
 * Reporters by CLI name (`--format NAME`). Each is a pure function over the one sorted
 * findings list (STYLE.md F); the CLI chooses, the reporter never writes.
 */
import type { Reporter } from './reporter.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatHtml } from './html.js';
import { formatMail } from './mail.js';
import { formatTerse } from './terse.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatRdjsonl } from './rdjsonl.js';
import { formatPatchwork } from './patchwork.js';
import { formatB4 } from './b4.js';

export const REPORTERS = {
  text: formatText,
  json: formatJson,
  mail: formatMail,
  html: formatHtml,
  terse: formatTerse,
  compact: formatTerse,
  sarif: formatSarif,
  github: formatGithub,
  rdjsonl: formatRdjsonl,
  patchwork: formatPatchwork,
  b4: formatB4,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}
