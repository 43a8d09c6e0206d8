/** What a path knows about a variable's value, and how branch conditions imply it. */
import type { ConditionFact } from '../facts/types.js';

/** Known value of a variable on a path. */
export type ValueFact = 'zero' | 'nonzero' | 'negative' | 'nonneg' | 'errptr' | 'validptr';

/** What a branch edge implies (the vocabulary of ConditionFact.whenTrue). */
export type Implied = ConditionFact['whenTrue'];

/** What the false edge implies when the true edge implies `w`. */
export function negateFact(w: Implied): Implied {
  const table: Record<Implied, Implied> = {
    zero: 'nonzero', nonzero: 'zero', negative: 'nonnegative', nonnegative: 'negative',
    'err-ptr': 'not-err-ptr', 'not-err-ptr': 'err-ptr', 'err-or-null': 'unknown', unknown: 'unknown',
  };
  return table[w];
}
