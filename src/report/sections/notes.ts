import { MARKER_LABELS, MARKER_MEANINGS } from '../../core/markers.js';
import type { MarkerMeaning } from '../../core/plan-schema.js';
import type { Figure } from '../../data/aggregate.js';
import type { IndicatorView, NotesView } from '../types.js';
import { listWords, type ReportContext } from './context.js';

/** Notes on the figures, worded for readers: method, provisional wording, markers met, figures that cannot be given. */
export function buildNotes(ctx: ReportContext, indicators: IndicatorView[]): NotesView {
  const measures = indicators.flatMap((i) => i.measures);
  const markers = new Map<MarkerMeaning, number>();
  for (const m of measures)
    for (const p of m.series)
      for (const f of [...p.areas.map((a) => a.figure), p.scotland].filter(Boolean) as Figure[]) if (f.marker) markers.set(f.marker, (markers.get(f.marker) ?? 0) + 1);
  const provisional = indicators.filter((i) => i.provisional).map((i) => i.id);
  const lagged = ctx.framework.indicators.filter((i) => (i.publication_lag ?? 0) > 0);
  // Without figures there is nothing to add up, compare or chart: the notes say only what is true of the report.
  const method = !measures.some((m) => m.hasData)
    ? ['This report shows no figures for the national indicators, so nothing is added up, compared with Scotland or charted.']
    : [
    ctx.areaList.length > 1
      ? `Figures for ${ctx.who} add the counts of ${listWords(ctx.areaList.map((a) => a.name))}. Percentages for ${ctx.who} are recomputed from the summed numbers, never averaged; where only percentages are published for the areas, no partnership percentage is given.`
      : `Figures are those of ${ctx.areaList[0]?.name ?? 'the area'}.`,
    'Scotland is shown for comparison. Charts of counts do not draw Scotland, whose counts are on a different scale; its figures are in the tables.',
    ...lagged.map((i) => `${i.id} ${i.title}: the latest figure that can be published by the time this report is due is for ${i.publication_lag} year${i.publication_lag === 1 ? '' : 's'} before the reporting year.`),
  ];
  return {
    method,
    provisional: provisional.length
      ? [`The wording of national indicator${provisional.length === 1 ? '' : 's'} ${listWords(provisional)} is provisional pending the published framework.`]
      : [],
    markers: [...markers].map(([m, count]) => ({ label: `${MARKER_LABELS[m]}: ${MARKER_MEANINGS[m]}`, count })),
    missing: measures.filter((m) => m.noFigure).map((m) => `${m.indicator} ${m.title}: no figure for ${ctx.who} in ${m.latestYear}, because ${m.noFigure}.`),
    illustrative: ctx.illustrative.any,
  };
}
