import type { Finding } from '../core/findings.js';
import { formatFinancialYear, parseFinancialYear } from '../core/years.js';
import { missingMeasures } from './cells.js';
import { readPlanData, type PlanData } from './read-data.js';
import { displayPath, type LoadedPlan } from '../read/load-plan.js';
import { readAreaIndex } from '../read/load-reference.js';

/**
 * Read and check a plan's data; with a reporting year, also what that year's report needs. A year
 * outside the plan period is a warning for validate (older figures may still be checked) and an
 * error for a report. `display` names data files in findings and source references (default:
 * relative to the working folder).
 */
export async function checkPlanData(loaded: LoadedPlan, year: number | undefined, display: (abs: string) => string = displayPath, outsidePeriod: 'warning' | 'error' = 'warning'): Promise<PlanData> {
  const plan = loaded.plan!;
  const framework = loaded.framework!;
  const areas = readAreaIndex();
  const locate = (p: (string | number)[]) => ({ file: loaded.display, ...loaded.parsed!.locate(p, 'value') });
  const data = await readPlanData(plan, framework, areas, loaded.dir, display, locate);
  if (year !== undefined) {
    const { start, end } = plan.plan.period;
    const first = parseFinancialYear(start);
    const last = parseFinancialYear(end);
    if (first !== undefined && last !== undefined && (year < first || year > last)) {
      data.findings.push({
        severity: outsidePeriod,
        code: 'year-outside-plan',
        message: `The reporting year ${formatFinancialYear(year)} is outside the plan period, ${start} to ${end}.`,
        hint: `Give --year ${first}${last > first ? ` to ${last}` : ''}; or, if the plan has been extended, change plan.period.`,
        file: loaded.display,
        ...loaded.parsed!.locate(['plan', 'period'], 'value'),
      });
    }
    const codes = plan.partnership.areas.map((a) => areas.resolve(a)!).filter(Boolean);
    // A plan that declares no data is not told, measure by measure, that it has no figures.
    const missing = plan.data?.length ? missingMeasures(data.cells, framework, codes, year) : [];
    if (missing.length) {
      const at = loaded.parsed!.locate(plan.data?.length ? ['data'] : ['plan'], 'key');
      const f: Finding = {
        severity: 'warning',
        code: 'data-missing-for-year',
        message: `No figures for ${formatFinancialYear(year)} for ${missing.length} measure${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`,
        hint: 'Add the figures to the data files, or explain their absence in the report; they will be listed as missing.',
        file: loaded.display,
        ...at,
      };
      data.findings.push(f);
    }
    // A figure for a year whose statistics cannot be published by the time this year's report is
    // due (a reconviction cohort lags by years) is not official yet: the report leaves it out.
    for (const ind of framework.indicators) {
      const latest: number = year - (ind.publication_lag ?? 0);
      if (latest === year) continue;
      for (const c of data.cells.values()) {
        if (c.indicator !== ind.id || c.year <= latest || c.year > year || !c.refs.length) continue;
        const at = c.at.value ?? c.at.numerator;
        data.findings.push({
          severity: 'warning',
          code: 'not-yet-published',
          message: `${ind.id} figure for ${formatFinancialYear(c.year)} (${areas.name(c.area)}): for a ${formatFinancialYear(year)} report the latest ${ind.id} figure that can be published is for ${formatFinancialYear(latest)}. It is left out of the report.`,
          hint: `Remove figures after ${formatFinancialYear(latest)}, or check the indicator's publication lag (${ind.publication_lag} years).`,
          file: c.refs[0].file,
          line: c.refs[0].row,
          column: at?.column ?? 1,
        });
      }
    }
  }
  return data;
}
