/**
 * Static side A of cross-validation: the model's contracts, read from the model's *source*
 * with ts-morph (the only module that imports ts-morph). The `STEP_META` object literal of
 * `src/model/specs/dcd/actions.ts` is walked as an AST — nothing is imported from the model
 * here — so each contract knows the model line it came from.
 *
 * Effects may carry a version qualifier in parentheses: `(v11)`, `(v10 only)`, `(v5+)`;
 * `A (v4) / B (v5+)` is two alternatives. {@link effectsFor} picks what applies to a version.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project, SyntaxKind, type ObjectLiteralExpression } from 'ts-morph';

/** The model source file that holds `STEP_META`, relative to the project root. */
export const MODEL_ACTIONS_FILE = 'src/model/specs/dcd/actions.ts';

/** A lock use as written in the model: `{ lock, mode, how }`. */
export interface ModelLockUse {
  readonly lock: string;
  readonly mode: string;
  readonly how: string;
}

/** One effect string with the versions it applies to (null = every version). */
export interface ModelEffect {
  readonly text: string;
  /** The whole effect string the alternative came from (`A (v4) / B (v5+)`). */
  readonly whole: string;
  readonly versions: VersionQualifier | null;
}

/** `(v11)` → exact [11]; `(v5+)` → from 5. */
export interface VersionQualifier {
  readonly exact: readonly number[];
  readonly from: number | null;
}

/** The contract of one op step (`add.notify`), with where it is written in the model. */
export interface ModelContract {
  readonly step: string;
  readonly specifies: readonly string[];
  readonly locks: readonly ModelLockUse[];
  readonly errors: readonly string[];
  readonly effects: readonly ModelEffect[];
  readonly spec: string | null;
  /** Model source file (project-relative) and the 1-based line of the step's entry. */
  readonly file: string;
  readonly line: number;
}

/** The project root: the nearest ancestor of this module that holds the model's source. */
export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, MODEL_ACTIONS_FILE))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find ${MODEL_ACTIONS_FILE} above ${path.dirname(from)}`);
}

/** Reads the model's contracts from its source file (default: the shipped model). */
export function readModelContracts(file: string = path.join(projectRoot(), MODEL_ACTIONS_FILE)): ModelContract[] {
  return parseModelContracts(readFileSync(file, 'utf8'), MODEL_ACTIONS_FILE);
}

/** Parses `STEP_META` out of TypeScript source text. Pure; throws when there is none. */
export function parseModelContracts(text: string, fileName: string = MODEL_ACTIONS_FILE): ModelContract[] {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const sf = project.createSourceFile('actions.ts', text, { overwrite: true });
  const decl = sf.getVariableDeclaration('STEP_META');
  const init = decl?.getInitializer();
  const obj = init === undefined ? undefined : unwrapObject(init);
  if (obj === undefined) throw new Error(`${fileName}: no STEP_META object literal`);
  const out: ModelContract[] = [];
  for (const p of obj.getProperties()) {
    if (!Node.isPropertyAssignment(p)) continue;
    const body = p.getInitializer();
    if (body === undefined || !Node.isObjectLiteralExpression(body)) continue;
    const step = stripQuotes(p.getNameNode().getText());
    out.push({
      step,
      specifies: stringArray(body, 'specifies'),
      locks: objectArray(body, 'locks').map(o => ({ lock: stringProp(o, 'lock') ?? '', mode: stringProp(o, 'mode') ?? '', how: stringProp(o, 'how') ?? '' })),
      errors: stringArray(body, 'errors'),
      effects: stringArray(body, 'effects').flatMap(parseEffect),
      spec: stringProp(body, 'spec'),
      file: fileName,
      line: p.getStartLineNumber(),
    });
  }
  return out;
}

/** Splits `A (v4) / B (v5+)` into alternatives and reads each one's version qualifier. */
export function parseEffect(text: string): ModelEffect[] {
  const parts = text.split(/\s+\/\s+(?=[^()]*(?:\(|$))/);
  return parts.map(part => {
    const m = /\(([^()]*\bv\d+[^()]*)\)\s*$/.exec(part);
    if (m === null || m[1] === undefined) return { text: part.trim(), whole: text, versions: null };
    const exact: number[] = [];
    let from: number | null = null;
    for (const v of m[1].matchAll(/\bv(\d+)(\+)?/g)) {
      if (v[2] === '+') from = Number(v[1]);
      else exact.push(Number(v[1]));
    }
    return { text: part.trim(), whole: text, versions: { exact, from } };
  });
}

/** Whether an effect applies to a version (`v11` → 11). */
export function effectApplies(e: ModelEffect, version: string): boolean {
  if (e.versions === null) return true;
  const n = Number(version.replace(/^v/, ''));
  return e.versions.exact.includes(n) || (e.versions.from !== null && n >= e.versions.from);
}

/** The effects of a contract that apply to `version`, in the model's order. */
export function effectsFor(c: ModelContract, version: string): ModelEffect[] {
  return c.effects.filter(e => effectApplies(e, version));
}

function unwrapObject(n: Node): ObjectLiteralExpression | undefined {
  let cur: Node = n;
  for (let i = 0; i < 4; i++) {
    if (Node.isObjectLiteralExpression(cur)) return cur;
    if (Node.isSatisfiesExpression(cur) || Node.isAsExpression(cur) || Node.isParenthesizedExpression(cur)) cur = cur.getExpression();
    else return undefined;
  }
  return undefined;
}

function prop(o: ObjectLiteralExpression, name: string): Node | undefined {
  const p = o.getProperty(name);
  return p !== undefined && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
}

function stringProp(o: ObjectLiteralExpression, name: string): string | null {
  const v = prop(o, name);
  return v !== undefined && Node.isStringLiteral(v) ? v.getLiteralValue() : null;
}

function stringArray(o: ObjectLiteralExpression, name: string): string[] {
  const v = prop(o, name);
  if (v === undefined || !Node.isArrayLiteralExpression(v)) return [];
  return v.getElements().flatMap(e => (Node.isStringLiteral(e) || e.getKind() === SyntaxKind.NoSubstitutionTemplateLiteral ? [stripQuotes(e.getText())] : []));
}

function objectArray(o: ObjectLiteralExpression, name: string): ObjectLiteralExpression[] {
  const v = prop(o, name);
  if (v === undefined || !Node.isArrayLiteralExpression(v)) return [];
  return v.getElements().filter((e): e is ObjectLiteralExpression => Node.isObjectLiteralExpression(e));
}

function stripQuotes(s: string): string {
  return s.replace(/^['"`]|['"`]$/g, '');
}

/**
 * A step whose lock depends on the version: `take: (_s, k) => (k.cfg.rules.groups ? {…} : …)`.
 * `whenTrue` / `whenFalse` are the branch texts, to be evaluated against a version's rules.
 */
export interface TakeGuard {
  readonly step: string;
  readonly flag: string;
  readonly whenTrue: string;
  readonly whenFalse: string;
}

/** Reads the version-conditional `take` functions of the op steps (ops-*.ts via OP_STEPS). */
export function readTakeGuards(root: string = projectRoot()): TakeGuard[] {
  const dir = path.dirname(path.join(root, MODEL_ACTIONS_FILE));
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const actions = project.createSourceFile('actions.ts', readFileSync(path.join(root, MODEL_ACTIONS_FILE), 'utf8'));
  const opSteps = actions.getVariableDeclaration('OP_STEPS')?.getInitializer();
  const opObj = opSteps === undefined ? undefined : unwrapObject(opSteps);
  const opOfVar = new Map<string, string>();
  for (const p of opObj?.getProperties() ?? []) {
    if (Node.isPropertyAssignment(p)) opOfVar.set(p.getInitializer()?.getText() ?? '', stripQuotes(p.getNameNode().getText()));
  }
  const out: TakeGuard[] = [];
  for (const f of readdirSync(dir).filter(n => /^ops-.*\.ts$/.test(n)).sort()) {
    const sf = project.createSourceFile(f, readFileSync(path.join(dir, f), 'utf8'), { overwrite: true });
    for (const d of sf.getVariableDeclarations()) {
      const op = opOfVar.get(d.getName());
      const init = d.getInitializer();
      const obj = op === undefined || init === undefined ? undefined : unwrapObject(init);
      for (const p of obj?.getProperties() ?? []) {
        if (!Node.isPropertyAssignment(p)) continue;
        const body = p.getInitializer();
        if (body === undefined || !Node.isObjectLiteralExpression(body)) continue;
        const take = prop(body, 'take');
        if (take === undefined || !Node.isArrowFunction(take)) continue;
        let e: Node = take.getBody();
        while (Node.isParenthesizedExpression(e)) e = e.getExpression();
        if (!Node.isConditionalExpression(e)) continue;
        const m = /^k\.cfg\.rules\.(\w+)$/.exec(e.getCondition().getText().trim());
        if (m?.[1] === undefined) continue;
        out.push({ step: `${op}.${stripQuotes(p.getNameNode().getText())}`, flag: m[1], whenTrue: e.getWhenTrue().getText(), whenFalse: e.getWhenFalse().getText() });
      }
    }
  }
  return out;
}
