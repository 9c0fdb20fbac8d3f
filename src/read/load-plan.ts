import { checkInside, insideHint, LIMITS, type InsideCheck } from './inside.js';
import { clip } from '../core/words.js';
import path from 'node:path';
import type { Finding } from '../core/findings.js';
import type { Framework } from '../core/framework-schema.js';
import { PlanSchema, type Plan } from '../core/plan-schema.js';
import { findingsFromZod, planPlaceNamer } from '../core/zod-findings.js';
import { append, suggest } from '../core/findings.js';
import { PLAN_RULES, type PlanRuleContext } from '../check/plan-rules.js';
import { parseYamlText, type ParsedYaml } from './parse-yaml.js';
import { readPlanText, readTextFile, type TextRead } from './read-file.js';
import { builtInFrameworkIds, frameworkFileFor, isFrameworkId, readFrameworkOnce } from './read-framework.js';
import { readAreaIndex } from './load-reference.js';
import { validPartOfPlan } from './partial-plan.js';

/** A plan read from disk with everything found wrong with it. */
export interface LoadedPlan {
  file: string;
  /** The file name as shown to the user (relative to the working folder). */
  display: string;
  dir: string;
  plan?: Plan;
  raw?: unknown;
  framework?: Framework;
  parsed?: ParsedYaml;
  findings: Finding[];
  /** Text still to fill in, with its path in the plan (for the report's list of gaps). */
  placeholders?: { message: string; path: (string | number)[] }[];
  /** Narrative files as the rules read them (by resolved path), so a report reads each once. */
  texts?: Map<string, TextRead>;
}

export const displayPath = (abs: string) => path.relative(process.cwd(), abs) || path.basename(abs);

/** Whether `rel` names a readable text file inside `dir`, symlinks followed, within the size limit. */
export const textFileIn = (dir: string, rel: string): InsideCheck => checkInside(dir, rel, LIMITS.text);

/** Read a plan file, check its structure, load its framework and run the plan rules. */
export async function loadPlan(file: string): Promise<LoadedPlan> {
  const display = displayPath(file);
  const dir = path.dirname(file);
  const { text, finding } = await readPlanText(file, display);
  if (finding) return { file, display, dir, findings: [finding] };
  const parsed = parseYamlText(text!, display);
  const loaded: LoadedPlan = { file, display, dir, parsed, raw: parsed.value, findings: [...parsed.findings] };
  if (parsed.value === undefined) return loaded;

  const result = PlanSchema.safeParse(parsed.value, { reportInput: true });
  let plan: Plan;
  if (result.success) plan = loaded.plan = result.data;
  else {
    append(loaded.findings, findingsFromZod(result.error, { schema: PlanSchema, name: planPlaceNamer(parsed.value) }).map(parsed.place));
    // The rules still check every part of the plan that is valid, so all its problems are found in one run.
    const partial = validPartOfPlan(parsed.value);
    if (!partial) return loaded;
    plan = partial;
  }

  const spec = plan.plan.framework;
  if (!isFrameworkId(spec)) {
    const c = checkInside(dir, spec, LIMITS.framework);
    if (!c.ok && c.problem !== 'missing') {
      loaded.findings.push(parsed.place({ severity: 'error', code: `framework-file-${c.problem}`, message: `The framework file '${clip(spec)}' cannot be read: ${c.detail}.`, hint: insideHint(c.problem, 'framework files'), path: ['plan', 'framework'], at: 'value' }));
      return loaded;
    }
  }
  const fwFile = frameworkFileFor(spec, dir);
  if (!fwFile) {
    const isId = isFrameworkId(spec);
    loaded.findings.push(
      parsed.place({
        severity: 'error',
        code: 'unknown-framework',
        message: isId ? `Unknown framework '${spec}'.` : `Framework file '${spec}' does not exist.`,
        hint: isId ? `${suggest(spec, builtInFrameworkIds(), 'frameworks')} Or give the path of a framework file.` : 'Fix the path (relative to cjoip.yaml).',
        path: ['plan', 'framework'],
        at: 'value',
      }),
    );
    return loaded;
  }
  const fw = readFrameworkOnce(fwFile, displayPath(fwFile));
  append(loaded.findings, fw.findings);
  if (!fw.framework) return loaded;
  loaded.framework = fw.framework;

  const texts = (loaded.texts = new Map<string, TextRead>());
  const ctx: PlanRuleContext = {
    plan,
    raw: parsed.value,
    framework: fw.framework,
    areas: readAreaIndex(),
    fileStatus: (rel) => textFileIn(dir, rel),
    readText: (file) => {
      const read = texts.get(file) ?? readTextFile(file, LIMITS.text);
      texts.set(file, read);
      return read;
    },
  };
  const found = PLAN_RULES.flatMap((rule) => rule(ctx));
  // On a partial plan, a place the schema already faulted is not told twice.
  const faulted = new Set(loaded.findings.map((f) => `${f.line}:${f.column}`));
  append(loaded.findings, found.map(parsed.place).filter((f) => result.success || !faulted.has(`${f.line}:${f.column}`)));
  loaded.placeholders = found.filter((f) => f.code === 'placeholder').map((f) => ({ message: f.message, path: f.path }));
  return loaded;
}
