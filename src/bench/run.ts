/*
 * Benchmarks: `npm run bench [-- validate|data|report|preview]` measures cjoip beside its peers in the same
 * run on the same machine, prints each goal's ratio beside the goal, and exits 1 when a ratio misses
 * its goal, so it can be watched. Nothing here runs in `npm test`.
 */
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { benchData } from './data-bench.js';
import { benchPreview } from './preview-bench.js';
import { benchReport } from './report-bench.js';
import { timeInTurn, type Goal } from './time.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');

function benchValidate(): Goal[] {
  const [bare, validate] = timeInTurn([{ args: ['-e', '0'] }, { args: [BIN, 'validate', 'examples/ayrshire-2024-29'] }]);
  console.log('cjoip validate examples/ayrshire-2024-29 (median of 15 runs, the two run in turn)');
  console.log(`  node -e 0         ${bare.toFixed(1)} ms`);
  console.log(`  cjoip validate    ${validate.toFixed(1)} ms`);
  return [{ name: 'validate ÷ node -e 0', ratio: validate / bare, goal: 3, better: 'lower' }];
}

const only = process.argv[2];
const benches: Record<string, () => Goal[] | Promise<Goal[]>> = { validate: benchValidate, data: () => benchData(), report: benchReport, preview: benchPreview };
const goals: Goal[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  goals.push(...(await run()));
  console.log('');
}
console.log('Goals (measured in this run, on this machine)');
let missed = 0;
for (const g of goals) {
  const met = g.better === 'lower' ? g.ratio <= g.goal : g.ratio >= g.goal;
  if (!met) missed++;
  console.log(`  ${met ? 'met   ' : 'MISSED'}  ${g.name.padEnd(52)} ${g.ratio.toFixed(2).padStart(7)}   goal ${g.better === 'lower' ? '≤' : '≥'} ${g.goal}${g.unit ? ` ${g.unit}` : ''}`);
}
if (missed) console.log(`\n${missed} goal${missed === 1 ? '' : 's'} missed: the README's Benchmarks section says why, and what would reach ${missed === 1 ? 'it' : 'them'}.`);
process.exitCode = missed ? 1 : 0;
