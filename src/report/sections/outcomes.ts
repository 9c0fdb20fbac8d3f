import type { CitationRef, EvidenceItem, Text } from '../../core/plan-schema.js';
import type { CaseStudyView, EvidenceView, IndicatorView, LocalIndicatorSection, OutcomeSection, ProgressView } from '../types.js';
import { numbered } from '../../core/words.js';
import { formatFinancialYear, parseFinancialYear } from '../../core/years.js';
import { listWords, type ReportContext } from './context.js';
import { buildIndicator } from './measures.js';

export const SELF_ASSESSMENT: Record<string, string> = {
  'good-progress': 'Good progress',
  'some-progress': 'Some progress',
  'limited-progress': 'Limited progress',
  'no-progress': 'No progress',
  'not-assessed': 'Not assessed',
};

/** A piece of local evidence as the report prints it. */
export function evidenceView(ctx: ReportContext, e: EvidenceItem): EvidenceView {
  const code = e.area ? ctx.areas.resolve(e.area) : undefined;
  const when = [e.year, code ? ctx.areas.name(code) : e.area].filter(Boolean).join(', ');
  // The figure column holds figures: words ("year-on-year increase") and dates go with the text.
  const value = e.value === undefined ? undefined : String(e.value);
  const figure = value !== undefined && isFigure(value) ? value : undefined;
  const words = value !== undefined && figure === undefined ? `${value[0].toUpperCase()}${value.slice(1)}.` : undefined;
  const text = [words, ctx.text(e.text)].filter(Boolean).join(' ') || undefined;
  return { title: e.title, value: figure, when: when || undefined, text, source: ctx.cite(e.source)! };
}

/** A figure as a figure column holds it: a number, perhaps with a unit (12, 1,234, 71%, £2.5m, 3 posts). */
export const isFigure = (s: string) => /^[\u00a3$\u20ac]?\d[\d,]*(\.\d+)?\s*(%|[A-Za-z]+)?$/.test(s.trim()) && !/^\d{1,2}\s+[A-Z]/.test(s.trim());

/** A case study as the report prints it. */
export const caseStudyView = (ctx: ReportContext, c: { title: string; text: Text; source?: CitationRef }): CaseStudyView => ({ title: c.title, text: ctx.text(c.text) ?? '', source: ctx.cite(c.source) });

/** One section per nationally determined outcome: figures, a summary of the linked actions, assessment and evidence. */
export function buildOutcomes(ctx: ReportContext, progress: ProgressView, localIndicators: LocalIndicatorSection[]): { outcomes: OutcomeSection[]; suite: IndicatorView[]; omitted: string[] } {
  const rep = ctx.report;
  const statusById = new Map(ctx.reportable.map((w) => [w.key, ctx.statusLabel(w.item.progress?.[ctx.label]?.status ?? '')]));
  const indicator = (i: Parameters<typeof buildIndicator>[1]) => {
    const view = buildIndicator(ctx, i);
    const local = ctx.plan.national_indicators?.[i.id];
    return local ? { ...view, localMeasure: { text: local.reporting_measure, source: local.source } } : view;
  };

  // A case study linked to several outcomes is told once, under the first; the others refer to it.
  const told = new Map<object, string>();
  const caseStudy = (c: Parameters<typeof caseStudyView>[1], outcome: string): CaseStudyView => {
    const first = told.get(c);
    if (first) return { title: c.title, text: '', toldUnder: first };
    told.set(c, outcome);
    return caseStudyView(ctx, c);
  };
  const outcomes = ctx.framework.outcomes.map((o): OutcomeSection => {
    const orep = rep?.outcomes?.[o.id];
    const linked = ctx.reportable.filter((w) => ctx.outcomesOf(w).has(o.id));
    const counts = new Map<string, number>();
    for (const w of linked) counts.set(statusById.get(w.key)!, (counts.get(statusById.get(w.key)!) ?? 0) + 1);
    const name = numbered('outcome', o.id);
    return {
      id: o.id,
      name,
      heading: `${name}: ${o.title}`,
      title: o.title,
      kind: o.kind,
      selfAssessment: orep?.self_assessment ? SELF_ASSESSMENT[orep.self_assessment] : undefined,
      narrative: ctx.text(orep?.narrative),
      indicators: ctx.framework.indicators.filter((i) => i.outcome === o.id).map(indicator),
      // A local indicator whose figures are all given as evidence under the outcome is not shown twice.
      localIndicators: localIndicators.filter((l) => l.outcomes.includes(o.id) && !(l.figures.length && l.figures.every((f) => (orep?.evidence ?? []).some((e) => e.indicator === l.id && (!e.year || formatFinancialYear(parseFinancialYear(e.year)!) === f.year) && Number(e.value) === f.value)))),
      actions: {
        total: linked.length,
        counts: progress.counts.filter((c) => counts.has(c.label)).map((c) => ({ label: c.label, count: counts.get(c.label)! })),
        items: linked.map((w) => ({ id: w.item.id ?? '', title: w.item.title, anchor: ctx.anchorOf(w.key), status: statusById.get(w.key)! })),
      },
      evidence: (orep?.evidence ?? []).map((e) => evidenceView(ctx, e)),
      caseStudies: [...(orep?.case_studies ?? []), ...(rep?.case_studies ?? []).filter((c) => c.outcomes?.includes(o.id))].map((c) => caseStudy(c, name)),
    };
  });

  const ids = (pred: (o: OutcomeSection) => boolean) => outcomes.filter(pred).map((o) => o.name.replace(/^Outcome /, ''));
  const noun = (xs: string[]) => `${xs.length === 1 ? 'outcome' : 'outcomes'} ${listWords(xs)}`;
  const omitted: string[] = [];
  const noSelf = ids((o) => !o.selfAssessment);
  const noNarrative = ids((o) => !o.narrative);
  const noActions = ids((o) => o.actions.total === 0);
  if (noSelf.length) omitted.push(`No self-assessment was given for ${noun(noSelf)}.`);
  if (noNarrative.length) omitted.push(`No narrative was given for ${noun(noNarrative)}.`);
  if (noActions.length) omitted.push(`No local action is linked to ${noun(noActions)}.`);

  return { outcomes, suite: ctx.framework.indicators.filter((i) => !i.outcome).map(indicator), omitted };
}
