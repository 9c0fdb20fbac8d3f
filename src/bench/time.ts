import { spawnSync } from 'node:child_process';
import { PACKAGE_ROOT } from '../read/load-reference.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A benchmark goal: a ratio measured in this run, and the bound it should meet. */
export interface Goal {
  name: string;
  ratio: number;
  goal: number;
  better: 'lower' | 'higher';
  unit?: string;
}

/** Median wall time in ms of a command over `n` runs (after one warm-up). */
export function timeCommand(args: string[], n = 15, cwd = PACKAGE_ROOT, exe = process.execPath): number {
  const times: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(exe, args, { cwd, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}
