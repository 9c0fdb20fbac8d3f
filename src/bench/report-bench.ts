import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { findBrowser } from '../render/find-browser.js';
import { timeCommand, timeInTurn, type Goal } from './time.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');
const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'ayrshire-2024-29');
const MD_TO_PDF = path.join(PACKAGE_ROOT, 'node_modules', 'md-to-pdf', 'dist', 'cli.js');
const BARE = path.join(PACKAGE_ROOT, 'dist', 'bench', 'bare-print.js');

/**
 * One report as PDF beside its peers, printing the same report: md-to-pdf on cjoip's own Markdown,
 * and bare puppeteer-core (launch, setContent, A4 pdf, close) on cjoip's own HTML. Then 30
 * partnership plans in one run, PDF only.
 */
export function benchReport(): Goal[] {
  const work = mkdtempSync(path.join(tmpdir(), 'cjoip-bench-report-'));
  try {
    const browser = findBrowser(undefined, process.env);
    const out = path.join(work, 'out');
    const once = timeCommand([BIN, 'report', '--year', '2024', EXAMPLE, '--out', out, '--format', 'md,html', '--force'], 1);
    const mdHtml = timeCommand([BIN, 'report', '--year', '2024', EXAMPLE, '--out', out, '--format', 'md,html', '--force'], 5);
    const md = path.join(out, 'annual-report-2024-25.md');
    const html = path.join(out, 'annual-report-2024-25.html');
    if (!existsSync(md) || !existsSync(html) || !(once > 0)) throw new Error('the example report was not written');
    const launch = JSON.stringify({ executablePath: browser, args: ['--no-sandbox'] });
    // The PDF and its two peers run in turn, five rounds.
    const [pdf, peerMd, bare] = timeInTurn(
      [
        { args: [BIN, 'report', '--year', '2024', EXAMPLE, '--out', path.join(work, 'pdf'), '--format', 'pdf', '--force'] },
        { args: [MD_TO_PDF, '--launch-options', launch, md], cwd: out },
        { args: [BARE, html, path.join(work, 'bare.pdf'), browser] },
      ],
      5,
    );

    const dirs: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const d = path.join(work, `partnership-${String(i).padStart(2, '0')}`);
      cpSync(EXAMPLE, d, { recursive: true, filter: (s) => !s.includes(`${path.sep}reports`) });
      const f = path.join(d, 'cjoip.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('name: Community Justice Ayrshire Partnership', `name: Generated Partnership ${i}`));
      dirs.push(d);
    }
    const thirty = timeCommand([BIN, 'report', '--year', '2024', ...dirs, '--out', path.join(work, 'all'), '--format', 'pdf', '--force'], 1);

    // The national picture of thirty partnerships, one council area each, against their own thirty reports.
    const small = path.join(PACKAGE_ROOT, 'examples', 'national-2024-25', 'plans', 'dundee-2024-27');
    const areas = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'reference', 'council-areas.json'), 'utf8')) as { areas: { code: string; name: string }[] }).areas.slice(0, 30);
    const many = areas.map((a) => {
      const d = path.join(work, 'national', a.code);
      cpSync(small, d, { recursive: true, filter: (s) => !s.includes(`${path.sep}reports`) });
      const f = path.join(d, 'cjoip.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('name: Dundee Community Justice Partnership', `name: ${a.name} Community Justice Partnership`).replace('areas: [Dundee City]', `areas: [${a.code}]`));
      const csv = path.join(d, 'data', 'national-indicators-illustrative.csv');
      writeFileSync(csv, readFileSync(csv, 'utf8').replaceAll('S12000042', a.code));
      return d;
    });
    // The two run in turn, three rounds, like every goal's command and its peer.
    const [nationalPdf, ownReports] = timeInTurn(
      [
        { args: [BIN, 'national', '--year', '2024', ...many, '--out', path.join(work, 'national-out'), '--format', 'md,html,pdf', '--force'] },
        { args: [BIN, 'report', '--year', '2024', ...many, '--out', path.join(work, 'own-out'), '--format', 'md,html,pdf', '--force'] },
      ],
      3,
    );
    console.log('cjoip report --year 2024 on examples/ayrshire-2024-29 (median wall time)');
    console.log(`  Markdown + HTML                        ${mdHtml.toFixed(0)} ms`);
    console.log(`  PDF                                    ${pdf.toFixed(0)} ms`);
    console.log(`  peer: md-to-pdf on the same Markdown   ${peerMd.toFixed(0)} ms`);
    console.log(`  peer: bare puppeteer-core, same HTML   ${bare.toFixed(0)} ms`);
    console.log(`  30 plans, PDF, one run                 ${(thirty / 1000).toFixed(1)} s (${(thirty / 30).toFixed(0)} ms a report)`);
    console.log('cjoip national --year 2024: thirty small illustrative partnerships (one council area each)');
    console.log(`  national report (md, html, pdf)        ${(nationalPdf / 1000).toFixed(1)} s`);
    console.log(`  their thirty own reports, one run      ${(ownReports / 1000).toFixed(1)} s`);
    return [
      { name: 'one report PDF ÷ md-to-pdf', ratio: pdf / peerMd, goal: 0.7, better: 'lower' },
      { name: 'one report PDF ÷ bare puppeteer-core print', ratio: pdf / bare, goal: 1.15, better: 'lower' },
      { name: '30 reports: md-to-pdf per report ÷ cjoip per report', ratio: peerMd / (thirty / 30), goal: 6, better: 'higher' },
      { name: 'national report of 30 ÷ their 30 own reports', ratio: nationalPdf / ownReports, goal: 0.5, better: 'lower' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
