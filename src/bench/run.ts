/* Benchmarks: `npm run bench` prints the figures; nothing here fails a build. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { benchData } from './data-bench.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall time in ms of a command over `n` runs (after one warm-up). */
export function timeCommand(args: string[], n = 15, cwd = PACKAGE_ROOT): number {
  const times: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

function benchValidate(): void {
  const bare = timeCommand(['-e', '0']);
  const validate = timeCommand([BIN, 'validate', 'examples/ayrshire-2024-29']);
  console.log('cjoip validate examples/ayrshire-2024-29 (median of 15 runs)');
  console.log(`  node -e 0         ${bare.toFixed(1)} ms`);
  console.log(`  cjoip validate    ${validate.toFixed(1)} ms`);
  console.log(`  ratio             ${(validate / bare).toFixed(2)} (aim: under 4)`);
}

const only = process.argv[2];
const benches: Record<string, () => void | Promise<void>> = { validate: benchValidate, data: () => benchData() };
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
  console.log('');
}
