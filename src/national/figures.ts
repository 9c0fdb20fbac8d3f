import { formatFinancialYear } from '../core/years.js';
import type { Figure } from '../data/aggregate.js';
import { sourceKey } from '../data/cells.js';
import { peopleIn, per10k, type PopulationTable } from './population.js';
import type { NationalModel } from './types.js';
import type { ReportModel, SourceView } from '../report/types.js';

/** The columns of the national figures file, in order. */
export const FIGURE_COLUMNS = ['partnership', 'area', 'area_code', 'indicator', 'measure', 'year', 'value', 'numerator', 'denominator', 'marker', 'source', 'illustrative'] as const;

export type FigureRow = Record<(typeof FIGURE_COLUMNS)[number], string>;

export interface FiguresInput {
  model: ReportModel;
  /** The source (in the national list) each data file of the partnership belongs to. */
  sourceOfFile: (file: string) => SourceView | undefined;
  illustrativeFile: (file: string) => boolean;
}

const num = (v: number | undefined) => (v === undefined ? '' : String(v));
const sourceName = (s: SourceView) => `${s.publisher}, ${s.title}`;

/**
 * Every figure the partnerships' reports hold for the national indicators, one row per area,
 * partnership (when it has several areas) and year; Scotland's once, or once per partnership whose
 * Scotland figure differs from the others'. Tidy rows for the CSV: figures as numbers, never formatted.
 */
export function buildFigureRows(partnerships: FiguresInput[], frameworkId: string, scotlandCode: string): FigureRow[] {
  const rows: FigureRow[] = [];
  const scotland = new Map<string, { row: FigureRow; who: string[] }[]>();
  for (const p of partnerships) {
    const m = p.model;
    if (m.plan.framework.id !== frameworkId) continue;
    for (const ind of [...m.outcomes.flatMap((o) => o.indicators), ...m.suite]) {
      for (const mv of ind.measures) {
        for (const point of mv.series) {
          const year = formatFinancialYear(point.year);
          const row = (partnership: string, area: string, code: string, f: Figure): FigureRow | undefined => {
            if (f.value === undefined && !f.marker) return undefined;
            const files = [...new Set(f.sources.map(sourceKey))];
            const srcs = [...new Set(files.map(p.sourceOfFile).filter((s): s is SourceView => s !== undefined))];
            return {
              partnership,
              area,
              area_code: code,
              indicator: ind.id,
              measure: mv.measure,
              year,
              value: num(f.value),
              numerator: num(f.numerator),
              denominator: num(f.denominator),
              marker: f.marker ?? '',
              source: srcs.map(sourceName).join('; '),
              illustrative: files.some(p.illustrativeFile) ? 'yes' : 'no',
            };
          };
          const name = m.partnership.name;
          for (const a of point.areas) {
            const r = row(name, a.name, a.code, a.figure);
            if (r) rows.push(r);
          }
          if (point.areas.length > 1) {
            const r = row(name, `${name} (all its areas)`, '', point.partnership);
            if (r) rows.push(r);
          }
          if (point.scotland) {
            const r = row('', 'Scotland', scotlandCode, point.scotland);
            if (!r) continue;
            const k = `${ind.id}|${mv.measure}|${year}`;
            const same = (scotland.get(k) ?? []).find((x) => FIGURE_COLUMNS.every((c) => x.row[c] === r[c] || c === 'source' || c === 'illustrative'));
            if (same) same.who.push(name);
            else scotland.set(k, [...(scotland.get(k) ?? []), { row: r, who: [name] }]);
          }
        }
      }
    }
  }
  for (const versions of scotland.values()) for (const v of versions) rows.push(versions.length > 1 ? { ...v.row, partnership: v.who.join('; ') } : v.row);
  const order = (r: FigureRow) => [r.indicator, r.measure, r.year, r.area === 'Scotland' ? '\uffff' : r.partnership, r.area_code === '' ? '\ufffe' : r.area].join('\u0000');
  const collator = new Intl.Collator('en-GB', { numeric: true });
  rows.sort((a, b) => collator.compare(order(a), order(b)));
  return rows;
}

/**
 * The rate per 10,000 people of a figure row of a count (a council area's, a partnership's over its
 * areas, or Scotland's), from the population estimates; undefined for a percentage or without them.
 */
export function rateOfFigure(m: NationalModel, population: PopulationTable | undefined): (r: FigureRow) => number | undefined {
  const areasOf = new Map(m.partnerships.map((p) => [p.name, p.areas.map((a) => a.code)]));
  const counts = new Set([...m.outcomes.flatMap((o) => o.indicators), ...m.suite].flatMap((i) => i.measures.filter((x) => x.unit === 'count').map((x) => `${i.id}|${x.measure}`)));
  return (r) => {
    if (!population || r.value === '' || !counts.has(`${r.indicator}|${r.measure}`)) return undefined;
    const codes = r.area_code ? [r.area_code] : areasOf.get(r.partnership);
    const people = codes ? peopleIn(population, codes, Number(r.year.slice(0, 4))) : undefined;
    return people ? per10k(Number(r.value), people.people) : undefined;
  };
}
