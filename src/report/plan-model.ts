import path from 'node:path';
import { errorCount, type Finding } from '../core/findings.js';
import type { Text } from '../core/plan-schema.js';
import { cleanStrings } from '../core/words.js';
import { displayPath, loadPlan, textFileIn, type LoadedPlan } from '../read/load-plan.js';
import { readAreaIndex } from '../read/load-reference.js';
import { readTextFile } from '../read/read-file.js';
import { checkPlanData } from '../data/plan-data.js';
import { buildReportModel } from './model.js';
import type { ReportModel } from './types.js';

/** A plan read, checked and turned into its report model for a year, or the findings that stopped it. */
export type PlanModel =
  | { ok: true; loaded: LoadedPlan; model: ReportModel; warnings: Finding[]; dataFiles: Map<string, string[]> }
  | { ok: false; loaded: LoadedPlan; findings: Finding[] };

/**
 * Read a plan file and its data, check both for a reporting year, and build the report model.
 * Errors and warnings are returned for the command to show.
 */
export async function modelOfPlan(file: string, year: number, opts: { draft: boolean; trendYears?: number }, step: (msg: string) => void): Promise<PlanModel> {
  step(`${displayPath(file)}: checking the plan`);
  const loaded = await loadPlan(file);
  const display = loaded.display;
  let findings: Finding[] = [...loaded.findings];
  let data;
  if (loaded.plan && loaded.framework && !errorCount(findings)) {
    step(`${display}: reading indicator data`);
    // Data files are named relative to the plan folder, so the report reads the same wherever it is built.
    data = await checkPlanData(loaded, year, (abs) => path.relative(loaded.dir, abs).split(path.sep).join('/'), 'error');
    findings = [...findings, ...data.findings];
  }
  if (errorCount(findings) || !data) return { ok: false, loaded, findings };
  const warnings = findings.filter((f) => f.severity === 'warning');

  step(`${display}: building the report model (${data.rowsRead.toLocaleString('en-GB')} data rows)`);
  const plan = loaded.plan!;
  const text = (t: Text | undefined) => {
    if (t === undefined) return undefined;
    if (typeof t === 'string') return t;
    const c = textFileIn(loaded.dir, t.file);
    // Read once: the rules that checked the file kept its text.
    const read = c.ok ? (loaded.texts?.get(c.file) ?? readTextFile(c.file, c.size + 1)) : undefined;
    return read && 'text' in read ? read.text.replace(/^\uFEFF/, '') : undefined;
  };
  // Control characters are named by validation (a warning) and never reach a report, in any format.
  const model = cleanStrings(buildReportModel({
    plan,
    framework: loaded.framework!,
    cells: data.cells,
    year,
    areas: readAreaIndex(),
    text,
    dataFiles: data.filesBySource,
    tableNotes: data.notes,
    placeholders: loaded.placeholders ?? [],
    draft: opts.draft,
    trendYears: opts.trendYears,
  }));
  return { ok: true, loaded, model, warnings, dataFiles: data.filesBySource };
}
