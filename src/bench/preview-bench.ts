import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../read/load-reference.js';
import { findBrowser } from '../render/find-browser.js';
import { timeCommand, type Goal } from './time.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'cjoip.js');
const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'ayrshire-2024-29');
const SAVES = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `cjoip preview` as an officer uses it: a sentence saved into the foreword, and the time until the
 * open page (headless Chromium) shows it without a reload; beside the way without a preview, running
 * `cjoip report --format html` once the file is saved.
 */
export async function benchPreview(): Promise<Goal[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'cjoip-bench-preview-'));
  const dir = path.join(work, 'plan');
  cpSync(EXAMPLE, dir, { recursive: true, filter: (s) => !s.includes(`${path.sep}reports`) });
  const child = spawn(process.execPath, [BIN, 'preview', dir, '--year', '2024', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const { launch } = await import('puppeteer-core');
  const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`preview exited ${code}`)));
    });
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const latencies: number[] = [];
    for (let i = 1; i <= SAVES; i++) {
      const sentence = `Benchmark sentence ${i}.`;
      const t0 = performance.now();
      appendFileSync(path.join(dir, 'narrative', '2024-25', 'foreword.md'), `\n${sentence}\n`);
      await page.waitForFunction((s) => document.body.innerText.includes(s), { polling: 10, timeout: 10_000 }, sentence);
      latencies.push(performance.now() - t0);
    }
    const latency = median(latencies);
    const report = timeCommand([BIN, 'report', '--year', '2024', dir, '--out', path.join(work, 'out'), '--format', 'html', '--force'], 5);
    console.log('cjoip preview on examples/ayrshire-2024-29: a save of the foreword to the page showing it');
    console.log(`  preview, save to page (median of ${SAVES})    ${latency.toFixed(0)} ms`);
    console.log(`  peer: cjoip report --format html        ${report.toFixed(0)} ms (before any page is opened)`);
    return [
      { name: 'preview: save to page shown', ratio: latency, goal: 1000, better: 'lower', unit: 'ms' },
      { name: 'preview save to page ÷ report --format html', ratio: latency / report, goal: 0.75, better: 'lower' },
    ];
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}
