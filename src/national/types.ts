import type { AreaIndex } from '../core/areas.js';
import type { Framework } from '../core/framework-schema.js';
import type { MarkerMeaning } from '../core/plan-schema.js';
import type { EvidenceView, MeasureView, ReportModel, SourceView } from '../report/types.js';
import type { Theme } from './themes.js';
import type { PopulationTable } from './population.js';
import type { Unit } from '../data/cells.js';

/** A partnership's report model, with what the national picture needs to know about its plan. */
export interface PartnershipInput {
  model: ReportModel;
  /** The plan says its content is an invented example. */
  illustrativePlan: boolean;
}

/** A plan given but left out of the national picture, and why, in words for the reader. */
export interface NotIncluded {
  name: string;
  why: string;
  /** Council areas the plan names, when they could be read. */
  areas: string[];
}

export interface NationalInput {
  year: number;
  title?: string;
  /** The framework the national picture is set out against (the current one). */
  framework: Framework;
  areas: AreaIndex;
  partnerships: PartnershipInput[];
  notIncluded: NotIncluded[];
  /** Population estimates by council area, for rates of counts; without them counts are ranked as they are. */
  population?: PopulationTable;
}

/** One partnership as the national report names it. */
export interface PartnershipRow {
  /** Its place in the national report (1-based, alphabetical). */
  n: number;
  name: string;
  areas: { code: string; name: string }[];
  framework: { id: string; title: string };
  /** On an earlier framework than the one the national picture uses. */
  earlier: boolean;
  illustrative: boolean;
  signedOff: boolean;
}

export interface MatrixRow {
  partnership: string;
  illustrative: boolean;
  earlier: boolean;
  /** Per outcome of the national framework, in its order: the level chosen, or none. */
  cells: { outcome: string; level?: string; key?: string }[];
}

export interface NationalFigure {
  value?: number;
  numerator?: number;
  denominator?: number;
  marker?: MarkerMeaning;
  /** The figure as printed: a number, or why there is none. */
  text: string;
}

export interface MeasureRow {
  partnership: string;
  latest: NationalFigure;
  previous: NationalFigure;
  change?: number;
  changeText: string;
  travel: MeasureView['travel'];
  illustrative: boolean;
  /** For a count: the figure per 10,000 people of the partnership's council areas, this year and the year before. */
  rate?: { latest?: number; previous?: number; latestText: string; previousText: string };
  /** When the partnership has no figure of its own: each of its council areas' figures. */
  areaRows?: { area: string; latest: NationalFigure; previous: NationalFigure; changeText: string }[];
  /** Why the partnership has no figure for the year, when it has none. */
  why?: string;
}

export interface NationalMeasure extends Pick<MeasureView, 'indicator' | 'measure' | 'key' | 'title' | 'unit' | 'direction' | 'provisional'> {
  /** The year the figures are for (a lagged indicator reports an earlier year than the report's). */
  year: string;
  previousYear: string;
  rows: MeasureRow[];
  /** Scotland's figures, when the partnerships' data give them and agree. */
  scotland?: { latest: NationalFigure; previous: NationalFigure; change?: number; changeText: string };
  /** Partnerships whose data give a different Scotland figure from the rest (the figure is then not shown). */
  scotlandDisagree: { partnership: string; text: string }[];
  /** Partnerships without a figure for the year, and why. */
  missing: { partnership: string; why: string; areas: boolean }[];
  /** Partnerships with a figure for the year, ranked from highest to lowest: what the chart draws. */
  ranked: { partnership: string; value: number; previous?: number; label: string }[];
  /** What the ranking ranks: the figures themselves, or (for counts) rates per 10,000 people. */
  rankedUnit: Unit;
  /** For counts: the mid-year of the population estimates the rates use. */
  populationYear?: number;
  chartFile: string;
  alt: string;
  illustrative: boolean;
  sources: number[];
}

export interface NationalIndicator {
  id: string;
  /** "National indicator 1: Diversion from prosecution". */
  heading: string;
  title: string;
  provisional: boolean;
  measures: NationalMeasure[];
}

export interface NationalOutcome {
  id: string;
  /** "Outcome 1", and the heading "Outcome 1: More people…": never an id as a word. */
  name: string;
  heading: string;
  title: string;
  indicators: NationalIndicator[];
  caseStudies: NationalCaseStudy[];
  /** Each partnership's own account of the outcome: its self-assessment, narrative, evidence and case studies. */
  accounts: OutcomeAccount[];
}

/** A partnership's account of one outcome, in its own words, from its annual report. */
export interface OutcomeAccount {
  partnership: string;
  /** The title of the report the words come from, at the partnership's first account, when the partnership gave it one of its own. */
  report?: string;
  selfAssessment?: string;
  narrative?: string;
  evidence: EvidenceView[];
  caseStudies: NationalCaseStudy[];
}

/** A partnership's achievements, challenges and participation, in its own words. */
export interface PartnershipAccount {
  partnership: string;
  /** As for an outcome's account. */
  report?: string;
  achievements?: string;
  challenges?: string;
  participation?: string;
  reportParticipation?: string;
}

export interface NationalCaseStudy {
  partnership: string;
  title: string;
  text: string;
  source?: string;
}

export interface ActionsRow {
  partnership: string;
  total: number;
  counts: Record<string, number>;
  overdue: number;
}

export interface GapRow {
  partnership: string;
  missing: string[];
}

/** The national picture for a year: every partnership's report, set side by side. */
export interface NationalModel {
  title: string;
  lang: 'en-GB';
  year: { start: number; label: string; period: string; previous: string };
  framework: { id: string; title: string; provisional: boolean };
  given: number;
  partnerships: PartnershipRow[];
  /** Whether any plan is written under another framework than this picture's (the partnerships' table then says which, plan by plan). */
  frameworksDiffer: boolean;
  notIncluded: NotIncluded[];
  coverage: {
    covered: number;
    councilAreas: number;
    claimedTwice: { area: string; partnerships: string[] }[];
    uncovered: string[];
    /** Areas covered only by a plan that could not be included. */
    inPlansNotIncluded: string[];
  };
  illustrative: { any: boolean; partnerships: string[] };
  assessments: {
    levels: string[];
    outcomes: { id: string; title: string; name: string; number: string }[];
    matrix: MatrixRow[];
    /** Per outcome: how many partnerships chose each level, and how many gave none. */
    summary: { outcome: string; name: string; counts: number[]; none: number }[];
    /** Partnerships on the current framework: the matrix's denominators. */
    assessed: number;
  };
  outcomes: NationalOutcome[];
  /** Indicators of the whole suite (no outcome of their own). */
  suite: NationalIndicator[];
  actions: { statuses: { key: string; label: string }[]; rows: ActionsRow[]; total: ActionsRow };
  nextSteps: { themes: (Theme & { partnerships: string[]; inferred: string[]; which: string })[]; byPartnership: { partnership: string; text: string }[]; none: string[] };
  otherCaseStudies: NationalCaseStudy[];
  /** Each partnership's achievements, challenges and participation, in its own words. */
  accounts: PartnershipAccount[];
  gaps: GapRow[];
  sources: SourceView[];
  /** How the figures are worked out, for the notes on the figures. */
  method: string[];
}
