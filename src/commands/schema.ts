import { buildPlanJsonSchema } from '../core/plan-schema.js';
import { EXIT } from '../core/errors.js';
import type { Io } from './io.js';

/** The JSON Schema text exactly as shipped in schemas/cjoip-plan.schema.json. */
export const renderPlanJsonSchema = () => JSON.stringify(buildPlanJsonSchema(), null, 2) + '\n';

/** `cjoip schema`: print the plan's JSON Schema. */
export async function runSchema(io: Io): Promise<number> {
  io.out(renderPlanJsonSchema());
  return EXIT.ok;
}
