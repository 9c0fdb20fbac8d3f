import { MARKER_LABELS, MARKER_MEANINGS } from '../../core/markers.js';
import type { MarkerMeaning } from '../../core/plan-schema.js';
import type { Figure } from '../../data/aggregate.js';
import { sourceKey, type SourceRef } from '../../data/cells.js';
import { localCellsShown } from './stories.js';
import type { IndicatorView, NotesView } from '../types.js';
import { capital as capitalFirst, plural } from '../../core/words.js';
import { formatFinancialYear } from '../../core/years.js';
import { listWords, type ReportContext } from './context.js';

/** Notes on the figures, worded for readers: method, provisional wording, markers met, figures that cannot be given. */
export function buildNotes(ctx: ReportContext, indicators: IndicatorView[]): NotesView {
  const measures = indicators.flatMap((i) => i.measures);
  const markers = new Map<MarkerMeaning, number>();
  for (const m of measures)
    for (const p of m.series)
      for (const f of [...p.areas.map((a) => a.figure), p.scotland].filter(Boolean) as Figure[]) if (f.marker) markers.set(f.marker, (markers.get(f.marker) ?? 0) + 1);
  const summarised = indicators.filter((i) => i.provisional || i.measuresProvisional);
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const lagged = ctx.framework.indicators.filter((i) => (i.publication_lag ?? 0) > 0);
  // Without figures there is nothing to add up, compare or chart: the notes say only what is true of the report.
  const method = !measures.some((m) => m.hasData)
    ? ['This report shows no figures for the national indicators, so nothing is added up, compared with Scotland or charted.']
    : [
    ctx.areaList.length > 1
      ? `Figures for ${ctx.who} add the counts of ${listWords(ctx.areaList.map((a) => a.name))}. Percentages for ${ctx.who} are recomputed from the summed numbers, never averaged; where only percentages are published for the areas, no partnership percentage is given.`
      : `Figures are those of ${ctx.areaList[0]?.name ?? 'the area'}.`,
    ctx.areaList.length > 1
      ? `Scotland is shown for comparison. Charts of counts draw each council area on its own scale; the totals for ${ctx.who} and Scotland are in the tables. Charts of percentages draw ${ctx.who}, each area and Scotland, on an axis fitted to the figures.`
      : 'Scotland is shown for comparison. Charts of counts do not draw Scotland, whose counts are on a different scale; its figures are in the tables.',
    ...lagged.map((i) => `${byId.get(i.id)?.name ?? i.id}, ${i.title.replace(/^./, (c) => c.toLowerCase())}, is shown to ${formatFinancialYear(ctx.year - (i.publication_lag ?? 0))}, the latest year whose figures are published by the time this report is due.${i.publication_lag_note ? ` ${i.publication_lag_note}` : ''}`),
  ];
  return {
    method,
    provisional: summarised.length ? [summarisedNote(ctx.framework.title, ctx.labels.indicator, summarised.map((i) => i.name))] : [],
    markers: [...markers].map(([m, count]) => ({ label: `${MARKER_LABELS[m]}: ${MARKER_MEANINGS[m]}`, count })),
    missing: missingByReason(measures.filter((m) => m.noFigure), ctx.who, (id) => byId.get(id)?.name ?? id),
    publisher: publisherNotes(ctx, [
      ...measures.flatMap((m) => m.series.flatMap((p) => [p.partnership, ...p.areas.map((a) => a.figure), ...(p.scotland ? [p.scotland] : [])])).flatMap((f) => f.sources),
      ...localRefs(ctx),
    ]),
    illustrative: ctx.illustrative.any,
  };
}

/**
 * What is true of indicators whose wording cjoip holds only in summary: the names are summarised,
 * and the framework gives the exact text. Said once, in the notes; never "provisional".
 */
export function summarisedNote(framework: string, label: string, names: string[]): string {
  const which = names.length === 1 ? names[0] : `${capitalFirst(plural(label))} ${listWords(names.map((n) => n.replace(/^\D+/, '')))}`;
  return `${which} ${names.length === 1 ? 'is' : 'are'} named here in a summary of ${names.length === 1 ? 'its' : 'their'} wording; the ${framework.replace(/ and (the )?National Strategy.*$/, '')} gives the exact wording.`;
}

/** Figures that cannot be given, each reason said once with the measures it stops. */
function missingByReason(measures: IndicatorView['measures'], who: string, nameOf: (id: string) => string): string[] {
  const byReason = new Map<string, typeof measures>();
  for (const m of measures) byReason.set(m.noFigure!, [...(byReason.get(m.noFigure!) ?? []), m]);
  return [...byReason].map(([why, ms]) => `No figure for ${who}, because ${why}: ${ms.map((m) => `${nameOf(m.indicator)}, ${m.title.replace(/^./, (c) => c.toLowerCase())}, in ${m.latestYear}`).join('; ')}.`);
}

/**
 * The notes a publisher's table attaches to figures shown here ("[note 2]" on a heading, a footnote
 * digit on a label), with their texts from below the table or its Notes sheet: each said once, under
 * the number of its source. Marker letters ([x], [c]) are explained with the symbols instead.
 */
function publisherNotes(ctx: ReportContext, refs: SourceRef[]): string[] {
  if (!ctx.tableNotes?.size) return [];
  const seen = new Map<string, { n: number; key: string; text: string }>();
  for (const r of refs) {
    const texts = r.source ? ctx.tableNotes.get(r.source) : undefined;
    if (!texts || !r.notes) continue;
    const n = ctx.sourceNumbers([sourceKey(r)])[0];
    for (const key of r.notes) {
      const text = texts.get(key);
      if (n === undefined || !text || !/^\d+$/.test(key)) continue;
      seen.set(`${n}|${key}`, { n, key, text });
    }
  }
  return [...seen.values()].sort((a, b) => a.n - b.n || Number(a.key) - Number(b.key)).map((x) => `Source ${x.n}, note ${x.key}: ${x.text.replace(/([^.!?])$/, '$1.')}`);
}

/** Where the local indicators' figures shown in this report came from. */
function localRefs(ctx: ReportContext): SourceRef[] {
  const cells = [...ctx.cells.values()];
  return (ctx.plan.local_indicators ?? []).flatMap((l) => localCellsShown(ctx, l.id, cells).flatMap((c) => c.refs));
}
