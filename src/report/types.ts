import type { AreaIndex } from '../core/areas.js';
import type { ThemeId } from '../core/themes.js';
import type { Framework } from '../core/framework-schema.js';
import type { MarkerMeaning, Plan, Text } from '../core/plan-schema.js';
import type { Figure, SeriesPoint } from '../data/aggregate.js';
import type { Cell, Unit } from '../data/cells.js';

/** Everything a report shows, computed from plan, data and year. Pure and serialisable (`--format json`). */
export interface ReportModel {
  title: string;
  /** Whether the plan declares any data source; when not, the report says so once. */
  dataDeclared: boolean;
  noDataSentence: string;
  lang: 'en-GB';
  /** A draft opens with what is still missing and is marked Draft on every page. */
  draft: boolean;
  year: { start: number; label: string; period: string; previous: string; planStart: string };
  partnership: PartnershipView;
  plan: PlanView;
  illustrative: { any: boolean; sources: string[]; progress: boolean; content: boolean };
  /** Statutory and other content still missing: the draft's opening list, and what `--final` refuses on. */
  gaps: Gap[];
  publication: PublicationView;
  foreword?: string;
  signOff?: { name: string; role?: string; date?: string; statement?: string };
  approval?: { body: string; date: string };
  governance?: string;
  recommendations: { recommendation: string; status?: string; progress?: string }[];
  glance: GlanceRow[];
  outcomes: OutcomeSection[];
  /** Indicators of the whole suite (no outcome of their own). */
  suite: IndicatorView[];
  progress: ProgressView;
  /** Local indicators linked to no outcome (those linked to one are shown under it). */
  localIndicators: LocalIndicatorSection[];
  achievements?: string;
  challenges?: string;
  nextSteps?: string;
  /** The themes the plan names for its next steps (`themes:` on the year's report) and its actions (`themes:` on items). */
  themes: ThemeId[];
  caseStudies: CaseStudyView[];
  localEvidence: EvidenceView[];
  participation?: string;
  reportParticipation?: string;
  equalityImpact?: string;
  glossary: { term: string; meaning: string }[];
  sources: SourceView[];
  notes: NotesView;
  /** Sections with nothing to say, gathered into short lines. */
  omitted: string[];
}

export interface Gap {
  /** What is missing, in words for the partnership. */
  message: string;
  /** Where in the plan to fill it (a path into cjoip.yaml). */
  path: (string | number)[];
  /** How to fill it. */
  fix: string;
}

export interface PartnershipView {
  name: string;
  shortName?: string;
  areas: { code: string; name: string }[];
  /** The chair: a name, a role, or both (a role alone when the plan names no person). */
  chair?: { name?: string; role?: string; text: string };
  contacts: Contact[];
  statutoryPartners: { name: string; role: string }[];
  otherPartners: string[];
  groups: { name: string; kind?: string; description?: string; reportsTo?: string }[];
  groupColumns: { kind: boolean; reportsTo: boolean };
  website?: string;
}

export interface Contact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
  address?: string;
}

export interface PlanView {
  title: string;
  /** The plan's subtitle or strapline. */
  strapline?: string;
  period: string;
  levels: string[];
  vision?: string;
  introduction?: string;
  overarching?: { label: string; items: { id: string; title: string; description?: string }[] };
  framework: { id: string; title: string; labels: { aim: string; priority_action: string; outcome: string; indicator: string } };
}

export interface PublicationView {
  published?: string;
  contact?: Contact;
  alternativeFormats: string;
  sentToCjs: string;
}

export interface GlanceRow {
  outcome: string;
  /** The outcome's number as the framework gives it ("1"). */
  number: string;
  title: string;
  selfAssessment?: string;
  movement: string;
  actions: number;
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
  /** The latest year a figure can be published for by the time the report is due. */
  latestYear: string;
  latest?: Figure;
  previous?: Figure;
  change?: number;
  travel: 'improving' | 'worsening' | 'broadly stable' | 'no change' | 'not judged' | 'unknown';
  sentence: string;
  /** A description of the chart for those who cannot see it: every line, the range and the latest figures. */
  alt: string;
  chartFile: string;
  scotlandDrawn: boolean;
  /** Numbers of the sources (in the report's list of sources) the figures came from. */
  sources: number[];
  /** Files the figures came from (for analysts reading the JSON model; never printed in the report). */
  sourceFiles: string[];
  illustrative: boolean;
  /** Some of the figures are illustrative and some are not. */
  illustrativeMixed: boolean;
  hasData: boolean;
  /** Why the partnership has no figure for the latest year, when it has none. */
  noFigure?: string;
  /** For each year shown without a figure for the partnership: why, in words. */
  gaps: { year: string; why: string }[];
  /** The same years, each reason said once for a run of consecutive years. */
  gapGroups: { years: string; why: string }[];
}

export interface IndicatorView {
  /** The indicator as its heading reads: "National indicator 4: Community sentences…". */
  heading: string;
  /** Its name in a sentence or a list: "National indicator 4". */
  name: string;
  /** Whether the wording of any of its measures is provisional. */
  measuresProvisional: boolean;
  /** How the partnership reports this national indicator locally, when the plan says. */
  localMeasure?: { text: string; source?: string };
  id: string;
  title: string;
  provisional: boolean;
  measures: MeasureView[];
}

export interface ActionRef {
  /** The item's number as the plan gives it, or empty when the plan numbers none. */
  id: string;
  title: string;
  anchor: string;
  status: string;
}

export interface OutcomeSection {
  id: string;
  /** The outcome as its heading reads: "Outcome 1: More people…". */
  heading: string;
  /** Its name in a sentence or a list: "Outcome 1". */
  name: string;
  title: string;
  kind?: string;
  selfAssessment?: string;
  narrative?: string;
  indicators: IndicatorView[];
  actions: { total: number; counts: { label: string; count: number }[]; items: ActionRef[] };
  /** The partnership's own indicators for this outcome, with their kind, reporting measure and source. */
  localIndicators: LocalIndicatorSection[];
  evidence: EvidenceView[];
  caseStudies: CaseStudyView[];
}

export interface EvidenceView {
  title: string;
  value?: string;
  when?: string;
  text?: string;
  source: string;
}

export interface CaseStudyView {
  title: string;
  text: string;
  source?: string;
  /** For a case study linked to several outcomes, under each but the first: where it is told ("Outcome 4"). */
  toldUnder?: string;
}

export interface LocalIndicatorSection {
  id: string;
  title: string;
  unit: string;
  /** The plan's word for its kind: quantitative, contextual, change and impact… */
  kind?: string;
  /** What is counted or asked, and how. */
  reportingMeasure?: string;
  outcomes: string[];
  source?: string;
  figures: { area: string; year: string; value?: number; marker?: MarkerMeaning; text: string }[];
  /** The figures as printed: by area and year, or a row per year and a column per area when there are several. */
  table: { head: string[]; numeric: boolean[]; figureRows: string[][] };
  sources: number[];
}

export interface StructureNode {
  /** The item's id in the plan (never printed as a word: see `number` and `heading`). */
  id: string;
  /** The item's number as readers know it ("1.2", "3" for an id PA3), or empty when it has none. */
  number: string;
  /** The item as its heading reads: "Aim 1: Optimise…", or the level and title alone. */
  heading: string;
  anchor: string;
  title: string;
  level: string;
  depth: number;
  description?: string;
  lead?: string;
  support?: string;
  due?: string;
  impact: string[];
  measures: string[];
  evidence: EvidenceView[];
  /** Other items this one refers to. */
  see: { id: string; name: string; anchor: string; title: string }[];
  /** The framework's priority actions (or priorities) and the indicators the item is linked to, each with its name ("Priority action 1"). */
  links: { priorityActions: { id: string; name: string; title: string }[]; indicators: { id: string; name: string; title: string }[]; priorityLabel: string; indicatorLabel: string };
  status?: string;
  /** The revised timescale, when the status is In progress (with revised timescale). */
  revisedDue?: string;
  narrative?: string;
  illustrative: boolean;
  children: StructureNode[];
  /** For an item above the plan's lowest level with no items under it: a sentence saying so. */
  nothingUnder?: string;
  /** For an item whose children are all leaves: the columns that have something in them. */
  columns?: { number: boolean; lead: boolean; detail: boolean; status: boolean };
}

export interface ProgressView {
  counts: { status: string; label: string; count: number }[];
  total: number;
  structure: StructureNode[];
  overdue: { id: string; name: string; title: string; anchor: string; due: string; status: string }[];
}

export interface SourceView {
  n: number;
  /** The publisher; empty for a source named only in words. */
  publisher: string;
  title: string;
  /** official, provisional or illustrative statistics, or a document. */
  status: string;
  /** The status in the words of the list of sources ("Official statistics."); empty for a document. */
  kind: string;
  /** "extracted 13 June 2024" or "published 13 June 2024". */
  date?: string;
  licence?: string;
  url?: string;
  note?: string;
}

export interface NotesView {
  method: string[];
  provisional: string[];
  markers: { label: string; count: number }[];
  missing: string[];
  /** The publishers' notes on figures in this report, as their tables print them: "Source 3, note 2: …". */
  publisher: string[];
  illustrative: boolean;
}

export interface ModelInput {
  plan: Plan;
  framework: Framework;
  cells: Map<string, Cell>;
  year: number;
  areas: AreaIndex;
  /** Resolve a Text value (inline Markdown or a file) to Markdown. */
  text: (t: Text | undefined) => string | undefined;
  /** Data files read for each data source, relative to the plan folder. */
  dataFiles: Map<string, string[]>;
  /** Note texts of each data source's tables, by note number (below the table, or its Notes sheet). */
  tableNotes?: Map<string, Map<string, string>>;
  /** Plan positions of text still to fill in (placeholders found by validation). */
  placeholders: { message: string; path: (string | number)[] }[];
  draft: boolean;
  /** Years with figures each trend shows (default: the plan's trend_years, else 10). */
  trendYears?: number;
}
