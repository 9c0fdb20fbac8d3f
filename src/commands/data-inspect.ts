import { statSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CjoipError, EXIT } from '../core/errors.js';
import type { Framework } from '../core/framework-schema.js';
import { DEFAULT_MARKERS, MARKER_LABELS, parseCell } from '../core/markers.js';
import { clip, columnLetters } from '../core/words.js';
import { formatFinancialYear } from '../core/years.js';
import type { Encoding } from '../data/decode.js';
import { GridProblem, isWorkbook, readCsvGrid, readWorkbookGrid, type Grid } from '../data/grid.js';
import { labelKey } from '../data/notes.js';
import { BINARY_CSV, sniffCsv } from '../data/read-data.js';
import { dimensions, nearestAbove, TableProblem, tableShape, type TableRow, type TableShape } from '../data/table.js';
import { fsProblem } from '../read/inside.js';
import { readAreaIndex } from '../read/load-reference.js';
import { readBuiltInFramework } from '../read/read-framework.js';
import type { Io } from './io.js';

export interface InspectOptions {
  sheet?: string;
  headerRow?: string;
  framework?: string;
}

const WORDS_IGNORED = new Set(['of', 'the', 'and', 'a', 'an', 'in', 'on', 'to', 'for', 'by', 'with', 'who', 'are', 'is', 'were', 'from', 'at', 'or', 'people', 'number', 'cases', 'total', 'all']);
/** Words cut to their stem, so "completions" meets "completed" and "orders" meets "order". */
const stems = (text: string) => new Set(text.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 1 && !WORDS_IGNORED.has(w)).map((w) => w.slice(0, 6)));

type Guess = { indicator: string; measure: string; score: number; section?: string; row?: string; column?: string; part: 'value' };

/** Measures of the framework that a row (or column) of the table most likely holds: by shared words and by unit. */
function guessMeasures(shape: TableShape, framework: Framework, title: string): Guess[] {
  const dims = dimensions(shape);
  const titleWords = stems(title);
  const candidates: { section?: string; row?: string; column?: string; words: Set<string>; percent: boolean }[] = [];
  const looksPercent = (texts: string[]) => {
    const nums = texts.map((t) => parseCell(t, DEFAULT_MARKERS)).filter((c) => c.kind === 'number').map((c) => (c as { value: number }).value);
    return nums.length > 0 && nums.every((v) => v >= 0 && v <= 100) && (texts.some((t) => t.includes('%')) || nums.some((v) => !Number.isInteger(v)));
  };
  const counts = new Map<string, number>();
  for (const r of shape.body) counts.set(labelKey(r.label), (counts.get(labelKey(r.label)) ?? 0) + 1);
  if (dims.rows === 'categories') {
    for (const r of shape.body.filter((b) => b.figures && b.label)) {
      const repeated = (counts.get(labelKey(r.label)) ?? 0) > 1;
      const section = repeated ? nearestAbove(shape, r, labelKey(r.label)) : undefined;
      const words = new Set([...stems(r.label), ...stems(section ?? '')]);
      candidates.push({ row: r.label, section, words, percent: looksPercent(shape.columns.map((c) => r.cells[c.index] ?? '')) });
    }
  }
  if (dims.columns === 'categories') {
    for (const c of shape.columns) candidates.push({ column: c.label, words: stems(c.label), percent: looksPercent(shape.body.map((r) => r.cells[c.index] ?? '')) || /percent|proportion|rate|%/i.test(c.label) });
  }
  const guesses: Guess[] = [];
  for (const ind of framework.indicators)
    for (const m of ind.measures) {
      const want = stems(`${m.title} ${ind.title}`);
      let best: Guess | undefined;
      for (const c of candidates) {
        if ((m.unit === 'percent') !== c.percent) continue;
        let score = 0;
        for (const w of c.words) if (want.has(w)) score += 1;
        if (score < 2) continue;
        for (const w of titleWords) if (want.has(w) && !c.words.has(w)) score += 0.5;
        // Most of the measure's own words must be found in the label or the table's title: "successfully
        // completed" alone does not make a diversion measure of a community payback table.
        const mine = stems(m.title);
        const found = [...mine].filter((w) => c.words.has(w) || titleWords.has(w)).length;
        if (found * 2 <= mine.size) continue;
        if (!best || score > best.score) best = { indicator: ind.id, measure: m.id, score, section: c.section, row: c.row, column: c.column, part: 'value' };
      }
      if (best) guesses.push(best);
    }
  // One measure per row or column: the best-scoring claim wins.
  const taken = new Map<string, Guess>();
  for (const g of guesses.sort((a, b) => b.score - a.score)) {
    const k = `${g.section}|${g.row}|${g.column}`;
    if (!taken.has(k)) taken.set(k, g);
  }
  return [...taken.values()];
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
          } catch {
            /* not a table: try the next sheet */
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
      grid = readCsvGrid(abs, sniff.encoding, sniff.delimiter);
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
    let shape: TableShape;
    try {
      shape = tableShape(grid, { header_row: headerRow }, DEFAULT_MARKERS, areas);
    } catch (e) {
      if (e instanceof TableProblem) throw new CjoipError(e.code, `${rel}: ${e.message}`, e.hint, EXIT.problems);
      throw e;
    }
    const dims = dimensions(shape);
    const title = shape.above.map((r) => r.cells.find((c) => c.trim()) ?? '').find((t) => t) ?? '';
    const yearInTitle = /(\d{4}\s*[-/–]\s*\d{2}(\d{2})?)(?!.*\d{4}\s*[-/–])/.exec(title)?.[1];
    say(`  Layout:     a published table`);
    if (shape.above.length) say(`  Above:      ${shape.above.length} row${shape.above.length === 1 ? '' : 's'} of title (${pos(shape.above[0].row)}): ${clip(title, 100)}`);
    say(`  Header:     ${pos(shape.headerRow)}`);
    const colText = shape.columns.map((c) => `${c.label}${c.notes.length ? ` [notes ${c.notes.join(', ')}]` : ''}`);
    say(`  Columns:    ${clip(colText.join(' | '), 300)}`);
    say(`  Row labels: column ${columnLetters(shape.labelColumn + 1)}; ${shape.body.length} rows (${pos(shape.body[0]?.row ?? shape.headerRow)} to ${pos(shape.body[shape.body.length - 1]?.row ?? shape.headerRow)})`);
    say(`  Years:      ${shape.yearsIn === 'columns' ? `in columns, ${formatFinancialYear(shape.columns.find((c) => c.year !== undefined)!.year!)} to ${formatFinancialYear(shape.columns.filter((c) => c.year !== undefined).pop()!.year!)}` : shape.yearsIn === 'rows' ? 'in rows' : yearInTitle ? `none in the table; the title says ${yearInTitle}` : 'none found: set year:'}`);
    const areaNames = dims.rows === 'areas' ? shape.body.filter((r) => r.area).map((r) => areas.name(r.area!)) : dims.columns === 'areas' ? shape.columns.filter((c) => c.area).map((c) => areas.name(c.area!)) : [];
    say(`  Areas:      ${shape.areasIn ? `in ${shape.areasIn}: ${clip(areaNames.join(', '), 200)}` : 'none found: a national table (area: Scotland)'}`);
    const counts = new Map<string, TableRow[]>();
    for (const r of shape.body) counts.set(labelKey(r.label), [...(counts.get(labelKey(r.label)) ?? []), r]);
    const repeated = [...counts.values()].filter((rs) => rs.length > 1 && rs[0].label);
    const headings = shape.body.filter((r) => r.label && !r.figures);
    if (headings.length || repeated.length) {
      const sections = new Set<string>(headings.map((r) => r.label));
      for (const rs of repeated) for (const r of rs) {
        const s = nearestAbove(shape, r, labelKey(r.label));
        if (s) sections.add(s);
      }
      say(`  Sections:   ${clip([...sections].join(' | '), 300)}`);
      if (repeated.length) say(`  Repeated:   ${clip(repeated.map((rs) => `${rs[0].label} (${rs.map((r) => pos(r.row)).join(', ')})`).join('; '), 300)}: choose by section:`);
    }
    const noted = new Map<string, Set<string>>();
    for (const x of [...shape.body, ...shape.columns]) for (const n of x.notes) noted.set(x.label, (noted.get(x.label) ?? new Set()).add(n));
    if (noted.size) say(`  Footnotes:  ${clip([...noted].map(([label, ns]) => `${label} ${[...ns].join(',')}`).join('; '), 300)} (kept out of labels)`);
    const markerCount = new Map<string, number>();
    for (const r of shape.body) for (const c of shape.columns) {
      const t = (r.cells[c.index] ?? '').trim();
      const p = parseCell(t, DEFAULT_MARKERS);
      const key = p.kind === 'marker' ? `'${t}' (${MARKER_LABELS[p.marker]})` : p.kind === 'invalid' ? `'${clip(t, 20)}' (unknown: declare under markers:)` : p.kind === 'empty' && r.figures ? 'blank (no figure)' : undefined;
      if (key) markerCount.set(key, (markerCount.get(key) ?? 0) + 1);
    }
    if (markerCount.size) say(`  Markers:    ${[...markerCount].map(([k, n]) => `${k} × ${n}`).join(', ')}`);
    if (shape.below.length) say(`  Below:      ${shape.below.length} row${shape.below.length === 1 ? '' : 's'} of notes (${pos(shape.below[0].row)}): ${clip(shape.below.map((r) => r.cells.find((c) => c.trim()) ?? '').filter(Boolean).join(' / '), 160)}`);
    say('  First rows:');
    for (const r of shape.body.filter((b) => b.figures).slice(0, 4)) say(`    ${pos(r.row).padEnd(10)} ${clip(r.label, 40)}: ${clip(shape.columns.slice(0, 6).map((c) => `${c.label} ${r.cells[c.index] ?? ''}`).join(', '), 160)}`);

    Object.assign(entry, { layout: 'table' });
    if (headerRow !== undefined) entry.header_row = headerRow;
    if (!shape.areasIn) entry.area = 'Scotland';
    if (!shape.yearsIn) entry.year = yearInTitle ? formatFinancialYear(Number(yearInTitle.slice(0, 4))) : 'FILL IN: 2023-24';
    const guesses = guessMeasures(shape, framework, title);
    if (guesses.length) {
      say(`  Measures:   ${guesses.map((g) => `${g.indicator}.${g.measure} ← ${[g.section, g.row, g.column].filter(Boolean).join(' › ')}`).join('; ')} (guessed from the labels: check them)`);
      if (guesses.some((g) => g.column && framework.indicators.find((i) => i.id === g.indicator)?.measures.find((m) => m.id === g.measure)?.unit === 'percent'))
        say('              A percentage column cannot be added up across areas: for a partnership of several areas, map the count columns instead, as part: numerator and part: denominator.');
      const inds = [...new Set(guesses.map((g) => g.indicator))];
      if (inds.length === 1) entry.indicator = inds[0];
      entry.measures = guesses.map((g) => ({ ...(inds.length > 1 ? { indicator: g.indicator } : {}), measure: g.measure, ...(g.section ? { section: g.section } : {}), ...(g.row ? { row: g.row } : {}), ...(g.column ? { column: g.column } : {}) }));
    } else {
      say(`  Measures:   no row or column matched a measure of ${framework.id} by its words: write measures: by hand (cjoip framework lists them).`);
      entry.indicator = 'FILL IN';
      const r = shape.body.find((b) => b.figures && b.label);
      entry.measures = [{ measure: 'FILL IN', ...(dims.rows === 'categories' && r ? { row: r.label } : {}), ...(dims.columns === 'categories' ? { column: shape.columns[0]?.label } : {}) }];
    }
    entry.provenance = provenance(title.replace(/\s*\(.*$/, ''));
    say();
    say('Paste under data: in cjoip.yaml (check publisher and status):');
    say();
    io.out(lines.join('\n') + '\n' + indent(stringify([entry], { lineWidth: 0, flowCollectionPadding: true })));
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
