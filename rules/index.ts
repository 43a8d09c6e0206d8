/**
 * The rule registry: an explicit, sorted import list (no filesystem globbing). Every folder
 * under rules/ is registered here and nowhere else; `test/meta.test.ts` checks it.
 */
import type { Rule } from '../src/engine/define-rule.js';
import cleanupFreeMisuse from './cleanup-free-misuse/rule.js';
import cleanupGotoMixed from './cleanup-goto-mixed/rule.js';
import declShouldBeStatic from './decl-should-be-static/rule.js';
import declUnused from './decl-unused/rule.js';
import devresFreedManually from './devres-freed-manually/rule.js';
import drvdataPublishedEarly from './drvdata-published-early/rule.js';
import gotoLabelMismatch from './goto-label-mismatch/rule.js';
import gotoSkipsUnwind from './goto-skips-unwind/rule.js';
import kernelDocParams from './kernel-doc-params/rule.js';
import lockImbalance from './lock-imbalance/rule.js';
import lockNotHeld from './lock-not-held/rule.js';
import lockRecursive from './lock-recursive/rule.js';
import patchSpelling from './patch-spelling/rule.js';
import refcountGetNotPut from './refcount-get-not-put/rule.js';
import retErrnoUnsigned from './ret-errno-unsigned/rule.js';
import retErrorOverwritten from './ret-error-overwritten/rule.js';
import retMissingErrorCode from './ret-missing-error-code/rule.js';

export const RULES: readonly Rule[] = [
  cleanupFreeMisuse,
  cleanupGotoMixed,
  declShouldBeStatic,
  declUnused,
  devresFreedManually,
  drvdataPublishedEarly,
  gotoLabelMismatch,
  gotoSkipsUnwind,
  kernelDocParams,
  lockImbalance,
  lockNotHeld,
  lockRecursive,
  patchSpelling,
  refcountGetNotPut,
  retErrnoUnsigned,
  retErrorOverwritten,
  retMissingErrorCode,
];
