/**
 * Local declaration for `tree-sitter-c`, whose package typings do not resolve under NodeNext:
 * the CommonJS module is a tree-sitter language object for `Parser.setLanguage`.
 */
declare module 'tree-sitter-c' {
  import type Parser from 'tree-sitter';
  const language: Parser.Language;
  export = language;
}
