import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeBytes, type Encoding } from './decode.js';
import { csvTextRecords } from './quick-csv.js';
import { noteText } from './notes.js';
import { sheetPart, sheetReader, type SheetCell } from './xlsx-sheet.js';

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
  /** Note texts by number (or marker letter), from the workbook's Notes sheet. */
  notes?: Map<string, string>;
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
export async function readCsvGrid(file: string, encoding: Encoding, delimiter: string): Promise<Grid> {
  if (statSync(file).size > TABLE_CSV_BYTES) throw new GridProblem('data-file-too-large', `A table over ${TABLE_CSV_BYTES / 1024 / 1024} MB cannot be read as a published table.`, 'Use the long layout for large extracts: it is read row by row.');
  const buf = readFileSync(file);
  const text = decodeBytes(buf, encoding);
  // A published table's stray quotes are kept as text (relax_quotes), as a spreadsheet shows them.
  const recs = await csvTextRecords(text, delimiter, true);
  // Rows of empty cells (",,,,") are blank rows, kept out as a workbook's are.
  return { rows: recs.filter((r) => r.record.some((c) => c.trim() !== '')).map((r) => ({ cells: r.record, row: r.info.lines })) };
}

const DAMAGED_HINT = 'Open it in Excel or LibreOffice (which may repair it) and save it again, or export the table as CSV.';

/** What a workbook that is not a readable zip is: password-protected, an older Excel file, damaged, or something else. */
function notAZip(buf: Buffer, name: string): GridProblem {
  const type = path.extname(name).slice(1).toUpperCase();
  // Excel and LibreOffice save a password-protected workbook as an OLE compound file holding an EncryptedPackage.
  if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    if (buf.includes(Buffer.from('EncryptedPackage', 'utf16le')))
      return new GridProblem('data-workbook-encrypted', `${name} is password-protected (encrypted), so its sheets cannot be read.`, 'Save a copy without the password (in Excel: File › Info › Protect Workbook › Encrypt with Password, and clear it), or export the table as CSV.');
    return new GridProblem('data-workbook-old', `${name} is an Excel 97–2003 workbook (.xls), not ${type}.`, 'Open it in Excel or LibreOffice and save it as .xlsx, or export the table as CSV.');
  }
  if (buf[0] === 0x50 && buf[1] === 0x4b) return new GridProblem('data-workbook-damaged', `${name} is damaged: its zip structure is broken (it may have been cut short while copying).`, DAMAGED_HINT);
  return new GridProblem('data-workbook-unreadable', `${name} is not a workbook (not a valid ${type} file).`, 'Save the file again from Excel or LibreOffice, or export the table as CSV.');
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
    throw notAZip(buf, name);
  }
  if (unpacked > WORKBOOK_LIMITS.unpacked || (packed > 0 && unpacked / packed > WORKBOOK_LIMITS.ratio && unpacked > 10 * 1024 * 1024))
    throw new GridProblem('data-workbook-too-large', `${name} unpacks to ${Math.round(unpacked / 1024 / 1024)} MB, more than a statistics workbook holds (limit ${WORKBOOK_LIMITS.unpacked / 1024 / 1024} MB, at most ${WORKBOOK_LIMITS.ratio} times its size).`, 'Keep only the sheets you need, or export the table as CSV.');
}

/** How many times an ODS row or cell stands (`table:number-rows-repeated`, `…-columns-repeated`). */
const repeat = (attrs: string, which: 'rows' | 'columns') => Number(new RegExp(`table:number-${which}-repeated="(\\d+)"`).exec(attrs)?.[1] ?? 1);

/**
 * An ODS sheet can say "this row, 1,000,000 times" and "this cell, 1,000 times" in a few bytes; the
 * cells such repeats stand for are counted from content.xml before anything is expanded, so a
 * 1.5 KB file cannot become a billion cells. Only cells holding something count: LibreOffice writes
 * long runs of empty formatted cells that no reader expands.
 */
function checkRepeatedCells(buf: Buffer, name: string, unzipSync: typeof import('fflate').unzipSync): string | undefined {
  let xml: string;
  try {
    const files = unzipSync(buf, { filter: (f) => f.name === 'content.xml' });
    if (!files['content.xml']) return undefined;
    xml = new TextDecoder().decode(files['content.xml']);
  } catch {
    return undefined;
  }
  let total = 0;
  for (const row of xml.matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    let cells = 0;
    for (const c of (row[2] ?? '').matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)(\/?)>/g)) if (/office:value-type=/.test(c[1]) || c[2] !== '/') cells += repeat(c[1], 'columns');
    total += repeat(row[1], 'rows') * cells;
    if (total > WORKBOOK_LIMITS.cells)
      throw new GridProblem('data-workbook-too-large', `${name} repeats its rows and cells to more than ${WORKBOOK_LIMITS.cells.toLocaleString('en-GB')} cells, more than a statistics workbook holds.`, 'Keep only the table you need, or export it as CSV.');
  }
  return xml;
}

/**
 * The cells of an ODS sheet whose value type is percentage ("r,c", 0-based): such a cell holds 0.16
 * for 16%, whatever its display style says. Rows and cells are walked with their repeats (already
 * bounded by checkRepeatedCells).
 */
export function odsPercentCells(xml: string, sheet: string): Set<string> {
  const out = new Set<string>();
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const table = [...xml.matchAll(/<table:table\b([^>]*)>([\s\S]*?)<\/table:table>/g)].find((t) => unescape(/table:name="([^"]*)"/.exec(t[1])?.[1] ?? '') === sheet);
  if (!table || !table[2].includes('"percentage"')) return out;
  let r = 0;
  for (const row of table[2].matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const rows = repeat(row[1], 'rows');
    let c = 0;
    const pct: number[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)\/?>/g)) {
      const n = repeat(cell[1], 'columns');
      if (/office:value-type="percentage"/.test(cell[1])) for (let k = 0; k < n; k++) pct.push(c + k);
      c += n;
    }
    if (pct.length) for (let k = 0; k < Math.min(rows, 1000); k++) for (const col of pct) out.add(`${r + k},${col}`);
    r += rows;
  }
  return out;
}

/** An Excel date serial (days since 30 December 1899) as YYYY-MM-DD. */
const serialDate = (n: number) => new Date(Math.round((n - 25569) * 86_400_000)).toISOString().slice(0, 10);

/**
 * A cell as text, the way the figure reads: numbers exactly, percentage formats as percentages, a
 * number shown as a date as that date (YYYY-MM-DD, never a count of days), and a formula whose
 * value the file does not hold as the formula ("=SUM(B4:B6)"), never as a blank.
 */
function cellText(c: SheetCell | undefined, percentType = false, isDate: (z: string) => boolean = () => false): string {
  if (c?.f !== undefined && (c.v === undefined || c.v === null || c.v === '')) return `=${c.f}`;
  if (c?.t === 'e' && c.v === undefined && c.w === undefined) return '=';
  if (!c || c.v === undefined || c.v === null) return '';
  if (c.t === 'n' && typeof c.v === 'number' && typeof c.z === 'string' && c.z !== 'General' && isDate(c.z)) return serialDate(c.v);
  if (c.t === 'n' && typeof c.v === 'number') {
    const pct = percentType || (typeof c.z === 'string' && c.z.includes('%'));
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
  const { unzipSync } = await import('fflate');
  checkWorkbookZip(buf, display, unzipSync);
  const odsXml = checkRepeatedCells(buf, display, unzipSync);
  const XLSX = await import('@e965/xlsx');
  const opts = { type: 'buffer' as const, dense: true, cellFormula: true, cellHTML: false, cellStyles: false, cellNF: true, cellDates: false, WTF: false };
  let names: string[];
  try {
    names = XLSX.read(buf, { ...opts, bookSheets: true }).SheetNames;
  } catch {
    throw new GridProblem('data-workbook-damaged', `${display} is damaged: its workbook parts cannot be unpacked or read.`, DAMAGED_HINT);
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
  // A Notes sheet (the Scottish Government's accessible layout) holds the texts of the notes the tables refer to.
  const notesSheet = names.find((n) => n !== name && /^notes?$/i.test(n.trim()));
  let notes: Map<string, string> | undefined;
  const noteRows = (cells: SheetCell[][]) => noteTexts(cells.map((line) => (line ?? []).map((c) => cellText(c))));
  // An XLSX sheet is read cell by cell from its own part; SheetJS reads the rest (ODS, and what that reader hands back).
  const fast = odsXml === undefined ? readXlsxSheets(buf, unzipSync, notesSheet ? [name, notesSheet] : [name], (id) => XLSX.SSF.get_table()[id]) : undefined;
  let data: SheetCell[][];
  if (fast?.[0]) {
    data = fast[0];
    if (notesSheet && fast[1]) notes = noteRows(fast[1]);
  } else {
    try {
      const book = XLSX.read(buf, { ...opts, sheets: notesSheet ? [name, notesSheet] : [name] });
      data = (book.Sheets[name] as { '!data'?: SheetCell[][] })?.['!data'] ?? [];
      if (notesSheet) notes = noteRows((book.Sheets[notesSheet] as { '!data'?: SheetCell[][] })?.['!data'] ?? []);
    } catch {
      throw new GridProblem('data-workbook-damaged', `${display} is damaged: sheet '${name}' cannot be unpacked or read.`, DAMAGED_HINT);
    }
  }
  // An ODS percentage cell is a percentage with or without a percentage display style.
  const percent = odsXml ? odsPercentCells(odsXml, name) : new Set<string>();
  const rows: GridRow[] = [];
  let cells = 0;
  for (let r = 0; r < data.length; r++) {
    const line = data[r];
    if (!line) continue;
    cells += line.length;
    if (cells > WORKBOOK_LIMITS.cells) throw new GridProblem('data-workbook-too-large', `Sheet ${name} of ${display} has more than ${WORKBOOK_LIMITS.cells.toLocaleString('en-GB')} cells.`, 'Keep only the table you need, or export it as CSV.');
    const texts = Array.from({ length: line.length }, (_, c) => cellText(line[c], percent.has(`${r},${c}`), XLSX.SSF.is_date));
    while (texts.length && texts[texts.length - 1].trim() === '') texts.pop();
    if (texts.length) rows.push({ cells: texts, row: r + 1 });
  }
  return { rows, sheet: name, sheets: names, ...(notes?.size ? { notes } : {}) };
}

/** XLSX sheets by name, read from their parts; an entry is undefined where SheetJS should read it. */
function readXlsxSheets(buf: Buffer, unzipSync: typeof import('fflate').unzipSync, names: string[], builtIn: (id: number) => string | undefined): (SheetCell[][] | undefined)[] | undefined {
  try {
    const text = (files: Record<string, Uint8Array>, part: string) => (files[part] ? Buffer.from(files[part].buffer, files[part].byteOffset, files[part].length).toString('utf8') : undefined);
    const index = unzipSync(buf, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
    const wanted = names.map((n) => sheetPart((p) => text(index, p), n));
    if (wanted.some((p) => p === undefined)) return undefined;
    const want = new Set([...(wanted as string[]), 'xl/sharedStrings.xml', 'xl/styles.xml']);
    const files = { ...index, ...unzipSync(buf, { filter: (f) => want.has(f.name) }) };
    const read = sheetReader((part) => text(files, part), builtIn);
    return wanted.map((p) => read(p!));
  } catch {
    return undefined; // SheetJS reads it, and names what is wrong
  }
}

/** Note texts of rows ("note 1" | its text, or "Note 1: its text" in one cell), by number or marker letter. */
export function noteTexts(rows: string[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const cells of rows) {
    const filled = cells.filter((c) => c.trim());
    const n = filled.length ? noteText(filled[0], filled[1]) : undefined;
    if (n && !out.has(n.key)) out.set(n.key, n.text);
  }
  return out;
}
