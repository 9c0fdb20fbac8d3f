import { suggest, type Finding } from '../core/findings.js';
import type { DataSourceSpec } from '../core/plan-schema.js';
import { fieldOf, norm, type FieldColumns, type RowReader } from './cells.js';

type Where = Omit<Finding, 'severity' | 'code' | 'message' | 'hint'>;
/** A place in the plan file, by the path of keys to it under the data source. */
export type PlanAt = (path: (string | number)[]) => Where;
const cell = fieldOf;

/**
 * The reader of a statistics.gov.scot tidy extract: each row is a figure, its measure chosen by the
 * plan's `where:` on the dimension columns. `end` says, at the plan's line, which `where:` value no
 * row of the file held (with the values there are).
 */
export function sgsReader(
  source: DataSourceSpec,
  file: string,
  h: string[],
  find: (field: string, ...names: string[]) => number | undefined,
  missing: (what: string, hint: string) => undefined,
  add: (f: Omit<Finding, 'severity'> & { severity?: Finding['severity'] }) => void,
  head: Where,
  planAt?: PlanAt,
): { read: RowReader; end: (seen?: Set<string>) => void } | undefined {
  const c: FieldColumns = {
    area: find('area', 'featurecode', 'geographycode', 'feature code', 'geography code'),
    year: find('year', 'datecode', 'date code'),
    value: find('value', 'value'),
    marker: find('marker', 'datamarker', 'data marker'),
  };
  if (!source.indicator) {
    add({ code: 'data-source-incomplete', message: 'A statistics-gov-scot source needs indicator: (the indicator its rows belong to).', hint: 'Set indicator: NI1 (for example) on the data source in cjoip.yaml.', ...head });
    return undefined;
  }
  if (c.area === undefined) return missing('FeatureCode or GeographyCode', 'statistics.gov.scot extracts have FeatureCode; map another name with columns: { area: … }.');
  if (c.year === undefined) return missing('DateCode', 'Map the year column with columns: { year: … }.');
  if (c.value === undefined) return missing('Value', 'Map the value column with columns: { value: … }.');
  const rules = (source.measures ?? []).map((m) => ({
    ...m,
    where: Object.entries(m.where).map(([col, val]) => ({ col, i: h.indexOf(norm(col)), val: norm(val) })),
  }));
  if (!rules.length) {
    add({ code: 'data-source-incomplete', message: 'A statistics-gov-scot source needs measures: saying which rows are which measure.', hint: 'Add measures: [{ measure: commenced, where: { Measurement: Count } }].', ...head });
    return undefined;
  }
  for (const r of rules) for (const w of r.where) if (w.i < 0) return missing(`'${w.col}'`, `The measures mapping selects on column '${w.col}', which this file does not have.`);
  // Dimension values repeat on every row: each distinct text is normalised once.
  const seen = new Map<string, string>();
  const normOnce = (t: string) => {
    let n = seen.get(t);
    if (n === undefined) {
      n = norm(t);
      if (seen.size < 100_000) seen.set(t, n);
    }
    return n;
  };
  // What each selecting column holds, to say at the plan's line which value matches no row.
  const values = new Map<number, Map<string, string>>();
  for (const r of rules) for (const w of r.where) values.set(w.i, new Map());
  const hits = rules.map(() => 0);
  let unmatched = rules.length;
  const end = (seen?: Set<string>) => {
    rules.forEach((r, k) => {
      if (hits[k] || !planAt) return;
      const missingValue = r.where.find((w) => !values.get(w.i)!.has(w.val) && !seen?.has(w.val));
      const shown = (w: { i: number }) => [...values.get(w.i)!.values()].slice(0, 200);
      if (missingValue) add({ code: 'data-no-matching-rows', message: `No row of ${file} has ${missingValue.col} '${(source.measures ?? [])[k].where[missingValue.col]}', so measure '${r.measure}' has no figures.`, hint: suggest(missingValue.val, shown(missingValue), `values of ${missingValue.col}`), ...planAt(['measures', k, 'where', missingValue.col]) });
      else add({ severity: 'warning', code: 'data-no-matching-rows', message: `No row of ${file} has all of ${r.where.map((w) => `${w.col} '${(source.measures ?? [])[k].where[w.col]}'`).join(' and ')}, so measure '${r.measure}' has no figures.`, hint: 'Each value is in the file, but never on the same row: check the combination.', ...planAt(['measures', k, 'where']) });
    });
  };
  const read: RowReader = (rec) => {
    // Only while some entry has met no row: the values are for telling which one matches nothing.
    if (unmatched) for (const [i, seen] of values) if (seen.size < 1000) {
      const t = rec[i] ?? '';
      const n = normOnce(t);
      if (!seen.has(n)) seen.set(n, t.trim());
    }
    const k = rules.findIndex((x) => x.where.every((w) => normOnce(rec[w.i] ?? '') === w.val));
    if (k < 0) return [];
    if (!hits[k]++) unmatched--;
    const r = rules[k];
    return [{ indicator: source.indicator!, measure: r.measure, area: cell(rec, c.area), year: cell(rec, c.year), parts: { [r.part]: { text: cell(rec, c.value), column: c.value! + 1 } }, marker: c.marker === undefined ? undefined : cell(rec, c.marker), cols: c }];
  };
  return { read, end };
}
