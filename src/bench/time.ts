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

/** A command to time: node running `args` (or `exe`), in `cwd`. */
export interface Timed {
  args: string[];
  cwd?: string;
  exe?: string;
}

/** Wall time in ms of one run of a command; it must end with exit code 0 or 1. */
function runOnce({ args, cwd = PACKAGE_ROOT, exe = process.execPath }: Timed): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, args, { cwd, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

/**
 * Median wall times in ms of commands run in turn, `n` rounds after one warm-up round: a goal's
 * command and its peer are measured side by side, so a change in the machine's speed during the
 * run (this machine's varies from minute to minute) touches both alike.
 */
export function timeInTurn(commands: Timed[], n = 15): number[] {
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i <= n; i++) commands.forEach((c, k) => (i > 0 ? times[k].push(runOnce(c)) : runOnce(c)));
  return times.map(median);
}

/** Median wall time in ms of a command over `n` runs (after one warm-up). */
export function timeCommand(args: string[], n = 15, cwd = PACKAGE_ROOT, exe = process.execPath): number {
  return timeInTurn([{ args, cwd, exe }], n)[0];
}
