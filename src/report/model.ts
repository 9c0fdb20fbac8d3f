import type { ModelInput, ReportModel } from './types.js';
import { buildContext } from './sections/context.js';
import { buildGaps } from './sections/gaps.js';
import { buildGlance } from './sections/glance.js';
import { buildNotes } from './sections/notes.js';
import { buildOutcomes } from './sections/outcomes.js';
import { buildPartnership } from './sections/partnership.js';
import { buildPublication } from './sections/publication.js';
import { buildProgress } from './sections/progress.js';
import { buildLocalIndicators, buildStories } from './sections/stories.js';

/** The title of a partnership's annual report when its plan gives the report none of its own. */
export const defaultReportTitle = (partnership: string, year: string) => `${partnership}: Community Justice Annual Report ${year}`;

/** Build the report model: one small pure function per section, assembled here. */
export function buildReportModel(input: ModelInput): ReportModel {
  const ctx = buildContext(input);
  const partnership = buildPartnership(ctx);
  const progress = buildProgress(ctx);
  const locals = buildLocalIndicators(ctx);
  const { outcomes, suite, omitted } = buildOutcomes(ctx, progress, locals);
  const notes = buildNotes(ctx, [...outcomes.flatMap((o) => o.indicators), ...suite]);
  const stories = buildStories(ctx);
  const rep = ctx.report;
  const gaps = buildGaps(ctx);
  return {
    title: rep?.title ?? defaultReportTitle(input.plan.partnership.name, ctx.label),
    lang: 'en-GB',
    draft: input.draft,
    year: { start: input.year, label: ctx.label, period: ctx.period, previous: ctx.prevLabel, planStart: ctx.planStartLabel },
    partnership,
    plan: {
      title: input.plan.plan.title,
      strapline: input.plan.plan.strapline,
      period: `${input.plan.plan.period.start} to ${input.plan.plan.period.end}`,
      levels: input.plan.plan.levels,
      vision: ctx.text(input.plan.plan.vision),
      introduction: ctx.text(input.plan.plan.introduction),
      overarching: input.plan.plan.overarching && { label: input.plan.plan.overarching.label, items: input.plan.plan.overarching.items.map((i) => ({ id: i.id, title: i.title, description: ctx.text(i.description) })) },
      framework: { id: input.framework.id, title: input.framework.title, labels: ctx.labels },
    },
    illustrative: ctx.illustrative,
    gaps,
    publication: buildPublication(ctx),
    foreword: ctx.text(rep?.foreword),
    signOff: rep?.sign_off ? { name: rep.sign_off.name, role: rep.sign_off.role, date: rep.sign_off.date && ctx.longDate(rep.sign_off.date), statement: ctx.text(rep.sign_off.statement) } : undefined,
    approval: rep?.approved ? { body: rep.approved.body, date: ctx.longDate(rep.approved.date) } : undefined,
    governance: ctx.text(rep?.governance) ?? ctx.text(input.plan.plan.governance),
    recommendations: (rep?.recommendations ?? []).map((r) => ({ recommendation: r.recommendation, status: r.status && ctx.statusLabel(r.status), progress: ctx.text(r.progress) })),
    glance: buildGlance(outcomes),
    outcomes,
    suite,
    progress,
    localIndicators: locals.filter((l) => !l.outcomes.some((o) => outcomes.some((x) => x.id === o))),
    achievements: ctx.text(rep?.achievements),
    challenges: ctx.text(rep?.challenges),
    nextSteps: ctx.text(rep?.next_steps),
    themes: [...new Set([...(rep?.themes ?? []), ...ctx.items.flatMap((w) => w.item.themes ?? [])])],
    caseStudies: stories.caseStudies,
    localEvidence: stories.localEvidence,
    participation: ctx.text(input.plan.participation),
    reportParticipation: ctx.text(rep?.participation),
    equalityImpact: ctx.text(input.plan.equality_impact),
    glossary: input.plan.glossary ?? [],
    sources: ctx.sources,
    notes,
    omitted,
    dataDeclared: (input.plan.data ?? []).length > 0,
    noDataSentence: NO_DATA_SENTENCE,
  };
}

/** Said once, instead of "no figures" under every measure, when a plan declares no data at all. */
export const NO_DATA_SENTENCE = 'The partnership has not supplied indicator figures with this report, so the national indicators below are listed without figures.';
