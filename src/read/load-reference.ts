import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse } from 'yaml';
import { buildAreaIndex, type AreaIndex, type AreaReference } from '../core/areas.js';

/** The package's own folder (where schemas/ and templates/ live). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FRAMEWORKS_DIR = path.join(PACKAGE_ROOT, 'schemas', 'frameworks');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

let areas: AreaIndex | undefined;
/** Council areas reference data, read once. */
export function readAreaIndex(): AreaIndex {
  areas ??= buildAreaIndex(parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'reference', 'council-areas.yaml'), 'utf8')) as AreaReference);
  return areas;
}
