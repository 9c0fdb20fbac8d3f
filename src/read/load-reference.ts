import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildAreaIndex, type AreaIndex, type AreaReference } from '../core/areas.js';
import type { PopulationTable } from '../national/population.js';

/** The package's own folder (where schemas/ and templates/ live): the nearest one with package.json. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir, '..');
  }
}
/** Where a file the build makes lives (in dist/, beside the bundle). */
export const builtFile = (name: string) => path.join(PACKAGE_ROOT, 'dist', name);

/**
 * A CommonJS module the build makes in dist/ (the compiled templates, the yaml library in one file),
 * loaded when first needed; undefined in a run from the sources before any build.
 */
export function requireBuilt<T>(name: string): T | undefined {
  const file = builtFile(name);
  return existsSync(file) ? (createRequire(import.meta.url)(file) as T) : undefined;
}

export const FRAMEWORKS_DIR = path.join(PACKAGE_ROOT, 'schemas', 'frameworks');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/** Population estimates by council area (the denominators of rates in the national picture), read when needed. */
export const readPopulation = (): PopulationTable => JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'reference', 'population.json'), 'utf8')) as PopulationTable;

let areas: AreaIndex | undefined;
/** Council areas reference data, read once. */
export function readAreaIndex(): AreaIndex {
  areas ??= buildAreaIndex(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'reference', 'council-areas.json'), 'utf8')) as AreaReference);
  return areas;
}
