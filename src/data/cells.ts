import type { Framework } from '../core/framework-schema.js';
import type { MarkerMeaning, Plan } from '../core/plan-schema.js';
import { columnLetters } from '../core/words.js';

/** Where a figure came from: a file and its row (a CSV's line number, or a sheet's row number). */
export interface SourceRef {
  file: string;
  row: number;
  /** The sheet, for a workbook. */
  sheet?: string;
  /** The data source (its id) the row was read for: one file may be read by several sources. */
  source?: string;
  /** Note numbers the table attaches to this figure (on its row label or column heading). */
  notes?: string[];
}

/** What a figure cites: the data source it was read for, else its file. */
export const sourceKey = (r: SourceRef) => r.source ?? r.file;

/** A row (and column) in words for messages: "data/t.csv row 7", or "data/t.xlsx, Table 2!C7" for a workbook. */
export function placeOf(ref: SourceRef, column?: number): string {
  if (ref.sheet === undefined) return `${ref.file} row ${ref.row}`;
  return column ? `${ref.file}, ${ref.sheet}!${columnLetters(column)}${ref.row}` : `${ref.file}, sheet ${ref.sheet} row ${ref.row}`;
}

/** One figure for an indicator measure, area and year, with the rows it came from. */
export interface Cell {
  indicator: string;
  measure: string;
  area: string;
  year: number;
  value?: number;
  numerator?: number;
  denominator?: number;
  marker?: MarkerMeaning;
  /** Decimal places of a percentage as published ("71" → 0, "70.9" → 1): never printed more precisely. */
  decimals?: number;
  refs: SourceRef[];
  /** Column numbers of each part (and of the marker) in its row, for findings. */
  at: Partial<Record<Part | 'marker', { ref: SourceRef; column: number }>>;
}

export type Part = 'value' | 'numerator' | 'denominator';
export type Unit = 'count' | 'percent' | 'rate' | 'text';

export interface MeasureInfo {
  unit: Unit;
  notAbove?: string;
  title: string;
  local: boolean;
}

/** Measures known for a plan: the framework's, and one `value` measure per local indicator. */
export function buildMeasureIndex(framework: Framework, plan: Plan): Map<string, Map<string, MeasureInfo>> {
  const idx = new Map<string, Map<string, MeasureInfo>>();
  for (const ind of framework.indicators) idx.set(ind.id, new Map(ind.measures.map((m) => [m.id, { unit: m.unit, notAbove: m.not_above, title: m.title, local: false }])));
  for (const li of plan.local_indicators ?? []) idx.set(li.id, new Map([['value', { unit: li.unit, title: li.title, local: true }]]));
  return idx;
}

/** A label or value as compared: trimmed, lower case, runs of spaces as one. */
export const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
/** A record's field by column index ('' when there is no such column). */
export const fieldOf = (rec: string[], i: number | undefined) => (i === undefined ? '' : (rec[i] ?? ''));

export const cellKey = (indicator: string, measure: string, area: string, year: number) => `${indicator}|${measure}|${area}|${year}`;

export interface FieldColumns {
  indicator?: number;
  measure?: number;
  area?: number;
  year?: number;
  value?: number;
  numerator?: number;
  denominator?: number;
  marker?: number;
}

/** A row read off a file, before its values are checked. */
export interface RawRow {
  indicator: string;
  measure: string;
  area: string;
  year: string;
  parts: Partial<Record<Part, { text: string; column: number }>>;
  marker?: string;
  cols: FieldColumns;
  /** Note numbers of the row label and column heading (published tables). */
  notes?: string[];
}

export type RowReader = (rec: string[]) => RawRow[];

/** Adds rows read off one file (or sheet) to the collector. */
export interface RowSink {
  /** The rows of one record, read by the source's layout. */
  record(rec: string[], row: number): void;
  /** Rows already read (a published table), each at its own row. */
  raw(raw: RawRow, row: number): void;
  /** The file has ended: checks on what the plan asked for and the file never held (`seen`: values met in lines not split into fields). */
  end(seen?: Set<string>): void;
}

/** Framework measures with no figure for each of the partnership's areas in `year`. */
export function missingMeasures(cells: Map<string, Cell>, framework: Framework, areaCodes: string[], year: number): string[] {
  const out: string[] = [];
  for (const ind of framework.indicators)
    for (const m of ind.measures) {
      const lacking = areaCodes.filter((a) => !cells.has(cellKey(ind.id, m.id, a, year - (ind.publication_lag ?? 0))));
      if (lacking.length) out.push(`${ind.id}.${m.id}${lacking.length < areaCodes.length ? ` (${lacking.length} of ${areaCodes.length} areas)` : ''}`);
    }
  return out;
}
