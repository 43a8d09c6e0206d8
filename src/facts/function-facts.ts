/**
 * FunctionFacts for one located function: its CFG and everything a reviewer reasons about,
 * each fact tied to a CFG node. Pure apart from reading the syntax tree.
 */
import { buildCfg } from '../parse/cfg.js';
import type { LocatedFunction } from '../parse/functions.js';
import type { SyntaxNode } from '../parse/load.js';
import type { Cfg } from '../parse/cfg-types.js';
import type { FileImage } from '../reconstruct/types.js';
import { extractCalls, declaredName } from './calls.js';
import { devresOps, drvdataOps, lockOpsFromCalls, lockOpsFromGuards, resourceOps } from './classify.js';
import { kernelDocAbove } from './kernel-doc.js';
import { extractLocals } from './locals.js';
import { NodeLocator, descendants, spanOf, squash } from './syntax.js';
import { classifyValue, decodeCondition, errorness, valueVariable } from './values.js';
import { FACTS_VERSION, type AssignmentFact, type FunctionFacts, type Origin, type ReturnSite } from './types.js';

/** What the facts stage knows about the file a function lives in. */
export interface FileContext {
  readonly path: string;
  /** Lines of the (fragment-shaped) text the function was located in. */
  readonly lines: readonly string[];
  /** The image with its line map; null for a whole file read from disk. */
  readonly image: FileImage | null;
  /** Post-image lines the patch added, or next to which it removed lines. */
  readonly changedLines: ReadonlySet<number>;
}

/** Extract the facts of one function. */
export function extractFunctionFacts(fn: LocatedFunction, file: FileContext): FunctionFacts {
  const cfg = buildCfg(fn);
  const info = fn.info;
  const body = fn.node.childForFieldName('body') ?? fn.node;
  const locator = new NodeLocator(cfg);
  const kindOf = (id: number) => cfg.nodes[id]?.kind;
  const calls = extractCalls(body, locator, kindOf);
  const addedLines: number[] = [];
  if (file.image !== null) {
    const seen = file.image.lines;
    for (let i = firstSeenAtOrAfter(seen, info.span.line); i < seen.length; i++) {
      const l = seen[i];
      if (l === undefined || l.line > info.span.endLine) break;
      if (l.kind === '+') addedLines.push(l.line);
    }
  }
  return {
    version: FACTS_VERSION,
    name: info.name,
    file: file.path,
    span: info.span,
    origin: originOf(file, info.span.line),
    changed: anyInRange(file.changedLines, info.span.line, info.span.endLine),
    complete: info.kind === 'complete',
    seenStart: info.seenStart,
    seenEnd: info.seenEnd,
    isStatic: info.isStatic,
    returnType: info.returnType,
    params: info.params.map(p => ({ name: p.name, type: p.type })),
    attributes: info.attributes,
    hasErrorNodes: cfg.hasErrorNodes,
    addedLines,
    cfg,
    calls,
    locks: [...lockOpsFromGuards(cfg), ...lockOpsFromCalls(calls)].sort((a, b) => a.node - b.node),
    resources: resourceOps(calls, cfg),
    devres: devresOps(calls),
    drvdata: drvdataOps(calls),
    labels: cfg.labels.map(l => ({ name: l.name, node: l.node, span: l.span })),
    gotos: cfg.gotos.map(g => ({ label: g.label, node: g.node, span: g.span, target: g.target })),
    returns: returnsOf(cfg, info.returnType),
    conditions: cfg.nodes.filter(n => n.kind === 'branch').map(n => decodeCondition(n.id, n.text)),
    assignments: assignmentsOf(body, locator),
    kernelDoc: info.seenStart ? kernelDocAbove(file.lines, headerStart(fn)) : null,
    locals: extractLocals(body, locator),
  };
}

/** Where a reviewer sees `line` of the file. */
export function originOf(file: FileContext, line: number): Origin {
  const lines = file.image?.lines;
  const at = lines === undefined ? undefined : lines[firstSeenAtOrAfter(lines, line)];
  const seen = at !== undefined && at.line === line ? at : undefined;
  return { file: file.path, line, patchLine: seen?.patchLine ?? null, mailLine: seen?.mailLine ?? null, added: seen?.kind === '+' };
}

/** Index of the first seen line numbered `line` or more (`lines` ascend by line, as `FileImage.lines` do). */
function firstSeenAtOrAfter(lines: readonly { readonly line: number }[], line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lines[mid]?.line ?? Infinity) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `set` holds a number in [from, to], by whichever of the two is smaller. */
function anyInRange(set: ReadonlySet<number>, from: number, to: number): boolean {
  if (to - from + 1 <= set.size) {
    for (let l = from; l <= to; l++) if (set.has(l)) return true;
    return false;
  }
  for (const l of set) if (l >= from && l <= to) return true;
  return false;
}

/** First line of the definition, including a return type on its own line. */
function headerStart(fn: LocatedFunction): number {
  return fn.node.startPosition.row + 1;
}

function returnsOf(cfg: Cfg, returnType: string): ReturnSite[] {
  const out: ReturnSite[] = [];
  for (const n of cfg.nodes) {
    if (n.kind !== 'return' || n.span === null) continue;
    const valueClass = classifyValue(n.text);
    out.push({ node: n.id, span: n.span, text: squash(n.text), valueClass, isError: errorness(valueClass, n.text), variable: valueVariable(n.text) });
  }
  void returnType;
  return out;
}

const ASSIGNMENTS = new Set(['assignment_expression', 'init_declarator']);

function assignmentsOf(body: SyntaxNode, locator: NodeLocator): AssignmentFact[] {
  const out: AssignmentFact[] = [];
  for (const a of descendants(body, ASSIGNMENTS)) {
    const isInit = a.type === 'init_declarator';
    const targetNode = isInit ? a.childForFieldName('declarator') : a.childForFieldName('left');
    const valueNode = isInit ? a.childForFieldName('value') : a.childForFieldName('right');
    if (targetNode === null || valueNode === null) continue;
    if (!isInit && a.childForFieldName('operator')?.text !== '=' && !/^\S+\s*=[^=]/.test(a.text)) continue;
    const target = isInit ? declaredName(targetNode) : squash(targetNode.text);
    if (target === null) continue;
    const span = spanOf(a);
    const node = locator.locate(span);
    if (node === null) continue;
    let v = valueNode;
    while ((v.type === 'parenthesized_expression' || v.type === 'cast_expression') && v.namedChildren.length > 0) {
      v = v.namedChildren[v.namedChildren.length - 1] ?? v;
    }
    const fromCall = v.type === 'call_expression' ? squash(v.childForFieldName('function')?.text ?? '') : null;
    out.push({ node, span, target, value: squash(valueNode.text), fromCall, valueClass: classifyValue(valueNode.text) });
  }
  return out;
}
