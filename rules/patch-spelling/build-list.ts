/**
 * Build step (run by `npm run build` after tsc): writes the compact misspelling list next to
 * the compiled `words.js`, generated from the installed `@cspell/dict-en-common-misspellings`
 * package (never committed). Without it kvet still works, reading the package at run time.
 */
import { writeCompactList } from './words.js';

writeCompactList();
