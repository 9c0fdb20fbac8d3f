import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { PlanSchema } from '../core/plan-schema.js';
import { CjoipError, EXIT } from '../core/errors.js';
import { displayPath } from '../read/load-plan.js';
import { writeFileAtomic } from '../write/write-atomic.js';
import type { Io } from './io.js';

/**
 * The JSON Schema (draft-07) generated from PlanSchema, for editors and `cjoip schema`. It lives here,
 * not beside the schema, so that zod's JSON Schema writer is loaded only by the commands that write one.
 */
export function buildPlanJsonSchema(): unknown {
  const schema = z.toJSONSchema(PlanSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'https://cjoip.scot/schemas/cjoip-plan.schema.json', ...schema };
}

/** The JSON Schema text exactly as shipped in schemas/cjoip-plan.schema.json. */
export const renderPlanJsonSchema = () => JSON.stringify(buildPlanJsonSchema(), null, 2) + '\n';

/** The name of the schema copy kept beside cjoip.yaml, so that editors find it offline wherever the folder goes. */
export const PLAN_SCHEMA_COPY = 'cjoip.schema.json';

/** Whether a file is a copy of cjoip's plan schema (any version), which cjoip may refresh. */
export function isSchemaCopy(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { $id?: unknown }).$id === (buildPlanJsonSchema() as { $id: string }).$id;
  } catch {
    return false;
  }
}

/** `cjoip schema`: print the plan's JSON Schema, or with --write keep a copy beside a plan. */
export async function runSchema(opts: { write?: string | boolean; force?: boolean }, io: Io): Promise<number> {
  if (opts.write === undefined || opts.write === false) {
    io.out(renderPlanJsonSchema());
    return EXIT.ok;
  }
  const target = path.resolve(io.cwd, typeof opts.write === 'string' ? opts.write : '.');
  const file = existsSync(target) && statSync(target).isDirectory() ? path.join(target, PLAN_SCHEMA_COPY) : target;
  if (!existsSync(path.dirname(file))) throw new CjoipError('no-folder', `${displayPath(path.dirname(file))}: no such folder.`, 'Give the folder of the plan (the one holding cjoip.yaml).');
  if (existsSync(file) && !isSchemaCopy(file) && !opts.force)
    throw new CjoipError('would-overwrite', `${displayPath(file)} exists and is not a copy of the cjoip plan schema; it was kept.`, 'Choose another name, or add --force to replace it.');
  const text = renderPlanJsonSchema();
  const same = existsSync(file) && readFileSync(file, 'utf8') === text;
  if (!same) writeFileAtomic(file, text);
  io.err(`${same ? 'Up to date' : 'Wrote'}: ${displayPath(file)}. Editors find it from the first line of cjoip.yaml: # yaml-language-server: $schema=${path.basename(file)}\n`);
  return EXIT.ok;
}
