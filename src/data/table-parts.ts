import type { Grid, GridRow } from './grid.js';
import { isYearHeading, labelKey } from './notes.js';
import { parseCell, DEFAULT_MARKERS } from '../core/markers.js';

/** A table's title line on a sheet that holds several: "Table 8a: Community payback orders…". */
export interface TableTitle {
  title: string;
  row: number;
}

const TABLE_TITLE = /^table\s+[a-z]?\d+[a-z]?(\s*\([a-z0-9]+\))?(\s*[:.\u2013-]|\s*$)/i;
/** Lines above a table that are links, not its title: "Return to Index", "Back to contents". */
const NOT_A_TITLE = /^(return|back|go)\s+to\b|^(index|contents|home)$|^https?:\/\//i;

const firstText = (r: GridRow) => r.cells.find((c) => c.trim() !== '')?.trim() ?? '';
const onlyCell = (r: GridRow) => r.cells.filter((c) => c.trim() !== '').length === 1;
const hasFigures = (r: GridRow) => r.cells.slice(1).some((c) => parseCell(c, DEFAULT_MARKERS).kind === 'number');

/** The title of a table: its first line of text above the header that is not a link. */
export function tableTitle(above: GridRow[]): string | undefined {
  return above.map(firstText).find((t) => t && !NOT_A_TITLE.test(t));
}

/**
 * The rows of the table to read. A sheet (or CSV) holding several tables one below another, each
 * under its own title with figures beneath it, needs `table:` (the title or its start); each table
 * runs from its title to the next title.
 */
export function pickTable(grid: Grid, table: string | undefined): { rows: GridRow[]; tables: TableTitle[] } {
  const rows = grid.rows;
  const spans = tableSpans(grid);
  const tables = spans.map(({ s }) => ({ title: firstText(rows[s]), row: rows[s].row }));
  const listed = tables.map((t) => `'${t.title}' (row ${t.row})`).join(', ');
  if (table === undefined) {
    if (spans.length > 1)
      throw new TableProblem('data-several-tables', `This ${grid.sheet !== undefined ? 'sheet' : 'file'} holds ${spans.length} tables, one below another: ${listed}. Say which to read.`, `Add table: "${/^table\s+\S+?(?=[:.\u2013-]|\s|$)/i.exec(tables[0].title)?.[0] ?? tables[0].title}" to the data source (the start of its title).`, tables[1].row, 'table');
    return { rows, tables: spans.length > 1 ? tables : [] };
  }
  const want = labelKey(table);
  const k = tables.findIndex((t) => {
    const have = labelKey(t.title);
    return have.startsWith(want) && !/[a-z0-9]/i.test(have.charAt(want.length));
  });
  if (k < 0) {
    // One table with no title line of its own is the whole file; table: must then name its title.
    const whole = tableTitle(rows.slice(0, 3));
    if (!tables.length && whole && labelKey(whole).startsWith(want)) return { rows, tables };
    throw new TableProblem('data-table-missing', `No table titled '${table}' ${grid.sheet !== undefined ? `on sheet ${grid.sheet}` : 'in the file'}${tables.length ? `; its tables are ${listed}` : whole ? `; its title is '${whole}'` : ''}.`, 'Give table: as the start of the title as written, e.g. table: "Table 8a".', 1, 'table');
  }
  return { rows: rows.slice(spans[k].s, spans[k].e), tables };
}

/** Where each titled table with figures beneath it starts and ends (indexes of rows). */
function tableSpans(grid: Grid): { s: number; e: number }[] {
  const rows = grid.rows;
  const starts = rows.map((r, i) => (onlyCell(r) && TABLE_TITLE.test(firstText(r)) ? i : -1)).filter((i) => i >= 0);
  return starts.map((s, k) => ({ s, e: k + 1 < starts.length ? starts[k + 1] : rows.length })).filter(({ s, e }) => rows.slice(s + 1, e).some(hasFigures));
}

/** The titles of the tables stacked on a sheet: none when it holds one table. */
export function stackedTables(grid: Grid): string[] {
  const spans = tableSpans(grid);
  return spans.length > 1 ? spans.map(({ s }) => firstText(grid.rows[s])) : [];
}

/** A problem a table's shape shows, and the source key to fix it at (thrown; read-data reports it). */
export class TableProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly row: number,
    readonly planKey?: string,
  ) {
    super(message);
  }
}

/**
 * A header of two rows read as one: each year of the upper row stands over the columns up to the
 * next heading ("2019-20" over "Number" and "%" reads "2019-20 Number", "2019-20 %"). Only an upper
 * row whose years span more than one column below is joined; a title line is not a header.
 */
export function joinHeaderRows(upper: string[] | undefined, lower: string[], labelColumn: number): { cells: string[]; top: (string | undefined)[]; sub: string[] } {
  const none = { cells: lower, top: lower.map(() => undefined), sub: lower.map(() => '') };
  if (!upper) return none;
  const width = Math.max(upper.length, lower.length);
  const years = upper.map((c, i) => (i > labelColumn && isYearHeading(c) ? i : -1)).filter((i) => i >= 0);
  if (!years.length) return none;
  const spans = years.some((i) => (upper[i + 1] ?? '').trim() === '' && (lower[i + 1] ?? '').trim() !== '');
  if (!spans) return none;
  const cells: string[] = [];
  const top: (string | undefined)[] = [];
  const sub: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < width; i++) {
    const u = (upper[i] ?? '').trim();
    const l = (lower[i] ?? '').trim();
    if (i > labelColumn && u) current = u;
    if (i <= labelColumn || current === undefined) {
      cells.push(l || u);
      top.push(undefined);
      sub.push('');
      continue;
    }
    cells.push(l ? `${current} ${l}` : current);
    top.push(current);
    sub.push(l);
  }
  return { cells, top, sub };
}
