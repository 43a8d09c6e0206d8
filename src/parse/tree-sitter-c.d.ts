/**
 * Local declaration for `tree-sitter-c` (its packaged typings are not resolved under NodeNext
 * ESM). The module is a tree-sitter language object for `Parser.setLanguage`.
 */
declare module 'tree-sitter-c' {
  import type Parser from 'tree-sitter';
  const language: Parser.Language;
  export default language;
}
