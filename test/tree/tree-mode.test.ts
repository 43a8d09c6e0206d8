/**
 * Tree mode (`kvet lint --tree DIR`) on a real kernel tree — Debian's linux-source-6.1, only the
 * needed members extracted (test/helpers/kernel-tree.ts) — with real list mails read from the
 * shared archive and series by Message-ID, and one hand-made patch (corpus/tree/).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/message.js';
import { toPatch } from '../../src/patch/patch.js';
import { lintPatches } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/engine/lint-result.js';
import type { Finding } from '../../src/engine/finding.js';
import { RULES } from '../../rules/index.js';
import { kernelTree } from '../helpers/kernel-tree.js';
import { ARCHIVE, CORPUS, SERIES } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { archiveMail, mboxMail } from './archive-mails.js';

/** Real patches used here, by Message-ID. */
const OF_PMEM = '20221123134527.119441-1-xiujianfeng@huawei.com'; // [PATCH] libnvdimm/of_pmem: Fix memory leak in of_pmem_region_probe()
const PFN_NULL = '20230226055615.2518149-1-void0red@gmail.com'; // [PATCH] nvdimm: check for null return of devm_kmalloc in nd_pfn_probe
const DCD_GUARD = '20241029-dcd-type2-upstream-v5-5-8739cb67c374@intel.com'; // [PATCH v5 05/27] cxl/hdm: Use guard() in cxl_dpa_set_mode()
const DAX_IOMAP = '5727b1be956278e3a6c4cf7b728ee4f8f037ae51.1708709155.git.john@groves.net'; // [RFC PATCH 05/20] dev_dax_iomap: Add dax_operations for use by fs-dax on devdax
const NVDIMM_CONST = '20240204-bus_cleanup-nvdimm-v1-1-77ae19fa3e3b@marliere.net'; // [PATCH] nvdimm: make nvdimm_bus_type const (has base-commit:)
const SEED_003 = '20251120031925.87762-7-Smita.KoralahalliChannabasappa@amd.com'; // [PATCH v4 6/9] cxl/region: Add register_dax flag to defer DAX setup
const OWN_KERNEL_DOC = path.join(CORPUS, 'tree', 'cxl-region-register-dax-kernel-doc.mbox');

let tree = '';
const mails = new Map<string, string>();

beforeAll(() => {
  // fails (never skips) when the tarball is missing: the error says how to install it
  tree = kernelTree(['drivers/cxl/*', 'drivers/nvdimm/*', 'drivers/dax/*']);
  for (const id of [OF_PMEM, PFN_NULL, DAX_IOMAP, NVDIMM_CONST, SEED_003]) mails.set(id, archiveMail(ARCHIVE, id));
  mails.set(DCD_GUARD, mboxMail(path.join(SERIES, 'dcd-v5.mbox'), DCD_GUARD));
  mails.set('own', readFileSync(OWN_KERNEL_DOC, 'latin1'));
});

async function lint(key: string, treeDir: string | null): Promise<LintResult> {
  const text = mails.get(key);
  if (text === undefined) throw new Error(`no mail ${key}`);
  const message = await parseMessage(Buffer.from(text, 'latin1'), { input: key, index: 0, startLine: 1 }, 'mbox');
  const patch = toPatch(message);
  return lintPatches([{ patch, input: key }], [], { all: false, rules: RULES, ...(treeDir !== null ? { tree: treeDir } : {}) });
}

const ruleFindings = (r: LintResult): Finding[] => r.findings.filter(f => f.source !== 'tool');
const treeNotes = (r: LintResult): string[] => r.findings.filter(f => f.ruleId === 'kvet-tree').map(f => `${f.location.file}:${f.location.line} ${f.message}`);
const brief = (fs: readonly Finding[]): string[] => fs.map(f => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.message}`);

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('real patches applied to linux-source-6.1', () => {
  it('apply exactly, with an offset or with fuzz, and say how', async () => {
    const exact = await lint(PFN_NULL, tree);
    expect(exact.errors).toEqual([]);
    expect(treeNotes(exact)).toEqual([]);

    const offset = await lint(OF_PMEM, tree);
    expect(offset.errors).toEqual([]);
    expect(treeNotes(offset)).toEqual([
      'drivers/nvdimm/of_pmem.c:42 Applied to the tree with an offset: hunk #1 at line 42 (offset +6 lines), hunk #2 at line 90 (offset +6 lines).',
    ]);

    const dcd = await lint(DCD_GUARD, tree);
    expect(dcd.errors).toEqual([]);
    expect(treeNotes(dcd)).toHaveLength(1);
    expect(treeNotes(dcd)[0]).toMatch(/^drivers\/cxl\/core\/hdm\.c:\d+ Applied to the tree with an offset: hunk #1 at line \d+ \(offset -65 lines\), hunk #2 .*, hunk #3 /);

    const fuzz = await lint(DAX_IOMAP, tree);
    expect(fuzz.errors).toEqual([]);
    expect(treeNotes(fuzz)).toHaveLength(1);
    expect(treeNotes(fuzz)[0]).toMatch(/^drivers\/dax\/bus\.c:\d+ Applied to the tree with fuzz: hunk #2 at line \d+ \(offset -36 lines\) \(fuzz 2\), hunk #3 at line \d+ \(offset -36 lines\)\.$/);
  });

  it('sees a devm allocation outside the hunk: the of_pmem "leak fix" is a double free on this tree', async () => {
    // 6.1 (stable) already allocates provider_name with devm_kstrdup() (the fix that was
    // merged); v1 of the fix, written for kstrdup(), adds kfree() of it. The allocation is
    // line 33, outside both hunks: hunk mode cannot know the string is devm-managed.
    const hunk = await lint(OF_PMEM, null);
    const inTree = await lint(OF_PMEM, tree);
    expect(brief(ruleFindings(hunk)).filter(f => f.startsWith('devres-freed-manually'))).toEqual([]);
    expect(brief(ruleFindings(inTree)).filter(f => f.startsWith('devres-freed-manually'))).toEqual([
      'devres-freed-manually drivers/nvdimm/of_pmem.c:45 The devm-managed priv->bus_desc.provider_name from devm_kstrdup() at line 33 is released with kfree() at line 45; devres releases it again at unbind (double free): use devm_kfree() or drop the release.',
    ]);
    const f = ruleFindings(inTree).find(x => x.ruleId === 'devres-freed-manually');
    // the added line is in the mail: the finding points back to it
    expect(f?.location.mailLine).not.toBeNull();
  });

  it('knows a callee defined elsewhere in the same file: dev_dax_size() asserts the device lock', async () => {
    const hunk = await lint(DAX_IOMAP, null);
    const inTree = await lint(DAX_IOMAP, tree);
    const lockNotHeld = (r: LintResult) => brief(ruleFindings(r)).filter(f => f.startsWith('lock-not-held'));
    expect(lockNotHeld(hunk)).toEqual([]);
    expect(lockNotHeld(inTree)).toHaveLength(1);
    expect(lockNotHeld(inTree)[0]).toMatch(/^lock-not-held drivers\/dax\/bus\.c:\d+ The call to dev_dax_size\(\) at line \d+ requires dev_dax->dev\.mutex held \(asserted at drivers\/dax\/bus\.c:170\), but it is not held there\.$/);
  });

  it('reports a base-commit it cannot check (the Debian tree has no git) and applies anyway', async () => {
    const r = await lint(NVDIMM_CONST, tree);
    expect(r.errors.map(e => e.message)).toEqual([
      `"[PATCH] nvdimm: make nvdimm_bus_type const": base-commit a085a5eb6594a3ebe5c275e9c2c2d341f686c23c cannot be checked: ${tree} is not a git checkout; the series was applied to the tree as it is.`,
    ]);
    expect(r.errors[0]?.where).toBe(`${NVDIMM_CONST}:1`);
  });
});

describe('kernel-doc outside the hunk (seed 003)', () => {
  it('hunk mode cannot see the comment; tree mode reports the robot\'s warning', async () => {
    const hunk = await lint('own', null);
    expect(brief(ruleFindings(hunk)).filter(f => f.startsWith('kernel-doc-params'))).toEqual([]);
    const inTree = await lint('own', tree);
    expect(inTree.errors).toEqual([]);
    expect(treeNotes(inTree)).toEqual([]); // made with git diff on this very tree: applies exactly
    // kernel test robot: "drivers/cxl/core/region.c:2544 function parameter 'register_dax' not described in 'devm_cxl_add_region'"
    expect(brief(ruleFindings(inTree)).filter(f => f.startsWith('kernel-doc-params'))).toEqual([
      'kernel-doc-params drivers/cxl/core/region.c:1690 The kernel-doc comment of devm_cxl_add_region() does not describe parameter register_dax; add @register_dax:.',
    ]);
    const f = ruleFindings(inTree).find(x => x.ruleId === 'kernel-doc-params');
    expect(f?.related.map(r => [r.line, r.message])).toEqual([[1677, 'kernel-doc comment']]);
    // the caller changed too, and struct cxl_region_params' own kernel-doc got its @register_dax: no other finding
    expect(brief(ruleFindings(inTree)).filter(x => !x.startsWith('kernel-doc-params'))).toEqual(brief(ruleFindings(hunk)));
  });

  it('the original v4 patch does not apply to 6.1: reported per file, analysed in hunk mode', async () => {
    // its hunk #2 (cxlr->mode/type context) would land, the others target cxl_partition_mode
    // code 6.1 does not have: a file that does not apply whole is not half-analysed
    const hunk = await lint(SEED_003, null);
    const inTree = await lint(SEED_003, tree);
    const subject = '"[PATCH v4 6/9] cxl/region: Add register_dax flag to defer DAX setup"';
    expect(inTree.errors.map(e => e.message)).toEqual([
      `${subject}: drivers/cxl/core/region.c does not apply to the tree (hunks #1, #3, #4, #5, #6, #7 of 7, patch lines 25, 48, 58, 68, 77, 86, even with offset and fuzz 2); drivers/cxl/core/region.c analysed in hunk mode.`,
      `${subject}: drivers/cxl/cxl.h does not apply to the tree (hunk #1 of 1, patch line 101, even with offset and fuzz 2); drivers/cxl/cxl.h analysed in hunk mode.`,
    ]);
    expect(inTree.errors.every(e => e.where === `${SEED_003}:1`)).toBe(true);
    expect(brief(inTree.findings)).toEqual(brief(hunk.findings));
  });
});

describe('the tree is only read', () => {
  it('leaves every file it applied patches to as it was', async () => {
    const files = ['drivers/cxl/core/region.c', 'drivers/cxl/cxl.h', 'drivers/nvdimm/of_pmem.c', 'drivers/dax/bus.c'].map(f => path.join(tree, f));
    const before = files.map(digest);
    await lint('own', tree);
    await lint(OF_PMEM, tree);
    await lint(DAX_IOMAP, tree);
    expect(files.map(digest)).toEqual(before);
  });
});

describe('kvet lint --tree', () => {
  it('passes the tree through the CLI', async () => {
    const hunk = await runCli(['lint', '--no-config', '--format', 'json', OWN_KERNEL_DOC]);
    const inTree = await runCli(['lint', '--no-config', '--format', 'json', '--tree', tree, OWN_KERNEL_DOC]);
    const ids = (out: string) => (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.map(f => f.ruleId);
    expect(ids(hunk.stdout)).not.toContain('kernel-doc-params');
    expect(ids(inTree.stdout)).toContain('kernel-doc-params');
  });
});
