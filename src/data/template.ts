import type { Framework } from '../core/framework-schema.js';
import { formatFinancialYear } from '../core/years.js';

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An empty long-format CSV: one row per framework measure, area and year, ready to fill in. */
export function renderDataTemplate(framework: Framework, areaNames: string[], years: number[]): string {
  const lines = [['indicator', 'measure', 'area', 'year', 'value', 'numerator', 'denominator', 'marker'].join(',')];
  for (const ind of framework.indicators)
    for (const m of ind.measures)
      for (const area of areaNames) for (const y of years) lines.push([ind.id, m.id, csvField(area), formatFinancialYear(y), '', '', '', ''].join(','));
  return lines.join('\r\n') + '\r\n';
}
