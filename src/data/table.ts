import type { AreaIndex } from '../core/areas.js';
import { suggest, type Finding } from '../core/findings.js';
import { parseCell } from '../core/markers.js';
import type { DataSourceSpec, MarkerMeaning } from '../core/plan-schema.js';
import { formatFinancialYear, parseFinancialYear } from '../core/years.js';
import type { RawRow } from './cells.js';
import type { Grid, GridRow } from './grid.js';
import { labelKey, stripNotes, YEAR_LABEL } from './notes.js';

/**
 * A table as the Scottish Government publishes it: a title and notes around it, a header row of
 * years (or areas, or categories) with footnote numbers, a label column, section rows that group
 * the rows beneath them (so "Community payback orders" recurs under "Orders commenced" and "Orders
 * terminated"), `..` for figures that do not exist. cjoip finds the parts; the plan's `measures:`
 * say which figures are which measure.
 */
export interface TableColumn {
  index: number;
  label: string;
  notes: string[];
  year?: number;
  area?: string;
}

export interface TableRow {
  row: number;
  cells: string[];
  label: string;
  notes: string[];
  /** How many data cells hold a number or a marker. */
  figures: number;
  year?: number;
  area?: string;
}

export interface TableShape {
  headerRow: number;
  header: string[];
  labelColumn: number;
  columns: TableColumn[];
  body: TableRow[];
  above: GridRow[];
  below: GridRow[];
  yearsIn?: 'rows' | 'columns';
  areasIn?: 'rows' | 'columns';
}

const yearOf = (label: string) => (YEAR_LABEL.test(label) ? parseFinancialYear(label) : undefined);
const filled = (cells: string[]) => cells.filter((c) => c.trim() !== '').length;
/** Total rows in tables by area: not an area of their own. */
const TOTAL_LABELS = new Set(['total', 'all', 'all areas', 'all local authorities', 'all councils']);

export class TableProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly row: number,
  ) {
    super(message);
  }
}

/** Find the header, label column, body and notes of a published table. */
export function tableShape(grid: Grid, source: Pick<DataSourceSpec, 'header_row' | 'years_in' | 'areas_in' | 'area' | 'year'>, markers: Record<string, MarkerMeaning>, areas: AreaIndex): TableShape {
  const rows = grid.rows;
  const isFigure = (t: string) => {
    const k = parseCell(t, markers).kind;
    return k === 'number' || k === 'marker';
  };
  const figuresIn = (cells: string[], from: number) => cells.slice(from).filter((c) => c.trim() !== '' && isFigure(c)).length;

  let h: number;
  if (source.header_row !== undefined) {
    h = rows.findIndex((r) => r.row === source.header_row);
    if (h < 0 || filled(rows[h].cells) === 0) throw new TableProblem('data-header-row-empty', `Row ${source.header_row} is empty, so it cannot be the header row.`, 'Give header_row: as the number of the row holding the column headings (as numbered in the file or sheet).', 1);
  } else {
    // The header: the nearest row above the first row of figures that holds two or more headings
    // (mostly not figures). Title lines above it and section headings between it and the figures
    // (one cell each) are passed over.
    const firstFigures = rows.findIndex((r) => figuresIn(r.cells, 1) > 0);
    h = -1;
    for (let i = firstFigures - 1; i >= 0 && h < 0; i--) {
      const n = filled(rows[i].cells);
      if (n >= 2 && figuresIn(rows[i].cells, 0) * 2 < n) h = i;
    }
    if (h < 0) throw new TableProblem('data-no-header-row', 'No header row found: no row of column headings has figures beneath it.', 'Give header_row: (the row number of the column headings), or check that this is the table you meant.', rows[0]?.row ?? 1);
  }
  const headerCells = rows[h].cells;
  const after = rows.slice(h + 1);
  // The label column: the first column holding text (not figures) in the rows below the header.
  let labelColumn = 0;
  for (let c = 0; c < Math.max(1, ...after.map((r) => r.cells.length)); c++) {
    if (after.some((r) => (r.cells[c] ?? '').trim() !== '' && !isFigure(r.cells[c]))) {
      labelColumn = c;
      break;
    }
  }
  const columns: TableColumn[] = [];
  headerCells.forEach((raw, index) => {
    if (index <= labelColumn || raw.trim() === '') return;
    const { text, notes } = stripNotes(raw);
    columns.push({ index, label: text, notes, year: yearOf(text), area: areas.resolve(text) });
  });
  // The body ends at the last row with a figure; below it are notes and the source line.
  let last = -1;
  after.forEach((r, i) => {
    if (columns.some((c) => (r.cells[c.index] ?? '').trim() !== '' && isFigure(r.cells[c.index]))) last = i;
  });
  const body: TableRow[] = after.slice(0, last + 1).map((r) => {
    const { text, notes } = stripNotes(r.cells[labelColumn] ?? '');
    return {
      row: r.row,
      cells: r.cells,
      label: text,
      notes,
      figures: columns.filter((c) => (r.cells[c.index] ?? '').trim() !== '' && isFigure(r.cells[c.index])).length,
      year: yearOf(text),
      area: TOTAL_LABELS.has(text.toLowerCase()) ? undefined : areas.resolve(text),
    };
  });
  const yearsIn = source.years_in ?? (source.year ? undefined : columns.some((c) => c.year !== undefined) ? 'columns' : body.some((r) => r.year !== undefined) ? 'rows' : undefined);
  const other = (d?: 'rows' | 'columns') => (d === 'rows' ? 'columns' : d === 'columns' ? 'rows' : undefined);
  let areasIn = source.areas_in;
  if (!areasIn && !source.area) {
    const inRows = body.filter((r) => r.area).length;
    const inCols = columns.filter((c) => c.area).length;
    if (inRows && yearsIn !== 'rows' && inRows >= inCols) areasIn = 'rows';
    else if (inCols && yearsIn !== 'columns') areasIn = 'columns';
  }
  if (areasIn && areasIn === yearsIn) areasIn = other(yearsIn);
  return { headerRow: rows[h].row, header: headerCells, labelColumn, columns, body, above: rows.slice(0, h), below: after.slice(last + 1), yearsIn, areasIn };
}

type Entry = NonNullable<DataSourceSpec['measures']>[number];

/** What the rows and the columns of a table hold. */
export function dimensions(shape: TableShape): { rows: 'years' | 'areas' | 'categories'; columns: 'years' | 'areas' | 'categories' } {
  const rows = shape.yearsIn === 'rows' ? 'years' : shape.areasIn === 'rows' ? 'areas' : 'categories';
  const columns = shape.yearsIn === 'columns' ? 'years' : shape.areasIn === 'columns' ? 'areas' : 'categories';
  return { rows, columns };
}

/**
 * The figures of a table chosen by the plan's `measures:` entries, as rows for the collector.
 * `plan` locates a finding about an entry (index) or the source (undefined) in the plan file.
 */
export function tableFigures(
  shape: TableShape,
  source: DataSourceSpec,
  plan: (entry?: number, key?: string) => Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>,
): { rows: { raw: RawRow; row: number }[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const out: { raw: RawRow; row: number }[] = [];
  const dims = dimensions(shape);
  const entries = source.measures ?? [];
  const fail = (code: string, message: string, hint: string, entry?: number, key?: string) => findings.push({ severity: 'error', code, message, hint, ...plan(entry, key) });
  if (!entries.length) {
    fail('data-source-incomplete', 'A table source needs measures: saying which rows (or columns) are which measure.', `Add measures: [{ measure: cpo-completed, row: "Community payback orders", section: "Orders terminated" }]; cjoip data inspect prints one to start from.`);
    return { rows: out, findings };
  }
  if (!shape.yearsIn && !source.year) {
    fail('data-table-no-years', 'No years found in this table: no column heading or row label is a financial year.', 'Set years_in: columns (or rows) if the years are written another way, or year: 2023-24 for a table of one year.');
    return { rows: out, findings };
  }
  if (!shape.areasIn && !source.area) {
    fail('data-table-no-areas', 'No council areas found in this table, and no area: is set.', 'For a national table set area: Scotland; otherwise set areas_in: rows (or columns).');
    return { rows: out, findings };
  }
  const rowLabels = [...new Set(shape.body.map((r) => r.label).filter(Boolean))];
  const colLabels = shape.columns.map((c) => c.label);

  entries.forEach((e: Entry, i) => {
    const indicator = e.indicator ?? source.indicator;
    if (!indicator) return fail('data-source-incomplete', `Measure '${e.measure}' has no indicator.`, 'Set indicator: on the data source, or on this entry.', i);
    if (dims.rows === 'categories' && !e.row) return fail('data-table-row-needed', `Measure '${e.measure}': this table has a row for each category, so the entry needs row: (the row's label).`, `Add row: "${rowLabels.find((l) => shape.body.some((r) => r.label === l && r.figures)) ?? 'Total'}" (the label without footnote numbers).`, i);
    if (dims.columns === 'categories' && !e.column) return fail('data-table-column-needed', `Measure '${e.measure}': this table has a column for each category, so the entry needs column: (the column's heading).`, `Add column: "${colLabels[0] ?? 'Total'}".`, i);
    if (e.section && ![...shape.body].some((r) => labelKey(r.label) === labelKey(e.section!)))
      return fail('data-table-no-section', `No row labelled '${e.section}' in the table, so section: matches nothing.`, suggest(e.section, rowLabels, 'row labels'), i, 'section');
    // A section is the row labelled `section:`; the rows it holds are those beneath it: for a
    // category, the first row of that label below it; for areas or years, the run of area (or
    // year) rows that follows it, up to the next heading.
    const start = e.section ? shape.body.findIndex((r) => labelKey(r.label) === labelKey(e.section!)) : -1;
    let rowsHere = shape.body.slice(start + 1);
    if (e.section && dims.rows !== 'categories') {
      const end = rowsHere.findIndex((r) => (dims.rows === 'areas' ? !r.area && !TOTAL_LABELS.has(r.label.toLowerCase()) : r.year === undefined));
      if (end >= 0) rowsHere = rowsHere.slice(0, end);
    }
    let rowsChosen = rowsHere;
    if (dims.rows === 'categories') {
      rowsChosen = rowsHere.filter((r) => labelKey(r.label) === labelKey(e.row!));
      if (!rowsChosen.length)
        return fail('data-table-no-row', `No row labelled '${e.row}'${e.section ? ` under '${e.section}'` : ''} in the table.`, suggest(e.row!, [...new Set(rowsHere.map((r) => r.label).filter(Boolean))], 'row labels'), i, 'row');
      if (e.section) rowsChosen = rowsChosen.slice(0, 1);
      else if (rowsChosen.length > 1)
        return fail('data-table-ambiguous-row', `The label '${e.row}' is on ${rowsChosen.length} rows (${rowsChosen.map((r) => r.row).join(', ')}): say which with section:.`, `Add section: with the label of the row it sits under, e.g. section: "${nearestAbove(shape, rowsChosen[1], labelKey(e.row!)) ?? 'Orders terminated'}".`, i, 'row');
    }
    let colsChosen = shape.columns;
    if (dims.columns === 'categories') {
      colsChosen = shape.columns.filter((c) => labelKey(c.label) === labelKey(e.column!));
      if (!colsChosen.length) return fail('data-table-no-column', `No column headed '${e.column}' in the table.`, suggest(e.column!, colLabels, 'column headings'), i, 'column');
    }
    for (const r of rowsChosen) {
      if (dims.rows === 'years' && r.year === undefined) continue;
      if (dims.rows === 'areas' && (!r.label || TOTAL_LABELS.has(r.label.toLowerCase()) || !r.figures)) continue;
      for (const c of colsChosen) {
        if (dims.columns === 'years' && c.year === undefined) continue;
        const text = r.cells[c.index] ?? '';
        if (text.trim() === '') continue;
        const year = dims.rows === 'years' ? formatFinancialYear(r.year!) : dims.columns === 'years' ? formatFinancialYear(c.year!) : source.year!;
        const area = dims.rows === 'areas' ? r.label : dims.columns === 'areas' ? c.label : source.area!;
        out.push({
          row: r.row,
          raw: {
            indicator,
            measure: e.measure,
            area,
            year,
            parts: { [e.part]: { text, column: c.index + 1 } },
            cols: { area: dims.rows === 'areas' ? shape.labelColumn : dims.columns === 'areas' ? c.index : undefined, year: dims.columns === 'years' ? c.index : dims.rows === 'years' ? shape.labelColumn : undefined },
          },
        });
      }
    }
  });
  return { rows: out, findings };
}

/** The label of the nearest row above `r` whose label is said once in the table: the section `r` sits under. */
export function nearestAbove(shape: TableShape, r: TableRow, ownKey: string): string | undefined {
  const counts = new Map<string, number>();
  for (const b of shape.body) counts.set(labelKey(b.label), (counts.get(labelKey(b.label)) ?? 0) + 1);
  const i = shape.body.indexOf(r);
  for (let j = i - 1; j >= 0; j--) {
    const k = labelKey(shape.body[j].label);
    if (k && k !== ownKey && counts.get(k) === 1) return shape.body[j].label;
  }
  return undefined;
}
