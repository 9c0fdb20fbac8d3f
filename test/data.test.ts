import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import path from 'node:path';
import { cjoip, fixture, MINIMAL_PLAN, positionOf } from './helpers.js';
import { decodeWindows1252, detectDelimiter, detectEncoding } from '../src/data/decode.js';
import { parseCell, DEFAULT_MARKERS } from '../src/core/markers.js';
import { parseFinancialYear, formatFinancialYear } from '../src/core/years.js';
import { buildAreaIndex, type AreaReference } from '../src/core/areas.js';
import { aggregateFigures, type Figure } from '../src/data/aggregate.js';

const areaIndex = buildAreaIndex(JSON.parse(readFileSync('schemas/reference/council-areas.json', 'utf8')) as AreaReference);

describe('pure readers', () => {
  it.each([
    ['2024-25', 2024], ['2024/25', 2024], ['2024/2025', 2024], ['2024-2025', 2024], ['2024–25', 2024], ['1999/00', 1999], ['2024-26', undefined], ['24-25', undefined], ['2024', 2024],
  ])('financial year %s', (text, want) => {
    expect(parseFinancialYear(text as string)).toBe(want);
  });
  it('formats years as YYYY-YY', () => expect(formatFinancialYear(1999)).toBe('1999-00'));
  it.each([
    ['North Ayrshire', 'S12000021'], ['S12000021', 'S12000021'], ['s12000021', 'S12000021'], ['S12000015', 'S12000047'], ['S12000046', 'S12000049'],
    ['Edinburgh, City of', 'S12000036'], ['Glasgow', 'S12000049'], ['Orkney', 'S12000023'], ['Western Isles', 'S12000013'], ['Eilean Siar', 'S12000013'],
    ['Argyll & Bute', 'S12000035'], ['Perth & Kinross', 'S12000048'], ['Dumfries & Galloway', 'S12000006'], ['http://statistics.gov.scot/id/statistical-geography/S12000028', 'S12000028'],
    ['Scotland', 'S92000003'], ['Ayrshire', undefined], ['', undefined],
  ])('area %s', (text, want) => expect(areaIndex.resolve(text as string)).toBe(want));
  it.each([
    ['1,234', 1234], ['"1,234"', undefined], ['12.5%', 12.5], [' 7 ', 7], ['-3', -3], ['0.25', 0.25], ['1,23', undefined], ['abc', undefined],
  ])('cell %s', (text, want) => {
    const c = parseCell(text as string, DEFAULT_MARKERS);
    expect(c.kind === 'number' ? c.value : undefined).toBe(want);
  });
  it.each([
    ['[c]', 'suppressed'], ['c', 'suppressed'], ['[x]', 'not-available'], ['z', 'not-applicable'], ['..', 'not-available'], [':', 'not-available'], ['-', 'nil'], ['low', 'low'],
  ])('default marker %s', (sym, meaning) => {
    const c = parseCell(sym as string, DEFAULT_MARKERS);
    expect(c.kind === 'marker' && c.marker).toBe(meaning);
  });
  it('"*" is not assumed: it means different things in different tables', () => expect(parseCell('*', DEFAULT_MARKERS).kind).toBe('invalid'));
  it('decodes Windows-1252 punctuation that latin1 gets wrong', () => {
    const bytes = Uint8Array.from([0x80, 0x20, 0x91, 0x92, 0x93, 0x94, 0x20, 0x96, 0x97, 0x20, 0xa3, 0xe9]);
    expect(decodeWindows1252(bytes)).toBe('€ \u2018\u2019\u201c\u201d \u2013\u2014 £é');
    expect(Buffer.from(bytes).toString('latin1')).not.toBe(decodeWindows1252(bytes));
  });
  it('detects encodings', () => {
    expect(detectEncoding(Buffer.from('\uFEFFa,b', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('a,£', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from([0x61, 0x2c, 0xa3, 0x96]))).toBe('windows-1252');
  });
  it.each([['a,b,c', ','], ['a;b;c', ';'], ['a\tb\tc', '\t'], ['"a,b";c;d', ';']])('delimiter of %j', (line, d) => expect(detectDelimiter(line)).toBe(d));
});

describe('aggregation to the partnership (table)', () => {
  const f = (x: Partial<Figure>): Figure => ({ sources: [{ file: 'a.csv', row: 2 }], ...x });
  const cases: [string, { name: string; figure: Figure }[], 'count' | 'percent', Partial<Figure>][] = [
    ['counts are summed', [{ name: 'A', figure: f({ value: 10 }) }, { name: 'B', figure: f({ value: 5 }) }], 'count', { value: 15 }],
    ['a nil part counts as zero', [{ name: 'A', figure: f({ value: 10 }) }, { name: 'B', figure: f({ value: 0, marker: 'nil' }) }], 'count', { value: 10 }],
    ['a suppressed part makes the total unknown, saying why', [{ name: 'A', figure: f({ value: 10 }) }, { name: 'B', figure: f({ marker: 'suppressed', unknown: 'the figure for B is suppressed' }) }], 'count', { unknown: 'the figure for B is suppressed' }],
    ['a missing part makes the total unknown', [{ name: 'A', figure: f({ value: 10 }) }, { name: 'B', figure: { unknown: 'there is no figure for B', sources: [] } }], 'count', { unknown: 'there is no figure for B' }],
    ['percentages recomputed from summed parts, not averaged', [{ name: 'A', figure: f({ value: 90, numerator: 9, denominator: 10 }) }, { name: 'B', figure: f({ value: 50, numerator: 45, denominator: 90 }) }], 'percent', { value: 54, numerator: 54, denominator: 100 }],
    ['percentages without parts give no partnership figure', [{ name: 'A', figure: f({ value: 40 }) }, { name: 'B', figure: f({ value: 50 }) }], 'percent', { unknown: expect.stringMatching(/only percentages/) as unknown as string }],
    ['a zero denominator gives no percentage', [{ name: 'A', figure: f({ numerator: 0, denominator: 0 }) }, { name: 'B', figure: f({ numerator: 0, denominator: 0 }) }], 'percent', { unknown: 'the summed denominator is zero' }],
  ];
  it.each(cases)('%s', (_n, parts, unit, want) => {
    const got = aggregateFigures(parts, unit);
    expect(got).toMatchObject(want);
    expect(got.sources.length).toBe(parts.reduce((n, p) => n + p.figure.sources.length, 0));
  });
  it('says why a partnership percentage is missing when only percentages exist', () => {
    expect(aggregateFigures([{ name: 'A', figure: f({ value: 40 }) }, { name: 'B', figure: f({ value: 50 }) }], 'percent').unknown).toBe('only percentages are published for its areas');
  });
});

const TWO_AREAS = MINIMAL_PLAN.replace('areas: [Clackmannanshire]', 'areas: [Clackmannanshire, Stirling]');
const withData = (data: string, plan = TWO_AREAS) => `${plan}data:\n${data}`;
const PROV = '    provenance: { publisher: Test, title: Test data, status: illustrative }\n';
const LONG = `  - id: long\n    files: [data/*.csv]\n    layout: long\n    years: { from: 2017-18, to: 2024-25 }\n${PROV}`;
const json = (dir: string, ...args: string[]) => {
  const r = cjoip(['validate', dir, '--format', 'json', ...args]);
  return { ...r, findings: JSON.parse(r.stdout || '[]') as { file: string; line: number; column: number; code: string; severity: string; message: string }[] };
};

describe('data files through cjoip validate', () => {
  it('reads a long-format file with a BOM, CRLF, quoted thousands, % signs, markers and trailing blank rows', () => {
    const csv = '\uFEFFindicator,measure,area,year,value,numerator,denominator\r\nNI1,commenced,Clackmannanshire,2023-24,"1,234",,\r\nNI1,commenced,Stirling,2023/24,[c],,\r\nNI9,confidence,Clackmannanshire,2023/2024,45.5%,,\r\nNI4,cpo-completed,S12000030,2023-2024,,12,20\r\n,,,,,,\r\n,,,,,,\r\n';
    const r = json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': csv }));
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('reads semicolon- and tab-delimited files', () => {
    const semi = 'indicator;measure;area;year;value\nNI1;commenced;Clackmannanshire;2023-24;"1,234"\n';
    const tab = 'indicator\tmeasure\tarea\tyear\tvalue\nNI1\tcompleted\tClackmannanshire\t2023-24\t1000\n';
    expect(json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': semi, 'data/b.csv': tab })).findings).toEqual([]);
  });
  it('reads a Windows-1252 wide table whose year headers use en dashes and whose nil marker is an en dash', () => {
    const text = 'Local Authority,Note \u00a3,2022\u201323,2023\u201324\r\nClackmannanshire,caf\u00e9,12,\u2013\r\nStirling,x,"1,100",9\r\n';
    const bytes = Buffer.from([...text].map((ch) => ({ '\u2013': 0x96, '\u00a3': 0xa3, '\u00e9': 0xe9 } as Record<string, number>)[ch] ?? ch.charCodeAt(0)));
    const src = `  - id: wide\n    files: [data/wide.csv]\n    layout: wide\n    indicator: NI1\n    measure: commenced\n    markers: { "\u2013": nil }\n${PROV}`;
    const r = json(fixture({ 'cjoip.yaml': withData(src), 'data/wide.csv': bytes }));
    expect(r.findings).toEqual([]);
  });
  it('reads a wide table with measures as rows for one area', () => {
    const csv = 'Measure,2022/23,2023/24\ncommenced,10,12\ncompleted,8,9\nassessments,"1,020",[c]\n';
    const src = `  - id: wide-measures\n    files: [data/stirling.csv]\n    layout: wide\n    indicator: NI1\n    area: Stirling\n${PROV}`;
    expect(json(fixture({ 'cjoip.yaml': withData(src), 'data/stirling.csv': csv })).findings).toEqual([]);
    const bad = 'Measure,2022/23\ncompleted,13\ncommenced,12\n';
    const r = json(fixture({ 'cjoip.yaml': withData(src.replace('stirling.csv', 'bad.csv')), 'data/bad.csv': bad }));
    expect(r.findings.map((f) => [f.code, f.line, f.column])).toEqual([['data-above-paired-measure', 2, 2]]);
  });

  it('reads a statistics.gov.scot tidy extract, choosing rows by dimension', () => {
    const csv = 'FeatureCode,DateCode,Measurement,Units,Value,Case Type,DataMarker\nS12000005,2023/2024,Count,Cases,10,Commenced,\nS12000005,2023/2024,Count,Cases,99,Other,\nS12000030,2023/2024,Count,Cases,,Commenced,[c]\nS12000005,2023/2024,Count,Cases,8,Completed,\n';
    const src = `  - id: sgs\n    files: [data/sgs.csv]\n    layout: statistics-gov-scot\n    indicator: NI3\n    measures:\n      - { measure: commenced, where: { Case Type: Commenced } }\n      - { measure: completed, where: { Case Type: Completed } }\n${PROV}`;
    expect(json(fixture({ 'cjoip.yaml': withData(src), 'data/sgs.csv': csv })).findings).toEqual([]);
  });

  const HEAD = 'indicator,measure,area,year,value,numerator,denominator\n';
  const faults: [string, string, string, string, number][] = [
    ['unknown indicator', 'NI11,commenced,Stirling,2023-24,5,,', 'data-unknown-indicator', 'NI11', 1],
    ['unknown measure', 'NI1,started,Stirling,2023-24,5,,', 'data-unknown-measure', 'started', 2],
    ['unknown area', 'NI1,commenced,Stirlingshire,2023-24,5,,', 'data-unknown-area', 'Stirlingshire', 3],
    ['unparsable year', 'NI1,commenced,Stirling,2023-25,5,,', 'data-bad-year', '2023-25', 4],
    ['year outside the declared range', 'NI1,commenced,Stirling,2016-17,5,,', 'data-year-out-of-range', '2016-17', 4],
    ['value not a number', 'NI1,commenced,Stirling,2023-24,five,,', 'data-not-a-number', 'five', 5],
    ['percentage above 100', 'NI9,confidence,Stirling,2023-24,104%,,', 'data-percent-out-of-range', '104%', 5],
    ['negative count', 'NI1,commenced,Stirling,2023-24,-5,,', 'data-negative-count', '-5', 5],
    ['fractional count', 'NI1,commenced,Stirling,2023-24,5.5,,', 'data-fractional-count', '5.5', 5],
    ['numerator above denominator', 'NI4,cpo-completed,Stirling,2023-24,,30,20', 'data-numerator-above-denominator', '30', 6],
    ['completed above commenced', 'NI1,commenced,Stirling,2023-24,5,,\nNI1,completed,Stirling,2023-24,7,,', 'data-above-paired-measure', '7', 5],
    ['unknown marker', 'NI1,commenced,Stirling,2023-24,~,,', 'data-not-a-number', '~', 5],
  ];
  it.each(faults)('%s: exit 1 naming file, row and column', (_name, rows, code, at, col) => {
    const csv = HEAD + rows + '\n';
    const r = json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': csv }));
    expect(r.code).toBe(1);
    const f = r.findings.find((x) => x.code === code)!;
    expect(f, JSON.stringify(r.findings)).toBeDefined();
    expect(f.file.endsWith(path.join('data', 'a.csv'))).toBe(true);
    expect(f.line).toBe(positionOf(csv, at).line);
    expect(f.column).toBe(col);
  });
  it('the same figure given twice with different values, across files', () => {
    const a = HEAD + 'NI1,commenced,Stirling,2023-24,5,,\n';
    const b = 'indicator,measure,area,year,value\nNI1,commenced,S12000030,2023/24,6\n';
    const r = json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': a, 'data/b.csv': b }));
    expect(r.code).toBe(1);
    const f = r.findings.find((x) => x.code === 'data-conflicting-figure')!;
    expect(f.file.endsWith('b.csv')).toBe(true);
    expect([f.line, f.column]).toEqual([2, 5]);
    expect(f.message).toMatch(/given as 6.*but as 5 at .*a\.csv row 2/);
  });
  it('the same figure given twice with the same value is accepted', () => {
    const a = HEAD + 'NI1,commenced,Stirling,2023-24,5,,\n';
    expect(json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': a, 'data/b.csv': a })).code).toBe(0);
  });
  it('a CSV syntax error names its line', () => {
    const r = json(fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': HEAD + 'NI1,commenced,"Stirling,2023-24,5,,\n' }));
    expect(r.code).toBe(1);
    expect(r.findings[0].code).toBe('data-csv-syntax');
  });
  it('a data file that matches nothing is named at its place in the plan', () => {
    const plan = withData(LONG.replace('data/*.csv', 'data/missing.csv'));
    const r = json(fixture({ 'cjoip.yaml': plan }));
    expect(r.findings[0]).toMatchObject({ code: 'data-file-missing', ...positionOf(plan, 'data/missing.csv') });
  });
  it('a data file outside the plan folder is refused', () => {
    const r = json(fixture({ 'cjoip.yaml': withData(LONG.replace('data/*.csv', '../x.csv')) }));
    expect(r.findings[0].code).toBe('data-file-outside-plan');
  });
  it('with --year, measures missing for the reporting year are a warning listing them', () => {
    const a = HEAD + 'NI1,commenced,Stirling,2023-24,5,,\nNI1,commenced,Clackmannanshire,2023-24,5,,\n';
    const dir = fixture({ 'cjoip.yaml': withData(LONG), 'data/a.csv': a });
    const r = json(dir, '--year', '2023');
    expect(r.code).toBe(0);
    const w = r.findings.find((x) => x.code === 'data-missing-for-year')!;
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('NI1.assessments');
    expect(w.message).toContain('NI10.reconviction-rate');
    expect(w.message).not.toContain('NI1.commenced');
    expect(json(dir, '--year', '2023', '--strict').code).toBe(1);
  });
  it('the bundled example validates with its data for 2024', () => {
    const r = cjoip(['validate', 'examples/ayrshire-2024-29', '--year', '2024']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no problems (data checked for 2024-25)');
  });
});

describe('cjoip data template', () => {
  it('writes an empty long-format CSV for the plan and refuses to overwrite it', () => {
    const dir = fixture({ 'cjoip.yaml': TWO_AREAS });
    expect(cjoip(['data', 'template', dir]).code).toBe(0);
    const file = path.join(dir, 'data', 'template.csv');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')[0]).toBe('indicator,measure,area,year,value,numerator,denominator,marker');
    expect(text).toContain('NI4,cpo-completed,Stirling,2026-27,,,,');
    expect(text).toContain('NI1,commenced,Scotland,2024-25,,,,');
    expect(text.trim().split('\r\n')).toHaveLength(1 + 15 * 3 * 3);
    const other = path.join(dir, 'elsewhere.csv');
    expect(cjoip(['data', 'template', dir, '--out', other]).code).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe(text);
    const again = cjoip(['data', 'template', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Not overwriting');
    expect(existsSync(file)).toBe(true);
  });
});

describe('due dates', () => {
  it.each([
    ['2025-03-31', '2025-03-31'], ['2027-28', '2028-03-31'], ['2028-29', '2029-03-31'], ['2017-11', '2017-11-30'], ['2018-02', '2018-02-28'], ['2017-12', '2017-12-31'], ['2024/25', '2025-03-31'], ['2024-13', undefined],
  ])('%s is due by %s', async (text, want) => {
    const { dueDateOf } = await import('../src/core/years.js');
    expect(dueDateOf(text as string)).toBe(want);
  });
});

describe('per-area tables as published: rows that are not areas, Scotland by its published names, footnote digits', () => {
  it('passes over "Other2", "Unknown3" and a court with one note, reads "All" as Scotland and "Clackmannanshire1" as Clackmannanshire', () => {
    const csv = [
      'indicator,measure,area,year,value',
      'NI1,commenced,All,2024-25,3829',
      'NI1,commenced,Clackmannanshire1,2024-25,40',
      'NI1,commenced,Stirling,2024-25,55',
      'NI1,commenced,Other2,2024-25,12',
      'NI1,commenced,Unknown3,2024-25,3',
      'NI1,commenced,High Court,2024-25,5',
      'NI1,commenced,Not known,2024-25,1',
    ].join('\n');
    const plan = `${MINIMAL_PLAN}data:\n  - id: per-area\n    files: [data/t.csv]\n    layout: long\n    provenance: { publisher: Test, title: Per-area table, status: illustrative }\n`;
    const dir = fixture({ 'cjoip.yaml': plan, 'data/t.csv': csv });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code, v.stdout).toBe(0);
    const found = JSON.parse(v.stdout) as { code: string; severity: string; message: string; file: string; line: number }[];
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
    const notes = found.filter((f) => f.code === 'data-not-an-area');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toBe("Rows that are not council areas were passed over: 'Other', 'Unknown', 'High Court', 'Not known'.");
    expect(notes[0].file.endsWith('data/t.csv')).toBe(true);
    expect(notes[0].line).toBe(5);
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.json'), 'utf8'));
    const m = model.outcomes[0].indicators[0].measures.find((x: { measure: string }) => x.measure === 'commenced');
    const y = m.series.find((p: { year: number }) => p.year === 2024);
    expect(y.scotland.value).toBe(3829);
    expect(y.areas.find((a: { name: string }) => a.name === 'Clackmannanshire').figure.value).toBe(40);
  });
});

describe('ODS percentage cells', () => {
  it('a cell of type percentage holding 0.16 is 16%, with or without a percentage display style', () => {
    const dir = fixture({
      'cjoip.yaml': `${MINIMAL_PLAN}data:\n  - id: rates\n    files: [data/t.ods]\n    layout: long\n    provenance: { publisher: Test, title: Rates, status: illustrative }\n`,
      'data/t.csv': 'indicator,measure,area,year,value\nNI4,cpo-completed,Clackmannanshire,2022-23,16%\nNI4,cpo-completed,Clackmannanshire,2023-24,71.5%\n',
    });
    // LibreOffice writes the ODS; its cells are then made percentage cells as a spreadsheet saves them:
    // one with a percentage style, one without.
    const lo = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'ods', '--outdir', path.join(dir, 'data'), path.join(dir, 'data', 't.csv')], { encoding: 'utf8', timeout: 120_000 });
    expect(lo.status, lo.stderr).toBe(0);
    const book = unzipSync(readFileSync(path.join(dir, 'data', 't.ods')));
    const content = strFromU8(book['content.xml'])
      .replace(/<table:table-cell[^>]*><text:p>16%<\/text:p><\/table:table-cell>/, '<table:table-cell table:style-name="Default" office:value-type="percentage" office:value="0.16" calcext:value-type="percentage"><text:p>16%</text:p></table:table-cell>')
      .replace(/<table:table-cell[^>]*><text:p>71\.5%<\/text:p><\/table:table-cell>/, '<table:table-cell office:value-type="percentage" office:value="0.715" calcext:value-type="percentage"><text:p>0.715</text:p></table:table-cell>');
    expect(content).toContain('office:value="0.715"');
    const { mimetype, ...rest } = book;
    writeFileSync(path.join(dir, 'data', 't.ods'), zipSync({ mimetype: [mimetype, { level: 0 }], ...rest, 'content.xml': strToU8(content) }));
    rmSync(path.join(dir, 'data', 't.csv'));
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.json'), 'utf8'));
    const m = model.outcomes.find((o: { id: string }) => o.id === 'O4').indicators[0].measures.find((x: { measure: string }) => x.measure === 'cpo-completed');
    const value = (year: number) => m.series.find((p: { year: number }) => p.year === year).areas[0].figure.value;
    expect([value(2022), value(2023)]).toEqual([16, 71.5]);
  });
});

describe('each figure cites its own source', () => {
  it('two data sources reading two sheets of one workbook: each figure cites the source it was read for', async () => {
    const XLSX = (await import('@e965/xlsx')).default;
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['indicator', 'measure', 'area', 'year', 'value'], ['NI1', 'commenced', 'Clackmannanshire', '2024-25', 40]]), 'Table 1');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['indicator', 'measure', 'area', 'year', 'value'], ['NI3', 'commenced', 'Clackmannanshire', '2024-25', 12]]), 'Table 7a');
    const entry = (id: string, sheet: string, title: string) => `  - id: ${id}\n    files: [data/book.xlsx]\n    sheet: "${sheet}"\n    layout: long\n    provenance: { publisher: Test, title: "${title}", status: illustrative }\n`;
    const dir = fixture({ 'cjoip.yaml': `${MINIMAL_PLAN}data:\n${entry('t1', 'Table 1', 'Table 1: diversion')}${entry('t7', 'Table 7a', 'Table 7(a): bail')}`, 'data/book.xlsx': XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'json,md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.json'), 'utf8'));
    const measure = (o: string, m: string) => model.outcomes.find((x: { id: string }) => x.id === o).indicators[0].measures.find((x: { measure: string }) => x.measure === m);
    expect(measure('O1', 'commenced').sources).toEqual([1]);
    expect(measure('O3', 'commenced').sources).toEqual([2]);
    expect(model.sources.map((s: { title: string }) => s.title)).toEqual(['Table 1: diversion', 'Table 7(a): bail']);
  });
});

describe('percentage local indicators by their parts', () => {
  it('numerator and denominator of a percentage local indicator give its figure, as for a national indicator', () => {
    const plan = `${MINIMAL_PLAN}local_indicators:\n  - { id: L1, title: Orders completed on time, unit: percent, direction: up }\ndata:\n  - id: local\n    files: [data/l.csv]\n    layout: long\n    provenance: { publisher: Test, title: Local records, status: illustrative }\n`;
    const dir = fixture({ 'cjoip.yaml': plan, 'data/l.csv': 'indicator,measure,area,year,numerator,denominator\nL1,value,Clackmannanshire,2024-25,12,48\n' });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'json,md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.json'), 'utf8'));
    expect(model.localIndicators[0].figures).toEqual([expect.objectContaining({ area: 'Clackmannanshire', year: '2024-25', value: 25, text: '25.0%' })]);
    expect(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8')).toContain('| Clackmannanshire | 2024-25 | 25.0% |');
  });
});

describe('an unknown label is told once', () => {
  it('an unknown area on many rows is one error at its first row, with the number of rows', () => {
    const plan = `${MINIMAL_PLAN}data:\n  - id: d\n    files: [data/a.csv]\n    layout: long\n    provenance: { publisher: Test, title: Test, status: illustrative }\n`;
    const rows = ['2019-20', '2020-21', '2021-22', '2022-23', '2023-24'].map((y) => `NI1,commenced,Stirlingshire,${y},5`);
    const dir = fixture({ 'cjoip.yaml': plan, 'data/a.csv': ['indicator,measure,area,year,value', ...rows, 'NI1,sarted,Stirling,2023-24,4', 'NI1,sarted,Stirling,2022-23,4'].join('\n') });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const found = JSON.parse(v.stdout) as { code: string; message: string; line: number }[];
    const areas = found.filter((f) => f.code === 'data-unknown-area');
    expect(areas).toHaveLength(1);
    expect(areas[0].line).toBe(2);
    expect(areas[0].message).toMatch(/^Unknown area 'Stirlingshire' \(column area\), in 5 rows \(the first is shown\)\.$/);
    expect(found.filter((f) => f.code === 'data-unknown-measure')).toHaveLength(1);
  });
});
