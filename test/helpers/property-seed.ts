/**
 * Property tests in `npm test` run from one fixed seed, so CI is reproducible; a different seed
 * (`KVET_PROPERTY_SEED=random` or a number) explores further, and a failure prints the seed and
 * path that replay it. The fuzz suite (test/fuzz) chooses its own seeds.
 */
import fc from 'fast-check';

const spec = process.env.KVET_PROPERTY_SEED;
if (spec !== 'random') {
  fc.configureGlobal({ seed: spec !== undefined && /^-?\d+$/.test(spec) ? Number(spec) : 20261122 });
}
