import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readAreaIndex, PACKAGE_ROOT } from '../read/load-reference.js';
import { timeCommand, type Goal } from './time.js';

const AREAS = ['S12000033', 'S12000034', 'S12000041', 'S12000035', 'S12000036', 'S12000005', 'S12000006', 'S12000042', 'S12000008', 'S12000045', 'S12000010', 'S12000011', 'S12000014', 'S12000047', 'S12000049', 'S12000017', 'S12000018', 'S12000019', 'S12000020', 'S12000013', 'S12000021', 'S12000050', 'S12000023', 'S12000048', 'S12000038', 'S12000026', 'S12000027', 'S12000028', 'S12000029', 'S12000030', 'S12000039', 'S12000040', 'S92000003'];

/** Write a statistics.gov.scot-style extract of `rows` rows (33 areas × 8 years × case types × genders × age groups). */
async function writeExtract(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('FeatureCode,DateCode,Measurement,Units,Value,Case Type,Gender,Age,DataMarker\r\n');
  const types = ['Assessment reports', 'Cases commenced', 'Cases completed'];
  const genders = ['All', 'Male', 'Female'];
  let n = 0;
  let buf = '';
  for (let age = 0; n < rows; age++) {
    for (const [ai, area] of AREAS.entries())
      for (let y = 2017; y < 2025; y++)
        for (const t of types)
          for (const g of genders) {
            if (n >= rows) break;
            // Figures consistent within an area and year, so the checks pass: completed ≤ commenced.
            const base = 1000 + (((ai * 31 + y) * 7919) % 5000);
            const value = t === 'Cases completed' ? Math.floor(base / 2) : t === 'Cases commenced' ? base : base + 100;
            buf += `http://statistics.gov.scot/id/statistical-geography/${area},${y}/${y + 1},Count,Cases,"${value.toLocaleString('en-GB')}",${t},${g},${age === 0 ? 'All' : `Age ${age}`},\r\n`;
            n++;
            if (buf.length > 1 << 16) {
              await write(buf);
              buf = '';
            }
          }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');

/** Wall time (s) and peak memory (MB) of one run of cjoip validate on a plan folder. */
function validateOnce(dir: string): { s: number; mb: number; status: number | null; findings: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'validate', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { s, mb: kb / 1024, status: r.status, findings: (JSON.parse(r.stdout || '[]') as unknown[]).length };
}

const planFor = (data: string) => `version: 1
partnership: { name: Bench, areas: [North Ayrshire, East Ayrshire, South Ayrshire], partners: [] }
plan: { title: Bench, period: { start: 2024-25, end: 2024-25 }, framework: cjpf-2023, levels: [action] }
structure: [{ id: A1, title: Bench, outcomes: [O1] }]
participation: Bench.
data:
${data}`;

/** A long-format table of `rows` rows: five measures × 33 areas × 99 years, repeated with the same figures. */
function longRows(rows: number): (string | number)[][] {
  const measures = [['NI1', 'commenced'], ['NI2', 'referrals'], ['NI3', 'commenced'], ['NI6', 'applications'], ['NI8', 'commenced']];
  const out: (string | number)[][] = [['indicator', 'measure', 'area', 'year', 'value']];
  for (let i = 0; out.length <= rows; i++) {
    const [ind, m] = measures[i % measures.length];
    const area = AREAS[Math.floor(i / measures.length) % AREAS.length];
    const y = 2000 + (Math.floor(i / (measures.length * AREAS.length)) % 99);
    // The same figure whenever a cell comes round again: repeated rows agree, so the checks pass.
    const cell = i % (measures.length * AREAS.length * 99);
    out.push([ind, m, area, `${y}-${String((y + 1) % 100).padStart(2, '0')}`, 100 + ((cell * 7) % 900)]);
  }
  return out;
}

/**
 * A 1,000,000-row statistics.gov.scot extract validated by the real binary, beside csv-parse alone
 * counting its records; peak memory; and a workbook of about 10 MB beside the same rows as CSV.
 */
export async function benchData(rows = 1_000_000): Promise<Goal[]> {
  readAreaIndex();
  const dir = mkdtempSync(path.join(tmpdir(), 'cjoip-bench-'));
  try {
    const file = path.join(dir, 'data', 'extract.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    await writeExtract(file, rows);
    writeFileSync(
      path.join(dir, 'cjoip.yaml'),
      planFor(`  - id: sgs
    files: [data/extract.csv]
    layout: statistics-gov-scot
    indicator: NI3
    measures:
      - { measure: assessments, where: { Case Type: Assessment reports, Gender: All, Age: All } }
      - { measure: commenced, where: { Case Type: Cases commenced, Gender: All, Age: All } }
      - { measure: completed, where: { Case Type: Cases completed, Gender: All, Age: All } }
    provenance: { publisher: bench, title: generated extract, status: illustrative }
`),
    );
    const mb = statSync(file).size / 1024 / 1024;
    const runs = [validateOnce(dir), validateOnce(dir), validateOnce(dir)].sort((a, b) => a.s - b.s);
    const v = runs[1];
    const count = timeCommand([path.join(PACKAGE_ROOT, 'dist', 'bench', 'csv-count.js'), file], 3) / 1000;
    console.log(`cjoip validate on a generated statistics.gov.scot extract (median of 3)`);
    console.log(`  rows                     ${rows.toLocaleString('en-GB')} (${mb.toFixed(0)} MB)`);
    console.log(`  exit code                ${v.status} (findings: ${v.findings})`);
    console.log(`  cjoip validate           ${v.s.toFixed(2)} s (${Math.round(rows / v.s).toLocaleString('en-GB')} rows a second)`);
    console.log(`  peer: csv-parse counting ${count.toFixed(2)} s`);
    console.log(`  peak memory (RSS)        ${Number.isFinite(v.mb) ? `${v.mb.toFixed(0)} MB` : 'unavailable (needs /usr/bin/time)'}`);

    // The same rows as CSV and as an XLSX workbook of about 10 MB.
    const XLSX = await import('@e965/xlsx');
    const table = longRows(160_000);
    const wbDir = path.join(dir, 'wb');
    mkdirSync(path.join(wbDir, 'data'), { recursive: true });
    writeFileSync(path.join(wbDir, 'data', 'rows.csv'), table.map((r) => r.join(',')).join('\r\n') + '\r\n');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(table), 'Data');
    writeFileSync(path.join(wbDir, 'data', 'rows.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    const source = (f: string) => `  - id: rows
    files: [data/${f}]
    layout: long
    provenance: { publisher: bench, title: generated rows, status: illustrative }
`;
    writeFileSync(path.join(wbDir, 'cjoip.yaml'), planFor(source('rows.csv')));
    const asCsv = [validateOnce(wbDir), validateOnce(wbDir), validateOnce(wbDir)].sort((a, b) => a.s - b.s)[1];
    writeFileSync(path.join(wbDir, 'cjoip.yaml'), planFor(source('rows.xlsx')));
    const asXlsx = [validateOnce(wbDir), validateOnce(wbDir), validateOnce(wbDir)].sort((a, b) => a.s - b.s)[1];
    const xlsxMb = statSync(path.join(wbDir, 'data', 'rows.xlsx')).size / 1024 / 1024;
    console.log(`cjoip validate on ${(table.length - 1).toLocaleString('en-GB')} long-format rows (median of 3)`);
    console.log(`  as CSV (${(statSync(path.join(wbDir, 'data', 'rows.csv')).size / 1024 / 1024).toFixed(0)} MB)            ${asCsv.s.toFixed(2)} s, ${asCsv.mb.toFixed(0)} MB peak (exit ${asCsv.status})`);
    console.log(`  as XLSX (${xlsxMb.toFixed(0)} MB)           ${asXlsx.s.toFixed(2)} s, ${asXlsx.mb.toFixed(0)} MB peak (exit ${asXlsx.status})`);
    return [
      { name: '1M-row extract: validate ÷ csv-parse counting', ratio: v.s / count, goal: 1.5, better: 'lower' },
      { name: '1M-row extract: peak memory, MB', ratio: v.mb, goal: 300, better: 'lower', unit: 'MB' },
      { name: '10 MB workbook ÷ the same rows as CSV', ratio: asXlsx.s / asCsv.s, goal: 2, better: 'lower' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
