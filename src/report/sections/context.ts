import { frameworkLabels } from '../../core/framework-schema.js';
import { PROGRESS_STATUSES, type PartyRef, type PlanItem, type YearReport } from '../../core/plan-schema.js';
import { describeFinancialYear, formatFinancialYear, parseFinancialYear } from '../../core/years.js';
import { walkItems, type WalkedItem } from '../../check/plan-rules.js';
import type { ModelInput, SourceView } from '../types.js';
import { buildSources, type Sources } from './sources.js';
import { groupCode } from '../../data/area-labels.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What every section needs, computed once from the model input. */
export interface ReportContext extends ModelInput {
  label: string;
  prevLabel: string;
  period: string;
  planStart: number;
  planStartLabel: string;
  report?: YearReport;
  who: string;
  labels: ReturnType<typeof frameworkLabels>;
  areaList: { code: string; name: string }[];
  /** How many years with figures a trend shows, ending with the latest. */
  trendYears: number;
  /** The years a measure has a figure for an area of the partnership or for Scotland (the cells are read once, on first use). */
  yearsWithFigures: (indicator: string, measure: string) => Set<number>;
  items: WalkedItem[];
  /** Items that carry the work: those of the plan's lowest level. */
  reportable: WalkedItem[];
  partnerName: (id: string) => string;
  /** A lead or supporter as the report names it: "NHS Ayrshire and Arran (Jane Smith, Head of Service)". */
  partyName: (ref: PartyRef) => string;
  statusLabel: (status: string) => string;
  longDate: (iso: string) => string;
  /** The page anchor of an item, by its key (its id, or the key made for an item without one). */
  anchorOf: (key: string) => string;
  outcomesOf: (w: WalkedItem) => Set<string>;
  sources: SourceView[];
  /** A citation as the report prints it: the source's number, and the place in it ("6, section 2.2"). */
  cite: Sources['cite'];
  /** Numbers of the sources a list of data files belongs to. */
  sourceNumbers: (files: Iterable<string>) => number[];
  illustrativeFiles: Set<string>;
  illustrative: { any: boolean; sources: string[]; progress: boolean; content: boolean };
}

export const NOT_REPORTED = 'Not reported';

/** A trend shows the ten latest years with figures, as the statistics publications do. */
export const DEFAULT_TREND_YEARS = 10;

/** Build the shared context of a report. */
export function buildContext(input: ModelInput): ReportContext {
  const { plan, framework, year } = input;
  const label = formatFinancialYear(year);
  const planStart = parseFinancialYear(plan.plan.period.start) ?? year;
  const report = plan.reports?.[label];
  const partners = new Map(plan.partnership.partners.map((p) => [p.id, p.name]));
  const groups = new Map((plan.partnership.groups ?? []).map((g) => [g.id, g.name]));
  const paOutcomes = new Map(framework.priority_actions.map((p) => [p.id, p.outcomes]));
  const items = walkItems(plan.structure, plan.plan.levels);
  // The items that carry the work are those of the plan's lowest level (or the deepest level any item reaches):
  // an outcome with no actions under it is an outcome, never counted as an action.
  const lowest = Math.min(plan.plan.levels.length, Math.max(0, ...items.map((w) => w.depth)));
  const progressOf = (item: PlanItem) => item.progress?.[label];

  // Sources are numbered in the order the plan declares them, as a statistical publication lists them.
  const declared = plan.data ?? [];
  const { list: sources, numberOfFile, cite } = buildSources(plan, input.dataFiles, longDate);
  const illustrativeFiles = new Set(declared.filter((s) => s.provenance.status === 'illustrative').flatMap((s) => [s.id, ...(input.dataFiles.get(s.id) ?? [])]));
  const illustrativeSources = declared.filter((s) => s.provenance.status === 'illustrative').map((s) => s.provenance.title);
  const illustrativeProgress = Boolean(plan.plan.illustrative) || items.some((w) => progressOf(w.item)?.illustrative);
  const illustrativeContent = Boolean(report?.illustrative);
  let yearsByMeasure: Map<string, Set<number>> | undefined;

  return {
    ...input,
    label,
    prevLabel: formatFinancialYear(year - 1),
    period: describeFinancialYear(year),
    planStart,
    planStartLabel: formatFinancialYear(planStart),
    report,
    who: plan.partnership.short_name ?? plan.partnership.name,
    labels: frameworkLabels(framework),
    areaList: plan.partnership.areas.map((a) => input.areas.resolve(a)!).map((code) => ({ code, name: input.areas.name(code) })),
    trendYears: input.trendYears ?? plan.plan.trend_years ?? DEFAULT_TREND_YEARS,
    yearsWithFigures: (indicator, measure) => {
      if (!yearsByMeasure) {
        yearsByMeasure = new Map();
        const own = plan.partnership.areas.map((a) => input.areas.resolve(a)!);
        const codes = new Set([...own, input.areas.scotlandCode, groupCode(own)]);
        for (const c of input.cells.values()) {
          if (!codes.has(c.area)) continue;
          const k = `${c.indicator}|${c.measure}`;
          (yearsByMeasure.get(k) ?? yearsByMeasure.set(k, new Set()).get(k)!).add(c.year);
        }
      }
      return yearsByMeasure.get(`${indicator}|${measure}`) ?? new Set();
    },
    items,
    reportable: items.filter((w) => w.depth === lowest),
    partnerName: (id) => partners.get(id) ?? groups.get(id) ?? id,
    partyName: (ref) => {
      if (typeof ref === 'string') return partners.get(ref) ?? groups.get(ref) ?? ref;
      const org = ref.partner !== undefined ? (partners.get(ref.partner) ?? ref.partner) : ref.group !== undefined ? (groups.get(ref.group) ?? ref.group) : undefined;
      const who = [ref.person, ref.role].filter(Boolean).join(', ');
      return org && who ? `${org} (${who})` : (org ?? who);
    },
    statusLabel: (s) => (s in PROGRESS_STATUSES ? PROGRESS_STATUSES[s as keyof typeof PROGRESS_STATUSES] : NOT_REPORTED),
    longDate,
    anchorOf: (key) => `item-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    outcomesOf: (w) => {
      const s = new Set<string>();
      for (const it of [...w.parents, w.item]) {
        it.outcomes?.forEach((o) => s.add(o));
        it.priority_actions?.forEach((p) => paOutcomes.get(p)?.forEach((o) => s.add(o)));
      }
      return s;
    },
    sources,
    cite,
    sourceNumbers: (files) => [...new Set([...files].map((f) => numberOfFile.get(f)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b),
    illustrativeFiles,
    illustrative: { any: illustrativeSources.length > 0 || illustrativeProgress || illustrativeContent, sources: illustrativeSources, progress: illustrativeProgress, content: illustrativeContent },
  };
}

/**
 * A date as people write it: 2025-03-31 → "31 March 2025", 2025-12 → "December 2025"; a financial
 * year (2024-25) stays as it is written; anything else is returned unchanged.
 */
export function longDate(iso: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${day[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12 && Number(month[2]) !== (Number(month[1]) + 1) % 100) return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  return iso;
}

/** "A, B and C". */
export function listWords(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
