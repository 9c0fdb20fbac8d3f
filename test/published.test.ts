import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { stripNotes } from '../src/data/notes.js';
import { cjoip, copyExample, findInModel, fixture, MINIMAL_PLAN, ROOT } from './helpers.js';

const FIX = path.join(ROOT, 'test', 'fixtures', 'published');
const fix = (name: string) => readFileSync(path.join(FIX, name));

/** A plan for the three Ayrshire areas, 2019-20 to 2023-24, with these data sources. */
function planWith(data: string): string {
  return (
    MINIMAL_PLAN.replace('areas: [Clackmannanshire]', 'areas: [East Ayrshire, North Ayrshire, South Ayrshire]')
      .replace('start: 2024-25, end: 2026-27', 'start: 2019-20, end: 2024-25')
      .replace('due: 2025-03-31', 'due: 2024-03-31')
      .replace('2024-25: { status', '2023-24: { status') + `data:\n${data}`
  );
}

/** A long-format source reading data/figures.csv. */
const LONG = `  - id: long
    files: [data/figures.csv]
    layout: long
    provenance: { publisher: Test, title: Test figures, status: illustrative }
`;

const TABLE_2 = (file: string, extra = '') => `  - id: table-2
    files: [${file}]${extra}
    layout: table
    area: Scotland
    indicator: NI4
    measures:
      - { measure: cpo-completed, section: Proportion of completions/discharges, row: Community payback orders }
    provenance: { publisher: Scottish Government, title: Justice social work statistics Table 2, status: official }
`;
const TABLE_5 = (file: string, extra = '') => `  - id: table-5
    files: [${file}]${extra}
    layout: table
    year: 2023-24
    indicator: NI4
    measures:
      - { measure: cpo-completed, column: Order successfully completed, part: numerator }
      - { measure: cpo-completed, column: Orders terminated, part: denominator }
    provenance: { publisher: Test, title: Table 5 in the shape of the published table, status: illustrative }
`;

type Fig = { value?: number; numerator?: number; denominator?: number; marker?: string; unknown?: string; sources: { file: string; row: number; sheet?: string }[] };
type Point = { year: number; partnership: Fig; areas: { name: string; figure: Fig }[]; scotland?: Fig };

/** The series of a measure in the report's JSON model. */
function seriesOf(dir: string, year: number, key: string): Point[] {
  const r = cjoip(['report', '--year', String(year), dir, '--format', 'json', '--force']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  const label = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
  const model = JSON.parse(readFileSync(path.join(dir, 'reports', label, `annual-report-${label}.json`), 'utf8'));
  const found = findInModel<{ series: Point[] }>(model, (x) => x.key === key && Array.isArray(x.series));
  expect(found).toBeDefined();
  return found!.series;
}

/** Figures only, without where they came from: to compare one file format with another. */
const figuresOnly = (s: Point[]) =>
  s.map((p) => ({
    year: p.year,
    partnership: { value: p.partnership.value, numerator: p.partnership.numerator, denominator: p.partnership.denominator, marker: p.partnership.marker },
    areas: p.areas.map((a) => ({ name: a.name, value: a.figure.value, numerator: a.figure.numerator, denominator: a.figure.denominator, marker: a.figure.marker })),
    scotland: p.scotland && { value: p.scotland.value, numerator: p.scotland.numerator, denominator: p.scotland.denominator, marker: p.scotland.marker },
  }));

describe('footnote numbers', () => {
  it.each([
    ['Community payback orders1,3,5', 'Community payback orders', ['1', '3', '5']],
    ['Drug treatment and testing orders 2', 'Drug treatment and testing orders', ['2']],
    ['2015-16 7', '2015-16', ['7']],
    ['2016-176,7', '2016-17', ['6', '7']],
    ['2015-168', '2015-16', ['8']],
    ['2016-2017', '2016-2017', []],
    ['Reconviction rate [note 4]', 'Reconviction rate', ['4']],
    ['Orders completed [notes 3 and 4]', 'Orders completed', ['3', '4']],
    ['Orders completed [note 3, 4]', 'Orders completed', ['3', '4']],
    ['2024-25 [note 38]', '2024-25', ['38']],
    ['2023-24 [p]', '2023-24', ['p']],
    ['Cases [x] [note 2]', 'Cases', ['2', 'x']],
    ['Total¹', 'Total', ['1']],
    ['Aged 16 to 17', 'Aged 16 to 17', []],
    ['Under 21', 'Under 21', []],
    ['Orders in force at 31 March', 'Orders in force at 31 March', []],
  ])('%s', (raw, text, notes) => {
    expect(stripNotes(raw)).toEqual({ text, notes });
  });
});

describe('published tables read as they come', () => {
  const SCOTLAND_CPO = [71.1, 74.3, 70.6, 70.0, 69.3, 69.3, 68.1]; // 2012-13 to 2018-19, as the fixture holds them

  const variants: [string, string, string, string][] = [
    ['CSV, UTF-8 with BOM', 'table-2-social-work-orders.csv', 'la-cpo-completions-2023-24.csv', ''],
    ['CSV, Windows-1252', 'table-2-social-work-orders-1252.csv', 'la-cpo-completions-2023-24.csv', ''],
    ['XLSX', 'jsw-tables.xlsx', 'jsw-tables.xlsx', 'sheet'],
    ['ODS', 'jsw-tables.ods', 'jsw-tables.ods', 'sheet'],
  ];
  const results = new Map<string, { cpo: Point[] }>();

  it.each(variants)('%s: title, footnotes, sections, `..`, blanks and notes read without edits', (name, t2, t5, sheet) => {
    const dir = fixture({
      'cjoip.yaml': planWith(TABLE_2(`data/${t2}`, sheet ? '\n    sheet: Table 2' : '') + TABLE_5(`data/${t5}`, sheet ? '\n    sheet: "Table 5"' : '')),
      [`data/${t2}`]: fix(t2),
      [`data/${t5}`]: fix(t5),
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout).filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);

    // The Scotland series from Table 2 (years 2012-13 to 2018-19; the plan runs from 2019-20).
    const old = seriesOf(dir, 2019, 'NI4-cpo-completed');
    const scot = old.filter((p) => p.scotland?.value !== undefined);
    expect(scot.map((p) => p.year)).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018]);
    expect(scot.map((p) => p.scotland!.value)).toEqual(SCOTLAND_CPO);
    // Row 23 of the CSV, row 23 of the sheet: the proportion row, not the commenced or terminated rows.
    expect(scot[0].scotland!.sources[0].row).toBe(23);
    if (sheet) expect(scot[0].scotland!.sources[0].sheet).toBe('Table 2');

    // Table 5: numerators and denominators by area for 2023-24; South Ayrshire's suppressed.
    const cpo = seriesOf(dir, 2024, 'NI4-cpo-completed'); // part-2 statistics: a 2024-25 report shows 2023-24
    const y = cpo.find((p) => p.year === 2023)!;
    const east = y.areas.find((a) => a.name === 'East Ayrshire')!.figure;
    expect([east.numerator, east.denominator, east.value]).toEqual([371, 512, 72.5]);
    expect(y.areas.find((a) => a.name === 'South Ayrshire')!.figure.marker).toBe('suppressed');
    expect(y.partnership.value).toBeUndefined();
    expect(y.partnership.unknown).toContain('South Ayrshire is suppressed');
    expect([y.scotland!.numerator, y.scotland!.denominator, y.scotland!.value]).toEqual([9950, 14020, 71]);
    // Every figure traces to its row; no notes or title rows are cited.
    expect(east.sources.map((s) => s.row)).toEqual([4]);
    results.set(name, { cpo });
    expect(name).toBeTruthy();
  });

  it('every format gives the same figures', () => {
    const base = figuresOnly(results.get('CSV, UTF-8 with BOM')!.cpo);
    for (const [name] of variants.slice(1)) expect(figuresOnly(results.get(name)!.cpo), name).toEqual(base);
  });

  it('positions in a workbook are sheet and cell; a plan entry that matches nothing points at the plan', () => {
    const bad = TABLE_5('data/jsw-tables.xlsx', '\n    sheet: Table 5').replace('column: Order successfully completed, part: numerator', 'column: Orders terminated, part: value');
    const dir = fixture({
      'cjoip.yaml': planWith(bad + TABLE_2('data/jsw-tables.xlsx', '\n    sheet: Table 2').replace('row: Community payback orders }', 'row: Comunity payback orders }')),
      'data/jsw-tables.xlsx': fix('jsw-tables.xlsx'),
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const fs = JSON.parse(v.stdout) as { file: string; line: number; cell?: string; code: string; message: string; hint?: string }[];
    // A count mapped as a percentage: 512 orders is not a percentage, at Table 5!B4.
    const pct = fs.find((f) => f.code === 'data-percent-out-of-range')!;
    expect(pct.file).toMatch(/data\/jsw-tables.xlsx$/);
    expect(pct.cell).toBe('Table 5!B4');
    const st = cjoip(['validate', dir]);
    expect(st.stdout).toContain('Table 5!B4');
    // A misspelt row label: found in the plan, with the label meant.
    const row = fs.find((f) => f.code === 'data-table-no-row')!;
    expect(row.file).toMatch(/cjoip.yaml$/);
    expect(row.message).toContain("'Comunity payback orders'");
    expect(row.hint).toContain('Community payback orders');
  });

  it('a repeated row label without a section is refused, naming its rows', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(TABLE_2('data/t2.csv').replace('section: Proportion of completions/discharges, ', '')),
      'data/t2.csv': fix('table-2-social-work-orders.csv'),
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const f = (JSON.parse(v.stdout) as { code: string; message: string; hint: string }[]).find((x) => x.code === 'data-table-ambiguous-row')!;
    expect(f.message).toContain('rows (5, 13, 16, 19, 23)');
    expect(f.hint).toContain('section:');
  });

  it('a workbook of several sheets needs sheet:, and says which there are; a broken workbook is named', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(TABLE_2('data/jsw-tables.ods') + TABLE_5('data/broken.xlsx', '\n    sheet: 1')),
      'data/jsw-tables.ods': fix('jsw-tables.ods'),
      'data/broken.xlsx': 'this is not a zip file',
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const fs = JSON.parse(v.stdout) as { file: string; code: string; message: string; hint: string }[];
    const sheet = fs.find((f) => f.code === 'data-sheet-needed')!;
    expect(sheet.message).toContain("'Cover', 'Table 2', 'Table 5'");
    expect(sheet.hint).toContain('sheet: "Table 2"');
    expect(fs.find((f) => f.code === 'data-workbook-unreadable')!.file).toMatch(/data\/broken.xlsx$/);
  });
});

describe('options of a table', () => {
  it('header_row: names the header (row 3 reads as found); a blank row is refused; --header-row in inspect', () => {
    const table = fix('table-2-social-work-orders.csv');
    const ok = fixture({ 'cjoip.yaml': planWith(TABLE_2('data/t2.csv', '\n    header_row: 3')), 'data/t2.csv': table });
    expect(seriesOf(ok, 2019, 'NI4-cpo-completed').filter((p) => p.scotland?.value !== undefined).map((p) => p.scotland!.value)).toEqual([71.1, 74.3, 70.6, 70.0, 69.3, 69.3, 68.1]);
    const blank = fixture({ 'cjoip.yaml': planWith(TABLE_2('data/t2.csv', '\n    header_row: 2')), 'data/t2.csv': table });
    const v = cjoip(['validate', blank, '--format', 'json']);
    expect(v.code).toBe(1);
    expect((JSON.parse(v.stdout) as { code: string }[]).map((f) => f.code)).toContain('data-header-row-empty');
    const r = cjoip(['data', 'inspect', 'data/t2.csv', '--header-row', '3'], { cwd: ok });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('header_row: 3');
    expect(cjoip(['data', 'inspect', 'data/t2.csv', '--header-row', 'three'], { cwd: ok }).code).toBe(2);
  });
});

describe('hostile workbooks', () => {
  it('a zip bomb named .xlsx is refused from its directory, before anything is unpacked', () => {
    const bomb = Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(60 * 1024 * 1024) }, { level: 9 }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const dir = fixture({ 'cjoip.yaml': planWith(TABLE_5('data/bomb.xlsx')), 'data/bomb.xlsx': bomb });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const f = (JSON.parse(v.stdout) as { code: string; message: string }[]).find((x) => x.code === 'data-workbook-too-large')!;
    expect(f.message).toContain('unpacks to 60 MB');
  });
});

describe('the example’s long CSV saved as a workbook', () => {
  it.each(['xlsx', 'ods'])('as .%s gives the same report figures as the CSV', (ext) => {
    const csvDir = copyExample('ayrshire-2024-29');
    const wbDir = copyExample('ayrshire-2024-29');
    rmSync(path.join(wbDir, 'data', 'national-indicators-illustrative.csv'));
    copyFileSync(path.join(FIX, `national-indicators-illustrative.${ext}`), path.join(wbDir, 'data', `national-indicators-illustrative.${ext}`));
    const yaml = path.join(wbDir, 'cjoip.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('files: [data/national-indicators-illustrative.csv]', `files: [data/national-indicators-illustrative.${ext}]`));
    // The workbook was saved from the CSV: a drift between them would make this test meaningless.
    const csvRows = readFileSync(path.join(csvDir, 'data', 'national-indicators-illustrative.csv'), 'utf8').trim().split(/\r?\n/).length;
    for (const key of ['NI1-commenced', 'NI3-completed', 'NI4-cpo-completed', 'NI10-reconviction-rate']) {
      const a = figuresOnly(seriesOf(csvDir, 2024, key));
      const b = figuresOnly(seriesOf(wbDir, 2024, key));
      expect(b, key).toEqual(a);
    }
    const r = cjoip(['report', '--year', '2024', wbDir, '--format', 'json', '--force']);
    expect(r.code).toBe(0);
    expect(csvRows).toBeGreaterThan(300);
  });
});

describe('cjoip data inspect', () => {
  const cases: [string, string, string[]][] = [
    ['table-2-social-work-orders.csv', 'UTF-8 with a byte order mark', []],
    ['table-2-social-work-orders-1252.csv', 'Windows-1252', []],
    ['la-cpo-completions-2023-24.csv', 'UTF-8', []],
    ['jsw-tables.xlsx', "sheet 'Table 2'", []],
    ['jsw-tables.ods', "sheet 'Table 5'", ['--sheet', 'Table 5']],
    ['national-indicators-illustrative.xlsx', 'long', []],
  ];
  it.each(cases)('%s: shows how it is read and prints an entry that validates when pasted', (file, shown, extra) => {
    const dir = fixture({ [`data/${file}`]: fix(file), 'cjoip.yaml': 'placeholder' });
    const r = cjoip(['data', 'inspect', `data/${file}`, ...extra], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(shown);
    const entry = r.stdout.slice(r.stdout.indexOf('  - id:'));
    expect(entry).toMatch(/layout: (table|long)/);
    writeFileSync(path.join(dir, 'cjoip.yaml'), planWith(entry));
    const v = cjoip(['validate', dir, '--format', 'json']);
    const errors = (JSON.parse(v.stdout) as { severity: string; message: string }[]).filter((f) => f.severity === 'error');
    expect(errors, entry).toEqual([]);
    expect(v.code).toBe(0);
  });

  it('names the sections, repeated labels, footnotes and markers of a published table', () => {
    const dir = fixture({ 'data/t2.csv': fix('table-2-social-work-orders.csv') });
    const r = cjoip(['data', 'inspect', 'data/t2.csv'], { cwd: dir });
    expect(r.stdout).toContain('Header:     row 3');
    expect(r.stdout).toContain('Years:      in columns, 2012-13 to 2018-19');
    expect(r.stdout).toContain('Community payback orders (row 5, row 13, row 16, row 19, row 23)');
    expect(r.stdout).toContain("'..' (not available) × 16");
    expect(r.stdout).toContain('2015-16 6,7');
    expect(r.stdout).toContain('NI4.cpo-completed ← Proportion of completions/discharges › Community payback orders');
  });

  it('a missing file is a clear error (exit 2)', () => {
    const dir = fixture({});
    const r = cjoip(['data', 'inspect', 'nope.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.csv cannot be read: it does not exist');
  });
});

describe('honest markers', () => {
  it('a value and a [c] for the same area, measure and year: exit 1 naming both rows', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv': 'indicator,measure,area,year,value\nNI1,commenced,South Ayrshire,2023-24,12\nNI1,commenced,East Ayrshire,2023-24,30\nNI1,commenced,South Ayrshire,2023-24,[c]\n',
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const f = (JSON.parse(v.stdout) as { code: string; line: number; message: string }[]).find((x) => x.code === 'data-value-and-marker')!;
    expect(f.line).toBe(4);
    expect(f.message).toContain('marked suppressed');
    expect(f.message).toContain('data/figures.csv row 2');
  });

  it('a value beside a marker in the same row is refused; 1e309 is refused; blank template rows are cited nowhere', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv': 'indicator,measure,area,year,value,marker\nNI1,commenced,South Ayrshire,2023-24,12,[c]\nNI1,commenced,East Ayrshire,2023-24,1e309,\n',
    });
    const v = cjoip(['validate', dir, '--format', 'json']);
    const fs = JSON.parse(v.stdout) as { code: string; line: number; message: string }[];
    expect(fs.find((x) => x.code === 'data-value-and-marker')!.line).toBe(2);
    expect(fs.find((x) => x.code === 'data-not-a-number')!.message).toContain("'1e309'");

    const blank = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv': 'indicator,measure,area,year,value\nNI1,commenced,East Ayrshire,2023-24,\nNI1,commenced,North Ayrshire,2023-24,40\n',
    });
    const s = seriesOf(blank, 2023, 'NI1-commenced').find((p) => p.year === 2023)!;
    expect(s.areas.find((a) => a.name === 'East Ayrshire')!.figure.sources).toEqual([]);
    expect(s.areas.find((a) => a.name === 'North Ayrshire')!.figure.sources).toEqual([expect.objectContaining({ file: 'data/figures.csv', row: 3 })]);
  });

  it('the reason a partnership total is missing is given for every year shown', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv':
        'indicator,measure,area,year,value\n' +
        ['East Ayrshire', 'North Ayrshire', 'South Ayrshire'].flatMap((a) => [2020, 2021, 2022, 2023].map((y) => `NI1,commenced,${a},${y}-${(y + 1) % 100},${a === 'South Ayrshire' && y < 2022 ? '[c]' : 10}`)).join('\n') +
        '\n',
    });
    const r = cjoip(['report', '--year', '2023', dir, '--format', 'md,json']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2023-24', 'annual-report-2023-24.md'), 'utf8');
    expect(md).toContain('Years without a figure for Test Partnership: 2020-21 and 2021-22 (the figure for South Ayrshire is suppressed).');
  });

  it('a plan that declares no data is not told measure by measure that it has no figures', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    const v = cjoip(['validate', dir, '--year', '2024']);
    expect(v.stdout).not.toContain('No figures for');
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8');
    expect(md).not.toContain('No figures for this measure');
    expect(md.match(/has not supplied indicator figures/g)?.length).toBe(1);
  });
});

describe('many findings', () => {
  it('150,000 conflicting rows: every one reported (exit 1), no stack overflow', () => {
    const rows = Array.from({ length: 150_001 }, (_, i) => `NI1,commenced,East Ayrshire,2023-24,${i}`);
    const dir = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv': 'indicator,measure,area,year,value\n' + rows.join('\n') + '\n',
    });
    const v = cjoip(['validate', dir]);
    expect(v.stderr).not.toContain('internal error');
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('✖ 150000 errors');
  });
});

describe('trend window', () => {
  it('shows the ten latest years with figures by default, whatever the plan period; --trend-years changes it', () => {
    const dir = fixture({
      'cjoip.yaml': planWith(LONG),
      'data/figures.csv': 'indicator,measure,area,year,value\n' + Array.from({ length: 14 }, (_, i) => 2010 + i).flatMap((y) => ['East Ayrshire', 'North Ayrshire', 'South Ayrshire'].map((a) => `NI1,commenced,${a},${y}-${(y + 1) % 100},${y - 2000}`)).join('\n') + '\n',
    });
    const years = (s: Point[]) => s.map((p) => p.year);
    expect(years(seriesOf(dir, 2023, 'NI1-commenced'))).toEqual([2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    const r = cjoip(['report', '--year', '2023', dir, '--format', 'json', '--force', '--trend-years', '5']);
    expect(r.code).toBe(0);
    const model = readFileSync(path.join(dir, 'reports', '2023-24', 'annual-report-2023-24.json'), 'utf8');
    expect(model).toContain('"year": 2019');
    expect(model).not.toContain('"year": 2018');
    expect(cjoip(['report', '--year', '2023', dir, '--format', 'json', '--trend-years', '1']).code).toBe(2);
    // The plan's own setting, when no option is given.
    const yaml = path.join(dir, 'cjoip.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('  levels: [priority, action]', '  levels: [priority, action]\n  trend_years: 3'));
    expect(years(seriesOf(dir, 2023, 'NI1-commenced'))).toEqual([2021, 2022, 2023]);
    expect(readdirSync(dir)).toContain('reports');
  });
});
