import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/message.js';
import { toPatch } from '../../../src/patch/patch.js';
import { patchFacts } from '../../../src/facts/patch-facts.js';
import { parseModelContracts } from '../../../src/xval/contracts.js';
import { compareContracts, specApplies, tally } from '../../../src/xval/compare.js';
import { mergeWindow, SeriesIndex, type FnVersion, type OrderedEvent } from '../../../src/xval/series-index.js';
import { nearestVersion, runXvalOnPatches } from '../../../src/xval/run.js';
import { stepOf } from '../../../src/xval/findings.js';

async function indexOf(code: string, file = 'drivers/dax/bus.c'): Promise<{ ix: SeriesIndex; patch: ReturnType<typeof toPatch> }> {
  const lines = code.replace(/\n$/, '').split('\n');
  const raw = ['From x Mon Sep 17 00:00:00 2001', 'From: A <a@example.org>', 'Subject: [PATCH v11 1/1] dax: test',
    'Message-ID: <xval@kvet.invalid>', 'Date: Sun, 22 Nov 2026 12:00:00 +0000', '', 'Test.', '', 'Signed-off-by: A <a@example.org>', '---',
    `diff --git a/${file} b/${file}`, 'new file mode 100644', '--- /dev/null', `+++ b/${file}`, `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map(l => `+${l}`), ''].join('\n');
  const patch = toPatch(await parseMessage(raw, { input: 'case', index: 0, startLine: 1 }, 'format-patch'));
  const versions: FnVersion[] = [];
  for (const f of patchFacts(patch).files) for (const fn of f.functions) versions.push({ fn, file: f, patch: { subject: 's', messageId: null, input: 'case', index: 0 }, order: versions.length });
  return { ix: new SeriesIndex(11, versions), patch };
}

const MODEL = `export const STEP_META = {
  'add.daxAdd': { specifies: ['dax_region_add_resource'], spec: '§2.1',
    locks: [{ lock: 'dax_region_rwsem', mode: 'write', how: 'takes' }], errors: ['-ENOMEM', '-ENOSPC'],
    effects: ['dev_set_drvdata before devm_add_action_or_reset (v4) / after devm_add_action (v5+)'] },
};`;

const GOOD = `
static void dax_release_resource(void *data)
{
	guard(rwsem_write)(&dax_region_rwsem);
	kfree(data);
}

int dax_region_add_resource(struct dax_region *dax_region, struct device *device)
{
	struct dax_resource *r;
	int rc;

	guard(rwsem_write)(&dax_region_rwsem);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	rc = devm_add_action(device, dax_release_resource, r);
	if (rc) {
		kfree(r);
		return rc;
	}
	dev_set_drvdata(device, r);
	return 0;
}
`;

const BAD = GOOD.replace('guard(rwsem_write)(&dax_region_rwsem);\n\tr = kzalloc', 'guard(rwsem_read)(&dax_region_rwsem);\n\tr = kzalloc')
  .replace('\tdev_set_drvdata(device, r);\n\treturn 0;', '\treturn -EBUSY;')
  .replace('\trc = devm_add_action(', '\tdev_set_drvdata(device, r);\n\trc = devm_add_action(');

describe('comparison of a model contract with C', () => {
  const contracts = parseModelContracts(MODEL);
  const all = (): boolean => true;

  it('agrees when the C takes the lock in the mode, returns the listed errors and publishes drvdata last', async () => {
    const { ix } = await indexOf(GOOD);
    const checks = compareContracts(contracts, ix, 'v11', all);
    expect(checks.map(c => `${c.clause}:${c.verdict}`)).toEqual(['lock:agree', 'errors:agree', 'error-exit:agree', 'effect:agree']);
  });

  it('mismatches on the lock mode, an unlisted error and drvdata published before the devres registration', async () => {
    const { ix } = await indexOf(BAD);
    const checks = compareContracts(contracts, ix, 'v11', all);
    const by = Object.fromEntries(checks.map(c => [c.clause, c]));
    expect(by['lock']?.verdict).toBe('mismatch');
    expect(by['lock']?.observed).toBe('read');
    expect(by['errors']?.observed).toBe('unlisted -EBUSY');
    expect(by['effect']?.observed).toBe('before');
    expect(by['effect']?.verdict).toBe('mismatch');
    expect(by['error-exit']?.observed).toBe('changed');
    expect(tally(checks)).toEqual({ agree: 0, mismatch: 4, unseen: 0 });
  });

  it('the v4 alternative of the same effect expects drvdata first', async () => {
    const { ix } = await indexOf(BAD);
    const effect = compareContracts(contracts, ix, 'v4', all).find(c => c.clause === 'effect');
    expect(effect?.expected).toBe('before');
    expect(effect?.verdict).toBe('agree');
  });

  it('is unseen when the series does not show the function', async () => {
    const { ix } = await indexOf('static int other(void)\n{\n\treturn 0;\n}\n');
    expect(compareContracts(contracts, ix, 'v11', all).map(c => c.verdict)).toEqual(['unseen']);
  });

  it('a mismatch becomes a model-mismatch finding at the patch line with the model line related', async () => {
    const { patch } = await indexOf(BAD);
    // add.daxAdd exists in the per-extent versions only (the model's STEP_EXISTS)
    const r = runXvalOnPatches([{ patch, input: 'case' }], { contracts, scenarios: false, modelVersion: 'v10' });
    expect(r.series[0]?.modelVersion).toBe('v10');
    const f = r.findings.find(x => x.ruleId === 'xval-contract' && x.messageId === 'lock');
    expect(f?.category).toBe('model-mismatch');
    expect(f?.source).toBe('xval');
    expect(f?.location.file).toBe('drivers/dax/bus.c');
    expect(f?.location.patchLine).not.toBeNull();
    expect(f?.related[0]?.file).toBe('src/model/specs/dcd/actions.ts');
    expect(f?.related[0]?.line).toBe(2);
  });
});

describe('helpers', () => {
  it('maps series versions to the nearest modelled version', () => {
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(nearestVersion)).toEqual(['v4', 'v4', 'v4', 'v7', 'v7', 'v7', 'v10', 'v10', 'v11', 'v11']);
  });

  it('reads version names in a spec reference, not citations', () => {
    expect(specApplies('§2.3 OP-CREATE-REGION (v7/v10)', 'v11')).toBe(false);
    expect(specApplies('§2.3 OP-CREATE-REGION (v7/v10)', 'v10')).toBe(true);
    expect(specApplies('§2.1 v4-24', 'v11')).toBe(true);
    expect(specApplies(null, 'v7')).toBe(true);
  });

  it('names the step of a trace action', () => {
    expect(stepOf('ev: add(e(0,2,null) M=0).daxAdd')).toBe('add.daxAdd');
    expect(stepOf('ev:release.consent')).toBe('release.consent');
  });

  it('merges a later partial hunk into the earlier whole function at its anchors', () => {
    const ev = (key: string, kind: 'call' | 'return' = 'call'): OrderedEvent => ({ kind, key, line: 0, at: null as unknown as FnVersion });
    const old = [ev('lookup'), ev('inv'), ev('rc', 'return'), ev('rm_group'), ev('0', 'return')];
    const win = [ev('rc', 'return'), ev('notify'), ev('rm_group'), ev('0', 'return')];
    expect(mergeWindow(old, win).map(e => e.key)).toEqual(['lookup', 'inv', 'rc', 'notify', 'rm_group', '0']);
  });
});
