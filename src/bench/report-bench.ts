import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { timeCommand } from './time.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');
const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'ayrshire-2024-29');

/** Time the example's report, and 30 generated partnership plans rendered in one run with one browser. */
export function benchReport(): void {
  const work = mkdtempSync(path.join(tmpdir(), 'cjoip-bench-report-'));
  try {
    const out = path.join(work, 'out');
    const mdHtml = timeCommand([BIN, 'report', '--year', '2024', EXAMPLE, '--out', out, '--format', 'md,html'], 5);
    const pdf = timeCommand([BIN, 'report', '--year', '2024', EXAMPLE, '--out', out, '--format', 'pdf'], 3);
    const dirs: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const d = path.join(work, `partnership-${String(i).padStart(2, '0')}`);
      cpSync(EXAMPLE, d, { recursive: true, filter: (s) => !s.includes(`${path.sep}reports`) });
      const f = path.join(d, 'cjoip.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('name: Community Justice Ayrshire Partnership', `name: Generated Partnership ${i}`));
      dirs.push(d);
    }
    const thirty = timeCommand([BIN, 'report', '--year', '2024', ...dirs, '--out', path.join(work, 'all'), '--format', 'md,html,pdf'], 1);
    console.log('cjoip report --year 2024 on examples/ayrshire-2024-29 (median wall time)');
    console.log(`  Markdown + HTML   ${mdHtml.toFixed(0)} ms`);
    console.log(`  PDF               ${pdf.toFixed(0)} ms`);
    console.log(`  30 plans, md+html+pdf in one run (one browser): ${(thirty / 1000).toFixed(1)} s (${(thirty / 30).toFixed(0)} ms a plan)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
