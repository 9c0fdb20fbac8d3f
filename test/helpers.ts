import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'cjoip.js');
export const EXAMPLES = path.join(ROOT, 'examples');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real binary, as a user would. */
export function cjoip(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeout?: number } = {}): RunResult {
  const env = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder holding the given files. */
export function fixture(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cjoip-test-'));
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A temporary copy of an example folder. */
export function copyExample(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `cjoip-${name}-`));
  cpSync(path.join(EXAMPLES, name), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}reports`) });
  return dir;
}

/** A temporary copy of the whole examples folder (plans name each other by relative paths). */
export function copyExamples(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cjoip-examples-'));
  cpSync(EXAMPLES, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}reports`) });
  return dir;
}

const reported = new Map<string, string>();
/** A copy of an example reported once per test file with these arguments (all formats); returns its folder. */
export function reportedExample(name: string, year: number, extra: string[] = []): string {
  const key = [name, year, ...extra].join(' ');
  if (!reported.has(key)) {
    const dir = copyExample(name);
    const r = cjoip(['report', '--year', String(year), dir, '--format', 'md,html,pdf,docx,json', ...extra]);
    if (r.code !== 0) throw new Error(`report failed: ${r.code}\n${r.stderr}\n${r.stdout}`);
    reported.set(key, dir);
  }
  return reported.get(key)!;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}

/** A small plan that validates clean; tests change one thing at a time. */
export const MINIMAL_PLAN = `version: 1
partnership:
  name: Test Partnership
  areas: [Clackmannanshire]
  partners:
    - { id: council, name: Clackmannanshire Council, statutory: local-authority }
    - { id: nhs, name: NHS Forth Valley, statutory: health-board }
    - { id: ijb, name: Clackmannanshire and Stirling IJB, statutory: integration-joint-board }
    - { id: police, name: Police Scotland, statutory: police-scotland }
    - { id: sfrs, name: Scottish Fire and Rescue Service, statutory: scottish-fire-and-rescue-service }
    - { id: sds, name: Skills Development Scotland, statutory: skills-development-scotland }
    - { id: scts, name: Scottish Courts and Tribunals Service, statutory: scottish-courts-and-tribunals-service }
    - { id: sps, name: Scottish Prison Service, statutory: scottish-ministers }
plan:
  title: Test plan
  period: { start: 2024-25, end: 2026-27 }
  framework: cjpf-2023
  levels: [priority, action]
structure:
  - id: P1
    title: Early intervention
    outcomes: [O1, O2, O3, O4, O5, O6, O7, O8]
    items:
      - id: P1.1
        title: Briefings on diversion
        lead: [council]
        due: 2025-03-31
        progress:
          2024-25: { status: in-progress }
  - id: P2
    title: Confidence
    priority_actions: [PA13]
participation: We held three events with third sector partners.
`;

/**
 * Open self-contained HTML in headless Chromium at each width: the page width it needs (never more
 * than the viewport, when it fits), the smallest chart text, and what axe-core (WCAG 2.2 AA and best
 * practice) finds.
 */
export async function inBrowser(html: string, widths: number[]): Promise<{ width: number; scrollWidth: number; smallestChartText: number; violations: unknown[] }[]> {
  const { launch } = await import('puppeteer-core');
  const { findBrowser } = await import('../src/render/find-browser.js');
  const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const out: { width: number; scrollWidth: number; smallestChartText: number; violations: unknown[] }[] = [];
  try {
    for (const width of widths) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 800 });
      await page.setContent(html, { waitUntil: 'load' });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      const smallestChartText = await page.evaluate(() => Math.min(...[...document.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect().height)));
      await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      const violations = (await page.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 2).map((n) => n.html.slice(0, 120)) }));
      })) as unknown[];
      out.push({ width, scrollWidth, smallestChartText, violations });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

/**
 * A Word document as LibreOffice lays it out (the Word-compatible reader found here): converted to
 * PDF with a throw-away profile, so conversions may run side by side. Returns the PDF's path.
 */
export function libreOfficePdf(docx: string): string {
  const out = mkdtempSync(path.join(tmpdir(), 'cjoip-lo-'));
  const profile = path.join(out, 'profile');
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], { encoding: 'utf8', timeout: 120_000 });
  const pdf = path.join(out, `${path.basename(docx, '.docx')}.pdf`);
  if (r.error || r.status !== 0 || !existsSync(pdf)) throw new Error(`LibreOffice could not convert ${docx} (install libreoffice-writer-nogui): ${r.error?.message ?? ''} ${r.stderr}`);
  return pdf;
}

/** The text of each page of a PDF, by pdftotext, first page first. */
export function pdfPages(pdf: string): string[] {
  return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

/** The first object of a report's JSON model that `match` accepts, walking the model depth first. */
export function findInModel<T>(model: unknown, match: (x: Record<string, unknown>) => boolean): T | undefined {
  let found: T | undefined;
  const walk = (o: unknown) => {
    if (found !== undefined || !o || typeof o !== 'object') return;
    const x = o as Record<string, unknown>;
    if (match(x)) found = x as T;
    else Object.values(x).forEach(walk);
  };
  walk(model);
  return found;
}
