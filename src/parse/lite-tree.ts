/**
 * A tree-sitter tree read once into plain JavaScript objects.
 *
 * Every property of a native `SyntaxNode` (`.type`, `.text`, `.namedChildren`,
 * `childForFieldName`, `descendantsOfType`) crosses into native code and allocates a new wrapper
 * object; the facts and CFG stages read the same nodes many times over. Here one `TreeCursor`
 * walk per tree reads each node's type id, field id and extent (a few cheap native calls per
 * node, no node wrappers), and everything else is plain JavaScript: children are arrays, a
 * field lookup compares numbers, a type lookup compares interned strings, positions are computed
 * from the source offsets (rows split at `\n`, columns in UTF-16 units, as the native binding
 * reports them for string input).
 *
 * The subset of the node API kvet uses is kept under the same names, so the code that reads
 * trees does not change. `test/unit/parse/lite-tree.test.ts` checks every node of real kernel
 * code against the native binding.
 */
import type Parser from 'tree-sitter';

/** A row and column (0-based; the column in UTF-16 code units). */
export interface Point {
  readonly row: number;
  readonly column: number;
}

/** tree-sitter's symbol id of ERROR nodes. */
const ERROR_SYMBOL = 0xffff;

/** Type names and named-ness by symbol id, field names by field id: read once per process. */
const typeNames: (string | undefined)[] = [];
const typeNamed: boolean[] = [];
const fieldNames: (string | undefined)[] = [];
const fieldIds = new Map<string, number>();
/** Whether nodes of a symbol may have children under fields (ERROR nodes may). */
const typeHasFields: boolean[] = [];
/** Types the grammar's node-types.json gives fields; null: unknown, every node is asked. */
let fieldParents: ReadonlySet<string> | null = null;

/**
 * The grammar's node types (tree-sitter-c's `nodeTypeInfo`): children of types without fields
 * are not asked for their field. Call before the first tree is read.
 */
export function setNodeTypes(info: readonly { readonly type: string; readonly named: boolean; readonly fields?: object }[] | undefined): void {
  if (info === undefined || typeNames.length > 0) return;
  fieldParents = new Set(info.filter((t) => t.named && t.fields !== undefined && Object.keys(t.fields).length > 0).map((t) => t.type));
}

let nextId = 1;

/** A syntax node as plain data with the node API kvet uses. */
export class LiteNode {
  /** Unique among all nodes of the process (identity comparisons only). */
  readonly id: number;
  readonly type: string;
  readonly typeId: number;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  /** This node or a descendant is an ERROR or MISSING node. */
  hasError: boolean;
  /** Field id under the parent (0: none). */
  readonly fieldId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: LiteNode | null;
  readonly children: LiteNode[] = [];
  private named: LiteNode[] | null = null;

  constructor(
    readonly tree: LiteTree, parent: LiteNode | null, typeId: number, fieldId: number,
    startIndex: number, endIndex: number, isMissing: boolean,
  ) {
    this.id = nextId++;
    this.parent = parent;
    this.typeId = typeId;
    this.type = typeNames[typeId] ?? '';
    this.isNamed = typeNamed[typeId] ?? false;
    this.fieldId = fieldId;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.isMissing = isMissing;
    // As the native node API: a MISSING node, or (set by the reader) a parent of one, an ERROR
    // node with children, or a parent of those. A childless ERROR node (a character the lexer
    // could not read) costs nothing in tree-sitter and does not count.
    this.hasError = isMissing;
  }

  get isError(): boolean {
    return this.typeId === ERROR_SYMBOL;
  }

  get text(): string {
    return this.tree.source.substring(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.pointAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.pointAt(this.endIndex);
  }

  get namedChildren(): LiteNode[] {
    if (this.named === null) {
      const out: LiteNode[] = [];
      for (const c of this.children) if (c.isNamed) out.push(c);
      this.named = out;
    }
    return this.named;
  }

  get firstChild(): LiteNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): LiteNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  /**
   * The first child under field `name`, or null. As the native call, none for an ERROR node
   * (whose children the cursor, and `childrenForFieldName`, still see under fields).
   */
  childForFieldName(name: string): LiteNode | null {
    const id = fieldIds.get(name);
    if (id === undefined || this.typeId === ERROR_SYMBOL) return null;
    for (const c of this.children) if (c.fieldId === id) return c;
    return null;
  }

  /** Every child under field `name`. */
  childrenForFieldName(name: string): LiteNode[] {
    const id = fieldIds.get(name);
    const out: LiteNode[] = [];
    if (id === undefined) return out;
    for (const c of this.children) if (c.fieldId === id) out.push(c);
    return out;
  }

  /** This node and its descendants of one of `types`, in document order (as the native call). */
  descendantsOfType(types: string | readonly string[]): LiteNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: LiteNode[] = [];
    if (wanted.length === 1) {
      const t = wanted[0];
      collectOne(this, t, out);
    } else {
      collectSet(this, new Set(wanted), out);
    }
    return out;
  }
}

// As the native walk, a node that ends at the very start of the text (row 0, column 0: an empty
// node there) is skipped with what it holds. Iterative: hostile inputs nest 10 000 deep.

function collectOne(root: LiteNode, type: string | undefined, out: LiteNode[]): void {
  const stack: LiteNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.endIndex === 0) continue;
    if (node.type === type) out.push(node);
    const cs = node.children;
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as LiteNode);
  }
}

function collectSet(root: LiteNode, types: ReadonlySet<string>, out: LiteNode[]): void {
  const stack: LiteNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.endIndex === 0) continue;
    if (types.has(node.type)) out.push(node);
    const cs = node.children;
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as LiteNode);
  }
}

/** What a reader of a tree needs read: the whole tree, or only its function definitions. */
export type TreePart = 'root' | 'functions';

/**
 * A parsed text with its tree as {@link LiteNode}s: the whole tree (`rootNode`), or only the
 * function definitions (`functionDefinitions()`: a fragment's declarations and initialisers
 * around its functions are never read). The part wanted is read at once and the native tree is
 * not kept: a native tree kept alive until a major GC holds its native memory that long.
 */
export class LiteTree {
  private root: LiteNode | null = null;
  private functions: readonly LiteNode[] | null = null;
  private lineStarts: number[] | null = null;

  constructor(readonly source: string, native: Parser.Tree, part: TreePart) {
    this.read(native, part);
  }

  /** Whether `part` has been read. */
  has(part: TreePart): boolean {
    return part === 'root' ? this.root !== null : this.functions !== null || this.root !== null;
  }

  /** Read `part` from `native` (a parse of the same text). */
  read(native: Parser.Tree, part: TreePart): void {
    if (part === 'root') this.root ??= readTree(this, native.rootNode);
    else if (this.functions === null && this.root === null) {
      this.functions = native.rootNode.descendantsOfType('function_definition').map((fn) => readTree(this, fn));
    }
  }

  /** The whole tree (read with part `root`). */
  get rootNode(): LiteNode {
    if (this.root === null) throw new Error('LiteTree: the whole tree was not read');
    return this.root;
  }

  /**
   * `rootNode.descendantsOfType('function_definition')`; each definition read on its own (with
   * `parent` null) unless the whole tree was read.
   */
  functionDefinitions(): readonly LiteNode[] {
    if (this.functions === null && this.root !== null) this.functions = this.root.descendantsOfType('function_definition');
    if (this.functions === null) throw new Error('LiteTree: the function definitions were not read');
    return this.functions;
  }

  /** Row and UTF-16 column of a source offset. */
  pointAt(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - (starts[lo] ?? 0) };
  }
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/**
 * The tree as {@link LiteNode}s. `hasError` is computed from the nodes the cursor shows; a
 * MISSING token the grammar hides also counts for tree-sitter: when the root disagrees, every
 * node's flag is read from the native nodes (rare: a few trees in thousands).
 */
function readTree(tree: LiteTree, native: Parser.SyntaxNode): LiteNode {
  const root = readNodes(tree, native.walk());
  if (native.hasError !== root.hasError) readErrorFlags(root, native.walk());
  return root;
}

function readErrorFlags(root: LiteNode, cursor: Parser.TreeCursor): void {
  let node = root;
  for (;;) {
    node.hasError = cursor.currentNode.hasError;
    if (cursor.gotoFirstChild()) {
      node = node.children[0] as LiteNode;
      continue;
    }
    for (;;) {
      const parent = node.parent;
      if (parent === null) return;
      if (cursor.gotoNextSibling()) {
        node = parent.children[parent.children.indexOf(node) + 1] as LiteNode;
        break;
      }
      cursor.gotoParent();
      node = parent;
    }
  }
}

/** One cursor walk: every node read once, children linked, errors propagated upward. */
function readNodes(tree: LiteTree, cursor: Parser.TreeCursor): LiteNode {
  const make = (parent: LiteNode | null): LiteNode => {
    const typeId = cursor.nodeTypeId;
    if (typeNames[typeId] === undefined) {
      const name = cursor.nodeType;
      typeNames[typeId] = name;
      typeNamed[typeId] = cursor.nodeIsNamed;
      typeHasFields[typeId] = fieldParents === null || typeId === ERROR_SYMBOL || fieldParents.has(name);
    }
    // Children of a type the grammar gives no fields have none: not asked.
    const fieldId = parent === null || typeHasFields[parent.typeId] !== true ? 0 : (cursor.currentFieldId ?? 0);
    if (fieldId !== 0 && fieldNames[fieldId] === undefined) {
      const name = cursor.currentFieldName;
      fieldNames[fieldId] = name;
      fieldIds.set(name, fieldId);
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // MISSING nodes are empty: only empty nodes need asking.
    const missing = start === end && cursor.nodeIsMissing;
    const node = new LiteNode(tree, parent, typeId, fieldId, start, end, missing);
    if (parent !== null) parent.children.push(node);
    return node;
  };
  const root = make(null);
  if (!cursor.gotoFirstChild()) return root;
  if (root.typeId === ERROR_SYMBOL) root.hasError = true;
  let parent = root;
  for (;;) {
    const node = make(parent);
    if (cursor.gotoFirstChild()) {
      if (node.typeId === ERROR_SYMBOL) node.hasError = true;
      parent = node;
      continue;
    }
    if (node.hasError) parent.hasError = true;
    while (!cursor.gotoNextSibling()) {
      cursor.gotoParent();
      const done = parent;
      const up = done.parent;
      if (up === null) return root;
      if (done.hasError) up.hasError = true;
      parent = up;
    }
  }
}
