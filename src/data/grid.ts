import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { decodeWindows1252, type Encoding } from './decode.js';

/** One row of a table as read: its cells as text, and its number in the file (CSV line) or sheet. */
export interface GridRow {
  cells: string[];
  row: number;
}

/** A CSV file or one sheet of a workbook, as rows of text. */
export interface Grid {
  rows: GridRow[];
  /** For a workbook: the sheet read, and every sheet's name. */
  sheet?: string;
  sheets?: string[];
}

/** A file that cannot be read as a table, in words for a finding. */
export class GridProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.ods']);
export const isWorkbook = (file: string): boolean => WORKBOOK_EXTENSIONS.has(path.extname(file).toLowerCase());

/**
 * Bounds on what one workbook may cost: its size on disk, what its parts claim to hold once
 * unpacked (a zip bomb claims little and unpacks a lot, so the ratio is bounded too), and cells.
 */
export const WORKBOOK_LIMITS = { bytes: 50 * 1024 * 1024, unpacked: 400 * 1024 * 1024, ratio: 200, cells: 20_000_000 };

/** Published tables read whole are bounded too: larger CSV files belong in the long layout, which streams. */
export const TABLE_CSV_BYTES = 50 * 1024 * 1024;

/** A CSV file read whole into rows, blank rows kept out but counted in row numbers. */
export function readCsvGrid(file: string, encoding: Encoding, delimiter: string): Grid {
  if (statSync(file).size > TABLE_CSV_BYTES) throw new GridProblem('data-file-too-large', `A table over ${TABLE_CSV_BYTES / 1024 / 1024} MB cannot be read as a published table.`, 'Use the long layout for large extracts: it is read row by row.');
  const buf = readFileSync(file);
  const text = encoding === 'utf-8' ? buf.toString('utf8') : decodeWindows1252(buf);
  const recs = parseSync(text, { delimiter, info: true, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as unknown as { record: string[]; info: { lines: number } }[];
  // Rows of empty cells (",,,,") are blank rows, kept out as a workbook's are.
  return { rows: recs.filter((r) => r.record.some((c) => c.trim() !== '')).map((r) => ({ cells: r.record, row: r.info.lines })) };
}

/** Check a workbook's zip directory before anything is unpacked. */
function checkWorkbookZip(buf: Buffer, name: string, unzipSync: typeof import('fflate').unzipSync): void {
  let unpacked = 0;
  let packed = 0;
  try {
    unzipSync(buf, {
      filter: (f) => {
        unpacked += f.originalSize;
        packed += f.size;
        return false; // nothing is unpacked here
      },
    });
  } catch {
    throw new GridProblem('data-workbook-unreadable', `${name} is not a workbook (not a valid ${path.extname(name).slice(1).toUpperCase()} file).`, 'Save the file again from Excel or LibreOffice, or export the table as CSV.');
  }
  if (unpacked > WORKBOOK_LIMITS.unpacked || (packed > 0 && unpacked / packed > WORKBOOK_LIMITS.ratio && unpacked > 10 * 1024 * 1024))
    throw new GridProblem('data-workbook-too-large', `${name} unpacks to ${Math.round(unpacked / 1024 / 1024)} MB, more than a statistics workbook holds (limit ${WORKBOOK_LIMITS.unpacked / 1024 / 1024} MB, at most ${WORKBOOK_LIMITS.ratio} times its size).`, 'Keep only the sheets you need, or export the table as CSV.');
}

type SheetCell = { t: string; v?: unknown; w?: string; z?: string };

/** A cell as text, the way the figure reads: numbers exactly, percentage formats as percentages. */
function cellText(c: SheetCell | undefined): string {
  if (!c || c.v === undefined || c.v === null) return '';
  if (c.t === 'n' && typeof c.v === 'number') {
    const pct = typeof c.z === 'string' && c.z.includes('%');
    const v = Number((pct ? c.v * 100 : c.v).toPrecision(12));
    return pct ? `${v}%` : String(v);
  }
  if (c.t === 'b') return c.v ? 'TRUE' : 'FALSE';
  if (c.t === 'e' || c.t === 'd') return c.w ?? '';
  return String(c.v);
}

/**
 * One sheet of an XLSX or ODS workbook, by name or position (1 is the first); a workbook of one
 * sheet needs neither. Formulas are not evaluated: the value the file stores is read.
 */
export async function readWorkbookGrid(file: string, display: string, sheet: string | number | undefined): Promise<Grid> {
  const size = statSync(file).size;
  if (size > WORKBOOK_LIMITS.bytes) throw new GridProblem('data-file-too-large', `${display} is ${Math.round(size / 1024 / 1024)} MB; workbooks over ${WORKBOOK_LIMITS.bytes / 1024 / 1024} MB are not read.`, 'Keep only the sheets you need, or export the table as CSV.');
  const buf = readFileSync(file);
  checkWorkbookZip(buf, display, (await import('fflate')).unzipSync);
  const XLSX = await import('@e965/xlsx');
  const opts = { type: 'buffer' as const, dense: true, cellFormula: false, cellHTML: false, cellStyles: false, cellNF: true, cellDates: false, WTF: false };
  let names: string[];
  try {
    names = XLSX.read(buf, { ...opts, bookSheets: true }).SheetNames;
  } catch (e) {
    throw new GridProblem('data-workbook-unreadable', `${display} cannot be read as a workbook: ${(e as Error).message}.`, 'Save the file again from Excel or LibreOffice, or export the table as CSV.');
  }
  const listed = names.map((n) => `'${n}'`).join(', ');
  let name: string;
  if (sheet === undefined) {
    if (names.length !== 1) throw new GridProblem('data-sheet-needed', `${display} has ${names.length} sheets: ${listed}. Say which to read.`, `Add sheet: "${names.find((n) => /table/i.test(n)) ?? names[0]}" (or its position, e.g. sheet: 2) to the data source.`);
    name = names[0];
  } else if (typeof sheet === 'number') {
    if (sheet > names.length) throw new GridProblem('data-sheet-missing', `${display} has ${names.length} sheet${names.length === 1 ? '' : 's'} (${listed}), so there is no sheet ${sheet}.`, 'Give the sheet by name or by a position that exists.');
    name = names[sheet - 1];
  } else {
    const found = names.find((n) => n === sheet) ?? names.find((n) => n.trim().toLowerCase() === sheet.trim().toLowerCase());
    if (!found) throw new GridProblem('data-sheet-missing', `${display} has no sheet '${sheet}'; its sheets are ${listed}.`, 'Give the sheet name as the workbook spells it, or its position (1 for the first).');
    name = found;
  }
  let ws: { '!data'?: SheetCell[][]; '!ref'?: string } | undefined;
  try {
    ws = XLSX.read(buf, { ...opts, sheets: [name] }).Sheets[name] as typeof ws;
  } catch (e) {
    throw new GridProblem('data-workbook-unreadable', `${display} cannot be read as a workbook: ${(e as Error).message}.`, 'Save the file again from Excel or LibreOffice, or export the table as CSV.');
  }
  const data = ws?.['!data'] ?? [];
  const rows: GridRow[] = [];
  let cells = 0;
  for (let r = 0; r < data.length; r++) {
    const line = data[r];
    if (!line) continue;
    cells += line.length;
    if (cells > WORKBOOK_LIMITS.cells) throw new GridProblem('data-workbook-too-large', `Sheet ${name} of ${display} has more than ${WORKBOOK_LIMITS.cells.toLocaleString('en-GB')} cells.`, 'Keep only the table you need, or export it as CSV.');
    const texts = Array.from({ length: line.length }, (_, c) => cellText(line[c]));
    while (texts.length && texts[texts.length - 1].trim() === '') texts.pop();
    if (texts.length) rows.push({ cells: texts, row: r + 1 });
  }
  return { rows, sheet: name, sheets: names };
}
