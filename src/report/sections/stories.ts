import { MARKER_LABELS } from '../../core/markers.js';
import { formatFinancialYear } from '../../core/years.js';
import { sourceKey, type Cell, type Unit } from '../../data/cells.js';
import { aggregateFigures, figureOfCell, type Figure } from '../../data/aggregate.js';
import type { CaseStudyView, EvidenceView, LocalIndicatorSection } from '../types.js';
import type { ReportContext } from './context.js';
import { formatNumber, NOT_AVAILABLE } from './format.js';
import { caseStudyView, evidenceView } from './outcomes.js';

/** Every local indicator the plan declares, with its kind, reporting measure, source and any figures. */
export function buildLocalIndicators(ctx: ReportContext): LocalIndicatorSection[] {
  const cells = [...ctx.cells.values()];
  return (ctx.plan.local_indicators ?? []).map((li) => {
    const mine = localCellsShown(ctx, li.id, cells);
    const numbers = ctx.sourceNumbers(mine.flatMap((c) => c.refs.map(sourceKey)));
    // A source already cited by number for the figures is not named again.
    const cited = ctx.cite(li.source);
    return {
      id: li.id,
      title: li.title,
      unit: li.unit,
      ...(li.kind ? { kind: li.kind } : {}),
      ...(li.reporting_measure ? { reportingMeasure: li.reporting_measure } : {}),
      outcomes: li.outcomes ?? [],
      source: cited && !numbers.includes(Number(cited)) ? cited : undefined,
      figures: mine.map((c) => {
        // A percentage given by its parts (part: numerator and part: denominator) is worked out from them, as for national indicators.
        const f = figureOfCell(c, li.unit as Unit, ctx.areas.name(c.area));
        return {
          area: ctx.areas.name(c.area),
          year: formatFinancialYear(c.year),
          value: f.value,
          ...(c.marker ? { marker: c.marker } : {}),
          text: f.value === undefined ? (c.marker ? MARKER_LABELS[c.marker] : NOT_AVAILABLE) : formatNumber(f.value, li.unit as Unit, f.decimals),
        };
      }),
      sources: numbers,
      table: figureTable(ctx, li.unit as Unit, mine),
    };
  });
}

/**
 * A local indicator's figures as a table: one row per figure when they are of one area; a row per
 * year (the five latest: a local indicator gives context, the national indicators carry the long
 * trends) and a column per area when there are several, with the partnership's total (counts added,
 * percentages from summed parts) and Scotland last.
 */
const LOCAL_YEARS = 5;

/**
 * The figures of a local indicator a report shows, by year then area: up to the report's year; for
 * figures of several areas, the five latest years.
 */
export function localCellsShown(ctx: ReportContext, id: string, cells: Cell[] = [...ctx.cells.values()]): Cell[] {
  const mine = cells.filter((c) => c.indicator === id && c.year <= ctx.year).sort((a, b) => a.year - b.year || a.area.localeCompare(b.area));
  if (new Set(mine.map((c) => c.area)).size <= 1) return mine;
  const years = new Set([...new Set(mine.map((c) => c.year))].slice(-Math.min(ctx.trendYears, LOCAL_YEARS)));
  return mine.filter((c) => years.has(c.year));
}

function figureTable(ctx: ReportContext, unit: Unit, cells: Cell[]): LocalIndicatorSection['table'] {
  const text = (f: Figure, c?: Cell) => (f.value === undefined ? (c?.marker ? MARKER_LABELS[c.marker] : NOT_AVAILABLE) : formatNumber(f.value, unit, f.decimals));
  const areas = [...new Set(cells.map((c) => c.area))];
  if (areas.length <= 1) return { head: ['Area', 'Year', 'Figure'], numeric: [false, false, true], figureRows: cells.map((c) => [ctx.areas.name(c.area), formatFinancialYear(c.year), text(figureOfCell(c, unit, ctx.areas.name(c.area)), c)]) };
  const own = ctx.areaList.filter((a) => areas.includes(a.code));
  const others = areas.filter((a) => !own.some((o) => o.code === a) && a !== ctx.areas.scotlandCode);
  const columns = [...own.map((a) => a.code), ...others];
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  const byKey = new Map(cells.map((c) => [`${c.area}|${c.year}`, c]));
  const total = own.length === ctx.areaList.length && own.length > 1 && (unit === 'count' || unit === 'percent');
  const scotland = areas.includes(ctx.areas.scotlandCode);
  return {
    head: ['Year', ...columns.map((a) => ctx.areas.name(a)), ...(total ? [`${ctx.who} (total)`] : []), ...(scotland ? ['Scotland'] : [])],
    numeric: [false, ...columns.map(() => true), ...(total ? [true] : []), ...(scotland ? [true] : [])],
    figureRows: years.map((y) => {
      const fig = (a: string) => {
        const c = byKey.get(`${a}|${y}`);
        return { c, f: figureOfCell(c, unit, ctx.areas.name(a)) };
      };
      const parts = own.map((a) => ({ name: a.name, figure: fig(a.code).f }));
      return [
        formatFinancialYear(y),
        ...columns.map((a) => (byKey.has(`${a}|${y}`) ? text(fig(a).f, fig(a).c) : '')),
        ...(total ? [text(aggregateFigures(parts, unit))] : []),
        ...(scotland ? [byKey.has(`${ctx.areas.scotlandCode}|${y}`) ? text(fig(ctx.areas.scotlandCode).f, fig(ctx.areas.scotlandCode).c) : ''] : []),
      ];
    }),
  };
}

/** Local evidence and the case studies that belong to no single outcome. */
export function buildStories(ctx: ReportContext): { caseStudies: CaseStudyView[]; localEvidence: EvidenceView[] } {
  return {
    caseStudies: (ctx.report?.case_studies ?? []).filter((c) => !c.outcomes?.length).map((c) => caseStudyView(ctx, c)),
    localEvidence: (ctx.report?.local_evidence ?? []).map((e) => evidenceView(ctx, e)),
  };
}
