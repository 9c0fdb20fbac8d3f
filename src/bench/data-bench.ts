import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readAreaIndex, PACKAGE_ROOT } from '../read/load-reference.js';

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

/** Generate a 1,000,000-row extract, validate it with the real binary, report rows per second and peak memory. */
export async function benchData(rows = 1_000_000): Promise<void> {
  readAreaIndex();
  const dir = mkdtempSync(path.join(tmpdir(), 'cjoip-bench-'));
  try {
    const file = path.join(dir, 'data', 'extract.csv');
    spawnSync('mkdir', ['-p', path.dirname(file)]);
    await writeExtract(file, rows);
    writeFileSync(
      path.join(dir, 'cjoip.yaml'),
      `version: 1
partnership: { name: Bench, areas: [North Ayrshire, East Ayrshire, South Ayrshire], partners: [] }
plan: { title: Bench, period: { start: 2024-25, end: 2024-25 }, framework: cjpf-2023, levels: [action] }
structure: [{ id: A1, title: Bench, outcomes: [O1] }]
participation: Bench.
data:
  - id: sgs
    files: [data/extract.csv]
    layout: statistics-gov-scot
    indicator: NI3
    measures:
      - { measure: assessments, where: { Case Type: Assessment reports, Gender: All, Age: All } }
      - { measure: commenced, where: { Case Type: Cases commenced, Gender: All, Age: All } }
      - { measure: completed, where: { Case Type: Cases completed, Gender: All, Age: All } }
    provenance: { publisher: bench, title: generated extract, status: illustrative }
`,
    );
    const mb = statSync(file).size / 1024 / 1024;
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(PACKAGE_ROOT, 'bin', 'cjoip.js'), 'validate', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakKb = Number(r.stderr.trim().split('\n').pop());
    console.log(`cjoip validate on a generated statistics.gov.scot extract`);
    console.log(`  rows              ${rows.toLocaleString('en-GB')} (${mb.toFixed(0)} MB)`);
    console.log(`  exit code         ${r.status} (findings: ${(JSON.parse(r.stdout || '[]') as unknown[]).length})`);
    console.log(`  wall time         ${s.toFixed(2)} s`);
    console.log(`  rows per second   ${Math.round(rows / s).toLocaleString('en-GB')}`);
    console.log(`  peak memory (RSS) ${Number.isFinite(peakKb) ? `${(peakKb / 1024).toFixed(0)} MB` : 'unavailable (needs /usr/bin/time)'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
