/**
 * The one place kvet loads tree-sitter and its C grammar (STYLE.md D: one parser importer).
 * Node objects produced here never leave `src/parse` and `src/facts`.
 *
 * The native modules are loaded on first use, not at import, so a broken native binding
 * surfaces through {@link parserSelfTest} as one line instead of failing every importer.
 */
import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import { LiteTree, setNodeTypes, type LiteNode, type TreePart } from './lite-tree.js';

/**
 * A syntax node (read once from tree-sitter into plain objects, see `lite-tree.ts`). Only
 * `src/parse` and `src/facts` may hold these.
 */
export type SyntaxNode = LiteNode;
/** A syntax tree. Only `src/parse` and `src/facts` may hold these. */
export type SyntaxTree = LiteTree;

const require = createRequire(import.meta.url);
let parser: Parser | null = null;

/**
 * The shared C parser (one instance for the process). Throws when the native binding of
 * tree-sitter or tree-sitter-c cannot be loaded; {@link parserSelfTest} turns that into one line.
 */
export function loadParser(): Parser {
  if (parser === null) {
    const ParserClass = require('tree-sitter') as typeof Parser;
    const language = require('tree-sitter-c') as typeof import('tree-sitter-c');
    const p = new ParserClass();
    p.setLanguage(language);
    setNodeTypes((language as { nodeTypeInfo?: Parameters<typeof setNodeTypes>[0] }).nodeTypeInfo);
    parser = p;
  }
  return parser;
}

/** Characters handed to the native parser per read in the callback form. */
const CHUNK = 16 * 1024;

/**
 * Parse C text into a tree. Works for texts of any size: tree-sitter 0.22 accepts plain strings
 * over 32 KB (older node bindings did not; `load.test.ts` checks a 190 KB text), and if the
 * string form ever throws, the text is handed over through the callback form in 16 K-character
 * chunks. The tree is read once into plain objects (`lite-tree.ts`): the whole tree, or with
 * `part` 'functions' only the function definitions; texts slice `text`. Positions are in UTF-16
 * code units, like JavaScript string indexes.
 */
export function parseC(text: string, part: TreePart = 'root'): SyntaxTree {
  // The same text comes back: a complete file's one fragment is the file itself, and an archive
  // repeats patches (resends, new versions that leave a patch alone, pre- and post-images).
  const hit = recent.get(text);
  if (hit !== undefined) {
    recent.delete(text);
    recent.set(text, hit);
    if (!hit.has(part)) hit.read(parseNative(text), part);
    return hit;
  }
  const tree = new LiteTree(text, parseNative(text), part);
  remember(text, tree);
  return tree;
}

function parseNative(text: string): Parser.Tree {
  const p = loadParser();
  try {
    return p.parse(text);
  } catch {
    return p.parse((index: number) => (index < text.length ? text.slice(index, index + CHUNK) : ''));
  }
}

/**
 * Texts parsed lately and their trees (trees are only read, never edited), least recent first,
 * up to {@link RECENT_CHARS} characters of text (the last one whatever its size). In an 8 MB
 * archive slice 42% of the texts parsed repeat one parsed before, most within 500 K characters.
 */
const recent = new Map<string, SyntaxTree>();
const RECENT_CHARS = 300_000;
let recentChars = 0;

function remember(text: string, tree: SyntaxTree): void {
  recent.set(text, tree);
  recentChars += text.length;
  for (const old of recent.keys()) {
    if (recentChars <= RECENT_CHARS || old === text) break;
    recent.delete(old);
    recentChars -= old.length;
  }
}

const SELF_TEST_C = 'static int f(int a)\n{\n\tif (a)\n\t\treturn -EINVAL;\n\treturn 0;\n}\n';

/**
 * Start-up self-test: loads the native parser and parses a tiny C function. Never throws; on
 * failure `error` is one line saying what went wrong. `load` is injectable for tests.
 */
export function parserSelfTest(load: () => Parser = loadParser): { ok: true } | { ok: false; error: string } {
  try {
    const p = load();
    const root = p.parse(SELF_TEST_C).rootNode;
    const fn = root.namedChildren.find((n) => n.type === 'function_definition');
    if (root.hasError || fn === undefined) {
      return { ok: false, error: 'tree-sitter-c loaded but failed to parse a trivial C function' };
    }
    return { ok: true };
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';
    return { ok: false, error: `native C parser (tree-sitter/tree-sitter-c) failed to load: ${msg}` };
  }
}
