import type { Framework } from '../../core/framework-schema.js';
import { formatFinancialYear } from '../../core/years.js';
import { numbered } from '../../core/words.js';
import { buildSeries, type Figure, type SeriesPoint } from '../../data/aggregate.js';
import { sourceKey } from '../../data/cells.js';
import type { IndicatorView, MeasureView } from '../types.js';
import type { ReportContext } from './context.js';
import { listWords } from './context.js';
import { formatChange, formatFigure, formatNumber } from './format.js';

type Indicator = Framework['indicators'][number];
type Measure = Indicator['measures'][number];

/** What names a measure in every view of it: ids, title, unit, desired direction, and whether its wording is provisional. */
export function measureIdentity(ind: Indicator, m: Measure): Pick<MeasureView, 'indicator' | 'measure' | 'key' | 'title' | 'unit' | 'direction' | 'provisional'> {
  return { indicator: ind.id, measure: m.id, key: `${ind.id}-${m.id}`, title: m.title, unit: m.unit, direction: m.direction, provisional: ind.status === 'provisional' || m.status === 'provisional' };
}

/**
 * Within this margin a change is "broadly stable", not an improvement or a worsening: under one
 * percentage point for a percentage, under 3% of the year before for a count.
 */
export const withinMargin = (change: number, previous: number, unit: string) => (unit === 'percent' ? Math.abs(change) < 1 : Math.abs(change) < Math.max(1, 0.03 * Math.abs(previous)));

/** A count under this, or a percentage of fewer people than this, is a small number: its changes may be chance. */
export const SMALL_NUMBER = 50;

/** Direction of travel from the previous year to this one, judged against the desired direction. */
export function judgeTravel(latest: Figure | undefined, previous: Figure | undefined, direction: 'up' | 'down' | 'none', unit = 'count'): { change?: number; travel: MeasureView['travel'] } {
  if (latest?.value === undefined || previous?.value === undefined) return { travel: 'unknown' };
  const change = Math.round((latest.value - previous.value) * 10) / 10 || 0;
  if (direction === 'none') return { change, travel: 'not judged' };
  if (change === 0) return { change, travel: 'no change' };
  if (withinMargin(change, previous.value, unit)) return { change, travel: 'broadly stable' };
  return { change, travel: change > 0 === (direction === 'up') ? 'improving' : 'worsening' };
}

/** A line of a chart: its figures, and the decimal places each is published with. */
export interface ChartLine {
  key: string;
  name: string;
  values: (number | undefined)[];
  decimals: (number | undefined)[];
  main: boolean;
}

/** The lines a chart of a measure draws, in a fixed order: the partnership, each area, Scotland. */
export function chartLines(m: Pick<MeasureView, 'series' | 'scotlandDrawn' | 'unit'>, who: string): ChartLine[] {
  const areas = m.series[0]?.areas ?? [];
  const lines: ChartLine[] = [];
  const line = (key: string, name: string, figures: (Figure | undefined)[], main: boolean): ChartLine => ({ key, name, values: figures.map((f) => f?.value), decimals: figures.map((f) => f?.decimals), main });
  // A count chart draws the areas on their own scale: the partnership's total (their sum) would press
  // them into the foot of the chart. The total is in the headline and the table.
  if (areas.length > 1 && m.unit !== 'count') lines.push(line('partnership', who, m.series.map((p) => p.partnership), true));
  areas.forEach((a, i) => lines.push(line(a.code, a.name, m.series.map((p) => p.areas[i].figure), areas.length === 1)));
  if (m.scotlandDrawn) lines.push(line('scotland', 'Scotland', m.series.map((p) => p.scotland), false));
  return lines.filter((l) => l.values.some((v) => v !== undefined));
}

/**
 * The headline: this year against the year before and against the plan's first year. A change
 * within a small margin reads "broadly stable"; a small number carries a caution. Without a
 * partnership figure, each area's figure and Scotland's for the latest year.
 */
function headline(m: Omit<MeasureView, 'sentence' | 'alt'>, ctx: ReportContext, lag: number): string {
  const at = (y: number) => m.series.find((p) => p.year === y);
  const latestYear = ctx.year - lag;
  const point = at(latestYear);
  const last = point?.partnership;
  const u = m.unit;
  const fig = (f: Figure) => formatNumber(f.value!, u, f.decimals);
  if (last?.value === undefined) {
    const areas = (point?.areas ?? []).filter((a) => a.figure.value !== undefined);
    const why = last?.unknown ?? `there is no figure for ${ctx.who}`;
    if (point && areas.length > 1) {
      const scotland = point.scotland?.value !== undefined ? `; Scotland ${fig(point.scotland)}` : '';
      return `${m.title}, ${m.latestYear}: ${listWords(areas.map((a) => `${a.name} ${fig(a.figure)}`))}${scotland}. No figure is given for ${ctx.who} as a whole: ${why}.`;
    }
    const earlier = [...m.series].reverse().find((p) => p.partnership.value !== undefined);
    return `${m.title}, ${ctx.who}: no figure can be given for ${m.latestYear}: ${why}.${earlier ? ` The latest, for ${formatFinancialYear(earlier.year)}, was ${fig(earlier.partnership)}.` : ''}`;
  }
  let s = `${m.title}, ${ctx.who}: ${fig(last)} in ${m.latestYear}`;
  const prev = at(latestYear - 1)?.partnership;
  if (prev?.value !== undefined && m.change !== undefined) {
    s += `; ${formatChange(m.change, u)} on ${formatFinancialYear(latestYear - 1)} (${fig(prev)})`;
    const words = { improving: 'an improvement', worsening: 'a worsening', 'broadly stable': 'broadly stable' } as Record<string, string>;
    if (words[m.travel]) s += `, ${words[m.travel]}`;
  }
  const startYear = ctx.planStart - lag;
  const start = at(startYear)?.partnership;
  if (latestYear > startYear && start?.value !== undefined) {
    const since = Math.round((last.value - start.value) * 10) / 10 || 0;
    s += `; ${formatChange(since, u)} since ${formatFinancialYear(startYear)} (${fig(start)}), when the plan began`;
  }
  s += '.';
  const few = u === 'count' ? last.value : last.denominator;
  if (few !== undefined && few < SMALL_NUMBER) s += ` These are small numbers (${u === 'count' ? `${few}` : `${few} people or cases`}), so a change from one year to the next may be chance.`;
  if (last.publishedForGroup) s += ` The figure for ${ctx.who} is published for its areas together, not added up from them.`;
  if (last.countedAsNone?.length) s += ` ${listWords(last.countedAsNone)} ${last.countedAsNone.length === 1 ? 'counts' : 'count'} as none: the measure does not apply there.`;
  return s;
}

/** What the chart draws, for those who cannot see it. */
function describeChart(m: Omit<MeasureView, 'sentence' | 'alt'>, who: string): string {
  const lines = chartLines(m, who);
  if (!lines.length) return `Chart of ${m.title}: no figures to draw.`;
  const years = m.series.map((p) => formatFinancialYear(p.year));
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== undefined));
  const latest = lines.map((l) => {
    const i = l.values.map((v, j) => (v === undefined ? -1 : j)).filter((j) => j >= 0).pop()!;
    return `${l.name} ${formatNumber(l.values[i]!, m.unit, l.decimals[i])}${i === years.length - 1 ? '' : ` (in ${years[i]})`}`;
  });
  // The extremes with the precision their figures are published with (71%, not 71.0%).
  const extreme = (v: number) => {
    const l = lines.find((x) => x.values.includes(v))!;
    return formatNumber(v, m.unit, l.decimals[l.values.indexOf(v)]);
  };
  return `Line chart of ${m.title}, ${years[0]} to ${years[years.length - 1]}, with a line each for ${listWords(lines.map((l) => l.name))}. Values range from ${extreme(Math.min(...all))} to ${extreme(Math.max(...all))}. Latest figures: ${latest.join('; ')}.`;
}

/** Why a year has no figure for the partnership, in a sentence's words. */
function gapWords(p: SeriesPoint, who: string): string {
  const held = p.areas.some((a) => a.figure.value !== undefined || a.figure.marker);
  if (!held) return `no figures are held for ${who}${p.areas.length > 1 ? ' or its areas' : ''}`;
  return p.partnership.unknown ?? `there is no figure for ${who}`;
}

/** One measure of an indicator: its series, latest figures, headline and chart description. */
function buildMeasure(ctx: ReportContext, ind: Indicator, m: Measure): MeasureView {
  const lag = ind.publication_lag ?? 0;
  const latestYear = ctx.year - lag;
  // The window: from the N-th latest year with a figure (for an area of the partnership or for
  // Scotland) to the latest year the report can show, whatever the plan period.
  const withData = [...ctx.yearsWithFigures(ind.id, m.id)].filter((y) => y <= latestYear).sort((a, b) => b - a);
  const from = withData.length ? withData[Math.min(ctx.trendYears, withData.length) - 1] : latestYear;
  const window = Array.from({ length: latestYear - from + 1 }, (_, i) => from + i);
  const full = buildSeries(ctx.cells, ind.id, m.id, m.unit, ctx.areaList, ctx.areas.scotlandCode, window);
  const has = (p: SeriesPoint) => [p.partnership, ...p.areas.map((a) => a.figure), ...(p.scotland ? [p.scotland] : [])].some((f) => f.value !== undefined || f.marker);
  const first = full.findIndex(has);
  const series = first < 0 ? full.slice(-1) : full.slice(first);
  const latest = series[series.length - 1]?.partnership;
  const previous = series[series.length - 2]?.partnership;
  const { change, travel } = judgeTravel(latest, previous, m.direction, m.unit);
  const refs = series.flatMap((p) => [p.partnership, ...p.areas.map((a) => a.figure), ...(p.scotland ? [p.scotland] : [])]).flatMap((f) => f.sources);
  // Each figure cites the source it was read for (several sources may read one file).
  const cited = new Set(refs.map(sourceKey));
  const base = {
    ...measureIdentity(ind, m),
    series,
    latestYear: formatFinancialYear(latestYear),
    latest,
    previous,
    change,
    travel,
    chartFile: `charts/${ind.id}-${m.id}.svg`,
    scotlandDrawn: m.unit !== 'count' && series.some((p) => p.scotland?.value !== undefined),
    sources: ctx.sourceNumbers(cited),
    sourceFiles: [...new Set(refs.map((r) => r.file))].sort(),
    illustrative: [...cited].some((f) => ctx.illustrativeFiles.has(f)),
    illustrativeMixed: [...cited].some((f) => ctx.illustrativeFiles.has(f)) && [...cited].some((f) => !ctx.illustrativeFiles.has(f)),
    hasData: cited.size > 0,
    noFigure: latest?.value === undefined && cited.size > 0 ? (latest?.unknown ?? `there is no figure for ${ctx.who}`) : undefined,
    gaps: cited.size ? series.filter((p) => p.partnership.value === undefined).map((p) => ({ year: formatFinancialYear(p.year), why: gapWords(p, ctx.who) })) : [],
    gapGroups: cited.size ? groupGaps(series.filter((p) => p.partnership.value === undefined).map((p) => ({ year: p.year, why: gapWords(p, ctx.who) }))) : [],
  };
  return { ...base, sentence: headline(base, ctx, lag), alt: describeChart(base, ctx.who) };
}

/** An indicator with each of its measures. */
export function buildIndicator(ctx: ReportContext, ind: Indicator): IndicatorView {
  const measures = ind.measures.map((m) => buildMeasure(ctx, ind, m));
  const name = numbered(ctx.labels.indicator, ind.id);
  return { id: ind.id, name, heading: `${name}: ${ind.title}`, title: ind.title, provisional: ind.status === 'provisional', measuresProvisional: measures.some((m) => m.provisional), measures };
}

export { formatFigure };

/**
 * Years without a figure, each reason said once: a run of consecutive years with the same reason
 * reads "2014-15 to 2021-22" (two years: "2020-21 and 2021-22").
 */
export function groupGaps(gaps: { year: number; why: string }[]): { years: string; why: string }[] {
  const out: { first: number; last: number; why: string }[] = [];
  for (const g of gaps) {
    const run = out[out.length - 1];
    if (run && run.why === g.why && g.year === run.last + 1) run.last = g.year;
    else out.push({ first: g.year, last: g.year, why: g.why });
  }
  return out.map((r) => ({
    years: r.first === r.last ? formatFinancialYear(r.first) : `${formatFinancialYear(r.first)} ${r.last === r.first + 1 ? 'and' : 'to'} ${formatFinancialYear(r.last)}`,
    why: r.why,
  }));
}
