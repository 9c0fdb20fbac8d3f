import type { AreaIndex } from '../core/areas.js';
import type { Finding } from '../core/findings.js';
import { frameworkLabels, type Framework } from '../core/framework-schema.js';
import { MARKER_LABELS } from '../core/markers.js';
import { PROGRESS_STATUSES, type DataSourceSpec, type EvidenceItem, type Plan, type PlanItem, type ProgressStatus, type Text } from '../core/plan-schema.js';
import { describeFinancialYear, dueDateOf, formatFinancialYear, parseFinancialYear } from '../core/years.js';
import { walkItems } from '../check/plan-rules.js';
import { buildSeries, type Figure, type SeriesPoint } from '../data/aggregate.js';
import type { Cell, SourceRef, Unit } from '../data/collect.js';
import { PLACEHOLDER } from '../check/plan-rules.js';

/** Everything a report shows, computed from plan, data and year. Pure and serialisable (`--format json`). */
export interface ReportModel {
  title: string;
  lang: 'en-GB';
  year: { start: number; label: string; period: string; previous: string };
  partnership: {
    name: string;
    shortName?: string;
    areas: { code: string; name: string }[];
    chair?: { name: string; role?: string };
    contacts: { name: string; role?: string; email?: string; phone?: string; address?: string }[];
    partners: { id: string; name: string; statutory?: string }[];
    groups: { id: string; name: string; kind?: string; description?: string; reportsTo?: string }[];
    website?: string;
  };
  plan: {
    title: string;
    period: string;
    levels: string[];
    vision?: string;
    introduction?: string;
    overarching?: { label: string; items: { id: string; title: string; description?: string }[] };
    framework: { id: string; title: string; source: string; labels: { aim: string; priority_action: string; outcome: string; indicator: string } };
  };
  illustrative: { any: boolean; sources: string[]; progress: boolean };
  foreword?: string;
  governance?: string;
  signOff?: { name: string; role?: string; date?: string; statement?: string };
  recommendations: { recommendation: string; status?: string; progress?: string }[];
  summary: SummaryRow[];
  outcomes: OutcomeSection[];
  localIndicators: LocalIndicatorSection[];
  structure: StructureNode[];
  statusCounts: { status: string; label: string; count: number }[];
  overdue: { id: string; title: string; due: string; status: string }[];
  achievements?: string;
  challenges?: string;
  nextSteps?: string;
  caseStudies: { title: string; text: string; source?: string }[];
  localEvidence: EvidenceView[];
  participation?: string;
  equalityImpact?: string;
  glossary: { term: string; meaning: string }[];
  dataNotes: DataNotes;
  gaps: string[];
}

export interface SummaryRow {
  outcome: string;
  title: string;
  movement: string;
  actions: number;
  complete: number;
  inProgress: number;
  notStarted: number;
  other: number;
}

export interface MeasureView {
  indicator: string;
  measure: string;
  key: string;
  title: string;
  unit: Unit;
  direction: 'up' | 'down' | 'none';
  provisional: boolean;
  series: SeriesPoint[];
  latest?: Figure;
  previous?: Figure;
  change?: number;
  travel: 'improving' | 'worsening' | 'no change' | 'not judged' | 'unknown';
  sentence: string;
  chartFile: string;
  scotlandDrawn: boolean;
  /** Files the figures came from, and whether any of them is illustrative. */
  sourceFiles: string[];
  illustrative: boolean;
  /** Whether the data hold any figure or marker for this measure at all. */
  hasData: boolean;
}

export interface IndicatorView {
  id: string;
  title: string;
  status: string;
  measures: MeasureView[];
}

export interface ActionView {
  id: string;
  title: string;
  trail: string;
  level: string;
  status: string;
  statusLabel: string;
  rag?: string;
  narrative?: string;
  lead: string[];
  due?: string;
  illustrative: boolean;
}

export interface EvidenceView {
  title: string;
  value?: string;
  year?: string;
  area?: string;
  text?: string;
  source: string;
}

export interface OutcomeSection {
  id: string;
  title: string;
  kind?: string;
  status: string;
  selfAssessment?: string;
  narrative?: string;
  indicators: IndicatorView[];
  actions: ActionView[];
  evidence: EvidenceView[];
  caseStudies: { title: string; text: string; source?: string }[];
}

export interface LocalIndicatorSection {
  id: string;
  title: string;
  unit: string;
  source?: string;
  figures: { area: string; year: string; value: string; sources: SourceRef[] }[];
}

export interface StructureNode {
  id: string;
  title: string;
  level: string;
  depth: number;
  description?: string;
  links: string[];
  lead: string[];
  responsibility?: string;
  due?: string;
  impact: string[];
  measures: string[];
  status?: string;
  statusLabel?: string;
  rag?: string;
  narrative?: string;
  illustrative: boolean;
  children: StructureNode[];
}

export interface DataNotes {
  sources: { id: string; title: string; publisher: string; status: string; url?: string; extracted?: string; licence?: string; note?: string; files: string[] }[];
  markers: { meaning: string; label: string; count: number }[];
  provisional: string[];
  missing: string[];
  warnings: string[];
}

export interface ModelInput {
  plan: Plan;
  framework: Framework;
  cells: Map<string, Cell>;
  year: number;
  areas: AreaIndex;
  /** Resolve a Text value (inline Markdown or a file) to Markdown. */
  text: (t: Text | undefined) => string | undefined;
  warnings: Finding[];
  dataFiles: Map<string, string[]>;
}

const SELF_ASSESSMENT: Record<string, string> = {
  'good-progress': 'Good progress',
  'some-progress': 'Some progress',
  'limited-progress': 'Limited progress',
  'no-progress': 'No progress',
  'not-assessed': 'Not assessed',
};

const fmtNumber = (v: number, unit: Unit) => (unit === 'percent' ? `${v.toFixed(1)}%` : unit === 'rate' ? v.toFixed(1) : v.toLocaleString('en-GB'));

/** A figure as the report prints it. */
export function formatFigure(f: Figure | undefined, unit: Unit): string {
  if (!f) return '–';
  if (f.value !== undefined) return fmtNumber(f.value, unit) + (f.marker === 'low' ? ' (low)' : '');
  if (f.marker) return MARKER_LABELS[f.marker];
  return 'not available';
}

/** Direction of travel of a measure from the previous year to this one, judged against its desired direction. */
export function judgeTravel(latest: Figure | undefined, previous: Figure | undefined, direction: 'up' | 'down' | 'none'): { change?: number; travel: MeasureView['travel'] } {
  if (latest?.value === undefined || previous?.value === undefined) return { travel: 'unknown' };
  const change = Math.round((latest.value - previous.value) * 10) / 10;
  if (direction === 'none') return { change, travel: 'not judged' };
  if (change === 0) return { change, travel: 'no change' };
  return { change, travel: (change > 0) === (direction === 'up') ? 'improving' : 'worsening' };
}

function describeTrend(m: Omit<MeasureView, 'sentence'>, year: string, prevYear: string, who: string): string {
  const pts = m.series.filter((p) => p.partnership.value !== undefined);
  const u = m.unit;
  if (!pts.length) {
    const why = m.latest?.unknown ?? 'no figures are available';
    return `${m.title}: no ${who} figure can be given (${why}).`;
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  const span = first === last ? `was ${fmtNumber(last.partnership.value!, u)} in ${formatFinancialYear(last.year)}` : `${last.partnership.value! > first.partnership.value! ? 'rose' : last.partnership.value! < first.partnership.value! ? 'fell' : 'was unchanged'} from ${fmtNumber(first.partnership.value!, u)} in ${formatFinancialYear(first.year)} to ${fmtNumber(last.partnership.value!, u)} in ${formatFinancialYear(last.year)}`;
  const change = m.change === undefined ? '' : `; ${m.change === 0 ? `no change on ${prevYear}` : `${m.change > 0 ? 'up' : 'down'} ${u === 'percent' ? `${Math.abs(m.change).toFixed(1)} percentage points` : fmtNumber(Math.abs(m.change), u)} on ${prevYear}`}${m.travel === 'improving' || m.travel === 'worsening' ? ` (${m.travel})` : ''}`;
  const notLatest = last.year !== parseFinancialYear(year) ? ` There is no ${who} figure for ${year}.` : '';
  return `${m.title} for ${who} ${span}${change}.${notLatest}`;
}

function evidenceView(e: EvidenceItem, text: ModelInput['text'], areas: AreaIndex): EvidenceView {
  const code = e.area ? areas.resolve(e.area) : undefined;
  return { title: e.title, value: e.value === undefined ? undefined : String(e.value), year: e.year, area: code ? areas.name(code) : e.area, text: text(e.text), source: e.source };
}

/** Build the report model. */
export function buildReportModel(input: ModelInput): ReportModel {
  const { plan, framework, cells, year, areas, text } = input;
  const label = formatFinancialYear(year);
  const prevLabel = formatFinancialYear(year - 1);
  const yearKey = label;
  const rep = plan.reports?.[yearKey];
  const areaList = plan.partnership.areas.map((a) => areas.resolve(a)!).map((code) => ({ code, name: areas.name(code) }));
  const who = plan.partnership.short_name ?? plan.partnership.name;
  const partnersById = new Map(plan.partnership.partners.map((p) => [p.id, p.name]));
  const gaps: string[] = [];
  const missingFigures: string[] = [];

  // Years shown: from the earliest year with data (at most 8 back) to the reporting year.
  const dataYears = [...cells.values()].map((c) => c.year).filter((y) => y <= year);
  const firstYear = Math.max(Math.min(year, ...dataYears), year - 7);
  const years = Array.from({ length: year - firstYear + 1 }, (_, i) => firstYear + i);

  const illustrativeFiles = new Set((plan.data ?? []).filter((s) => s.provenance.status === 'illustrative').flatMap((s) => input.dataFiles.get(s.id) ?? []));
  const itemsWalk = walkItems(plan.structure);
  const paOutcomes = new Map(framework.priority_actions.map((p) => [p.id, p.outcomes]));
  const outcomesOf = (item: PlanItem, parents: PlanItem[]) => {
    const s = new Set<string>();
    for (const it of [...parents, item]) {
      it.outcomes?.forEach((o) => s.add(o));
      it.priority_actions?.forEach((p) => paOutcomes.get(p)?.forEach((o) => s.add(o)));
    }
    return s;
  };
  const progressOf = (item: PlanItem) => item.progress?.[yearKey];
  const actionView = (item: PlanItem, parents: PlanItem[], depth: number): ActionView => {
    const p = progressOf(item);
    const status = p?.status ?? 'not-reported';
    return {
      id: item.id,
      title: item.title,
      trail: parents.map((x) => x.id).join(' › '),
      level: plan.plan.levels[depth - 1] ?? 'item',
      status,
      statusLabel: p ? PROGRESS_STATUSES[p.status] : 'No progress reported',
      rag: p?.rag,
      narrative: text(p?.narrative),
      lead: (item.lead ?? []).map((l) => partnersById.get(l) ?? l),
      due: item.due,
      illustrative: Boolean(p?.illustrative),
    };
  };

  // Leaves carry the work; an item with children is reported through them unless it has progress itself.
  const reportable = itemsWalk.filter((w) => !w.item.items?.length || w.item.progress);

  const measureViews = (indicatorId: string): IndicatorView | undefined => {
    const ind = framework.indicators.find((i) => i.id === indicatorId);
    if (!ind) return undefined;
    return {
      id: ind.id,
      title: ind.title,
      status: ind.status,
      measures: ind.measures.map((m) => {
        const series = buildSeries(cells, ind.id, m.id, m.unit, areaList, areas.scotlandCode, years);
        const latest = series[series.length - 1]?.partnership;
        const previous = series[series.length - 2]?.partnership;
        const { change, travel } = judgeTravel(latest, previous, m.direction);
        if (latest?.value === undefined) missingFigures.push(`${ind.id}.${m.id} ${m.title}, ${label}: ${latest?.unknown ?? 'no figure'}`);
        const base = {
          indicator: ind.id,
          measure: m.id,
          key: `${ind.id}-${m.id}`,
          title: m.title,
          unit: m.unit,
          direction: m.direction,
          provisional: ind.status === 'provisional' || m.status === 'provisional',
          series,
          latest,
          previous,
          change,
          travel,
          chartFile: `charts/${ind.id}-${m.id}.svg`,
          scotlandDrawn: m.unit !== 'count' && series.some((p) => p.scotland?.value !== undefined),
        };
        const files = [...new Set(series.flatMap((p) => [p.partnership, ...p.areas.map((a) => a.figure), ...(p.scotland ? [p.scotland] : [])]).flatMap((f) => f.sources.map((r) => r.file)))].sort();
        const view = { ...base, sourceFiles: files, illustrative: files.some((f) => illustrativeFiles.has(f)), hasData: files.length > 0 };
        return { ...view, sentence: describeTrend(view, label, prevLabel, who) };
      }),
    };
  };

  const outcomes: OutcomeSection[] = framework.outcomes.map((o) => {
    const orep = rep?.outcomes?.[o.id];
    const inds = framework.indicators.filter((i) => i.outcome === o.id).map((i) => measureViews(i.id)!);
    const actions = reportable.filter((w) => outcomesOf(w.item, w.parents).has(o.id)).map((w) => actionView(w.item, w.parents, w.depth));
    const caseStudies = [...(orep?.case_studies ?? []), ...(rep?.case_studies ?? []).filter((c) => c.outcomes?.includes(o.id))].map((c) => ({ title: c.title, text: text(c.text) ?? '', source: c.source }));
    if (!orep?.narrative) gaps.push(`${o.id}: no narrative for ${label}`);
    return {
      id: o.id,
      title: o.title,
      kind: o.kind,
      status: o.status,
      selfAssessment: orep?.self_assessment ? SELF_ASSESSMENT[orep.self_assessment] : undefined,
      narrative: text(orep?.narrative),
      indicators: inds,
      actions,
      evidence: (orep?.evidence ?? []).map((e) => evidenceView(e, text, areas)),
      caseStudies,
    };
  });
  // The higher-level indicator(s) with no outcome of their own go with the whole suite.
  const suite = framework.indicators.filter((i) => !i.outcome).map((i) => measureViews(i.id)!);

  const movementOf = (sec: OutcomeSection) => {
    const ms = sec.indicators.flatMap((i) => i.measures);
    if (!ms.length) return 'no national indicator';
    const c = (t: string) => ms.filter((m) => m.travel === t).length;
    const parts = [['improving', c('improving')], ['worsening', c('worsening')], ['no change', c('no change')], ['not judged', c('not judged')], ['unknown', c('unknown')]] as const;
    return parts.filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ');
  };
  const summary: SummaryRow[] = outcomes.map((sec) => ({
    outcome: sec.id,
    title: sec.title,
    movement: movementOf(sec),
    actions: sec.actions.length,
    complete: sec.actions.filter((a) => a.status === 'complete').length,
    inProgress: sec.actions.filter((a) => a.status === 'in-progress' || a.status === 'in-progress-revised').length,
    notStarted: sec.actions.filter((a) => a.status === 'not-started').length,
    other: sec.actions.filter((a) => a.status === 'outstanding' || a.status === 'not-reported').length,
  }));

  const yearEnd = `${year + 1}-03-31`;
  const overdue = reportable
    .filter((w) => {
      const p = progressOf(w.item);
      const due = p?.revised_due ? dueDateOf(p.revised_due) : w.item.due ? dueDateOf(w.item.due) : undefined;
      return due !== undefined && due <= yearEnd && p?.status !== 'complete';
    })
    .map((w) => ({ id: w.item.id, title: w.item.title, due: progressOf(w.item)?.revised_due ?? w.item.due!, status: progressOf(w.item) ? PROGRESS_STATUSES[progressOf(w.item)!.status] : 'No progress reported' }));

  const toNode = (item: PlanItem, depth: number): StructureNode => {
    const p = progressOf(item);
    return {
      id: item.id,
      title: item.title,
      level: plan.plan.levels[depth - 1] ?? 'item',
      depth,
      description: text(item.description),
      links: [...(item.outcomes ?? []), ...(item.priority_actions ?? []), ...(item.indicators ?? [])],
      lead: (item.lead ?? []).map((l) => partnersById.get(l) ?? l),
      responsibility: item.responsibility,
      due: item.due,
      impact: item.impact ?? [],
      measures: item.measures ?? [],
      status: p?.status,
      statusLabel: p ? PROGRESS_STATUSES[p.status] : undefined,
      rag: p?.rag,
      narrative: text(p?.narrative),
      illustrative: Boolean(p?.illustrative),
      children: (item.items ?? []).map((c) => toNode(c, depth + 1)),
    };
  };

  const counts = new Map<string, number>();
  for (const w of reportable) {
    const s = progressOf(w.item)?.status ?? 'not-reported';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const statusCounts = [...(Object.keys(PROGRESS_STATUSES) as ProgressStatus[]), 'not-reported' as const]
    .filter((s) => counts.has(s))
    .map((s) => ({ status: s, label: s === 'not-reported' ? 'No progress reported' : PROGRESS_STATUSES[s], count: counts.get(s)! }));
  if (counts.get('not-reported')) gaps.push(`${counts.get('not-reported')} ${plan.plan.levels[plan.plan.levels.length - 1]}s have no progress reported for ${label}`);

  const localIndicators: LocalIndicatorSection[] = (plan.local_indicators ?? []).map((li) => ({
    id: li.id,
    title: li.title,
    unit: li.unit,
    source: li.source,
    figures: [...cells.values()]
      .filter((c) => c.indicator === li.id && c.year <= year)
      .sort((a, b) => a.year - b.year || a.area.localeCompare(b.area))
      .map((c) => ({ area: areas.name(c.area), year: formatFinancialYear(c.year), value: c.value === undefined ? (c.marker ? MARKER_LABELS[c.marker] : '–') : fmtNumber(c.value, li.unit as Unit), sources: c.refs })),
  }));

  // Data notes: provenance, markers met in the figures shown, provisional wording, gaps, warnings.
  const markerCounts = new Map<string, number>();
  const allMeasures = [...outcomes.flatMap((o) => o.indicators), ...suite].flatMap((i) => i.measures);
  for (const m of allMeasures)
    for (const p of m.series)
      for (const f of [...p.areas.map((a) => a.figure), p.scotland].filter(Boolean) as Figure[]) if (f.marker) markerCounts.set(f.marker, (markerCounts.get(f.marker) ?? 0) + 1);
  const provisional = [
    ...framework.indicators.filter((i) => i.status === 'provisional').map((i) => `${i.id} ${i.title}: the measure wording is provisional (${i.source}).`),
    ...framework.priority_actions.filter((p) => p.outcomes_status && p.outcomes_status !== 'verified').map((p) => `${p.id} → ${p.outcomes.join(', ') || 'no outcome'}: link ${p.outcomes_status}.`),
    ...framework.outcomes.filter((o) => o.status !== 'verified').map((o) => `${o.id}: outcome wording ${o.status}.`),
  ];
  const sources = (plan.data ?? []).map((s: DataSourceSpec) => ({ id: s.id, title: s.provenance.title, publisher: s.provenance.publisher, status: s.provenance.status, url: s.provenance.url, extracted: s.provenance.extracted, licence: s.provenance.licence, note: s.provenance.note, files: input.dataFiles.get(s.id) ?? [] }));
  const illustrativeSources = sources.filter((s) => s.status === 'illustrative').map((s) => s.title);
  const illustrativeProgress = Boolean(plan.plan.illustrative) || itemsWalk.some((w) => progressOf(w.item)?.illustrative);

  if (!rep) gaps.push(`No report content (reports: ${yearKey}:) in the plan`);
  const placeholders = (s: string | undefined) => (s && PLACEHOLDER.test(s) ? gaps.push(`Still to fill in: ${s.split('\n')[0].slice(0, 80)}`) : 0);
  const foreword = text(rep?.foreword);
  [foreword, text(rep?.challenges), text(rep?.next_steps), text(plan.participation)].forEach(placeholders);

  return {
    title: rep?.title ?? `${plan.partnership.name}: Community Justice Annual Report ${label}`,
    lang: 'en-GB',
    year: { start: year, label, period: describeFinancialYear(year), previous: prevLabel },
    partnership: {
      name: plan.partnership.name,
      shortName: plan.partnership.short_name,
      areas: areaList,
      chair: plan.partnership.chair,
      contacts: plan.partnership.contacts ?? [],
      partners: plan.partnership.partners.map((p) => ({ id: p.id, name: p.name, statutory: p.statutory })),
      groups: (plan.partnership.groups ?? []).map((g) => ({ id: g.id, name: g.name, kind: g.kind, description: text(g.description), reportsTo: g.reports_to ? plan.partnership.groups?.find((x) => x.id === g.reports_to)?.name : undefined })),
      website: plan.partnership.website,
    },
    plan: {
      title: plan.plan.title,
      period: `${plan.plan.period.start} to ${plan.plan.period.end}`,
      levels: plan.plan.levels,
      vision: text(plan.plan.vision),
      introduction: text(plan.plan.introduction),
      overarching: plan.plan.overarching && { label: plan.plan.overarching.label, items: plan.plan.overarching.items.map((i) => ({ id: i.id, title: i.title, description: text(i.description) })) },
      framework: { id: framework.id, title: framework.title, source: framework.source, labels: frameworkLabels(framework) },
    },
    illustrative: { any: illustrativeSources.length > 0 || illustrativeProgress, sources: illustrativeSources, progress: illustrativeProgress },
    foreword,
    governance: text(rep?.governance) ?? text(plan.plan.governance),
    signOff: rep?.sign_off ? { name: rep.sign_off.name, role: rep.sign_off.role, date: rep.sign_off.date, statement: text(rep.sign_off.statement) } : undefined,
    recommendations: (rep?.recommendations ?? []).map((r) => ({ recommendation: r.recommendation, status: r.status ? PROGRESS_STATUSES[r.status] : undefined, progress: text(r.progress) })),
    summary,
    outcomes: [
      ...outcomes,
      ...(suite.length ? [{ id: 'suite', title: `Across all outcomes: ${suite.map((s) => s.title).join('; ')}`, status: 'provisional', indicators: suite, actions: [], evidence: [], caseStudies: [] } as OutcomeSection] : []),
    ],
    localIndicators,
    structure: plan.structure.map((i) => toNode(i, 1)),
    statusCounts,
    overdue,
    achievements: text(rep?.achievements),
    challenges: text(rep?.challenges),
    nextSteps: text(rep?.next_steps),
    caseStudies: (rep?.case_studies ?? []).filter((c) => !c.outcomes?.length).map((c) => ({ title: c.title, text: text(c.text) ?? '', source: c.source })),
    localEvidence: (rep?.local_evidence ?? []).map((e) => evidenceView(e, text, areas)),
    participation: text(plan.participation),
    equalityImpact: text(plan.equality_impact),
    glossary: plan.glossary ?? [],
    dataNotes: {
      sources,
      markers: [...markerCounts].map(([meaning, count]) => ({ meaning, label: MARKER_LABELS[meaning as keyof typeof MARKER_LABELS], count })),
      provisional,
      missing: missingFigures,
      warnings: input.warnings.map((w) => `${w.file}:${w.line ?? 1}: ${w.message}`),
    },
    gaps,
  };
}
