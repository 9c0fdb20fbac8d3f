import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../core/findings.js';
import { FrameworkSchema, type Framework } from '../core/framework-schema.js';
import { findingsFromZod } from '../core/zod-findings.js';
import { validateFrameworkLinks } from '../check/framework-rules.js';
import { parseYamlText } from './parse-yaml.js';
import { FRAMEWORKS_DIR } from './load-reference.js';

/** Ids of the frameworks shipped with cjoip. */
export function builtInFrameworkIds(): string[] {
  return readdirSync(FRAMEWORKS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Whether a plan's `framework:` value is the id of a shipped framework rather than a path. */
export const isFrameworkId = (spec: string) => /^[a-z0-9-]+$/.test(spec);

/** Where a plan's `framework:` value points: a shipped id or a file relative to the plan. */
export function frameworkFileFor(spec: string, planDir: string): string | undefined {
  if (isFrameworkId(spec)) {
    const f = path.join(FRAMEWORKS_DIR, `${spec}.json`);
    return existsSync(f) ? f : undefined;
  }
  const f = path.resolve(planDir, spec);
  return existsSync(f) ? f : undefined;
}

/** Read and check a framework file; findings point into that file. */
export function readFrameworkFile(file: string, display: string): { framework?: Framework; findings: Finding[] } {
  // The shipped frameworks are JSON and known good: JSON.parse keeps start-up quick. Any other
  // file (YAML or JSON) goes through the YAML reader so that findings carry positions.
  if (path.dirname(file) === FRAMEWORKS_DIR) {
    const result = FrameworkSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (result.success) return { framework: result.data, findings: [] };
  }
  const parsed = parseYamlText(readFileSync(file, 'utf8'), display);
  if (parsed.findings.some((f) => f.severity === 'error')) return { findings: parsed.findings };
  const result = FrameworkSchema.safeParse(parsed.value, { reportInput: true });
  if (!result.success) return { findings: [...parsed.findings, ...findingsFromZod(result.error, { schema: FrameworkSchema }).map(parsed.place)] };
  const links = validateFrameworkLinks(result.data).map(parsed.place);
  return { framework: links.some((f) => f.severity === 'error') ? undefined : result.data, findings: [...parsed.findings, ...links] };
}

const cache = new Map<string, { framework?: Framework; findings: Finding[] }>();
/**
 * A framework file as readFrameworkFile reads it, read again only when it changes (the preview
 * reloads plans as they are saved): the plans of a national run or of a many-report run mostly
 * share one, and checking it again for each plan was a tenth of reading a small plan.
 */
export function readFrameworkOnce(file: string, display: string): { framework?: Framework; findings: Finding[] } {
  const st = statSync(file, { throwIfNoEntry: false });
  const key = `${file}\u0000${st?.mtimeMs}\u0000${st?.size}`;
  if (!cache.has(key)) cache.set(key, readFrameworkFile(file, display));
  return cache.get(key)!;
}

/** A shipped framework by id, read once per run. */
export function readBuiltInFramework(id: string): Framework | undefined {
  const file = frameworkFileFor(id, FRAMEWORKS_DIR);
  if (!file) return undefined;
  return readFrameworkOnce(file, path.relative(process.cwd(), file)).framework;
}
