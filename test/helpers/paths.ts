/** Locations tests read: the project root, its corpus, and the shared data beside the checkout. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(ROOT, '../shared');
export const SEEDS = path.join(SHARED, 'seeds');
export const SERIES = path.join(SHARED, 'corpus', 'series');
export const EXTERNAL_MAIL = path.join(SHARED, 'corpus', 'external-mail');
export const ARCHIVE = path.join(SHARED, 'corpus', 'nvdimm-archive.mbox.gz');
export const ACCEPTANCE = path.join(SHARED, 'acceptance');
export const CORPUS = path.join(ROOT, 'corpus');
