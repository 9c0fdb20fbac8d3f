import { suggest, type Finding } from '../core/findings.js';
import type { DataSourceSpec } from '../core/plan-schema.js';
import { FIRST_YEAR, LAST_YEAR } from '../core/schema-parts.js';
import { formatFinancialYear } from '../core/years.js';
import type { RawRow } from './cells.js';
import { labelKey } from './notes.js';
import { dimensions, nearestAbove, type TableColumn, type TableRow, type TableShape } from './table.js';

type Entry = NonNullable<DataSourceSpec['measures']>[number];
type Where = Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>;

/** A `section:` as written: a label, or a label and which of its rows (1 for the first). */
export const sectionOf = (e: Pick<Entry, 'section'>): { label: string; occurrence?: number } | undefined => (e.section === undefined ? undefined : typeof e.section === 'string' ? { label: e.section } : e.section);

const distinct = (xs: string[]) => [...new Set(xs.filter(Boolean))];
/** A table of fewer council areas than this, and nothing else, is a partnership's own: its "Total" is theirs. */
const FEW_AREAS = 5;

/** Why a heading that looks like a year is not read as one. */
function badYearWords(text: string): { message: string; hint: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { message: `'${text}' is a date, not a financial year`, hint: 'The cell holds a date (a number shown as a date). Write the year as text, e.g. 2023-24, or format the cell as text.' };
  return {
    message: `'${text}' is not a financial year cjoip reads`,
    hint: `A year heading is one financial year from ${formatFinancialYear(FIRST_YEAR)} to ${formatFinancialYear(LAST_YEAR)}, written 2015-16, 2015/16 or 2015-2016. Correct the heading; a figure for several years is not a year's figure.`,
  };
}

/**
 * The figures of a table chosen by the plan's `measures:` entries, as rows for the collector.
 * `plan` locates a finding about an entry (index) or the source (undefined) in the plan file;
 * `file` a finding about a cell of the table.
 */
export function tableFigures(shape: TableShape, source: DataSourceSpec, plan: (entry?: number, key?: string) => Where, file: (row: number, column: number) => Where): { rows: { raw: RawRow; row: number }[]; findings: Finding[] } {
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
  const rowLabels = distinct(shape.body.map((r) => r.label));
  const colLabels = shape.columns.map((c) => c.label);
  const subs = distinct(shape.columns.filter((c) => c.year !== undefined).map((c) => c.sub ?? ''));
  const badYears = new Map<string, { row: number; column: number; text: string }>();
  const areasListed = new Set(shape.body.filter((r) => r.area && r.figures).map((r) => r.area)).size;
  const ownTable = areasListed < FEW_AREAS && !shape.body.some((r) => r.figures && (r.group || r.notArea || (r.label && !r.area && !r.total)));
  let partialTotal: { row: number; label: string } | undefined;

  entries.forEach((e: Entry, i) => {
    const indicator = e.indicator ?? source.indicator;
    if (!indicator) return fail('data-source-incomplete', `Measure '${e.measure}' has no indicator.`, 'Set indicator: on the data source, or on this entry.', i);
    if (dims.rows === 'categories' && !e.row) return fail('data-table-row-needed', `Measure '${e.measure}': this table has a row for each category, so the entry needs row: (the row's label).`, `Add row: "${rowLabels.find((l) => shape.body.some((r) => r.label === l && r.figures)) ?? 'Total'}" (the label without footnote numbers).`, i);
    if (dims.columns === 'categories' && !e.column) return fail('data-table-column-needed', `Measure '${e.measure}': this table has a column for each category, so the entry needs column: (the column's heading).`, `Add column: "${colLabels[0] ?? 'Total'}".`, i);
    // Columns of categories beside the area (the filterable layout) are chosen by where:.
    const where: { d: number; value: string }[] = [];
    for (const [heading, value] of Object.entries(e.where ?? {})) {
      const d = shape.dims.findIndex((c) => labelKey(c.label) === labelKey(heading));
      if (d < 0) return fail('data-table-no-column', `No column of categories headed '${heading}' in the table, so where: matches nothing.`, shape.dims.length ? suggest(heading, shape.dims.map((c) => c.label), 'columns of categories') : 'This table has no columns of categories beside its labels: choose rows with row: and section:.', i, 'where');
      const values = distinct(shape.body.map((r) => r.dims[d]));
      if (!values.some((v) => labelKey(v) === labelKey(value))) return fail('data-table-no-row', `No row has '${value}' under '${shape.dims[d].label}'.`, suggest(value, values, `values of ${shape.dims[d].label}`), i, 'where');
      where.push({ d, value: labelKey(value) });
    }
    const sec = sectionOf(e);
    let start = -1;
    if (sec) {
      const at = shape.body.map((r, k) => (labelKey(r.label) === labelKey(sec.label) ? k : -1)).filter((k) => k >= 0);
      if (!at.length) return fail('data-table-no-section', `No row labelled '${sec.label}' in the table, so section: matches nothing.`, suggest(sec.label, rowLabels, 'row labels'), i, 'section');
      if (at.length > 1 && sec.occurrence === undefined)
        return fail('data-table-repeated-section', `The section label '${sec.label}' is on ${at.length} rows (${at.map((k) => shape.body[k].row).join(' and ')}), so section: could mean either.`, `Say which: section: { label: "${sec.label}", occurrence: 1 } for the row ${shape.body[at[0]].row}, occurrence: 2 for the row ${shape.body[at[1]].row}.`, i, 'section');
      const n = sec.occurrence ?? 1;
      if (n > at.length) return fail('data-table-no-section', `The label '${sec.label}' is on ${at.length} row${at.length === 1 ? '' : 's'}, so there is no occurrence ${n}.`, `Give occurrence: from 1 to ${at.length}.`, i, 'section');
      start = at[n - 1];
    }
    // A section's rows are those beneath it: for a category, the first row of that label below it;
    // for areas or years, the run of rows with figures that follows it, up to the next heading.
    let rowsHere = shape.body.slice(start + 1);
    if (sec && dims.rows !== 'categories') {
      const end = rowsHere.findIndex((r) => (dims.rows === 'areas' ? !r.figures && !!r.label : r.year === undefined && !r.badYear));
      if (end >= 0) rowsHere = rowsHere.slice(0, end);
    }
    if (where.length) rowsHere = rowsHere.filter((r) => where.every((w) => labelKey(r.dims[w.d] ?? '') === w.value));
    let rowsChosen = rowsHere;
    if (dims.rows === 'categories') {
      rowsChosen = rowsHere.filter((r) => labelKey(r.label) === labelKey(e.row!));
      if (!rowsChosen.length) return fail('data-table-no-row', `No row labelled '${e.row}'${sec ? ` under '${sec.label}'` : ''} in the table.`, suggest(e.row!, distinct(rowsHere.map((r) => r.label)), 'row labels'), i, 'row');
      if (sec) rowsChosen = rowsChosen.slice(0, 1);
      else if (rowsChosen.length > 1)
        return fail('data-table-ambiguous-row', `The label '${e.row}' is on ${rowsChosen.length} rows (${rowsChosen.map((r) => r.row).join(', ')}): say which with section:.`, `Add section: with the label of the row it sits under, e.g. section: "${nearestAbove(shape, rowsChosen[1], labelKey(e.row!)) ?? 'Orders terminated'}".`, i, 'row');
    } else if (dims.rows === 'areas') {
      // The filterable layout repeats each area once per category: the entry must narrow to one row each.
      const byArea = new Map<string, TableRow[]>();
      for (const r of rowsHere.filter((x) => x.figures && x.label)) byArea.set(labelKey(r.label), [...(byArea.get(labelKey(r.label)) ?? []), r]);
      const twice = [...byArea.values()].find((rs) => rs.length > 1);
      if (twice) {
        const differ = shape.dims.map((d, k) => ({ d, k })).filter(({ k }) => new Set(twice.map((r) => labelKey(r.dims[k] ?? ''))).size > 1);
        const example = differ.length ? `where: { ${differ.map(({ d, k }) => `"${d.label}": "${twice[0].dims[k]}"`).join(', ')} }` : `section: "${nearestAbove(shape, twice[1], labelKey(twice[1].label)) ?? 'the heading above'}"`;
        return fail('data-table-ambiguous-row', `'${twice[0].label}' is on ${twice.length} rows (${twice.slice(0, 5).map((r) => r.row).join(', ')}${twice.length > 5 ? ', …' : ''}), so measure '${e.measure}' could be any of them.`, `Choose its row: ${example}.`, i, differ.length ? 'where' : undefined);
      }
    }
    let colsChosen: TableColumn[] = shape.columns;
    if (dims.columns === 'categories') {
      colsChosen = shape.columns.filter((c) => labelKey(c.label) === labelKey(e.column!));
      if (!colsChosen.length) return fail('data-table-no-column', `No column headed '${e.column}' in the table.`, suggest(e.column!, colLabels, 'column headings'), i, 'column');
    } else if (dims.columns === 'years' && subs.length > 1) {
      // Two header rows: a year over "Number" and "%"; the entry says which.
      if (!e.column) return fail('data-table-column-needed', `Under each year this table has ${subs.map((s) => `'${s}'`).join(' and ')} columns, so measure '${e.measure}' needs column:.`, `Add column: "${subs[0]}".`, i);
      colsChosen = shape.columns.filter((c) => (c.year !== undefined || c.badYear) && (labelKey(c.sub ?? '') === labelKey(e.column!) || labelKey(c.label) === labelKey(e.column!)));
      if (!colsChosen.length) return fail('data-table-no-column', `No column under the years is headed '${e.column}'.`, suggest(e.column, subs, 'headings under each year'), i, 'column');
    }
    for (const r of rowsChosen) {
      if (dims.rows === 'years' && r.year === undefined) {
        if (r.badYear && r.figures) badYears.set(`r${r.row}`, { row: r.row, column: shape.labelColumn + 1, text: r.badYear });
        continue;
      }
      if (dims.rows === 'areas' && (!r.label || !r.figures)) continue;
      // "Total" or "All" is Scotland in a table by council area, court or group; in a table of a few
      // council areas and nothing else (a partnership's own) it is their total, which is no area's figure.
      if (dims.rows === 'areas' && r.total && ownTable) {
        partialTotal ??= { row: r.row, label: r.label };
        continue;
      }
      for (const c of colsChosen) {
        const text = r.cells[c.index] ?? '';
        if (text.trim() === '') continue;
        if (dims.columns === 'years' && c.year === undefined) {
          if (c.badYear) badYears.set(`c${c.index}`, { row: shape.headerRows[0], column: c.index + 1, text: c.badYear });
          continue;
        }
        const year = dims.rows === 'years' ? formatFinancialYear(r.year!) : dims.columns === 'years' ? formatFinancialYear(c.year!) : source.year!;
        const area = dims.rows === 'areas' ? (r.total ? 'Scotland' : r.label) : dims.columns === 'areas' ? c.label : source.area!;
        const notes = distinct([...r.notes, ...c.notes]);
        out.push({
          row: r.row,
          raw: {
            indicator,
            measure: e.measure,
            area,
            year,
            parts: { [e.part]: { text, column: c.index + 1 } },
            cols: { area: dims.rows === 'areas' ? shape.labelColumn : dims.columns === 'areas' ? c.index : undefined, year: dims.columns === 'years' ? c.index : dims.rows === 'years' ? shape.labelColumn : undefined },
            ...(notes.length ? { notes } : {}),
          },
        });
      }
    }
  });
  if (partialTotal)
    findings.push({ severity: 'warning', code: 'data-total-not-scotland', message: `'${partialTotal.label}' is not read as Scotland: this table lists ${areasListed} council area${areasListed === 1 ? '' : 's'}, so it is their total.`, hint: 'Nothing to do: a partnership total is added up from its areas. For Scotland, read a table of every council area, or a national table (area: Scotland).', ...file(partialTotal.row, shape.labelColumn + 1) });
  // A heading that looks like a year but is none is told once, at its cell, when figures stand under it.
  for (const b of badYears.values()) {
    const w = badYearWords(b.text);
    findings.push({ severity: 'error', code: 'data-bad-year', message: `${w.message}: the figures it heads are not read.`, hint: w.hint, ...file(b.row, b.column) });
  }
  return { rows: out, findings };
}
