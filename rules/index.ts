/**
 * The rule registry: an explicit, sorted import list (no filesystem globbing). Every folder
 * under rules/ is registered here and nowhere else; `test/meta.test.ts` checks it.
 */
import type { Rule } from '../src/engine/define-rule.js';
import drvdataPublishedEarly from './drvdata-published-early/rule.js';
import gotoLabelMismatch from './goto-label-mismatch/rule.js';
import gotoSkipsUnwind from './goto-skips-unwind/rule.js';

export const RULES: readonly Rule[] = [
  drvdataPublishedEarly,
  gotoLabelMismatch,
  gotoSkipsUnwind,
];
