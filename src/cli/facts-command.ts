/** `kvet facts`: what kvet believes about each function a patch touches. */
import { ingestInputs } from './ingest.js';
import { patchFacts } from '../facts/patch-facts.js';
import type { FunctionFacts } from '../facts/types.js';
import type { Io } from './main.js';

export interface FactsOptions {
  readonly format: 'text' | 'json';
  readonly function?: string;
  readonly stats: boolean;
}

export async function runFacts(inputs: readonly string[], opts: FactsOptions, io: Io): Promise<number> {
  const files: { input: string; messageId: string | null; subject: string; path: string; functions: FunctionFacts[] }[] = [];
  let functions = 0;
  let complete = 0;
  let withErrorNodes = 0;
  const summaries = await ingestInputs(inputs, (patch, input) => {
    const pf = patchFacts(patch);
    for (const f of pf.files) {
      functions += f.stats.functions;
      complete += f.stats.complete;
      withErrorNodes += f.stats.withErrorNodes;
      if (opts.stats) continue;
      const fns = f.functions.filter(fn => opts.function === undefined || fn.name === opts.function);
      if (fns.length > 0 || opts.function === undefined) {
        files.push({ input, messageId: patch.message.messageId, subject: patch.message.subject.raw, path: f.path, functions: fns });
      }
    }
  }, { stdin: io.stdin });
  const stats = { functions, complete, withErrorNodes, errorNodeRate: complete === 0 ? 0 : withErrorNodes / complete };
  if (opts.stats) {
    io.stdout(opts.format === 'json' ? JSON.stringify(stats) + '\n'
      : `functions ${functions}, complete ${complete}, with ERROR/MISSING nodes ${withErrorNodes} (${(stats.errorNodeRate * 100).toFixed(2)}%)\n`);
  } else if (opts.format === 'json') {
    io.stdout(JSON.stringify({ files, stats }, null, 1) + '\n');
  } else {
    for (const f of files) {
      for (const fn of f.functions) io.stdout(formatFunction(f.path, fn) + '\n');
    }
  }
  for (const s of summaries.filter(x => x.failed)) io.stderr(`kvet: ${s.failure ?? s.path}\n`);
  return summaries.some(s => s.failed) ? 2 : 0;
}

function formatFunction(path: string, fn: FunctionFacts): string {
  const out = [`${path}:${fn.span.line}: ${fn.name ?? '(unnamed)'}() ${fn.complete ? 'complete' : `partial (${fn.seenStart ? '' : 'start '}${fn.seenEnd ? '' : 'end '}not seen)`}${fn.changed ? ', changed' : ''}${fn.hasErrorNodes ? ', has parse errors' : ''}`];
  for (const l of fn.locks) out.push(`  lock ${l.op} ${l.lock} (${l.mode}) via ${l.api} at line ${l.span.line}`);
  for (const r of fn.resources) out.push(`  resource ${r.op} ${r.kind} ${r.target} via ${r.api} at line ${r.span.line}`);
  for (const d of fn.devres) out.push(`  devres ${d.api}(${d.action ?? ''}${d.data ? `, ${d.data}` : ''})${d.runsActionOnFailure ? ' [runs action on failure]' : ''} at line ${d.span.line}`);
  for (const d of fn.drvdata) out.push(`  drvdata ${d.op} ${d.device}${d.value ? ` = ${d.value}` : ''} at line ${d.span.line}`);
  for (const g of fn.gotos) out.push(`  goto ${g.label} at line ${g.span.line}${g.target === null ? ' (label not seen)' : ''}`);
  for (const l of fn.labels) out.push(`  label ${l.name} at line ${l.span.line}`);
  for (const r of fn.returns) out.push(`  return ${r.text || '(void)'} [${r.valueClass}, error: ${r.isError}] at line ${r.span.line}`);
  if (fn.kernelDoc) out.push(`  kernel-doc: ${fn.kernelDoc.params.map(p => '@' + p.name).join(' ')}${fn.kernelDoc.hasReturn ? ' Return:' : ''}`);
  return out.join('\n');
}
