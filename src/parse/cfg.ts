/**
 * Build the CFG of one located function (see `cfg-types.ts` for what the graph guarantees).
 *
 * Statements: sequence, `if`/`else`, `switch` with fallthrough, `while`/`for`/`do` and iterator
 * macros (loop heads with `back` edges), `goto`/labels (resolved after the walk; a label not in
 * the function sends its gotos to the `unresolved` terminal, or to `unseen` in a partial
 * function, and `Cfg.gotos` reports it with `target: null`), `return`, `break`/`continue`, and cleanup.h scope exits:
 * `guard()` is released at the end of its enclosing block, `scoped_guard()` at the end of its
 * block (a `break`/`continue` inside leaves the guard block, as the kernel's `for`-based macro
 * does), `__free(f)` and `CLASS()` variables at the end of their scope, on every edge leaving it.
 *
 * Known limits: `#if`/`#ifdef` blocks are modelled as a branch on the directive; jumps into the
 * scope of a cleanup variable (rejected by compilers) are not diagnosed; calls to functions that
 * do not return (`BUG()`, `panic()`) are ordinary statements.
 */
import type { Cfg, CfgEdgeKind, CfgNode, GotoSite, ScopeBypass } from './cfg-types.js';
import type { LocatedFunction } from './functions.js';
import type { SyntaxNode } from './load.js';
import type { MacroSite } from './normalise.js';
import { asKind, caseText, elseBody, stripParens, within, type Pending } from './cfg-syntax.js';
import { CfgGraph } from './cfg-graph.js';
import { spanOfPoints, type Span } from './span.js';

interface JumpTarget {
  readonly kind: 'loop' | 'switch' | 'scoped';
  readonly liveLen: number;
  readonly breaks: Pending;
  readonly continues: Pending;
}

/** Statement nesting beyond which the rest of a statement becomes one opaque node. */
const MAX_DEPTH = 400;
const PREPROC_BRANCH = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef']);
const PREPROC_ELSE = new Set(['preproc_else', 'preproc_elif', 'preproc_elifdef']);

/** Build the CFG of a function found by `locateFunctions`. Pure apart from reading the tree. */
export function buildCfg(fn: LocatedFunction): Cfg {
  return new CfgBuilder(fn).build();
}

class CfgBuilder extends CfgGraph {
  private readonly targets: JumpTarget[] = [];
  /** `live`: resources live there; null when not tracked (live-cell budget spent). */
  private readonly labels = new Map<string, { node: number; live: readonly number[] | null; span: Span }>();
  private readonly gotos: { label: string; node: number; live: readonly number[] | null; span: Span }[] = [];
  private readonly bypasses: ScopeBypass[] = [];
  private hasErrors = false;
  private depth = 0;
  private depthLimited = false;
  private readonly entry: number;
  private readonly exit: number;
  private readonly unresolved: number;
  private readonly unseen: number;
  /** The macro sites by start line (a scan of all sites per statement was quadratic). */
  private readonly sitesByLine = new Map<number, MacroSite[]>();

  constructor(private readonly fn: LocatedFunction) {
    super();
    this.entry = this.add('entry', null, '');
    this.exit = this.add('exit', null, '');
    this.unresolved = this.add('unresolved', null, '');
    this.unseen = this.add('unseen', null, '');
    for (const site of fn.sites) {
      const at = this.sitesByLine.get(site.span.line);
      if (at === undefined) this.sitesByLine.set(site.span.line, [site]);
      else at.push(site);
    }
  }

  build(): Cfg {
    const body = this.fn.node.childForFieldName('body');
    const { info } = this.fn;
    let out: Pending = [{ from: this.entry, kind: 'next' }];
    if (body !== null) out = this.visit(body, out);
    this.connect(out.map((p) => ({ from: p.from, kind: 'end' as const })), info.seenEnd ? this.exit : this.unseen);
    const gotos = this.resolveGotos();
    return {
      name: info.name,
      entry: this.entry,
      exit: this.exit,
      unresolved: this.unresolved,
      unseen: this.unseen,
      nodes: this.nodes,
      edges: this.edges,
      resources: this.resources,
      labels: [...this.labels].map(([name, l]) => ({ name, node: l.node, span: l.span })),
      gotos,
      bypasses: this.bypasses,
      partial: info.kind === 'partial',
      hasErrorNodes: this.hasErrors || info.hasErrorNodes,
      depthLimited: this.depthLimited || this.cleanupsLimited,
    };
  }

  // ---- macro sites ------------------------------------------------------------------------

  private siteAt(node: SyntaxNode, kinds: readonly MacroSite['meaning']['kind'][]): MacroSite | undefined {
    const line = node.startPosition.row + 1;
    const col = node.startPosition.column + 1;
    return this.sitesByLine.get(line)?.find((s) => s.span.col === col && kinds.includes(s.meaning.kind));
  }

  private sitesWithin(node: SyntaxNode, kind: MacroSite['meaning']['kind']): MacroSite[] {
    const s = spanOfPoints(node.startPosition, node.endPosition);
    const out: MacroSite[] = [];
    for (let line = s.line; line <= s.endLine; line++) {
      for (const site of this.sitesByLine.get(line) ?? []) if (site.meaning.kind === kind && within(site.span, s)) out.push(site);
    }
    return out;
  }

  private transfers(node: SyntaxNode): { transfers?: readonly string[] } {
    const vars = this.sitesWithin(node, 'ownership-transfer').flatMap((s) => (s.meaning.kind === 'ownership-transfer' ? [s.meaning.variable] : []));
    return vars.length === 0 ? {} : { transfers: vars };
  }

  // ---- statements -------------------------------------------------------------------------

  private visit(stmt: SyntaxNode, preds: Pending): Pending {
    if (this.depth >= MAX_DEPTH) {
      // Deeper than any real kernel code: keep the rest as one opaque statement.
      this.depthLimited = true;
      return [{ from: this.step(preds, 'statement', stmt, stmt.text), kind: 'next' }];
    }
    this.depth++;
    try {
      return this.visitStatement(stmt, preds);
    } finally {
      this.depth--;
    }
  }

  private visitStatement(stmt: SyntaxNode, preds: Pending): Pending {
    switch (stmt.type) {
      case 'comment':
        return preds;
      case 'compound_statement': {
        const liveLen = this.live.length;
        let out = preds;
        for (const child of stmt.namedChildren) out = this.visit(child, out);
        return this.exitScope(out, liveLen, stmt.lastChild);
      }
      case 'declaration':
        return this.declaration(stmt, preds);
      case 'expression_statement':
        return this.expression(stmt, preds);
      case 'if_statement':
        return this.ifStatement(stmt, preds);
      case 'while_statement':
        return this.whileLoop(stmt, preds);
      case 'for_statement':
        return this.forLoop(stmt, preds);
      case 'do_statement':
        return this.doLoop(stmt, preds);
      case 'switch_statement':
        return this.switchStatement(stmt, preds);
      case 'case_statement':
        return this.caseBody(stmt, [{ from: this.step(preds, 'case', stmt, caseText(stmt)), kind: 'next' }]);
      case 'return_statement':
        return this.returnStatement(stmt, preds, this.transfers(stmt));
      case 'goto_statement': {
        const label = stmt.childForFieldName('label')?.text ?? '';
        const id = this.step(preds, 'goto', stmt, `goto ${label}`, { label });
        this.gotos.push({ label, node: id, live: this.snapshot(), span: spanOfPoints(stmt.startPosition, stmt.endPosition) });
        return [];
      }
      case 'labeled_statement':
        return this.labeled(stmt, preds);
      case 'break_statement':
      case 'continue_statement':
        return this.jump(stmt, preds);
      case 'ERROR':
        return this.errorNode(stmt, preds);
      default:
        if (PREPROC_BRANCH.has(stmt.type)) return this.preprocBranch(stmt, preds);
        return [{ from: this.step(preds, 'statement', stmt, stmt.text), kind: 'next' }];
    }
  }

  /** A substatement of `if`/`else`/a loop is a block of its own (C11 6.8.4p3, 6.8.5p5). */
  private visitBlock(stmt: SyntaxNode, preds: Pending): Pending {
    const liveLen = this.live.length;
    return this.exitScope(this.visit(stmt, preds), liveLen, stmt);
  }

  private declaration(stmt: SyntaxNode, preds: Pending): Pending {
    const frees = this.sitesWithin(stmt, 'cleanup-attribute');
    const ids = frees.flatMap((s) => (s.meaning.kind === 'cleanup-attribute'
      ? [this.resource({ kind: 'free', name: s.meaning.fn, variable: s.meaning.variable, args: [], span: s.span })]
      : []));
    const extra: Partial<CfgNode> = { ...this.transfers(stmt), ...(ids[0] === undefined ? {} : { acquires: ids[0] }) };
    const id = this.step(preds, 'statement', stmt, stmt.text, extra);
    this.live.push(...ids);
    return [{ from: id, kind: 'next' }];
  }

  private expression(stmt: SyntaxNode, preds: Pending): Pending {
    const site = this.siteAt(stmt, ['guard', 'class', 'ownership-transfer']);
    const m = site?.meaning;
    if (site !== undefined && m?.kind === 'guard') {
      const r = this.resource({ kind: 'guard', name: m.lockClass, variable: null, args: m.args, span: site.span });
      const id = this.step(preds, 'acquire', stmt, stmt.text, { acquires: r });
      this.live.push(r);
      return [{ from: id, kind: 'next' }];
    }
    if (site !== undefined && m?.kind === 'class') {
      const r = this.resource({ kind: 'class', name: m.className, variable: m.variable, args: m.args, span: site.span });
      const id = this.step(preds, 'acquire', stmt, stmt.text, { acquires: r });
      this.live.push(r);
      return [{ from: id, kind: 'next' }];
    }
    if (m?.kind === 'ownership-transfer' && m.returns) {
      // `return_ptr(p);` is `return no_free_ptr(p);`
      return this.returnStatement(stmt, preds, { transfers: [m.variable] }, m.variable);
    }
    return [{ from: this.step(preds, 'statement', stmt, stmt.text, this.transfers(stmt)), kind: 'next' }];
  }

  private returnStatement(stmt: SyntaxNode, preds: Pending, extra: Partial<CfgNode>, returned?: string): Pending {
    const value = returned ?? stmt.text.replace(/^return\s*/, '').replace(/;\s*$/, '');
    const id = this.step(preds, 'return', stmt, value, extra);
    const out = this.cleanups([{ from: id, kind: 'next' }], [...this.live].reverse(), stmt);
    this.connect(out.map((p) => ({ from: p.from, kind: 'return' as const })), this.exit);
    return [];
  }

  /** `if`/`else if`/`else`; an `else if` chain is walked in a loop, not by recursion. */
  private ifStatement(first: SyntaxNode, preds: Pending): Pending {
    const out: Pending = [];
    let stmt: SyntaxNode | null = first;
    let into = preds;
    while (stmt !== null) {
      const site = this.siteAt(stmt, ['scoped-cond-guard']);
      if (site?.rewritten === true) return [...out, ...this.scopedGuard(stmt, site, into)];
      const cond = stmt.childForFieldName('condition');
      const b = this.step(into, 'branch', cond ?? stmt, stripParens(cond?.text ?? ''));
      const cons = stmt.childForFieldName('consequence');
      out.push(...(cons === null ? [{ from: b, kind: 'true' as const }] : this.visitBlock(cons, [{ from: b, kind: 'true' }])));
      const alt = elseBody(stmt.childForFieldName('alternative'));
      into = [{ from: b, kind: 'false' }];
      if (alt?.type === 'if_statement') { stmt = alt; continue; }
      out.push(...(alt === null ? into : this.visitBlock(alt, into)));
      stmt = null;
    }
    return out;
  }

  /**
   * `scoped_guard(cls, args) body` (normalised to `while (cls, args) body`) and
   * `scoped_cond_guard(cls, fail, args) body` (normalised to `if (cls) fail; else body`).
   */
  private scopedGuard(stmt: SyntaxNode, site: MacroSite, preds: Pending): Pending {
    const m = site.meaning;
    if (m.kind !== 'scoped-guard' && m.kind !== 'scoped-cond-guard') return preds;
    const liveLen = this.live.length;
    let into: Pending = preds;
    const skipped: Pending = [];
    const body = m.kind === 'scoped-guard' ? stmt.childForFieldName('body') : elseBody(stmt.childForFieldName('alternative'));
    if (m.kind === 'scoped-cond-guard' || m.conditional) {
      const b = this.step(preds, 'branch', stmt.childForFieldName('condition') ?? stmt, `${m.lockClass} acquired`);
      into = [{ from: b, kind: 'true' }];
      const fail = m.kind === 'scoped-cond-guard' ? stmt.childForFieldName('consequence') : null;
      skipped.push(...(fail === null ? [{ from: b, kind: 'false' as const }] : this.visitBlock(fail, [{ from: b, kind: 'false' }])));
    }
    const r = this.resource({ kind: 'scoped-guard', name: m.lockClass, variable: null, args: m.args, span: site.span });
    const acq = this.step(into, 'acquire', stmt, `${site.macro}(${[m.lockClass, ...m.args].join(', ')})`, { acquires: r });
    this.live.push(r);
    const target: JumpTarget = { kind: 'scoped', liveLen, breaks: [], continues: [] };
    this.targets.push(target);
    const out = body === null ? [{ from: acq, kind: 'next' as const }] : this.visitBlock(body, [{ from: acq, kind: 'next' }]);
    this.targets.pop();
    return [...this.exitScope(out, liveLen, body?.lastChild ?? stmt), ...target.breaks, ...skipped];
  }

  private loopBody(body: SyntaxNode | null, into: Pending, target: JumpTarget): Pending {
    this.targets.push(target);
    const out = body === null ? into : this.visitBlock(body, into);
    this.targets.pop();
    return out;
  }

  private whileLoop(stmt: SyntaxNode, preds: Pending): Pending {
    const guard = this.siteAt(stmt, ['scoped-guard']);
    if (guard?.rewritten === true) return this.scopedGuard(stmt, guard, preds);
    const site = this.siteAt(stmt, ['iterator-loop']);
    const cond = stmt.childForFieldName('condition');
    const head = this.step(preds, 'loop', cond ?? stmt, site === undefined ? stripParens(cond?.text ?? '') : `${site.macro}(${stripParens(cond?.text ?? '')})`,
      site === undefined ? {} : { macro: site.macro });
    const target: JumpTarget = { kind: 'loop', liveLen: this.live.length, breaks: [], continues: [] };
    const out = this.loopBody(stmt.childForFieldName('body'), [{ from: head, kind: 'true' }], target);
    this.connect(asKind([...out, ...target.continues], 'back'), head);
    return [{ from: head, kind: 'false' }, ...target.breaks];
  }

  private forLoop(stmt: SyntaxNode, preds: Pending): Pending {
    let into = preds;
    const init = stmt.childForFieldName('initializer');
    if (init !== null) into = [{ from: this.step(into, 'statement', init, init.text), kind: 'next' }];
    const cond = stmt.childForFieldName('condition');
    const head = this.step(into, 'loop', cond ?? stmt, cond === null ? 'for (;;)' : cond.text);
    const target: JumpTarget = { kind: 'loop', liveLen: this.live.length, breaks: [], continues: [] };
    const out = this.loopBody(stmt.childForFieldName('body'), [{ from: head, kind: cond === null ? 'next' : 'true' }], target);
    const update = stmt.childForFieldName('update');
    let back: Pending = [...out, ...target.continues];
    if (update !== null) back = [{ from: this.step(back, 'statement', update, update.text), kind: 'next' }];
    this.connect(asKind(back, 'back'), head);
    return cond === null ? target.breaks : [{ from: head, kind: 'false' }, ...target.breaks];
  }

  private doLoop(stmt: SyntaxNode, preds: Pending): Pending {
    const head = this.step(preds, 'loop', stmt, 'do');
    const target: JumpTarget = { kind: 'loop', liveLen: this.live.length, breaks: [], continues: [] };
    const out = this.loopBody(stmt.childForFieldName('body'), [{ from: head, kind: 'next' }], target);
    const cond = stmt.childForFieldName('condition');
    const text = stripParens(cond?.text ?? '');
    const b = this.step([...out, ...target.continues], 'branch', cond ?? stmt, text);
    // `do { … } while (0)` never loops.
    if (text.trim() !== '0') this.edges.push({ from: b, to: head, kind: 'back' });
    return [{ from: b, kind: 'false' }, ...target.breaks];
  }

  private switchStatement(stmt: SyntaxNode, preds: Pending): Pending {
    const cond = stmt.childForFieldName('condition');
    const sw = this.step(preds, 'switch', cond ?? stmt, stripParens(cond?.text ?? ''));
    const target: JumpTarget = { kind: 'switch', liveLen: this.live.length, breaks: [], continues: [] };
    this.targets.push(target);
    const body = stmt.childForFieldName('body');
    let fall: Pending = [];
    let hasDefault = false;
    for (const child of body?.namedChildren ?? []) {
      if (child.type !== 'case_statement') { fall = this.visit(child, fall); continue; }
      const isDefault = child.childForFieldName('value') === null;
      hasDefault ||= isDefault;
      const c = this.add('case', child, caseText(child));
      this.edges.push({ from: sw, to: c, kind: isDefault ? 'default' : 'case' });
      const skipped = this.live.slice(target.liveLen);
      if (skipped.length > 0) this.bypasses.push({ from: sw, to: c, resources: skipped });
      this.connect(asKind(fall, 'fallthrough'), c);
      fall = this.caseBody(child, [{ from: c, kind: 'next' }]);
    }
    this.targets.pop();
    const out = this.exitScope(fall, target.liveLen, body?.lastChild ?? stmt);
    return [...out, ...target.breaks, ...(hasDefault ? [] : [{ from: sw, kind: 'default' as const }])];
  }

  private caseBody(stmt: SyntaxNode, preds: Pending): Pending {
    const value = stmt.childForFieldName('value');
    let out = preds;
    for (const child of stmt.namedChildren) if (child.id !== value?.id) out = this.visit(child, out);
    return out;
  }

  private labeled(stmt: SyntaxNode, preds: Pending): Pending {
    const labelNode = stmt.childForFieldName('label');
    const name = labelNode?.text ?? '';
    const id = this.step(preds, 'label', stmt, `${name}:`, { label: name });
    this.labels.set(name, { node: id, live: this.snapshot(), span: spanOfPoints(stmt.startPosition, stmt.endPosition) });
    let out: Pending = [{ from: id, kind: 'next' }];
    for (const child of stmt.namedChildren) if (child.id !== labelNode?.id) out = this.visit(child, out);
    return out;
  }

  private jump(stmt: SyntaxNode, preds: Pending): Pending {
    const isBreak = stmt.type === 'break_statement';
    const kind: CfgEdgeKind = isBreak ? 'break' : 'continue';
    const id = this.step(preds, isBreak ? 'break' : 'continue', stmt, isBreak ? 'break' : 'continue');
    const target = [...this.targets].reverse().find((t) => isBreak || t.kind !== 'switch');
    if (target === undefined) {
      this.connect([{ from: id, kind }], this.lost());
      return [];
    }
    const out = this.cleanups([{ from: id, kind }], this.live.slice(target.liveLen).reverse(), stmt);
    // Inside a scoped_guard block both leave the block (the kernel macro is a `for` loop).
    if (isBreak || target.kind === 'scoped') target.breaks.push(...out);
    else target.continues.push(...out);
    return [];
  }

  private errorNode(stmt: SyntaxNode, preds: Pending): Pending {
    this.hasErrors = true;
    const parts = stmt.namedChildren.filter((c) => c.type.endsWith('_statement') || c.type === 'declaration');
    if (parts.length === 0) return [{ from: this.step(preds, 'statement', stmt, stmt.text), kind: 'next' }];
    let out = preds;
    for (const p of parts) out = this.visit(p, out);
    return out;
  }

  private preprocBranch(stmt: SyntaxNode, preds: Pending): Pending {
    const head = stmt.text.split('\n')[0] ?? '';
    const b = this.step(preds, 'branch', stmt, head.trim());
    const alt = stmt.childForFieldName('alternative');
    const skip = new Set([alt?.id, stmt.childForFieldName('name')?.id, stmt.childForFieldName('condition')?.id]);
    let t: Pending = [{ from: b, kind: 'true' }];
    for (const child of stmt.namedChildren) if (!skip.has(child.id)) t = this.visit(child, t);
    let f: Pending = [{ from: b, kind: 'false' }];
    if (alt !== null && PREPROC_ELSE.has(alt.type)) {
      if (alt.type === 'preproc_else') for (const child of alt.namedChildren) f = this.visit(child, f);
      else f = this.preprocBranch(alt, f);
    }
    return [...t, ...f];
  }

  /** Where a jump with no target in sight goes: in a partial function, into what was not seen. */
  private lost(): number {
    return this.fn.info.kind === 'partial' ? this.unseen : this.unresolved;
  }

  private resolveGotos(): GotoSite[] {
    return this.gotos.map((g) => {
      const label = this.labels.get(g.label);
      if (label === undefined) {
        this.connect([{ from: g.node, kind: 'goto' }], this.lost());
        return { label: g.label, node: g.node, span: g.span, target: null };
      }
      if (g.live === null || label.live === null || !this.charge(g.live.length + label.live.length)) {
        // Past the budget (thousands of cleanup variables and gotos): the jump without releases.
        this.connect([{ from: g.node, kind: 'goto' }], label.node);
        return { label: g.label, node: g.node, span: g.span, target: label.node };
      }
      const keep = new Set(label.live);
      const leaving = g.live.filter((id) => !keep.has(id)).reverse();
      const had = new Set(g.live);
      const entering = label.live.filter((id) => !had.has(id));
      if (entering.length > 0) this.bypasses.push({ from: g.node, to: label.node, resources: entering });
      const out = this.cleanups([{ from: g.node, kind: 'goto' }], leaving, null);
      this.connect(asKind(out, 'goto'), label.node);
      return { label: g.label, node: g.node, span: g.span, target: label.node };
    });
  }
}
