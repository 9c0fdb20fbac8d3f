/* Benchmarks: `npm run bench` prints the figures; nothing here fails a build. */
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { benchData } from './data-bench.js';
import { benchReport } from './report-bench.js';
import { timeCommand } from './time.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');
function benchValidate(): void {
  const bare = timeCommand(['-e', '0']);
  const validate = timeCommand([BIN, 'validate', 'examples/ayrshire-2024-29']);
  console.log('cjoip validate examples/ayrshire-2024-29 (median of 15 runs)');
  console.log(`  node -e 0         ${bare.toFixed(1)} ms`);
  console.log(`  cjoip validate    ${validate.toFixed(1)} ms`);
  console.log(`  ratio             ${(validate / bare).toFixed(2)} (aim: under 4)`);
}

/** `npm run bench [-- validate|data|report]`: run one benchmark or all. */
const only = process.argv[2];
const benches: Record<string, () => void | Promise<void>> = { validate: benchValidate, data: () => benchData(), report: benchReport };
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
  console.log('');
}
