import path from 'node:path';
import { EXIT } from '../core/errors.js';
import { errorCount } from '../core/findings.js';
import { parseFinancialYear } from '../core/years.js';
import { renderDataTemplate } from '../data/template.js';
import { displayPath, loadPlan } from '../read/load-plan.js';
import { readAreaIndex } from '../read/load-reference.js';
import { resolvePlanPath } from '../read/read-file.js';
import { assertFree, writeFileAtomic } from '../write/write-atomic.js';
import { renderFindings } from './format-findings.js';
import type { Io } from './io.js';

/** `cjoip data template`: write an empty long-format CSV for a plan. */
export async function runDataTemplate(p: string, opts: { out?: string; force?: boolean }, io: Io): Promise<number> {
  const loaded = await loadPlan(await resolvePlanPath(p));
  if (!loaded.plan || !loaded.framework || errorCount(loaded.findings)) {
    io.out(renderFindings(loaded.findings, 'stylish', io.color));
    return EXIT.problems;
  }
  const areas = readAreaIndex();
  const names = [...loaded.plan.partnership.areas.map((a) => areas.name(areas.resolve(a)!)), 'Scotland'];
  const start = parseFinancialYear(loaded.plan.plan.period.start)!;
  const end = parseFinancialYear(loaded.plan.plan.period.end)!;
  const years = Array.from({ length: end - start + 1 }, (_, i) => start + i);
  const out = path.resolve(opts.out ?? path.join(loaded.dir, 'data', 'template.csv'));
  assertFree([out], opts.force, displayPath);
  writeFileAtomic(out, renderDataTemplate(loaded.framework, names, years));
  io.err(`Wrote ${displayPath(out)}: ${loaded.framework.indicators.reduce((n, i) => n + i.measures.length, 0)} measures × ${names.length} areas × ${years.length} years.\n`);
  io.err(`Fill in value (or numerator and denominator for percentages), then declare it under data: in cjoip.yaml with layout: long.\n`);
  return EXIT.ok;
}
