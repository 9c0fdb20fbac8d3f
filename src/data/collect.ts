import type { AreaIndex } from '../core/areas.js';
import { suggest, type Finding } from '../core/findings.js';
import type { Framework } from '../core/framework-schema.js';
import { DEFAULT_MARKERS, MARKER_LABELS, parseCell, type ParsedCell } from '../core/markers.js';
import type { DataSourceSpec, MarkerMeaning, Plan } from '../core/plan-schema.js';
import { formatFinancialYear, parseFinancialYear } from '../core/years.js';
import { isYearHeading, labelKey, stripNotes } from './notes.js';
import { FIRST_YEAR, LAST_YEAR } from '../core/schema-parts.js';
import { sgsReader, type PlanAt } from './sgs-reader.js';
import { areaGroups, groupCode, NOT_AN_AREA, resolveArea, withoutFootnote } from './area-labels.js';
export { NOT_AN_AREA, resolveArea, withoutFootnote };
import { buildMeasureIndex, cellKey, fieldOf, norm, placeOf, type Cell, type FieldColumns, type MeasureInfo, type Part, type RawRow, type RowReader, type RowSink, type SourceRef, type Unit } from './cells.js';

/** Collects rows from data files into cells, checking each row and the rows against each other. Pure: no IO. */
export class DataCollector {
  readonly cells = new Map<string, Cell>();
  readonly findings: Finding[] = [];
  rowsRead = 0;
  rowsUsed = 0;
  private measures: Map<string, Map<string, MeasureInfo>>;
  // Areas and years repeat on every row: resolve each distinct text once.
  private areaCache = new Map<string, string | undefined>();
  private yearCache = new Map<string, number | undefined>();
  /** Rows of each file that are not council areas ("Other", "Unknown", a court), passed over and named once. */
  private notAreas = new Map<string, { labels: Set<string>; first: SourceRef; column?: number }>();
  /** Which parts of a cell a marker was given for: 'all', or a numerator or denominator alone. */
  private markedParts = new WeakMap<Cell, Set<string>>();

  /** Each data source's `area_groups:`, by label key. */
  private groups = new Map<string, ReturnType<typeof areaGroups>>();
  /** Note texts of each data source's tables, by note number. */
  readonly notes = new Map<string, Map<string, string>>();
  /** Indicators and measures already told unknown at the plan line: not told again at each file. */
  readonly toldAtPlan = new Set<string>();

  constructor(
    private framework: Framework,
    plan: Plan,
    private areas: AreaIndex,
  ) {
    this.measures = buildMeasureIndex(framework, plan);
    for (const s of plan.data ?? []) if (s.area_groups) this.groups.set(s.id, areaGroups(s.area_groups, areas));
  }

  /** Keep the note texts a source's table prints (below it, or on a Notes sheet). */
  noteTexts(source: string, texts: Map<string, string>): void {
    if (!texts.size) return;
    const all = this.notes.get(source) ?? this.notes.set(source, new Map()).get(source)!;
    for (const [k, v] of texts) if (!all.has(k)) all.set(k, v);
  }

  private add(f: Omit<Finding, 'severity'> & { severity?: Finding['severity'] }) {
    this.findings.push({ severity: 'error', ...f });
  }

  /** An unknown indicator, measure or area is told once per file and label, at its first row, with how many rows carry it. */
  private unknown = new Map<string, { finding: Finding; rows: number }>();
  private addUnknown(label: string, f: Omit<Finding, 'severity'>) {
    if (this.toldAtPlan.has(label)) return;
    const key = `${f.code}\u0000${f.file}\u0000${label}`;
    const seen = this.unknown.get(key);
    if (seen) {
      seen.rows++;
      return;
    }
    const finding: Finding = { severity: 'error', ...f };
    this.findings.push(finding);
    this.unknown.set(key, { finding, rows: 1 });
  }

  /**
   * Prepare to read a file (or a workbook's sheet) of `source` with this header, found at `headerRow`;
   * undefined when the header is unusable. A published table (layout `table`) passes its column
   * headings and sends rows it has read itself.
   */
  begin(source: DataSourceSpec, file: string, header: string[], headerRow = 1, sheet?: string, planAt?: PlanAt): RowSink | undefined {
    this.afterFile = undefined;
    const reader = source.layout === 'table' ? () => [] : this.rowReader(source, file, header, { row: headerRow, sheet }, planAt);
    if (!reader) return undefined;
    const markers = { ...DEFAULT_MARKERS, ...(source.markers ?? {}) };
    const years = source.years ? { from: parseFinancialYear(source.years.from)!, to: parseFinancialYear(source.years.to)! } : undefined;
    return {
      record: (rec, row) => {
        this.rowsRead++;
        for (const raw of reader(rec)) this.addRow(raw, { file, row, sheet, source: source.id }, header, markers, years);
      },
      raw: (raw, row) => this.addRow(raw, { file, row, sheet, source: source.id }, header, markers, years),
      end: (seen) => this.afterFile?.(seen),
    };
  }

  /** Count a row read by a table reader (which may give several figures, or none). */
  countRow(): void {
    this.rowsRead++;
  }

  /** Checks to run when the file being read ends (rows a plan's `where:` asked for and never met). */
  private afterFile?: (seen?: Set<string>) => void;

  private rowReader(source: DataSourceSpec, file: string, header: string[], at: { row: number; sheet?: string }, planAt?: PlanAt): RowReader | undefined {
    const h = header.map(norm);
    const mapped = Object.fromEntries(Object.entries(source.columns ?? {}).map(([k, v]) => [k, norm(v)]));
    const find = (field: string, ...names: string[]) => {
      const want = mapped[field] ? [mapped[field]] : names;
      const i = h.findIndex((x) => want.includes(x));
      return i >= 0 ? i : undefined;
    };
    const head = { file, line: at.row, column: 1, ...(at.sheet !== undefined ? { sheet: at.sheet } : {}) };
    const missing = (what: string, hint: string) => {
      this.add({ code: 'data-missing-column', message: `No ${what} column in the header.`, hint, ...head });
      return undefined;
    };
    const cell = fieldOf;

    if (source.layout === 'long') {
      const c: FieldColumns = {
        indicator: find('indicator', 'indicator'),
        measure: find('measure', 'measure'),
        area: find('area', 'area', 'area code', 'featurecode', 'geographycode'),
        year: find('year', 'year', 'financial year'),
        value: find('value', 'value'),
        numerator: find('numerator', 'numerator'),
        denominator: find('denominator', 'denominator'),
        marker: find('marker', 'marker', 'datamarker'),
      };
      if (c.indicator === undefined && !source.indicator) return missing('indicator', 'Add an "indicator" column, or set indicator: on the data source.');
      if (c.area === undefined && !source.area) return missing('area', 'Add an "area" column, or map yours with columns: { area: … }.');
      if (c.year === undefined) return missing('year', 'Add a "year" column, or map yours with columns: { year: … }.');
      if (c.value === undefined && c.numerator === undefined) return missing('value', 'Add a "value" column (or numerator and denominator).');
      return (rec) => {
        const parts: RawRow['parts'] = {};
        for (const p of ['value', 'numerator', 'denominator'] as Part[]) if (c[p] !== undefined && cell(rec, c[p]).trim() !== '') parts[p] = { text: cell(rec, c[p]), column: c[p]! + 1 };
        if (!parts.value && !parts.numerator && c.value !== undefined) parts.value = { text: cell(rec, c.value), column: c.value + 1 };
        return [{ indicator: cell(rec, c.indicator) || source.indicator || '', measure: cell(rec, c.measure) || source.measure || 'value', area: cell(rec, c.area) || source.area || '', year: cell(rec, c.year), parts, marker: c.marker === undefined ? undefined : cell(rec, c.marker), cols: c }];
      };
    }

    if (source.layout === 'statistics-gov-scot') {
      const r = sgsReader(source, file, h, find, missing, (f) => this.add(f), head, planAt);
      this.afterFile = r?.end;
      return r?.read;
    }

    // wide: years as columns; areas or measures as rows. Footnote numbers on year headings are dropped.
    const yearCols = h.map((x, i) => (isYearHeading(x) ? i : -1)).filter((i) => i >= 0);
    const yearOf = (i: number) => stripNotes(header[i]).text;
    const c: FieldColumns = {
      area: find('area', 'area', 'local authority', 'council', 'council area', 'featurecode', 'geographycode', 'la'),
      measure: find('measure', 'measure'),
      indicator: find('indicator', 'indicator'),
    };
    if (!yearCols.length) return missing('year', 'A wide table has one column per year, headed 2023-24 or 2023/24.');
    if (c.area === undefined && !source.area) return missing('area', 'Add an "Area" column, or set area: on the data source when each file holds one area.');
    if (c.measure === undefined && !source.measure) return missing('measure', 'Add a "Measure" column, or set measure: on the data source.');
    if (c.indicator === undefined && !source.indicator) return missing('indicator', 'Set indicator: on the data source.');
    // A row with no figure in any year (a note or a section heading below or inside the table) gives nothing.
    return (rec) =>
      yearCols.every((i) => (rec[i] ?? '').trim() === '') ? [] : yearCols.map((i) => ({
        indicator: cell(rec, c.indicator) || source.indicator || '',
        measure: cell(rec, c.measure) || source.measure || '',
        area: cell(rec, c.area) || source.area || '',
        year: yearOf(i),
        parts: { value: { text: rec[i] ?? '', column: i + 1 } },
        cols: { ...c, year: i },
      }));
  }

  private addRow(raw: RawRow, ref: SourceRef, header: string[], markers: Record<string, MarkerMeaning>, years?: { from: number; to: number }) {
    const sheet = ref.sheet !== undefined ? { sheet: ref.sheet } : {};
    const at = (col: number | undefined) => ({ file: ref.file, line: ref.row, column: (col ?? 0) + 1, ...sheet });
    const colName = (col: number | undefined) => (col === undefined || !header[col]?.trim() ? '' : ` (column ${header[col].trim()})`);
    // A row with nothing in it is a trailing blank row from a spreadsheet.
    if (!raw.indicator && !raw.area && !raw.year && Object.values(raw.parts).every((p) => !p?.text.trim()) && !raw.marker?.trim()) return;
    // A row whose figures are all blank (a template row not filled in) gives nothing and is cited nowhere.
    if (!raw.marker?.trim() && Object.values(raw.parts).every((p) => !p?.text.trim()) && !markers['']) return;

    if (raw.notes?.length) ref = { ...ref, notes: raw.notes };
    const indicator = raw.indicator.trim();
    const ms = this.measures.get(indicator);
    if (!ms) {
      const known = [...this.measures.keys()];
      this.addUnknown(indicator, { code: 'data-unknown-indicator', message: `Unknown indicator '${indicator}'${colName(raw.cols.indicator)} for framework ${this.framework.id}.`, hint: suggest(indicator, known, 'indicators'), ...at(raw.cols.indicator) });
      return;
    }
    const measure = raw.measure.trim();
    const info = ms.get(measure);
    if (!info) {
      this.addUnknown(`${indicator}.${measure}`, { code: 'data-unknown-measure', message: `Unknown measure '${measure}'${colName(raw.cols.measure)} of ${indicator}.`, hint: suggest(measure, [...ms.keys()], `measures of ${indicator}`), ...at(raw.cols.measure) });
      return;
    }
    let area = this.areaCache.get(raw.area);
    if (area === undefined && !this.areaCache.has(raw.area)) this.areaCache.set(raw.area, (area = resolveArea(this.areas, raw.area)));
    // A row for a group of areas ("Ayrshire, East, North and South") the source names: its own figure, never added to its parts.
    const group = area ? undefined : ref.source && this.groups.get(ref.source)?.get(labelKey(withoutFootnote(raw.area)));
    if (group) area = groupCode(group.codes);
    if (!area && NOT_AN_AREA.test(withoutFootnote(raw.area))) {
      // Postcodes outside Scotland, unknown addresses, courts: published beside the council areas, never a council area's figure.
      const seen = this.notAreas.get(ref.file) ?? this.notAreas.set(ref.file, { labels: new Set(), first: ref, column: raw.cols.area }).get(ref.file)!;
      seen.labels.add(withoutFootnote(raw.area));
      return;
    }
    if (!area) {
      this.addUnknown(raw.area, { code: 'data-unknown-area', message: `Unknown area '${raw.area}'${colName(raw.cols.area)}.`, hint: `Use a council area name or GSS code (S12000021). ${suggest(raw.area, this.areas.names(), 'areas')}`, ...at(raw.cols.area) });
      return;
    }
    let year = this.yearCache.get(raw.year);
    if (!this.yearCache.has(raw.year)) {
      year = /^\s*\d{4}\s*$/.test(raw.year) ? undefined : parseFinancialYear(raw.year);
      this.yearCache.set(raw.year, (year = year !== undefined && year >= FIRST_YEAR && year <= LAST_YEAR ? year : undefined));
    }
    if (year === undefined) {
      this.add({ code: 'data-bad-year', message: `'${raw.year}'${colName(raw.cols.year)} is not a financial year${parseFinancialYear(raw.year) !== undefined ? ` from ${formatFinancialYear(FIRST_YEAR)} to ${formatFinancialYear(LAST_YEAR)}` : ''}.`, hint: 'Write 2023-24, 2023/24, 2023/2024 or 2023-2024.', ...at(raw.cols.year) });
      return;
    }
    if (years && (year < years.from || year > years.to)) {
      this.add({ code: 'data-year-out-of-range', message: `Year ${formatFinancialYear(year)}${colName(raw.cols.year)} is outside the years declared for this source (${formatFinancialYear(years.from)} to ${formatFinancialYear(years.to)}).`, hint: 'Fix the year, or widen years: on the data source.', ...at(raw.cols.year) });
      return;
    }

    const key = cellKey(indicator, measure, area, year);
    let cellObj = this.cells.get(key);
    const fresh = !cellObj;
    cellObj ??= { indicator, measure, area, year, refs: [], at: {} };
    const c = cellObj;
    const what = () => `${indicator}.${measure} for ${this.areas.name(area!)} ${formatFinancialYear(year!)}`;
    let used = false;

    // A figure is a number or a marker, never both: a value beside a marker (in this row or another)
    // would be published or summed when the publisher withheld it. `low` qualifies a value, so it may sit beside one.
    // A marker in the marker column or the value stands for the whole figure; one in a numerator or
    // denominator cell for that part only (a suppressed count beside its published total is honest).
    const marked = (this.markedParts.get(c) ?? this.markedParts.set(c, new Set()).get(c))!;
    const numberParts = (part?: Part) => (part === 'numerator' || part === 'denominator' ? [part] : (['value', 'numerator', 'denominator'] as Part[])).filter((p) => c[p] !== undefined);
    const setMarker = (m: MarkerMeaning, symbol: string, column: number, part?: Part) => {
      const pos = { file: ref.file, line: ref.row, column, ...sheet };
      if (c.marker !== undefined && c.marker !== m) {
        const first = c.at.marker!;
        this.add({ code: 'data-conflicting-marker', message: `${what()} is marked ${MARKER_LABELS[m]} ('${symbol}'), but ${MARKER_LABELS[c.marker]} at ${placeOf(first.ref, first.column)}.`, hint: 'Keep one marker; remove or correct the other row.', ...pos });
        return false;
      }
      const clash = numberParts(part);
      if (m !== 'low' && clash.length) {
        const first = c.at[clash[0]]!;
        this.add({ code: 'data-value-and-marker', message: `${what()} is marked ${MARKER_LABELS[m]} ('${symbol}') here, but given as a figure at ${placeOf(first.ref, first.column)}.`, hint: 'A figure is either a number or a marker: remove the number or the marker, whichever the publisher did not give.', ...pos });
        return false;
      }
      c.marker = m;
      c.at.marker ??= { ref, column };
      marked.add(part === 'numerator' || part === 'denominator' ? part : 'all');
      return true;
    };

    const marker = raw.marker?.trim() ? parseCell(raw.marker, markers) : undefined;
    if (marker?.kind === 'marker') {
      used = setMarker(marker.marker, marker.symbol, (raw.cols.marker ?? 0) + 1) || used;
    } else if (marker && marker.kind !== 'empty') {
      this.add({ code: 'data-unknown-marker', message: `Unknown marker '${raw.marker}'${colName(raw.cols.marker)}.`, hint: 'Declare what it means under markers: on the data source, e.g. markers: { "*": low }.', ...at(raw.cols.marker) });
    }

    for (const part of ['value', 'numerator', 'denominator'] as Part[]) {
      const p = raw.parts[part];
      if (!p) continue;
      const parsed: ParsedCell = parseCell(p.text, markers);
      const pos = { file: ref.file, line: ref.row, column: p.column, ...sheet };
      const where = header[p.column - 1]?.trim() ? ` (column ${header[p.column - 1].trim()})` : '';
      if (parsed.kind === 'invalid') {
        const huge = /^-?[\d.,]+([eE][-+]?\d+)?%?$/.test(parsed.text);
        if (parsed.text.startsWith('=') && ref.sheet !== undefined)
          this.add({ code: 'data-formula-without-value', message: `This cell${where} holds a formula${parsed.text.length > 1 ? ` (${parsed.text})` : ''} whose value the workbook does not store, so it has no figure.`, hint: 'Open the workbook in Excel or LibreOffice Calc and save it again (which stores each formula’s value), or type the figure.', ...pos });
        else if (/^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(parsed.text))
          this.add({ code: 'data-date-not-figure', message: `'${parsed.text}'${where} is a date, not a figure${ref.sheet !== undefined ? ' (the cell is formatted as a date)' : ''}.`, hint: 'Format the cell as a number, or check that the entry reads the column you meant.', ...pos });
        else this.add({ code: 'data-not-a-number', message: huge ? `'${parsed.text}'${where} is too large to be a figure.` : `'${parsed.text}'${where} is not a number.`, hint: 'Write a number (1234, "1,234", 12.5%) or a marker declared for this source.', ...pos });
        continue;
      }
      if (parsed.kind === 'empty') continue;
      if (parsed.kind === 'marker') {
        used = setMarker(parsed.marker, parsed.symbol, p.column, part) || used;
        continue;
      }
      const v = parsed.value;
      const unit: Unit = part === 'value' ? info.unit : 'count';
      if (unit === 'percent' && (v < 0 || v > 100)) {
        this.add({ code: 'data-percent-out-of-range', message: `Percentage ${v}${where} is outside 0–100.`, hint: 'Check the figure; percentages run from 0 to 100.', ...pos });
        continue;
      }
      if (unit === 'count' && (v < 0 || !Number.isInteger(v))) {
        this.add({ code: v < 0 ? 'data-negative-count' : 'data-fractional-count', message: `Count ${v}${where} is ${v < 0 ? 'negative' : 'not a whole number'}.`, hint: `${part === 'value' ? `${indicator}.${measure}` : `The ${part}`} is a count of people or cases.`, ...pos });
        continue;
      }
      if (c.marker !== undefined && c.marker !== 'low' && (marked.has('all') || marked.has(part))) {
        const first = c.at.marker!;
        this.add({ code: 'data-value-and-marker', message: `${what()} is given as ${v}${where} here, but marked ${MARKER_LABELS[c.marker]} at ${placeOf(first.ref, first.column)}.`, hint: 'A figure is either a number or a marker: remove the number or the marker, whichever the publisher did not give.', ...pos });
        continue;
      }
      const old = c[part];
      if (old !== undefined && old !== v) {
        const first = c.at[part]!;
        this.add({ code: 'data-conflicting-figure', message: `${what()} is given as ${v}${where}, but as ${old} at ${placeOf(first.ref, first.column)}.`, hint: 'Keep one figure; remove or correct the other row.', ...pos });
        continue;
      }
      c[part] = v;
      c.at[part] ??= { ref, column: p.column };
      if (part === 'value' && unit === 'percent') c.decimals = decimalPlaces(p.text);
      used = true;
    }
    if (!used) return;
    this.rowsUsed++;
    // Rows arrive in order, so a row already counted for this cell can only be the last one (a row
    // mapped twice, as numerator and denominator): checking the last keeps repeated rows linear.
    const last = c.refs[c.refs.length - 1];
    if (!last || last.file !== ref.file || last.row !== ref.row || last.sheet !== ref.sheet) c.refs.push(ref);
    if (fresh) this.cells.set(key, c);
  }

  /** Checks across rows: numerators against denominators, completed against commenced. */
  finish(): { cells: Map<string, Cell>; findings: Finding[]; notes: Map<string, Map<string, string>> } {
    for (const { finding, rows } of this.unknown.values()) if (rows > 1) finding.message = `${finding.message.replace(/\.$/, '')}, in ${rows} rows (the first is shown).`;
    for (const [file, seen] of this.notAreas) {
      const labels = [...seen.labels];
      this.add({
        severity: 'warning',
        code: 'data-not-an-area',
        message: `Rows that are not council areas were passed over: ${labels.map((l) => `'${l}'`).join(', ')}.`,
        hint: 'Nothing to do: they are not counted in any partnership or in Scotland. Remove them from the file to silence this note.',
        file,
        line: seen.first.row,
        column: (seen.column ?? 0) + 1,
        ...(seen.first.sheet !== undefined ? { sheet: seen.first.sheet } : {}),
      });
    }
    for (const c of this.cells.values()) {
      const info = this.measures.get(c.indicator)!.get(c.measure)!;
      if (c.numerator !== undefined && c.denominator !== undefined) {
        const at = c.at.numerator!;
        if (c.numerator > c.denominator) {
          this.add({ code: 'data-numerator-above-denominator', message: `${c.indicator}.${c.measure} for ${this.areas.name(c.area)} ${formatFinancialYear(c.year)}: numerator ${c.numerator} is above denominator ${c.denominator}.`, hint: 'Check the two figures: the numerator counts a part of the denominator.', file: at.ref.file, line: at.ref.row, column: at.column, ...(at.ref.sheet !== undefined ? { sheet: at.ref.sheet } : {}) });
        } else if (c.value !== undefined && info.unit === 'percent' && c.denominator > 0 && Math.abs((100 * c.numerator) / c.denominator - c.value) > 0.05 + 1e-9) {
          const v = c.at.value!;
          this.add({ severity: 'warning', code: 'data-percent-mismatch', message: `${c.indicator}.${c.measure} for ${this.areas.name(c.area)} ${formatFinancialYear(c.year)}: ${c.value}% does not match ${c.numerator} / ${c.denominator} (${((100 * c.numerator) / c.denominator).toFixed(1)}%).`, hint: 'Reports recompute percentages from numerators and denominators; check which figure is right.', file: v.ref.file, line: v.ref.row, column: v.column, ...(v.ref.sheet !== undefined ? { sheet: v.ref.sheet } : {}) });
        }
      }
      if (info.notAbove && c.value !== undefined) {
        const other = this.cells.get(cellKey(c.indicator, info.notAbove, c.area, c.year));
        if (other?.value !== undefined && c.value > other.value) {
          const at = c.at.value!;
          this.add({ code: 'data-above-paired-measure', message: `${c.indicator}.${c.measure} (${c.value}) is above ${c.indicator}.${info.notAbove} (${other.value}) for ${this.areas.name(c.area)} ${formatFinancialYear(c.year)}.`, hint: `More cases cannot be ${c.measure} than ${info.notAbove} in the same year; check both rows (the other is at ${placeOf(other.refs[0])}).`, file: at.ref.file, line: at.ref.row, column: at.column, ...(at.ref.sheet !== undefined ? { sheet: at.ref.sheet } : {}) });
        }
      }
    }
    return { cells: this.cells, findings: this.findings, notes: this.notes };
  }
}

/** Decimal places a number is written with: "71" → 0, "70.96%" → 2, "1,234.5" → 1. */
export function decimalPlaces(text: string): number {
  return /\.(\d+)/.exec(text.replace(/,/g, ''))?.[1].length ?? 0;
}
