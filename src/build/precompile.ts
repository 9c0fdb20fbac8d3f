/*
 * Run by `npm run build` after bundling: compiles the shipped templates into dist/templates.cjs, so a
 * run does not compile them again (see render/compiled-templates.ts).
 */
import { writeFileSync } from 'node:fs';
import { TEMPLATES_DIR } from '../read/load-reference.js';
import { PRECOMPILED_FILE, precompileShipped } from '../render/compiled-templates.js';

writeFileSync(PRECOMPILED_FILE, precompileShipped(TEMPLATES_DIR));
