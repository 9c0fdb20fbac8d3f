import type { MarkerMeaning } from '../core/plan-schema.js';
import { cellKey, type Cell, type SourceRef, type Unit } from './cells.js';
import { groupCode } from './area-labels.js';

/** A figure for the partnership or one area, with the source rows it came from. */
export interface Figure {
  value?: number;
  numerator?: number;
  denominator?: number;
  marker?: MarkerMeaning;
  /** Decimal places of a percentage as its source publishes it (recomputed percentages have one). */
  decimals?: number;
  /** Why there is no value, in words for the report. */
  unknown?: string;
  /** Areas counted as none in a partnership figure because their figure is not applicable (`z`). */
  countedAsNone?: string[];
  /** The partnership's figure as published for its areas together (a group row), not added up from them. */
  publishedForGroup?: boolean;
  sources: SourceRef[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The figure of one cell as it stands: a percentage recomputed from its parts when it has them. */
export function figureOfCell(cell: Cell | undefined, unit: Unit, areaName: string): Figure {
  if (!cell) return { unknown: `there is no figure for ${areaName}`, sources: [] };
  const sources = [...cell.refs];
  if (unit === 'percent' && cell.numerator !== undefined && cell.denominator !== undefined) {
    if (cell.denominator === 0) return { numerator: cell.numerator, denominator: 0, unknown: `the denominator for ${areaName} is zero`, sources };
    return { value: round1((100 * cell.numerator) / cell.denominator), numerator: cell.numerator, denominator: cell.denominator, sources };
  }
  if (cell.value !== undefined) return { value: cell.value, numerator: cell.numerator, denominator: cell.denominator, marker: cell.marker, ...(unit === 'percent' && cell.decimals !== undefined ? { decimals: Math.min(1, cell.decimals) } : {}), sources };
  if (cell.marker === 'nil') return { value: 0, marker: 'nil', sources };
  if (cell.marker) return { marker: cell.marker, unknown: `the figure for ${areaName} is ${markerWords(cell.marker)}`, sources };
  return { unknown: `there is no figure for ${areaName}`, sources };
}

const markerWords = (m: MarkerMeaning) =>
  ({ suppressed: 'suppressed', 'not-available': 'not available', 'not-applicable': 'not applicable', nil: 'nil', low: 'under 0.5% (the exact figure is not published)' })[m];

/**
 * Combine the areas of a partnership: counts are summed; percentages are recomputed from summed
 * numerators and denominators, never averaged. Any unknown part makes the total unknown, saying why.
 */
export function aggregateFigures(all: { name: string; figure: Figure }[], unit: Unit): Figure {
  const sources = all.flatMap((p) => p.figure.sources);
  if (all.length === 1) return all[0].figure;
  // An area where the measure does not apply (no custody centre, say) has none to add: it counts as
  // none, and the figure says so. When it applies nowhere, there is no figure.
  const none = all.filter((p) => p.figure.marker === 'not-applicable' && p.figure.value === undefined);
  const parts = all.filter((p) => !none.includes(p));
  if (!parts.length) return { marker: 'not-applicable', unknown: 'the measure does not apply to any of its areas', sources };
  const countedAsNone = none.length ? { countedAsNone: none.map((p) => p.name) } : {};
  if (unit === 'count') {
    const unknown = parts.filter((p) => p.figure.value === undefined);
    if (unknown.length) return { unknown: unknown.map((p) => p.figure.unknown ?? `there is no figure for ${p.name}`).join('; '), sources };
    return { value: parts.reduce((s, p) => s + p.figure.value!, 0), ...countedAsNone, sources };
  }
  if (unit === 'percent') {
    const lacking = parts.filter((p) => p.figure.numerator === undefined || p.figure.denominator === undefined);
    if (lacking.length) {
      const onlyPct = lacking.filter((p) => p.figure.value !== undefined);
      const why = onlyPct.length === lacking.length
        ? lacking.length === all.length ? 'only percentages are published for its areas' : `only a percentage is published for ${lacking.map((p) => p.name).join(' and ')}`
        : lacking.map((p) => p.figure.unknown ?? `there is no figure for ${p.name}`).join('; ');
      return { unknown: why, sources };
    }
    const numerator = parts.reduce((s, p) => s + p.figure.numerator!, 0);
    const denominator = parts.reduce((s, p) => s + p.figure.denominator!, 0);
    if (denominator === 0) return { numerator, denominator, unknown: 'the summed denominator is zero', sources };
    return { value: round1((100 * numerator) / denominator), numerator, denominator, ...countedAsNone, sources };
  }
  return { unknown: `${unit} figures of several areas cannot be combined`, sources };
}

export interface SeriesPoint {
  year: number;
  partnership: Figure;
  areas: { code: string; name: string; figure: Figure }[];
  scotland?: Figure;
}

/** A measure's figures for the partnership, its areas and Scotland, year by year. */
export function buildSeries(
  cells: Map<string, Cell>,
  indicator: string,
  measure: string,
  unit: Unit,
  areas: { code: string; name: string }[],
  scotlandCode: string,
  years: number[],
): SeriesPoint[] {
  return years.map((year) => {
    const per = areas.map((a) => ({ ...a, figure: figureOfCell(cells.get(cellKey(indicator, measure, a.code, year)), unit, a.name) }));
    const sc = cells.get(cellKey(indicator, measure, scotlandCode, year));
    // A row published for exactly the partnership's areas together is its figure, cited as such.
    const group = areas.length > 1 ? cells.get(cellKey(indicator, measure, groupCode(areas.map((a) => a.code)), year)) : undefined;
    const own = group && figureOfCell(group, unit, 'the partnership’s areas together');
    return {
      year,
      partnership: own && (own.value !== undefined || own.marker) ? { ...own, publishedForGroup: true } : aggregateFigures(per.map((p) => ({ name: p.name, figure: p.figure })), unit),
      areas: per,
      scotland: sc ? figureOfCell(sc, unit, 'Scotland') : undefined,
    };
  });
}
