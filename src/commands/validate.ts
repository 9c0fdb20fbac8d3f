import { CjoipError, EXIT } from '../core/errors.js';
import { FIRST_YEAR, LAST_YEAR } from '../core/plan-schema.js';
import { append, errorCount, warningCount, type Finding } from '../core/findings.js';
import { parseFinancialYear, formatFinancialYear } from '../core/years.js';
import { loadPlan } from '../read/load-plan.js';
import { planUnreadable, resolvePlanPath } from '../read/read-file.js';
import { renderError, renderFindings, type FindingFormat } from './format-findings.js';
import type { Io } from './io.js';
import { checkPlanData } from '../data/plan-data.js';

export interface ValidateOptions {
  format?: FindingFormat;
  strict?: boolean;
  year?: string;
}

/** Parse a --year value or fail with exit 2. */
export function parseYearOption(y: string): number {
  const fy = parseFinancialYear(y);
  if (fy === undefined) throw new CjoipError('bad-year', `'${y}' is not a reporting year.`, 'Write 2024, 2024-25 or 2024/25 (the year starting 1 April 2024).');
  if (fy < FIRST_YEAR || fy > LAST_YEAR) throw new CjoipError('bad-year', `${formatFinancialYear(fy)} is not a year cjoip reports on.`, `Give a financial year from ${formatFinancialYear(FIRST_YEAR)} to ${formatFinancialYear(LAST_YEAR)}.`);
  return fy;
}

/** `cjoip validate`: check plans and their data; print findings; return the exit code. */
export async function runValidate(paths: string[], opts: ValidateOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'stylish';
  const year = opts.year === undefined ? undefined : parseYearOption(opts.year);
  const findings: Finding[] = [];
  const clean: string[] = [];
  let couldNotRun = false;
  for (const p of paths.length ? paths : ['cjoip.yaml']) {
    let file: string;
    try {
      file = await resolvePlanPath(p);
    } catch (e) {
      if (!(e instanceof CjoipError)) throw e;
      io.err(renderError(e, io.color));
      couldNotRun = true;
      continue;
    }
    const loaded = await loadPlan(file);
    const mine = [...loaded.findings];
    // A plan that cannot be read at all (a pipe, a device, a binary or oversized file) is "could not run", as a missing one is.
    if (planUnreadable(mine)) couldNotRun = true;
    if (loaded.plan && loaded.framework && !mine.some((f) => f.severity === 'error')) {
      append(mine, (await checkPlanData(loaded, year)).findings);
    }
    append(findings, mine);
    if (mine.length === 0) clean.push(loaded.display);
  }
  if (format === 'stylish') {
    io.out(renderFindings(findings, 'stylish', io.color));
    for (const c of clean) io.out(`${io.color.green('✔')} ${c}: no problems${year !== undefined ? ` (data checked for ${formatFinancialYear(year)})` : ''}\n`);
  } else {
    io.out(renderFindings(findings, format, io.color));
  }
  if (couldNotRun) return EXIT.cannotRun;
  if (errorCount(findings) > 0) return EXIT.problems;
  if (opts.strict && warningCount(findings) > 0) return EXIT.problems;
  return EXIT.ok;
}
