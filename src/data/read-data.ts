import { createReadStream, openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { checkInside, fsProblem, insideHint, LIMITS, type InsideProblem } from '../read/inside.js';
import { clip } from '../core/words.js';
import path from 'node:path';
import type { AreaIndex } from '../core/areas.js';
import { append, suggest, type Finding } from '../core/findings.js';
import type { Framework } from '../core/framework-schema.js';
import type { DataSourceSpec, Plan } from '../core/plan-schema.js';
import { createDecoder, decodeBytes, detectDelimiter, detectEncoding, type Encoding } from './decode.js';
import { looksBinary } from '../read/read-file.js';
import { DataCollector, resolveArea } from './collect.js';
import { buildMeasureIndex, type Cell, type RowSink } from './cells.js';
import { GridProblem, isWorkbook, readCsvGrid, readWorkbookGrid, type Grid } from './grid.js';
import { TableProblem, tableShape, type TableShape } from './table.js';
import { tableFigures } from './table-figures.js';
import { DEFAULT_MARKERS } from '../core/markers.js';
import { SkipLines, wherePrefilter } from './prefilter.js';
import { csvParseOptions, csvTextRecords, type CsvRecord } from './quick-csv.js';
import { isYearHeading } from './notes.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'reports']);

/**
 * Whether a POSIX relative path matches a glob (`*` and `?` within a name, `**` for any folders).
 * Matching is by dynamic programming, never by backtracking: a pattern such as `*a*a*a*a*b` costs
 * at most (pattern length × path length) steps, whatever the file names.
 */
export function globMatch(glob: string, file: string): boolean {
  const pat = glob.split('/');
  const parts = file.split('/');
  // can[i][j]: pattern segments from i match path segments from j. Filled from the end.
  let next = new Array<boolean>(parts.length + 1).fill(false);
  next[parts.length] = true;
  for (let i = pat.length - 1; i >= 0; i--) {
    const cur = new Array<boolean>(parts.length + 1).fill(false);
    for (let j = parts.length; j >= 0; j--) {
      if (pat[i] === '**') cur[j] = next[j] || (j < parts.length && cur[j + 1]);
      else cur[j] = j < parts.length && next[j + 1] && nameMatch(pat[i], parts[j]);
    }
    next = cur;
  }
  return next[0];
}

/** One name against one glob segment (`*`, `?`), by the linear two-pointer method. */
function nameMatch(p: string, s: string): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < s.length) {
    if (i < p.length && (p[i] === '?' || p[i] === s[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/** Files of the plan folder matching a data source's `files` entries, and findings for entries that match nothing or leave the folder. */
export function resolveDataFiles(planDir: string, source: DataSourceSpec, locate: (i: number) => Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>): { files: string[]; findings: Finding[] } {
  const files: string[] = [];
  const findings: Finding[] = [];
  let all: string[] | undefined;
  // Folders are walked without following links (no loops); linked files are listed and checked below.
  const unreadable: { rel: string; detail: string }[] = [];
  const walk = (dir: string, rel: string): string[] => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      // A folder the glob cannot look into is named; the rest of the plan folder is still searched.
      unreadable.push({ rel: rel || './', detail: fsProblem(e).detail });
      return [];
    }
    return entries.flatMap((e) => {
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(path.join(dir, e.name), `${rel}${e.name}/`);
      return e.isFile() || e.isSymbolicLink() ? [`${rel}${e.name}`] : [];
    });
  };
  const refuse = (pattern: string, i: number, problem: InsideProblem, detail: string) =>
    findings.push({
      severity: 'error',
      code: problem === 'outside' ? 'data-file-outside-plan' : problem === 'missing' ? 'data-file-missing' : `data-file-${problem}`,
      message: `'${clip(pattern)}' cannot be read: ${detail}.`,
      hint: insideHint(problem, 'data files'),
      ...locate(i),
    });
  source.files.forEach((pattern, i) => {
    const posix = pattern.replace(/\\/g, '/');
    const abs = path.resolve(planDir, posix);
    if (path.isAbsolute(posix) || !(abs + path.sep).startsWith(planDir + path.sep)) {
      findings.push({ severity: 'error', code: 'data-file-outside-plan', message: `'${clip(pattern)}' is outside the plan's folder.`, hint: 'Keep data files in the plan folder, e.g. data/indicators.csv.', ...locate(i) });
      return;
    }
    let matched: string[];
    if (/[*?]/.test(posix)) {
      if (!all) {
        all = walk(planDir, '');
        for (const u of unreadable) findings.push({ severity: 'warning', code: 'data-folder-unreadable', message: `The folder '${clip(u.rel)}' cannot be searched for '${clip(pattern)}': ${u.detail}.`, hint: 'Give your user permission to read the folder, or move the data files out of it.', ...locate(i) });
      }
      const glob = path.posix.normalize(posix);
      matched = [];
      for (const f of all.filter((x) => globMatch(glob, x)).sort()) {
        const c = checkInside(planDir, f, LIMITS.data);
        if (c.ok) matched.push(path.join(planDir, f));
        else refuse(f, i, c.problem, c.detail);
      }
      if (!matched.length && findings.length) return;
    } else {
      const c = checkInside(planDir, posix, LIMITS.data);
      if (!c.ok && c.problem !== 'missing') return void refuse(pattern, i, c.problem, c.detail);
      matched = c.ok ? [abs] : [];
    }
    if (!matched.length) findings.push({ severity: 'error', code: 'data-file-missing', message: `No data file matches '${clip(pattern)}'.`, hint: 'Fix the path (relative to cjoip.yaml) or add the file.', ...locate(i) });
    for (const m of matched) if (!files.includes(m)) files.push(m);
  });
  return { files, findings };
}

/** Read the first bytes of a file to choose its encoding and delimiter. */
export function sniffCsv(file: string, declared: 'auto' | Encoding): { encoding: Encoding; delimiter: ',' | ';' | '\t'; bom: boolean; binary: boolean } {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const head = buf.subarray(0, n);
  const detected = detectEncoding(head);
  // UTF-16 is known by its byte order mark whatever was declared; read as UTF-8 it would be gibberish.
  const encoding = declared === 'auto' || detected.startsWith('utf-16') ? detected : declared;
  const binary = !encoding.startsWith('utf-16') && looksBinary(head);
  const text = decodeBytes(encoding.startsWith('utf-16') ? head.subarray(0, head.length - (head.length % 2)) : head, encoding).replace(/^\uFEFF/, '');
  return { encoding, delimiter: detectDelimiter(text.split(/\r?\n/)[0] ?? ''), bom: encoding !== 'windows-1252' && (head[0] === 0xef || head[0] === 0xff || head[0] === 0xfe), binary };
}

/** Why a file that is not CSV text cannot be read as CSV. */
export const BINARY_CSV = { message: 'it is a binary file, not CSV text', hint: 'Give the table as CSV (UTF-8), or the workbook itself (.xlsx or .ods) with a name ending in its type.' };

/** Files up to this size are read in one go; larger ones are streamed. */
const STREAM_ABOVE_BYTES = 4 * 1024 * 1024;

/**
 * Records of a CSV file: small files parsed at once (quicker to start; the regular ones without
 * csv-parse, see quick-csv.ts), large ones streamed so they are never held whole.
 */
async function csvRecords(file: string, size: number, encoding: Encoding, delimiter: string, sift?: SkipLines): Promise<AsyncIterable<CsvRecord> | Iterable<CsvRecord>> {
  if (size <= STREAM_ABOVE_BYTES) return csvTextRecords(decodeBytes(readFileSync(file), encoding), delimiter);
  const options = csvParseOptions(delimiter);
  const { parse } = await import('csv-parse');
  // csv-parse decodes UTF-8 itself (across chunk boundaries too); only Windows-1252 needs a decoder.
  // Lines no measure asks for are blanked before csv-parse splits them (their numbers kept).
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  if (sift) return (encoding === 'utf-8' ? stream.setEncoding('utf8') : stream.pipe(createDecoder(encoding))).pipe(sift).pipe(parse(options)) as unknown as AsyncIterable<CsvRecord>;
  return (encoding === 'utf-8' ? stream.pipe(parse(options)) : stream.pipe(createDecoder(encoding)).pipe(parse(options))) as unknown as AsyncIterable<CsvRecord>;
}

type Locate = (path: (string | number)[]) => Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>;

/** The records of a file before its header: title lines and blanks a published table has above it. */
function isHeader(source: DataSourceSpec, rec: string[], row: number): boolean {
  if (source.header_row !== undefined) return row >= source.header_row;
  // A wide table's header holds its years; anything above it is a title.
  if (source.layout === 'wide') return rec.some((c) => isYearHeading(c));
  return rec.some((c) => c.trim() !== '');
}

/** Read one data file (CSV, or a sheet of an XLSX or ODS workbook) into the collector. */
export async function readFileInto(collector: DataCollector, source: DataSourceSpec, file: string, display: string, areas: AreaIndex, locate: Locate, si: number): Promise<Finding[]> {
  const at = (row = 1, sheet?: string) => ({ file: display, line: row, column: 1, ...(sheet !== undefined ? { sheet } : {}) });
  const planAt = (p: (string | number)[]) => locate(['data', si, ...p]);
  const workbook = isWorkbook(file);
  const csv = workbook ? undefined : csvSettings(file, source);
  if (csv?.[2]) return [{ severity: 'error', code: 'data-binary', message: `The data file cannot be read: ${BINARY_CSV.message}.`, hint: BINARY_CSV.hint, ...at() }];
  if (source.layout === 'table' || workbook) {
    let grid: Grid;
    try {
      grid = workbook ? await readWorkbookGrid(file, display, source.sheet) : await readCsvGrid(file, csv![0], csv![1]);
    } catch (e) {
      if (e instanceof GridProblem) return [{ severity: 'error', code: e.code, message: e.message, hint: e.hint, ...at() }];
      return csvSyntax(e, display);
    }
    if (!grid.rows.length) return [{ severity: 'error', code: 'data-empty-file', message: workbook ? `Sheet ${grid.sheet} is empty.` : 'The data file is empty.', hint: 'Export the table again, with its header row.', ...at(1, grid.sheet) }];
    if (source.layout === 'table') {
      let shape: TableShape;
      const markers = { ...DEFAULT_MARKERS, ...(source.markers ?? {}) };
      try {
        shape = tableShape(grid, source, markers, areas);
      } catch (e) {
        if (e instanceof TableProblem) return [{ severity: 'error', code: e.code, message: `${e.planKey ? `${display}${grid.sheet !== undefined ? `, sheet ${grid.sheet}` : ''}: ` : ''}${e.message}`, hint: e.hint, ...(e.planKey ? locate(['data', si, e.planKey]) : at(e.row, grid.sheet)) }];
        throw e;
      }
      const sink = collector.begin(source, display, shape.header, shape.headerRow, grid.sheet)!;
      collector.noteTexts(source.id, shape.noteTexts);
      const chosen = tableFigures(
        shape,
        source,
        (entry, key) => locate(entry === undefined ? ['data', si, 'layout'] : ['data', si, 'measures', entry, ...(key ? [key] : [])]),
        (row, column) => ({ file: display, line: row, column, ...(grid.sheet !== undefined ? { sheet: grid.sheet } : {}) }),
      );
      for (const r of shape.body) if (r.figures) collector.countRow();
      for (const { raw, row } of chosen.rows) sink.raw(raw, row);
      return chosen.findings;
    }
    const h = grid.rows.findIndex((r) => isHeader(source, r.cells, r.row));
    if (h < 0) return [{ severity: 'error', code: 'data-missing-column', message: 'No header row found.', hint: source.header_row ? 'Check header_row: it must be a row of the sheet that holds the column headings.' : 'The first row with text is taken as the header.', ...at(1, grid.sheet) }];
    const sink = collector.begin(source, display, grid.rows[h].cells, grid.rows[h].row, grid.sheet, planAt);
    if (!sink) return [];
    for (const r of grid.rows.slice(h + 1)) if (r.cells.some((c) => c.trim() !== '')) sink.record(r.cells, r.row);
    sink.end();
    return [];
  }
  const [encoding, delimiter] = csv!;
  let sink: RowSink | undefined;
  let headerSeen = false;
  let any = false;
  let width = 0;
  const ragged: Finding[] = [];
  const filter = wherePrefilter(source, delimiter);
  const size = statSync(file).size;
  const sift = filter && size > STREAM_ABOVE_BYTES ? new SkipLines(filter.keep) : undefined;
  try {
    const records = await csvRecords(file, size, encoding, delimiter, sift);
    for await (const { record, info } of records) {
      any = true;
      if (!headerSeen) {
        if (!isHeader(source, record, info.lines)) continue;
        headerSeen = true;
        width = record.length;
        sink = collector.begin(source, display, record, info.lines, undefined, planAt);
        if (!sink) {
          (records as { destroy?: () => void }).destroy?.();
          return [];
        }
        continue;
      }
      // Spreadsheets export trailing rows of empty cells: skip them.
      if (record.every((f) => f.trim() === '')) continue;
      // A row with more or fewer cells than its header has lost or gained a column: its figures cannot be placed.
      if (record.length !== width) {
        ragged.push({ severity: 'error', code: 'data-row-length', message: `This row has ${record.length} cell${record.length === 1 ? '' : 's'}, but the header has ${width}.`, hint: 'Check for a missing or extra delimiter (a comma inside a value needs double quotes), then export the table again.', file: display, line: info.lines, column: Math.min(record.length, width) + 1 });
        continue;
      }
      sink!.record(record, info.lines);
    }
  } catch (e) {
    return csvSyntax(e, display);
  }
  if (sift) for (let i = 0; i < sift.skipped; i++) collector.countRow();
  sink?.end(filter?.seen);
  if (ragged.length) return ragged;
  if (!any) return [{ severity: 'error', code: 'data-empty-file', message: 'The data file is empty.', hint: 'Export the table again, with its header row.', ...at() }];
  if (!headerSeen) return [{ severity: 'error', code: 'data-missing-column', message: source.layout === 'wide' ? 'No header row of years found: a wide table has one column per year, headed 2023-24 or 2023/24.' : `No header row at or after row ${source.header_row}.`, hint: 'Check the file, or give header_row: (the row of column headings).', ...at() }];
  return [];
}

function csvSettings(file: string, source: DataSourceSpec): [Encoding, string, boolean] {
  const { encoding, delimiter, binary } = sniffCsv(file, source.encoding);
  return [encoding, delimiter, binary];
}

function csvSyntax(e: unknown, display: string): Finding[] {
  const err = e as { code?: string; lines?: number; message: string };
  return [{ severity: 'error', code: 'data-csv-syntax', message: `CSV syntax error: ${err.message.replace(/^Invalid \w+: /, '')}`, hint: 'Check quotes: a field that contains the delimiter or a line break must be in double quotes.', file: display, line: err.lines ?? 1, column: 1 }];
}

export interface PlanData {
  cells: Map<string, Cell>;
  findings: Finding[];
  /** The files read for each data source, as `display` names them. */
  filesBySource: Map<string, string[]>;
  rowsRead: number;
  /** Note texts of each data source's tables, by note number: for the notes on the figures. */
  notes: Map<string, Map<string, string>>;
}

/** Indicators, measures, areas and group members a data source names, checked against what exists. */
function planLineChecks(source: DataSourceSpec, si: number, measures: ReturnType<typeof buildMeasureIndex>, areas: AreaIndex, locate: Locate, told: Set<string>): Finding[] {
  const out: Finding[] = [];
  const err = (code: string, message: string, hint: string, at: (string | number)[]) => out.push({ severity: 'error', code, message, hint, ...locate(['data', si, ...at]) });
  const known = [...measures.keys()];
  if (source.indicator && !measures.has(source.indicator)) {
    err('data-unknown-indicator', `Unknown indicator '${source.indicator}'.`, suggest(source.indicator, known, 'indicators'), ['indicator']);
    told.add(source.indicator);
  }
  (source.measures ?? []).forEach((e, i) => {
    const ind = e.indicator ?? source.indicator;
    if (!ind || told.has(ind)) return;
    if (!measures.has(ind)) {
      err('data-unknown-indicator', `Unknown indicator '${ind}'.`, suggest(ind, known, 'indicators'), ['measures', i, 'indicator']);
      told.add(ind);
      return;
    }
    const ms = measures.get(ind)!;
    if (!ms.has(e.measure)) {
      err('data-unknown-measure', `Unknown measure '${e.measure}' of ${ind}.`, suggest(e.measure, [...ms.keys()], `measures of ${ind}`), ['measures', i, 'measure']);
      told.add(`${ind}.${e.measure}`);
    }
  });
  if (source.area && !resolveArea(areas, source.area)) {
    err('data-unknown-area', `Unknown area '${source.area}'.`, `Use a council area name or GSS code (S12000021), or Scotland. ${suggest(source.area, areas.names(), 'areas')}`, ['area']);
    told.add(source.area);
  }
  for (const [label, names] of Object.entries(source.area_groups ?? {}))
    names.forEach((n, j) => {
      const code = resolveArea(areas, n);
      if (!code || areas.isScotland(code)) err('data-unknown-area', `'${n}' in the group '${label}' is not a council area.`, `A group lists council areas by name or GSS code. ${suggest(n, areas.names(), 'areas')}`, ['area_groups', label, j]);
    });
  return out;
}

/** Read every data source of a plan. */
export async function readPlanData(
  plan: Plan,
  framework: Framework,
  areas: AreaIndex,
  planDir: string,
  display: (abs: string) => string,
  locate: (path: (string | number)[]) => Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>,
): Promise<PlanData> {
  const collector = new DataCollector(framework, plan, areas);
  const findings: Finding[] = [];
  const filesBySource = new Map<string, string[]>();
  const measures = buildMeasureIndex(framework, plan);
  for (const [si, source] of (plan.data ?? []).entries()) {
    // What the plan asks for is checked at the plan's line, once, with what exists; not again at each row.
    append(findings, planLineChecks(source, si, measures, areas, locate, collector.toldAtPlan));
    const resolved = resolveDataFiles(planDir, source, (i) => locate(['data', si, 'files', i]));
    append(findings, resolved.findings);
    filesBySource.set(source.id, resolved.files.map(display));
    for (const f of resolved.files) append(findings, await readFileInto(collector, source, f, display(f), areas, locate, si));
  }
  const done = collector.finish();
  return { cells: done.cells, findings: [...findings, ...done.findings], filesBySource, rowsRead: collector.rowsRead, notes: done.notes };
}
