import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjoip, copyExample, findInModel, fixture, MINIMAL_PLAN, ROOT } from './helpers.js';

/**
 * Per-council-area tables as the Scottish Government publishes them, read through the real binary
 * and checked figure by figure against `truth.json`, the figures the fixtures were made from
 * (test/fixtures/per-area/make-fixtures.py).
 */
const FIX = path.join(ROOT, 'test', 'fixtures', 'per-area');
const fix = (name: string) => readFileSync(path.join(FIX, name));
type Truth = {
  table8a: Record<string, Record<string, { terminated: number; completed: number; percent: number }>>;
  table8b: Record<string, Record<string, number>>;
  diversion: Record<string, Record<string, Record<string, number>>>;
};
const truth = JSON.parse(readFileSync(path.join(FIX, 'truth.json'), 'utf8')) as Truth;
const AYRSHIRE = ['East Ayrshire', 'North Ayrshire', 'South Ayrshire'];

/** A plan for these areas, 2019-20 to 2024-25, with a local indicator fed by a table and these data sources. */
function planFor(areas: string[], data: string): string {
  return (
    MINIMAL_PLAN.replace('areas: [Clackmannanshire]', `areas: [${areas.join(', ')}]`)
      .replace('start: 2024-25, end: 2026-27', 'start: 2019-20, end: 2024-25')
      .replace('due: 2025-03-31', 'due: 2024-03-31')
      .replace('2024-25: { status', '2023-24: { status') + `local_indicators:\n  - { id: cpo-rate, title: Community payback orders completed as published, unit: percent, direction: up }\ndata:\n${data}`
  );
}

const SHEET = (file: string, name: string) => (/\.(xlsx|ods)$/.test(file) ? `\n    sheet: ${name}` : '');
const TABLE_8A = (file: string) => `  - id: table-8a
    files: [data/${file}]${SHEET(file, 'Table 8')}
    table: Table 8a
    layout: table
    indicator: NI4
    measures:
      - { measure: cpo-completed, column: Completed, part: numerator }
      - { measure: cpo-completed, column: Terminated, part: denominator }
      - { indicator: cpo-rate, measure: value, column: "%" }
    provenance: { publisher: Test, title: Table 8a in the shape of the published table, status: illustrative }
`;
const TABLE_8B = (file: string) => `  - id: table-8b
    files: [data/${file}]${SHEET(file, 'Table 8')}
    table: "Table 8b:"
    layout: table
    indicator: NI3
    area_groups:
      "Ayrshire, East, North and South": [East Ayrshire, North Ayrshire, South Ayrshire]
      "Lanarkshire, North and South": [North Lanarkshire, South Lanarkshire]
    measures:
      - { measure: commenced }
    provenance: { publisher: Test, title: Table 8b in the shape of the published table, status: illustrative }
`;
const DIVERSION = (file: string) => `  - id: diversion
    files: [data/${file}]${SHEET(file, 'Table_3')}
    layout: table
    indicator: NI1
    measures:
      - { measure: assessments, where: { Stage: Assessments, Sex: All } }
      - { measure: commenced, where: { Stage: Commenced, Sex: All } }
      - { measure: completed, where: { Stage: Completed, Sex: All } }
    provenance: { publisher: Test, title: Table 3 in the filterable layout, status: illustrative }
`;

type Fig = { value?: number; numerator?: number; denominator?: number; marker?: string; publishedForGroup?: boolean; sources: { file: string; row: number; sheet?: string; notes?: string[] }[] };
type Point = { year: number; partnership: Fig; areas: { name: string; figure: Fig }[]; scotland?: Fig };
type Model = { localIndicators: { id: string; figures: { area: string; year: string; value?: number; text: string }[] }[] };

/** The report's JSON model and Markdown for a year. */
function report(dir: string, year: number): { model: Model & Record<string, unknown>; md: string } {
  const r = cjoip(['report', '--year', String(year), dir, '--format', 'json,md', '--force']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  const label = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
  const base = path.join(dir, 'reports', label, `annual-report-${label}`);
  return { model: JSON.parse(readFileSync(`${base}.json`, 'utf8')), md: readFileSync(`${base}.md`, 'utf8') };
}

function seriesIn(model: unknown, key: string): Point[] {
  const found = findInModel<{ series: Point[] }>(model, (x) => x.key === key && Array.isArray(x.series));
  expect(found, key).toBeDefined();
  return found!.series;
}

const fy = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
const plain = (s: Point[]) => s.map((p) => ({ year: p.year, partnership: [p.partnership.value, p.partnership.numerator, p.partnership.denominator], areas: p.areas.map((a) => [a.name, a.figure.value, a.figure.numerator, a.figure.denominator, a.figure.marker]), scotland: p.scotland && [p.scotland.value, p.scotland.numerator, p.scotland.denominator] }));

function validateJson(dir: string): { code: number | null; findings: { severity: string; code: string; message: string; file: string; line: number; column: number; cell?: string; hint?: string }[] } {
  const v = cjoip(['validate', dir, '--format', 'json']);
  return { code: v.code, findings: JSON.parse(v.stdout) };
}

const FORMATS: [string, string, string][] = [
  ['CSV, UTF-8 with BOM', 'orders-by-council.csv', 'diversion-filterable.csv'],
  ['CSV, Windows-1252', 'orders-by-council-1252.csv', 'diversion-filterable-1252.csv'],
  ['XLSX saved by LibreOffice', 'orders-by-council.xlsx', 'diversion-filterable.xlsx'],
  ['ODS saved by LibreOffice', 'orders-by-council.ods', 'diversion-filterable.ods'],
];

describe('per-council tables as published, figure by figure', () => {
  const seen = new Map<string, unknown>();

  it.each(FORMATS)('%s: stacked tables, two header rows, All/Other/Unknown rows, a group row and the filterable layout', (name, orders, diversion) => {
    const dir = fixture({ 'cjoip.yaml': planFor(AYRSHIRE, TABLE_8A(orders) + TABLE_8B(orders) + DIVERSION(diversion)), [`data/${orders}`]: fix(orders), [`data/${diversion}`]: fix(diversion) });
    const v = validateJson(dir);
    expect(v.findings.filter((f) => f.severity === 'error'), JSON.stringify(v.findings, null, 1)).toEqual([]);
    // Other2 and Unknown3 (Table 8a), the High Court (Table 8b): passed over with one note per file.
    const notAreas = v.findings.filter((f) => f.code === 'data-not-an-area');
    expect(notAreas).toHaveLength(1);
    expect(notAreas[0].message).toContain("'Other', 'Unknown'");
    expect(notAreas[0].message).toContain("'High Court'");

    const { model, md } = report(dir, 2024);
    // Table 8a: each area's completed and terminated orders, Scotland from the "All" row; the partnership's recomputed from the sums.
    const cpo = seriesIn(model, 'NI4-cpo-completed');
    for (const y of ['2022-23', '2023-24']) {
      const p = cpo.find((x) => fy(x.year) === y)!;
      for (const a of AYRSHIRE) {
        const f = p.areas.find((x) => x.name === a)!.figure;
        expect([f.numerator, f.denominator], `${name} ${a} ${y}`).toEqual([truth.table8a[a][y].completed, truth.table8a[a][y].terminated]);
      }
      expect([p.scotland!.numerator, p.scotland!.denominator]).toEqual([truth.table8a.Scotland[y].completed, truth.table8a.Scotland[y].terminated]);
      const num = AYRSHIRE.reduce((s, a) => s + truth.table8a[a][y].completed, 0);
      const den = AYRSHIRE.reduce((s, a) => s + truth.table8a[a][y].terminated, 0);
      expect([p.partnership.numerator, p.partnership.denominator, p.partnership.value]).toEqual([num, den, Math.round((1000 * num) / den) / 10]);
      // The note of the 2023-24 heading and of the "Completed" heading travel with the figure.
      expect(p.areas[0].figure.sources.flatMap((s) => s.notes ?? []).sort()).toEqual(y === '2023-24' ? ['1', '2'] : ['1']);
    }
    // The "%" column feeds a local indicator: ODS percentage cells are percentages (72.5, not 0.7).
    const local = (model.localIndicators as Model['localIndicators']).find((l) => l.id === 'cpo-rate')!;
    for (const a of AYRSHIRE) for (const y of ['2022-23', '2023-24']) expect(local.figures.find((f) => f.area === a && f.year === y)?.value, `${name} ${a} ${y} %`).toBe(truth.table8a[a][y].percent);

    // Table 8b: the group row "Ayrshire, East, North and South" is the partnership's own figure, never added to its parts.
    const r2023 = report(dir, 2023);
    const bail = seriesIn(r2023.model, 'NI3-commenced');
    for (const p of bail.filter((x) => x.year >= 2019)) {
      const y = fy(p.year);
      expect(p.partnership.value, `${name} group ${y}`).toBe(truth.table8b['Ayrshire, East, North and South'][y]);
      expect(p.partnership.publishedForGroup).toBe(true);
      expect(p.areas.every((a) => a.figure.value === undefined)).toBe(true);
      expect(p.scotland!.value).toBe(truth.table8b.Scotland[y]);
      expect(p.partnership.sources.map((s) => s.row)).toEqual([/\.csv$/.test(orders) ? 49 : 45]);
    }

    // The filterable layout: Stage and Sex chosen by where:, "% change" columns never read.
    for (const [measure, stage] of [['assessments', 'Assessments'], ['commenced', 'Commenced'], ['completed', 'Completed']]) {
      const s = seriesIn(model, `NI1-${measure}`);
      for (const p of s.filter((x) => x.year >= 2019 && x.year <= 2023)) {
        const y = fy(p.year);
        for (const a of AYRSHIRE) expect(p.areas.find((x) => x.name === a)!.figure.value, `${name} ${a} ${stage} ${y}`).toBe(truth.diversion[a][stage][y]);
        expect(p.scotland!.value).toBe(truth.diversion.Scotland[stage][y]);
        expect(p.partnership.value).toBe(AYRSHIRE.reduce((t, a) => t + truth.diversion[a][stage][y], 0));
      }
    }
    // The note texts, from below the table (CSV) or the Notes sheet (workbooks), where the figures are explained.
    expect(md).toContain('### Notes from the publishers’ tables');
    expect(md).toMatch(/Source \d+, note 1: Orders ended by transfer to another council’s area are excluded\./);
    expect(md).toMatch(/Source \d+, note 2: Figures for 2023-24 include orders imposed on or after 1 April 2023 only\./);
    expect(r2023.md).toContain('The figure for Test Partnership is published for its areas together, not added up from them.');
    seen.set(name, { cpo: plain(cpo), bail: plain(bail), local: local.figures.map((f) => [f.area, f.year, f.value]) });
  });

  it('CSV, Windows-1252 CSV, XLSX and ODS of one table give the same figures', () => {
    const base = seen.get(FORMATS[0][0]);
    expect(base).toBeDefined();
    for (const [name] of FORMATS.slice(1)) expect(seen.get(name), name).toEqual(base);
  });

  it('areas in the publisher’s spellings (Argyll & Bute, Edinburgh City, Glasgow City3, Perth & Kinross) are read as the council areas', () => {
    const areas = ['Argyll and Bute', 'City of Edinburgh', 'Glasgow City', 'Perth and Kinross', 'Na h-Eileanan Siar'];
    const dir = fixture({ 'cjoip.yaml': planFor(areas, TABLE_8A('orders-by-council.xlsx') + DIVERSION('diversion-filterable.ods')), 'data/orders-by-council.xlsx': fix('orders-by-council.xlsx'), 'data/diversion-filterable.ods': fix('diversion-filterable.ods') });
    const { model } = report(dir, 2024);
    const p = seriesIn(model, 'NI4-cpo-completed').find((x) => x.year === 2023)!;
    for (const a of areas) expect(p.areas.find((x) => x.name === a)!.figure.denominator, a).toBe(truth.table8a[a]['2023-24'].terminated);
    const d = seriesIn(model, 'NI1-commenced').find((x) => x.year === 2023)!;
    for (const a of areas) expect(d.areas.find((x) => x.name === a)!.figure.value, a).toBe(truth.diversion[a].Commenced['2023-24']);
  });

  it('a group that is not the partnership’s is never its figure nor added to its areas', () => {
    const dir = fixture({ 'cjoip.yaml': planFor(['North Lanarkshire', 'Glasgow City'], TABLE_8B('orders-by-council.csv')), 'data/orders-by-council.csv': fix('orders-by-council.csv') });
    const p = seriesIn(report(dir, 2023).model, 'NI3-commenced').find((x) => x.year === 2023)!;
    expect(p.partnership.value).toBeUndefined();
    expect(p.areas.find((a) => a.name === 'Glasgow City')!.figure.value).toBe(truth.table8b['Glasgow City']['2023-24']);
    expect(p.areas.find((a) => a.name === 'North Lanarkshire')!.figure.value).toBeUndefined();
  });
});

describe('data inspect on each shape gives an entry that, pasted, validates and gives the figures', () => {
  it.each([['orders-by-council.xlsx'], ['orders-by-council-1252.csv'], ['diversion-filterable.ods']])('%s', (file) => {
    const dir = fixture({ [`data/${file}`]: fix(file), 'cjoip.yaml': 'placeholder' });
    const r = cjoip(['data', 'inspect', `data/${file}`], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    if (file.startsWith('orders')) {
      expect(out).toContain('2 published tables, one below another');
      expect(out).toContain('Title:      Table 8a – Community payback orders');
      expect(out).toMatch(/Header: {5}(row 4|Table 8!4) and (row 5|Table 8!5), read as one: '2022-23 Terminated', '2022-23 Completed', '2022-23 %'/);
      expect(out).toContain("Scotland:   'All'");
      expect(out).toContain("Not areas:  'Other', 'Unknown'");
      expect(out).toContain("'Ayrshire, East, North and South' (seems to be East Ayrshire, North Ayrshire, South Ayrshire)");
      expect(out).toContain('NI4.cpo-completed (numerator) ← Completed (under each year); NI4.cpo-completed (denominator) ← Terminated');
      expect(out).toContain('NI3.commenced ← the table (by its title)');
      expect(out).toContain('note 1: Orders ended by transfer');
    } else {
      expect(out).toContain('Title:      Table 3: Diversion from prosecution cases');
      expect(out).toContain('Passed over: % change 22-23 to 23-24 | % change 19-20 to 23-24');
      expect(out).toContain('Stage: Assessments, Commenced, Completed');
      expect(out).toContain('NI1.commenced ← Commenced › All');
      expect(out).not.toContain('Repeated:');
      expect(out).not.toContain('Sections:');
    }
    const entry = out.slice(out.indexOf('  - id:'));
    writeFileSync(path.join(dir, 'cjoip.yaml'), planFor(AYRSHIRE, entry));
    const v = validateJson(dir);
    expect(v.findings.filter((f) => f.severity === 'error'), entry).toEqual([]);
    const { model } = report(dir, 2024);
    if (file.startsWith('orders')) {
      const p = seriesIn(model, 'NI4-cpo-completed').find((x) => x.year === 2023)!;
      expect(p.areas.map((a) => a.figure.numerator)).toEqual(AYRSHIRE.map((a) => truth.table8a[a]['2023-24'].completed));
      const b = seriesIn(model, 'NI3-commenced').find((x) => x.year === 2023)!;
      expect(b.partnership.value).toBe(truth.table8b['Ayrshire, East, North and South']['2023-24']);
    } else {
      const p = seriesIn(model, 'NI1-completed').find((x) => x.year === 2023)!;
      expect(p.areas.map((a) => a.figure.value)).toEqual(AYRSHIRE.map((a) => truth.diversion[a].Completed['2023-24']));
    }
  });
});

describe('data inspect --table', () => {
  it('describes the one table named, with its entry, on a sheet of two', () => {
    const r = cjoip(['data', 'inspect', path.join(FIX, 'orders-by-council.csv'), '--table', 'Table 8b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Title:      Table 8b: Bail supervision cases commenced');
    expect(r.stdout).not.toContain('Table 8a –');
    expect(r.stdout.match(/  - id:/g)).toHaveLength(1);
    expect(r.stdout).toContain('table: Table 8b');
    const bad = cjoip(['data', 'inspect', path.join(FIX, 'orders-by-council.csv'), '--table', 'Table 9']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("No table titled 'Table 9'");
  });
});

describe('what must not be read wrong is told at its place', () => {
  const TABLE = (file: string, measures: string, extra = '') => `  - id: t
    files: [data/${file}]${extra}
    layout: table
    indicator: NI3
    measures:
${measures}
    provenance: { publisher: Test, title: Test table, status: illustrative }
`;

  it('year headings that are not financial years from 2000-01 to 2099-00 are refused at their cell, never read nor dropped', () => {
    const csv = ['Table 1: Bail supervision cases commenced', '', 'Local authority,2014-15,1899-00,2100-01,2015-17,2017-2019,20X6-17,2023-24', 'East Ayrshire,1,2,3,4,5,6,7', 'Scotland,10,20,30,40,50,60,70', ''].join('\n');
    const dir = fixture({ 'cjoip.yaml': planFor(AYRSHIRE, TABLE('t.csv', '      - { measure: commenced }')), 'data/t.csv': csv });
    const v = validateJson(dir);
    expect(v.code).toBe(1);
    const bad = v.findings.filter((f) => f.code === 'data-bad-year');
    expect(bad.map((f) => [f.line, f.column, f.message.slice(0, f.message.indexOf(' is not'))])).toEqual([
      [3, 3, "'1899-00'"],
      [3, 4, "'2100-01'"],
      [3, 5, "'2015-17'"],
      [3, 6, "'2017-2019'"],
      [3, 7, "'20X6-17'"],
    ]);
    expect(bad[0].hint).toContain('2000-01 to 2099-00');
    // The good years are read.
    const ok = fixture({ 'cjoip.yaml': planFor(AYRSHIRE, TABLE('t.csv', '      - { measure: commenced }')), 'data/t.csv': csv.replace(/1899-00,2100-01,2015-17,2017-2019,20X6-17,/, '').replace(/,2,3,4,5,6,/g, ',').replace(/,20,30,40,50,60,/, ',') });
    expect(validateJson(ok).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a section label on two rows is refused naming both, unless section: picks one by occurrence', () => {
    const csv = ['Table 2: Bail supervision', '', 'Measure,2022-23,2023-24', 'Cases commenced', 'Total,10,11', 'Cases completed', 'Total,7,8', 'Cases commenced', 'Total,3,4', ''].join('\n');
    const plan = (section: string) => planFor(['East Ayrshire'], TABLE('t.csv', `      - { measure: commenced, section: ${section}, row: Total }`, '\n    area: East Ayrshire'));
    const dir = fixture({ 'cjoip.yaml': plan('Cases commenced'), 'data/t.csv': csv });
    const v = validateJson(dir);
    const f = v.findings.find((x) => x.code === 'data-table-repeated-section')!;
    expect(f.message).toContain("'Cases commenced' is on 2 rows (4 and 8)");
    expect(f.file).toMatch(/cjoip\.yaml$/);
    expect(f.hint).toContain('occurrence: 2');
    writeFileSync(path.join(dir, 'cjoip.yaml'), plan('{ label: Cases commenced, occurrence: 2 }'));
    expect(validateJson(dir).findings.filter((x) => x.severity === 'error')).toEqual([]);
    const p = seriesIn(report(dir, 2023).model, 'NI3-commenced').find((x) => x.year === 2023)!;
    expect(p.partnership.value).toBe(4);
  });

  it('a formula cell without a saved value and a date stored as a number are named at their cells', async () => {
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([['Table 1: Bail supervision cases commenced'], [], ['Local authority', '2022-23', '2023-24'], ['East Ayrshire', 12, 0], ['Scotland', 100, 120]]);
    ws.C4 = { t: 'n', f: 'SUM(B4:B4)' } as never; // a formula whose value was never saved
    ws.B5 = { t: 'n', v: 45017, z: 'dd/mm/yyyy' } as never; // 1 April 2023, stored as a day number
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Table 1');
    const dir = fixture({ 'cjoip.yaml': planFor(['East Ayrshire'], TABLE('t.xlsx', '      - { measure: commenced }')), 'data/t.xlsx': Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' })) });
    const v = validateJson(dir);
    expect(v.code).toBe(1);
    const formula = v.findings.find((f) => f.code === 'data-formula-without-value')!;
    expect(formula.cell).toBe('Table 1!C4');
    expect(formula.message).toContain('=SUM(B4:B4)');
    const date = v.findings.find((f) => f.code === 'data-date-not-figure')!;
    expect(date.cell).toBe('Table 1!B5');
    expect(date.message).toMatch(/^'2023-04-01' \(column 2022-23\) is a date, not a figure/);
  });

  it('an unknown measure, where: value and table: are told once, at the plan line, with what exists', () => {
    const text = planFor(AYRSHIRE, DIVERSION('diversion-filterable.csv').replace('measure: completed, where: { Stage: Completed', 'measure: finished, where: { Stage: Completed').replace('Stage: Commenced, Sex: All', 'Stage: Comenced, Sex: All') + TABLE_8B('orders-by-council.csv').replace('table: "Table 8b:"', 'table: Table 9'));
    const dir = fixture({ 'cjoip.yaml': text, 'data/diversion-filterable.csv': fix('diversion-filterable.csv'), 'data/orders-by-council.csv': fix('orders-by-council.csv') });
    const v = validateJson(dir);
    expect(v.code).toBe(1);
    const errors = v.findings.filter((f) => f.severity === 'error');
    expect(errors.every((f) => f.file.endsWith('cjoip.yaml')), JSON.stringify(errors, null, 1)).toBe(true);
    const lines = text.split('\n');
    const measure = errors.filter((f) => f.code === 'data-unknown-measure');
    expect(measure).toHaveLength(1);
    expect(lines[measure[0].line - 1]).toContain('measure: finished');
    expect(measure[0].hint).toContain('completed');
    const where = errors.find((f) => f.code === 'data-table-no-row')!;
    expect(where.message).toContain("No row has 'Comenced' under 'Stage'");
    expect(where.hint).toContain('Commenced');
    const table = errors.find((f) => f.code === 'data-table-missing')!;
    expect(lines[table.line - 1]).toContain('table: Table 9');
    expect(table.message).toContain("'Table 8a – Community payback orders");
  });

  it('a statistics.gov.scot where: value that no row has is told at the plan line, with the values there are', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    const text = readFileSync(file, 'utf8').replace('Case Type: Cases commenced', 'Case Type: Cases comenced');
    writeFileSync(file, text);
    const v = validateJson(dir);
    expect(v.code).toBe(1);
    const f = v.findings.filter((x) => x.code === 'data-no-matching-rows');
    expect(f).toHaveLength(1);
    expect(f[0].file).toMatch(/cjoip\.yaml$/);
    expect(text.split('\n')[f[0].line - 1]).toContain('Cases comenced');
    expect(f[0].message).toContain("has Case Type 'Cases comenced', so measure 'commenced' has no figures");
    expect(f[0].hint).toContain('Cases commenced');
  });

  it('a percentage published as a whole number keeps its precision in the table, the headline and the chart description', () => {
    const csv = 'indicator,measure,area,year,value\nNI4,cpo-completed,Clackmannanshire,2022-23,68\nNI4,cpo-completed,Clackmannanshire,2023-24,71\nNI4,cpo-completed,Scotland,2022-23,70\nNI4,cpo-completed,Scotland,2023-24,72\n';
    const plan = MINIMAL_PLAN + 'data:\n  - id: d\n    files: [data/d.csv]\n    layout: long\n    provenance: { publisher: Test, title: Test figures, status: illustrative }\n';
    const dir = fixture({ 'cjoip.yaml': plan, 'data/d.csv': csv });
    const { md } = report(dir, 2024);
    const part = md.slice(md.indexOf('Community payback orders successfully completed'));
    expect(part).toMatch(/Values range from 68% to 72%\./);
    expect(part).toContain('Clackmannanshire 71%');
    expect(part).not.toMatch(/\b(68|70|71|72)\.0%/);
  });

  it('a "Total" row under a few council areas is their total, never read as Scotland', () => {
    const csv = ['Table 4: Bail supervision cases commenced, Ayrshire', '', 'Local authority,2022-23,2023-24', 'East Ayrshire,10,11', 'North Ayrshire,20,21', 'South Ayrshire,30,31', 'Total,60,63', ''].join('\n');
    const dir = fixture({ 'cjoip.yaml': planFor(AYRSHIRE, `  - id: t\n    files: [data/t.csv]\n    layout: table\n    indicator: NI3\n    measures:\n      - { measure: commenced }\n    provenance: { publisher: Test, title: Test table, status: illustrative }\n`), 'data/t.csv': csv });
    const v = validateJson(dir);
    const w = v.findings.find((f) => f.code === 'data-total-not-scotland')!;
    expect(w.severity).toBe('warning');
    expect([w.line, w.column]).toEqual([7, 1]);
    expect(w.message).toContain('this table lists 3 council areas');
    const p = seriesIn(report(dir, 2023).model, 'NI3-commenced').find((x) => x.year === 2023)!;
    expect(p.partnership.value).toBe(63);
    expect(p.scotland).toBeUndefined();
  });

  it('a sheet of two tables without table: is refused, naming both', () => {
    const dir = fixture({ 'cjoip.yaml': planFor(AYRSHIRE, TABLE_8B('orders-by-council.xlsx').replace('    table: "Table 8b:"\n', '')), 'data/orders-by-council.xlsx': fix('orders-by-council.xlsx') });
    const v = validateJson(dir);
    const f = v.findings.find((x) => x.code === 'data-several-tables')!;
    expect(f.message).toContain('holds 2 tables, one below another');
    expect(f.message).toContain("'Table 8b: Bail supervision cases commenced");
    expect(f.hint).toContain('table: "Table 8a"');
  });
});

describe('the Ayrshire example reads a real per-council table as published', () => {
  it('Recorded Crime in Scotland 2024-25, Table 1 (the filterable layout): each council area, the partnership and Scotland, its source named', () => {
    const dir = copyExample('ayrshire-2024-29');
    const { model, md } = report(dir, 2024);
    // Under its outcome (O9) in the model.
    const l3 = findInModel<{ table: { head: string[]; figureRows: string[][] } }>(model, (x) => x.id === 'L3' && !!x.table);
    if (!l3) throw new Error('L3 is not in the report model');
    // As published (Scottish Government, June 2025): crimes recorded by the police in 2024-25.
    expect(l3.table.head).toEqual(['Year', 'East Ayrshire', 'North Ayrshire', 'South Ayrshire', 'CJAP (total)', 'Scotland']);
    expect(l3.table.figureRows.find((r) => r[0] === '2024-25')).toEqual(['2024-25', '6,434', '7,598', '5,167', '19,199', '299,111']);
    expect(l3.table.figureRows.find((r) => r[0] === '2020-21')).toEqual(['2020-21', '6,574', '7,981', '5,501', '20,056', '299,452']);
    expect(md).toMatch(/\d+\. Scottish Government, _Recorded Crime in Scotland, 2024-25: bulletin tables, Table 1_\. Official statistics\./);
    // The "% change" columns are never read; the note on 2017-18 is not shown, as no figure of that year is.
    expect(md).not.toContain('note 7: Part of the change');
    // The five latest years, each with a cell for every column.
    expect(l3.table.figureRows.map((r) => r[0])).toEqual(['2020-21', '2021-22', '2022-23', '2023-24', '2024-25']);
    expect(l3.table.figureRows.map((r) => r.length)).toEqual(Array(5).fill(6));
  });
});

describe('rows no measure asks for are passed over before they are split into fields', () => {
  it('the prefilter never drops a line that matches, and drops lines that cannot', async () => {
    const { wherePrefilter } = await import('../src/data/prefilter.js');
    const source = { id: 's', files: ['x'], layout: 'statistics-gov-scot', encoding: 'auto', indicator: 'NI3', measures: [{ measure: 'commenced', part: 'value', where: { 'Case Type': 'Cases commenced', Gender: 'All', Age: 'All' } }], provenance: { publisher: 'p', title: 't', status: 'illustrative' } } as never;
    const f = wherePrefilter(source, ',')!;
    // Matching lines, however they are written: quoted, spaced, in capitals, with a quoted figure.
    for (const line of ['S12000021,2023/2024,Count,Cases,"1,234",Cases commenced,All,All,', 'S12000021,2023/2024,Count,Cases,12,"Cases commenced","All","All",', 'S12000021,2023/2024,Count,Cases,12, CASES COMMENCED , all ,All,', 'S12000021,2023/2024,Count,Cases,12,Cases\u00a0commenced,All,All,'])
      expect(f.keep(line), line).toBe(true);
    // Lines that cannot match: a single "All" where two are needed, another case type.
    expect(f.keep('S12000021,2023/2024,Count,Cases,"1,234",Cases commenced,All,Age 5,')).toBe(false);
    expect(f.keep('S12000021,2023/2024,Count,Cases,12,Cases completed,All,All,')).toBe(false);
    expect([...f.seen].sort()).toEqual(['all', 'cases commenced']);
  });

  it('a large extract gives the same figures and row count as the same rows read whole', () => {
    const header = 'FeatureCode,DateCode,Measurement,Units,Value,Case Type,Gender,Age,DataMarker';
    const lines = [header];
    const areas = ['S12000021', 'S12000008', 'S12000028', 'S92000003'];
    let n = 0;
    let size = 0;
    for (let age = 0; size < 4.5 * 1024 * 1024; age++)
      for (const a of areas)
        for (let y = 2017; y < 2025; y++)
          for (const t of ['Cases commenced', 'Cases completed'])
            for (const g of ['All', 'Male', 'Female']) {
              const v = 100 + ((n++ * 37) % 800);
              lines.push(`http://statistics.gov.scot/id/statistical-geography/${a},${y}/${y + 1},Count,Cases,"${t === 'Cases completed' ? v : v + 1000}",${t},${g},${age === 0 ? 'All' : `Age ${age}`},`);
              size += lines[lines.length - 1].length + 2;
            }
    const big = lines.join('\r\n') + '\r\n';
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    const source = `  - id: bail
    files: [data/x.csv]
    layout: statistics-gov-scot
    indicator: NI3
    measures:
      - { measure: commenced, where: { Case Type: Cases commenced, Gender: All, Age: All } }
      - { measure: completed, where: { Case Type: Cases completed, Gender: All, Age: All } }
    provenance: { publisher: Test, title: Test extract, status: illustrative }
`;
    const plan = MINIMAL_PLAN.replace('areas: [Clackmannanshire]', 'areas: [North Ayrshire, East Ayrshire, South Ayrshire]').replace('start: 2024-25, end: 2026-27', 'start: 2019-20, end: 2024-25').replace('due: 2025-03-31', 'due: 2024-03-31').replace('2024-25: { status', '2023-24: { status') + 'data:\n' + source;
    // The same data lines in a small file (read whole, every line split) and the large one (streamed, sifted).
    const firstBlock = lines.slice(0, 1 + areas.length * 8 * 2 * 3).join('\r\n') + '\r\n';
    const small = fixture({ 'cjoip.yaml': plan, 'data/x.csv': firstBlock });
    const large = fixture({ 'cjoip.yaml': plan, 'data/x.csv': big });
    const s = report(small, 2023);
    const l = report(large, 2023);
    for (const key of ['NI3-commenced', 'NI3-completed']) expect(plain(seriesIn(l.model, key)), key).toEqual(plain(seriesIn(s.model, key)));
    const east = seriesIn(l.model, 'NI3-commenced').find((p) => p.year === 2020)!.areas.find((a) => a.name === 'East Ayrshire')!;
    expect(east.figure.value).toBeGreaterThan(1000);
    // Every line is counted as read, those passed over too.
    const v = cjoip(['report', '--year', '2023', large, '--format', 'json', '--force']);
    expect(v.stderr).toContain(`(${(lines.length - 1).toLocaleString('en-GB')} data rows)`);
  }, 120_000);
});
