/**
 * Series versions as configurations (spec §2.6): each row says how one revision behaves
 * where the revisions differ. The operations read these flags; nothing else varies.
 */

/** Modelled DCD series revisions. */
export type Version = 'v4' | 'v7' | 'v10' | 'v11';

/** Behavioural switches of one revision; every field cites its source. */
export interface VersionRules {
  /** Tags and shared seq accepted (v10+); v7 rejects non-null tag or seq≠0 [v7-20]. */
  readonly tags: boolean;
  /** First seqNum of a group: v10 1..n [v10-26], v11 0..n-1 [v11-17]. */
  readonly seqBase: 0 | 1;
  /** Host objects are grouped into tag groups (v10/v11) [v10-14, v11-14]. */
  readonly groups: boolean;
  /** More-chain cap `CXL_DC_MAX_PENDING_EXTENTS` (v11-13), or none. */
  readonly cap: number | null;
  /** 20 s chain watchdog (v10-13, v11-13). */
  readonly timer: boolean;
  /** Runtime adds refused until the probe scanned existing extents (v11-27). */
  readonly scanGate: boolean;
  /** Recovered extents re-acknowledged with an RSP (v10 bug, DJ-v10-27). */
  readonly existingRsp: boolean;
  /** Probe adds a dax_resource for every existing extent device (v7/v10) [S0, v10-21]. */
  readonly probeChildScan: boolean;
  /** DAX add: whole group under one dax_region_rwsem write section (v11) or per extent. */
  readonly daxAdd: 'group' | 'per-extent';
  /** v4: drvdata set before devm_add_action_or_reset, whose reset re-takes the rwsem [v4-24]. */
  readonly drvdataBeforeDevm: boolean;
  /** Notify-ADD failure sends REL for never-accepted extents (v7, v10) [DJ-v10-21]. */
  readonly notifyFailRel: boolean;
  /** INV before onlining a new extent (v7 only) [S0, Q2]. */
  readonly invOnAdd: boolean;
  /** Release lookup: any overlapping extent (v7) or one containing the range with matching tag. */
  readonly relLookup: 'overlap' | 'contains';
  /** Release: INV checked before DAX consent (v11) or ignored after consent (v7, v10) [Q1]. */
  readonly invOrder: 'before-consent' | 'after-consent';
  /** Release granularity: per extent (v7) or whole group refuse-all-or-none (v10, v11). */
  readonly release: 'per-extent' | 'group';
  /** Resize on DC dev_dax: sparse grow/shrink (v7) or only to 0 (v10, v11). */
  readonly resize: 'sparse' | 'zero-only';
  /** `uuid` claim attribute (v10, v11) [v10-26, v11-26]. */
  readonly claim: boolean;
  /** uuid_store refuses a dev_dax that already has size (v11, after DJ-v10-26). */
  readonly reclaimCheck: boolean;
  /** Duplicate offer: accepted again and listed (v7) or omitted (v11) [Q6]. */
  readonly duplicate: 'accept-again' | 'omit';
  /** Where existing extents are read: region creation (v7, v10) or inside probe (v11). */
  readonly scanAt: 'create' | 'probe';
  /** Misaligned groups dropped whole (v11-15). */
  readonly alignGate: boolean;
}

const V7: VersionRules = {
  tags: false, seqBase: 0, groups: false, cap: null, timer: false, scanGate: false,
  existingRsp: false, probeChildScan: true, daxAdd: 'per-extent', drvdataBeforeDevm: false,
  notifyFailRel: true, invOnAdd: true, relLookup: 'overlap', invOrder: 'after-consent',
  release: 'per-extent', resize: 'sparse', claim: false, reclaimCheck: false,
  duplicate: 'accept-again', scanAt: 'create', alignGate: false,
};

/** The rules of each version (spec §2.6 table). v4 is v7's model with the v4-24 add path. */
export const VERSIONS: Readonly<Record<Version, VersionRules>> = {
  v4: { ...V7, drvdataBeforeDevm: true },
  v7: V7,
  v10: {
    tags: true, seqBase: 1, groups: true, cap: null, timer: true, scanGate: false,
    existingRsp: true, probeChildScan: true, daxAdd: 'per-extent', drvdataBeforeDevm: false,
    notifyFailRel: true, invOnAdd: false, relLookup: 'contains', invOrder: 'after-consent',
    release: 'group', resize: 'zero-only', claim: true, reclaimCheck: false,
    duplicate: 'omit', scanAt: 'create', alignGate: false,
  },
  v11: {
    tags: true, seqBase: 0, groups: true, cap: 100, timer: true, scanGate: true,
    existingRsp: false, probeChildScan: false, daxAdd: 'group', drvdataBeforeDevm: false,
    notifyFailRel: false, invOnAdd: false, relLookup: 'contains', invOrder: 'before-consent',
    release: 'group', resize: 'zero-only', claim: true, reclaimCheck: true,
    duplicate: 'omit', scanAt: 'probe', alignGate: true,
  },
};

/** All versions, oldest first. */
export const VERSION_NAMES: readonly Version[] = ['v4', 'v7', 'v10', 'v11'];
