import { MARKER_LABELS } from '../../core/markers.js';
import { formatFinancialYear } from '../../core/years.js';
import { sourceKey, type Unit } from '../../data/cells.js';
import { figureOfCell } from '../../data/aggregate.js';
import type { CaseStudyView, EvidenceView, LocalIndicatorSection } from '../types.js';
import type { ReportContext } from './context.js';
import { formatNumber, NOT_AVAILABLE } from './format.js';
import { caseStudyView, evidenceView } from './outcomes.js';

/** Every local indicator the plan declares, with its kind, reporting measure, source and any figures. */
export function buildLocalIndicators(ctx: ReportContext): LocalIndicatorSection[] {
  const cells = [...ctx.cells.values()];
  return (ctx.plan.local_indicators ?? []).map((li) => {
    const mine = cells.filter((c) => c.indicator === li.id && c.year <= ctx.year).sort((a, b) => a.year - b.year || a.area.localeCompare(b.area));
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
    };
  });
}

/** Local evidence and the case studies that belong to no single outcome. */
export function buildStories(ctx: ReportContext): { caseStudies: CaseStudyView[]; localEvidence: EvidenceView[] } {
  return {
    caseStudies: (ctx.report?.case_studies ?? []).filter((c) => !c.outcomes?.length).map((c) => caseStudyView(ctx, c)),
    localEvidence: (ctx.report?.local_evidence ?? []).map((e) => evidenceView(ctx, e)),
  };
}
