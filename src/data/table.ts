import type { AreaIndex } from '../core/areas.js';
import { parseCell } from '../core/markers.js';
import type { DataSourceSpec, MarkerMeaning } from '../core/plan-schema.js';
import { FIRST_YEAR, LAST_YEAR } from '../core/schema-parts.js';
import { parseFinancialYear } from '../core/years.js';
import { areaGroups, NOT_AN_AREA, resolveArea, withoutFootnote } from './area-labels.js';
import type { Grid, GridRow } from './grid.js';
import { noteTexts } from './grid.js';
import { labelKey, stripNotes, YEAR_LABEL, YEARISH } from './notes.js';
import { joinHeaderRows, pickTable, tableTitle, TableProblem, type TableTitle } from './table-parts.js';

export { TableProblem };

/**
 * A table as the Scottish Government publishes it: a title and notes around it, a header row of
 * years (or areas, or categories) with footnote numbers (sometimes two rows: a year over "Number"
 * and "%"), a label column, section rows that group the rows beneath them (so "Community payback
 * orders" recurs under "Orders commenced" and "Orders terminated"), `..` for figures that do not
 * exist; or the filterable layout, with the area and columns of categories beside it ("Offence
 * group", "Offence type") before the years and "% change" columns. cjoip finds the parts; the plan's
 * `measures:` say which figures are which measure.
 */
export interface TableColumn {
  index: number;
  label: string;
  notes: string[];
  year?: number;
  area?: string;
  /** Under a heading of two rows: the lower part ("Number", "%"), the upper being the year. */
  sub?: string;
  /** A heading written as a year that is not a financial year cjoip reads ("2015-17", "1899-00", a date). */
  badYear?: string;
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
  /** "Total", "All": Scotland in a table by area, never a council area. */
  total?: boolean;
  /** The label of an `area_groups:` entry this row is. */
  group?: string;
  /** "Other", "Unknown", a court: published beside the areas, not one. */
  notArea?: boolean;
  badYear?: string;
  /** Values of the columns of categories (the filterable layout), by column, notes left off. */
  dims: string[];
}

export interface TableShape {
  headerRow: number;
  /** Both header rows when a year spans columns below it. */
  headerRows: number[];
  header: string[];
  labelColumn: number;
  columns: TableColumn[];
  /** Columns of categories beside the label column (the filterable layout). */
  dims: TableColumn[];
  body: TableRow[];
  above: GridRow[];
  below: GridRow[];
  title?: string;
  /** Tables stacked on the sheet, when there are several. */
  tables: TableTitle[];
  /** Note texts by number: a Notes sheet's, and those printed below the table. */
  noteTexts: Map<string, string>;
  yearsIn?: 'rows' | 'columns';
  areasIn?: 'rows' | 'columns';
}

/** A financial year cjoip reads, else undefined; `bad` says a heading that looks like a year but is none. */
function yearOf(label: string): { year?: number; bad?: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return { bad: label };
  if (YEAR_LABEL.test(label)) {
    const y = parseFinancialYear(label);
    if (y !== undefined && y >= FIRST_YEAR && y <= LAST_YEAR) return { year: y };
    return { bad: label };
  }
  return YEARISH.test(label) ? { bad: label } : {};
}
const filled = (cells: string[]) => cells.filter((c) => c.trim() !== '').length;
/** Total rows in tables by area: Scotland, not a council area of their own. */
export const TOTAL_LABELS = new Set(['total', 'all', 'all areas', 'all local authorities', 'all councils', 'scotland total', 'scotland (total)']);

/** Find the header, label column, body and notes of a published table. */
export function tableShape(grid: Grid, source: Pick<DataSourceSpec, 'header_row' | 'years_in' | 'areas_in' | 'area' | 'year' | 'table' | 'area_groups'>, markers: Record<string, MarkerMeaning>, areas: AreaIndex): TableShape {
  const { rows, tables } = pickTable(grid, source.table);
  const isFigure = (t: string) => {
    const k = parseCell(t, markers).kind;
    // A formula whose value the file does not hold stands where a figure does: it is told at its cell.
    return k === 'number' || k === 'marker' || t.startsWith('=');
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
  const after = rows.slice(h + 1);
  // The label column: the first column holding text (not figures) in the rows below the header.
  let labelColumn = 0;
  const width = Math.max(1, ...after.map((r) => r.cells.length));
  for (let c = 0; c < width; c++) {
    if (after.some((r) => (r.cells[c] ?? '').trim() !== '' && !isFigure(r.cells[c]))) {
      labelColumn = c;
      break;
    }
  }
  // Two header rows: a year over the columns it spans ("2019-20" over "Number" and "%").
  const upper = h > 0 && rows[h - 1].row === rows[h].row - 1 ? rows[h - 1] : undefined;
  const joined = joinHeaderRows(upper?.cells, rows[h].cells, labelColumn);
  const headerCells = joined.cells;
  const textual = (c: number) => {
    let text = 0;
    let figures = 0;
    for (const r of after) {
      const t = (r.cells[c] ?? '').trim();
      if (!t) continue;
      if (isFigure(t)) figures++;
      else if (/[A-Za-z]{2}/.test(t) && !(t in markers)) text++;
    }
    return text > figures;
  };
  const groups = areaGroups(source.area_groups, areas);
  const areaLike = (t: string) => {
    const text = stripNotes(t).text;
    return !!text && (!!resolveArea(areas, text) || groups.has(labelKey(withoutFootnote(text))) || NOT_AN_AREA.test(withoutFootnote(text)));
  };
  const all: TableColumn[] = [];
  headerCells.forEach((raw, index) => {
    if (index < labelColumn || raw.trim() === '') return;
    const { text, notes } = stripNotes(raw);
    const top = joined.top[index];
    const y = yearOf(top !== undefined ? stripNotes(top).text : text);
    all.push({ index, label: text, notes: [...new Set(notes)], ...(y.year !== undefined ? { year: y.year } : {}), ...(y.bad ? { badYear: y.bad } : {}), area: resolveArea(areas, text), ...(top !== undefined && joined.sub[index] ? { sub: stripNotes(joined.sub[index]).text } : {}) });
  });
  // Columns of categories (the filterable layout): text beside the label column, not years or areas.
  let dims = all.filter((c) => c.index > labelColumn && c.year === undefined && !c.badYear && !c.area && textual(c.index));
  // The area is the column of categories whose values are most often council areas.
  const areaCount = (c: number) => after.filter((r) => areaLike(r.cells[c] ?? '')).length;
  const best = [labelColumn, ...dims.map((d) => d.index)].reduce((a, b) => (areaCount(b) > areaCount(a) ? b : a), labelColumn);
  if (best !== labelColumn) {
    const old = all.find((c) => c.index === labelColumn);
    dims = [...dims.filter((d) => d.index !== best), ...(old ? [old] : [])].sort((a, b) => a.index - b.index);
    labelColumn = best;
  }
  const dimIdx = new Set(dims.map((d) => d.index));
  const columns = all.filter((c) => c.index !== labelColumn && !dimIdx.has(c.index));
  // The body ends at the last row with a figure; below it are notes and the source line.
  let last = -1;
  after.forEach((r, i) => {
    if (columns.some((c) => (r.cells[c.index] ?? '').trim() !== '' && isFigure(r.cells[c.index]))) last = i;
  });
  const body: TableRow[] = after.slice(0, last + 1).map((r) => {
    const { text, notes } = stripNotes(r.cells[labelColumn] ?? '');
    const dimParts = dims.map((d) => stripNotes(r.cells[d.index] ?? ''));
    const y = yearOf(text);
    const total = TOTAL_LABELS.has(withoutFootnote(text).toLowerCase());
    const group = groups.get(labelKey(withoutFootnote(text)));
    const area = total ? undefined : resolveArea(areas, text);
    return {
      row: r.row,
      cells: r.cells,
      label: text,
      notes: [...notes, ...dimParts.flatMap((p) => p.notes)],
      figures: columns.filter((c) => (r.cells[c.index] ?? '').trim() !== '' && isFigure(r.cells[c.index])).length,
      ...(y.year !== undefined ? { year: y.year } : {}),
      ...(y.bad ? { badYear: y.bad } : {}),
      area,
      ...(total ? { total } : {}),
      ...(group ? { group: group.label } : {}),
      ...(!area && !total && !group && text && NOT_AN_AREA.test(withoutFootnote(text)) ? { notArea: true } : {}),
      dims: dimParts.map((p) => p.text),
    };
  });
  const yearsIn = source.years_in ?? (source.year ? undefined : columns.some((c) => c.year !== undefined || c.badYear) ? 'columns' : body.some((r) => r.year !== undefined) ? 'rows' : undefined);
  const other = (d?: 'rows' | 'columns') => (d === 'rows' ? 'columns' : d === 'columns' ? 'rows' : undefined);
  let areasIn = source.areas_in;
  if (!areasIn && !source.area) {
    const inRows = body.filter((r) => r.area || r.group).length;
    const inCols = columns.filter((c) => c.area).length;
    if (inRows && yearsIn !== 'rows' && inRows >= inCols) areasIn = 'rows';
    else if (inCols && yearsIn !== 'columns') areasIn = 'columns';
  }
  if (areasIn && areasIn === yearsIn) areasIn = other(yearsIn);
  const below = after.slice(last + 1);
  const noteMap = new Map([...(grid.notes ?? []), ...noteTexts(below.map((r) => r.cells))]);
  return {
    headerRow: rows[h].row,
    headerRows: joined.top.some((t) => t !== undefined) ? [upper!.row, rows[h].row] : [rows[h].row],
    header: headerCells,
    labelColumn,
    columns,
    dims,
    body,
    above: rows.slice(0, joined.top.some((t) => t !== undefined) ? h - 1 : h),
    below,
    title: tableTitle(rows.slice(0, h)),
    tables,
    noteTexts: noteMap,
    yearsIn,
    areasIn,
  };
}

/** What the rows and the columns of a table hold. */
export function dimensions(shape: TableShape): { rows: 'years' | 'areas' | 'categories'; columns: 'years' | 'areas' | 'categories' } {
  const rows = shape.yearsIn === 'rows' ? 'years' : shape.areasIn === 'rows' ? 'areas' : 'categories';
  const columns = shape.yearsIn === 'columns' ? 'years' : shape.areasIn === 'columns' ? 'areas' : 'categories';
  return { rows, columns };
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
