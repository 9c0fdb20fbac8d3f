import { statSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CjoipError, EXIT } from '../core/errors.js';
import { DEFAULT_MARKERS } from '../core/markers.js';
import { clip, columnLetters } from '../core/words.js';
import type { Encoding } from '../data/decode.js';
import { GridProblem, isWorkbook, readCsvGrid, readWorkbookGrid, type Grid } from '../data/grid.js';
import { stripNotes } from '../data/notes.js';
import { BINARY_CSV, sniffCsv } from '../data/read-data.js';
import { TableProblem, tableShape, type TableShape } from '../data/table.js';
import { stackedTables } from '../data/table-parts.js';
import { describeTable } from './inspect-table.js';
import { fsProblem } from '../read/inside.js';
import { readAreaIndex } from '../read/load-reference.js';
import { readBuiltInFramework } from '../read/read-framework.js';
import type { Io } from './io.js';

export interface InspectOptions {
  sheet?: string;
  table?: string;
  headerRow?: string;
  framework?: string;
}

const describeEncoding = (e: Encoding, bom: boolean) => (e === 'utf-8' ? `UTF-8${bom ? ' with a byte order mark' : ''}` : e === 'windows-1252' ? 'Windows-1252' : 'UTF-16 (Unicode text)');
const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** `cjoip data inspect <file>`: how cjoip reads a data file, and a `data:` entry for the plan. */
export async function runDataInspect(file: string, opts: InspectOptions, io: Io): Promise<number> {
  const abs = path.resolve(file);
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new CjoipError('not-a-file', `${file} is not a file.`, 'Give the path of a CSV, XLSX or ODS file.');
  } catch (e) {
    if (e instanceof CjoipError) throw e;
    throw new CjoipError('cannot-read', `${file} cannot be read: ${fsProblem(e).detail}.`, 'Give the path of a CSV, XLSX or ODS file.');
  }
  const framework = readBuiltInFramework(opts.framework ?? 'cjpf-2023');
  if (!framework) throw new CjoipError('unknown-framework', `Unknown framework '${opts.framework}'.`, 'cjoip framework lists the frameworks.');
  const headerRow = opts.headerRow === undefined ? undefined : Number(opts.headerRow);
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 1)) throw new CjoipError('bad-option', `--header-row ${opts.headerRow} is not a row number.`, 'Give the number of the row holding the column headings, e.g. --header-row 3.');
  const areas = readAreaIndex();
  const lines: string[] = [];
  const say = (s = '') => lines.push(s);
  const rel = path.relative(process.cwd(), abs).split(path.sep).join('/');
  say(io.color.bold(rel));

  let grid: Grid;
  let csv: { encoding: Encoding; delimiter: string } | undefined;
  let chosenSheet: string | undefined;
  try {
    if (isWorkbook(abs)) {
      const sheetOpt = opts.sheet === undefined ? undefined : /^\d+$/.test(opts.sheet) ? Number(opts.sheet) : opts.sheet;
      try {
        grid = await readWorkbookGrid(abs, rel, sheetOpt);
      } catch (e) {
        if (!(e instanceof GridProblem) || e.code !== 'data-sheet-needed') throw e;
        // Several sheets: read the first that holds a table, and say so.
        const names = (await readWorkbookGrid(abs, rel, 1)).sheets!;
        let found: Grid | undefined;
        for (let i = 1; i <= names.length && !found; i++) {
          const g = await readWorkbookGrid(abs, rel, i);
          try {
            tableShape(g, { header_row: headerRow }, DEFAULT_MARKERS, areas);
            found = g;
          } catch (e) {
            // Several tables on one sheet is a sheet of tables; anything else is not a table: try the next sheet.
            if (e instanceof TableProblem && e.code === 'data-several-tables') found = g;
          }
        }
        if (!found) throw new GridProblem('data-no-table', `None of the sheets of ${rel} (${names.map((n) => `'${n}'`).join(', ')}) holds a table cjoip can find.`, 'Choose one with --sheet and give --header-row.');
        grid = found;
      }
      chosenSheet = grid.sheet;
      say(`  Read as:    workbook (${path.extname(abs).slice(1).toUpperCase()}), sheet '${grid.sheet}' of ${grid.sheets!.map((n) => `'${n}'`).join(', ')}${opts.sheet === undefined && grid.sheets!.length > 1 ? ' (the first that holds a table; choose another with --sheet)' : ''}`);
    } else {
      const sniff = sniffCsv(abs, 'auto');
      if (sniff.binary) throw new GridProblem('data-binary', `${rel} cannot be read: ${BINARY_CSV.message}.`, BINARY_CSV.hint);
      csv = sniff;
      grid = await readCsvGrid(abs, sniff.encoding, sniff.delimiter);
      say(`  Read as:    CSV, ${describeEncoding(sniff.encoding, sniff.bom)}, ${DELIMITERS[sniff.delimiter]}-separated`);
    }
  } catch (e) {
    if (e instanceof GridProblem) throw new CjoipError(e.code, e.message, e.hint, EXIT.problems);
    throw new CjoipError('data-csv-syntax', `${rel} cannot be read as CSV: ${(e as Error).message}`, 'Check quotes: a field that contains the delimiter or a line break must be in double quotes.', EXIT.problems);
  }
  const pos = (row: number, col?: number) => (chosenSheet !== undefined ? `${chosenSheet}!${col === undefined ? '' : columnLetters(col + 1)}${row}` : `row ${row}`);
  if (!grid.rows.length) throw new CjoipError('data-empty-file', `${rel} holds no rows.`, 'Export the table again, with its header row.', EXIT.problems);

  // Tidy files: the long layout and statistics.gov.scot extracts are known by their headers.
  const first = grid.rows[0].cells.map((c) => c.trim().toLowerCase());
  const has = (...names: string[]) => names.every((n) => first.includes(n));
  const id = path.basename(abs, path.extname(abs)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'data';
  const entry: Record<string, unknown> = { id, files: [rel] };
  if (chosenSheet !== undefined && (grid.sheets?.length ?? 1) > 1) entry.sheet = chosenSheet;
  const provenance = (title: string) => ({ publisher: 'FILL IN: who published these figures', title: clip(title || 'FILL IN: the title of the table', 120), status: 'official' });

  if (has('featurecode', 'datecode', 'value') || has('geographycode', 'datecode', 'value')) {
    const dims = grid.rows[0].cells.filter((c) => !/^(featurecode|geographycode|datecode|value|datamarker|units)$/i.test(c.trim()));
    say(`  Layout:     statistics.gov.scot tidy extract; header ${pos(grid.rows[0].row)}; ${grid.rows.length - 1} rows`);
    say(`  Dimensions: ${dims.join(', ')}`);
    for (const d of dims.slice(0, 4)) {
      const i = grid.rows[0].cells.indexOf(d);
      const values = [...new Set(grid.rows.slice(1).map((r) => r.cells[i] ?? ''))];
      say(`    ${d}: ${values.slice(0, 8).join(', ')}${values.length > 8 ? `, … (${values.length} values)` : ''}`);
    }
    Object.assign(entry, { layout: 'statistics-gov-scot', indicator: 'FILL IN', measures: [{ measure: 'FILL IN', where: Object.fromEntries(dims.slice(0, 2).map((d) => [d, grid.rows[1]?.cells[grid.rows[0].cells.indexOf(d)] ?? ''])) }] });
    say('  The entry below maps one measure by the values of its first row: change indicator, measure and where: to the rows each measure is.');
  } else if (has('indicator', 'measure', 'area', 'year')) {
    say(`  Layout:     long (one figure per row); header ${pos(grid.rows[0].row)}; ${grid.rows.length - 1} rows`);
    Object.assign(entry, { layout: 'long' });
  } else {
    // A sheet of tables stacked one below another: each is described, with its own entry.
    let titles: string[] = [];
    try {
      tableShape(grid, { header_row: headerRow, table: opts.table }, DEFAULT_MARKERS, areas);
    } catch (e) {
      if (!(e instanceof TableProblem)) throw e;
      if (e.code !== 'data-several-tables') throw new CjoipError(e.code, `${rel}: ${e.message}`, e.hint, EXIT.problems);
    }
    if (opts.table === undefined) titles = stackedTables(grid);
    const which = titles.length ? titles : [opts.table];
    say(`  Layout:     ${titles.length ? `${titles.length} published tables, one below another (each is read with table:)` : 'a published table'}`);
    const entries: Record<string, unknown>[] = [];
    for (const t of which) {
      let shape: TableShape;
      try {
        shape = tableShape(grid, { header_row: headerRow, table: t }, DEFAULT_MARKERS, areas);
      } catch (e) {
        if (e instanceof TableProblem) throw new CjoipError(e.code, `${rel}: ${e.message}`, e.hint, EXIT.problems);
        throw e;
      }
      const tableKey = t === undefined ? undefined : (/^table\s+\S+?(?=[:.\u2013-]|\s|$)/i.exec(t)?.[0] ?? t);
      if (titles.length) {
        say();
        say(io.color.bold(`  ${tableKey}`));
      }
      const d = describeTable(shape, framework, areas, pos, headerRow);
      lines.push(...d.lines);
      const e: Record<string, unknown> = { ...entry, files: [rel], ...(titles.length ? { id: `${id}-${tableKey!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` } : {}) };
      if (tableKey) e.table = tableKey;
      entries.push({ ...e, ...d.entry, provenance: provenance(stripNotes(shape.title ?? '').text.replace(/\s*\(.*$/, '')) });
    }
    say();
    say('Paste under data: in cjoip.yaml (check publisher and status):');
    say();
    io.out(lines.join('\n') + '\n' + indent(stringify(entries, { lineWidth: 0, flowCollectionPadding: true })));
    return EXIT.ok;
  }
  entry.provenance = provenance('');
  if (csv && csv.encoding !== 'utf-8') entry.encoding = csv.encoding;
  say();
  say('Paste under data: in cjoip.yaml (check publisher and status):');
  say();
  io.out(lines.join('\n') + '\n' + indent(stringify([entry], { lineWidth: 0 })));
  return EXIT.ok;
}

const indent = (yaml: string) =>
  yaml
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
