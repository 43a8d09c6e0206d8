/**
 * End to end: real mails, mutated, and whole mboxes with mutated mails, through ingest, patch
 * reading, facts and every rule. Each input ends with findings or reported errors within the
 * time bound (never a throw, a hang or an unbounded heap); findings point into the patch's own
 * files; line maps stay monotonic and inside the input; the same input gives the same output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realMails, realSeries, splitMbox } from './helpers/corpus.js';
import { fuzz, FUZZ_SECONDS, INPUT_LIMIT_MS, testTimeout, timed } from './helpers/fuzz.js';
import { applyMutations, mutationsArb } from './helpers/mutate.js';
import { checkRun, fingerprintOf, runPipeline } from './helpers/pipeline.js';

const mails = realMails();
/** Whole series: the small ones in `npm test`, all of them in the long run. */
const series = realSeries().filter(s => FUZZ_SECONDS !== null || s.bytes.length < 200_000);

describe('pipeline fuzz (ingest → patch → facts → lint)', () => {
  it('has real mails to mutate', () => {
    expect(mails.length).toBeGreaterThan(10);
  });

  it('a mutated real mail: findings or errors, never a throw; invariants hold; deterministic', async () => {
    await fuzz('pipeline/mutated-mail', fc.asyncProperty(fc.nat({ max: mails.length - 1 }), mutationsArb, fc.boolean(), async (k, ms, all) => {
      const bytes = applyMutations(mails[k]!.bytes, ms);
      await timed('pipeline/mutated-mail', bytes, async () => {
        const run = await runPipeline(bytes, all);
        checkRun(run, bytes);
        // Determinism: the same bytes again give the same findings, errors and patches.
        if ((k + ms.length) % 3 === 0) expect(fingerprintOf(await runPipeline(bytes, all))).toBe(fingerprintOf(run));
      });
    }), 40);
  }, testTimeout());

  it('a real series with some mails mutated, dropped or repeated', async () => {
    if (series.length === 0) return; // no shared corpus here
    const pick = fc.record({
      s: fc.nat({ max: Math.max(0, series.length - 1) }),
      edits: fc.array(fc.record({ mail: fc.nat(), how: fc.constantFrom('mutate', 'drop', 'repeat'), ms: mutationsArb }), { minLength: 1, maxLength: 3 }),
    });
    await fuzz('pipeline/mutated-series', fc.asyncProperty(pick, async ({ s, edits }) => {
      const parts = [...splitMbox(series[s]!.bytes)];
      for (const e of edits) {
        const i = e.mail % parts.length;
        if (e.how === 'drop') parts.splice(i, 1);
        else if (e.how === 'repeat') parts.splice(i, 0, parts[i]!);
        else parts[i] = applyMutations(parts[i]!, e.ms);
        if (parts.length === 0) break;
      }
      const bytes = Buffer.concat(parts.map(p => (p.at(-1) === 0x0a ? p : Buffer.concat([p, Buffer.from('\n')]))));
      await timed('pipeline/mutated-series', bytes, async () => {
        checkRun(await runPipeline(bytes), bytes);
      }, 6 * INPUT_LIMIT_MS);
    }), 3);
  }, testTimeout(120_000));

  it('random bytes and random text: reported, never thrown', async () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 4000 }),
      fc.string({ unit: 'binary', maxLength: 2000 }).map(s => new TextEncoder().encode(s)),
      fc.array(fc.constantFrom('From a@b Mon Sep 17 00:00:00 2001\n', 'Subject: [PATCH] x\n', '\n', 'diff --git a/x.c b/x.c\n', '--- a/x.c\n', '+++ b/x.c\n',
        '@@ -1 +1,2 @@\n', '+int f(void)\n', '+{\n', '+}\n', '+\tgoto out;\n', '+out:\n', '>', '\r\n', '\0', '<pre>', '</pre>', 'Message ID <a@b>\n'), { maxLength: 200 })
        .map(xs => new TextEncoder().encode(xs.join(''))),
    );
    await fuzz('pipeline/junk', fc.asyncProperty(junk, async bytes => {
      await timed('pipeline/junk', bytes, async () => {
        checkRun(await runPipeline(bytes), bytes);
      });
    }), 200);
  }, testTimeout());
});
