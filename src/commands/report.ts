import path from 'node:path';
import { CjoipError, EXIT } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { describeFinancialYear, formatFinancialYear } from '../core/years.js';
import { TEMPLATES_DIR } from '../read/load-reference.js';
import { planUnreadable, resolvePlanPath } from '../read/read-file.js';
import type { ReportModel } from '../report/types.js';
import type { StartedPrinter } from '../render/pdf.js';
import { renderReportHtml } from '../render/html.js';
import { renderReportMarkdown } from '../render/markdown.js';
import { readTemplates } from '../render/templates.js';
import { checkOutputFolder, commitOutputs, describeKept, describeWritten, filesInTheWay, type OutputFile } from '../write/outputs.js';
import { modelOfPlan } from '../report/plan-model.js';
import { renderError, renderFindings, showPlanFindings } from './format-findings.js';
import type { Io } from './io.js';
import { parseYearOption } from './validate.js';

export interface ReportOptions {
  year: string;
  out?: string;
  format?: string;
  templates?: string;
  browser?: string;
  final?: boolean;
  force?: boolean;
  trendYears?: string;
}

const FORMATS = ['md', 'html', 'pdf', 'json', 'docx'] as const;
type Format = (typeof FORMATS)[number];

/** A --format list checked against the formats a command writes. */
export function parseFormats<F extends string>(s: string, allowed: readonly F[], what = 'report', note = ''): F[] {
  const list = s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((x) => !allowed.includes(x as F));
  if (bad.length || !list.length) throw new CjoipError('bad-format', `Unknown ${what} format: ${bad.join(', ') || '(none)'}.`, `Use a comma-separated list of ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1]}${note}.`);
  return [...new Set(list)] as F[];
}

interface Prepared {
  display: string;
  model: ReportModel;
  outDir: string;
  outputs: OutputFile[];
}

/**
 * `cjoip report`: validate, build the report model, write Markdown, HTML, JSON, Word and PDF.
 * `started`: the printer the command line started, when a PDF is asked for, before this module loaded
 * (see cli.ts), which also closes it should this throw.
 */
export async function runReport(paths: string[], opts: ReportOptions, io: Io, started: StartedPrinter = {}): Promise<number> {
  const year = parseYearOption(opts.year);
  const label = formatFinancialYear(year);
  const formats = parseFormats(opts.format ?? 'md,html,pdf', FORMATS);
  const trendYears = opts.trendYears === undefined ? undefined : Number(opts.trendYears);
  if (trendYears !== undefined && (!Number.isInteger(trendYears) || trendYears < 2 || trendYears > 30))
    throw new CjoipError('bad-option', `--trend-years ${opts.trendYears} is not a number of years from 2 to 30.`, 'Give how many years with figures each trend shows, e.g. --trend-years 10.');
  const plans = paths.length ? paths : ['cjoip.yaml'];
  const step = (msg: string) => io.err(`${io.color.dim('›')} ${msg}\n`);
  io.err(`Reporting year ${label}: ${describeFinancialYear(year)}\n`);
  const mdTemplates = formats.includes('md') ? readTemplates(TEMPLATES_DIR, 'md', opts.templates) : undefined;
  const htmlTemplates = formats.includes('html') || formats.includes('pdf') ? readTemplates(TEMPLATES_DIR, 'html', opts.templates) : undefined;
  if (opts.out) checkOutputFolder(path.resolve(io.cwd, opts.out));

  let code: number = EXIT.ok;
  const prepared: Prepared[] = [];
  const notWritten: { display: string; why: string }[] = [];

  // The browser, already starting, prints each report as soon as it is ready, two at a time.
  const { printer, browserError: noBrowser } = formats.includes('pdf') ? started : {};
  let browserError = noBrowser;
  const printing = new Map<Prepared, Promise<Uint8Array>>();
  let printFailed = false;
  let ready = prepared;
  try {

    for (const p of plans) {
      let file: string;
      try {
        file = await resolvePlanPath(p);
      } catch (e) {
        if (!(e instanceof CjoipError) || plans.length === 1) throw e;
        io.err(renderError(e, io.color));
        notWritten.push({ display: p, why: 'not found' });
        code = Math.max(code, EXIT.cannotRun);
        continue;
      }
      await printer?.keepUp();
      const built = await modelOfPlan(file, year, { draft: !opts.final, trendYears }, step);
      showPlanFindings(built, io);
      const display = built.loaded.display;
      if (!built.ok) {
        io.err(`${io.color.red('✖')} ${display}: not reported; fix the errors above and run again. Nothing was written.\n`);
        const unreadable = planUnreadable(built.findings);
        notWritten.push({ display, why: unreadable ? 'the plan could not be read' : 'errors in the plan or data' });
        code = Math.max(code, unreadable ? EXIT.cannotRun : EXIT.problems);
        continue;
      }
      const { loaded, model } = built;
      if (opts.final && model.gaps.length) {
        // A final report is the public document: while statutory content is missing, nothing is written.
        const gaps: Finding[] = model.gaps.map((g) => loaded.parsed!.place({ severity: 'error', code: 'final-gap', message: `Missing for the final report: ${g.message}.`, hint: g.fix, path: g.path, at: 'key' }));
        io.out(renderFindings(gaps, 'stylish', io.color));
        io.err(`${io.color.red('✖')} ${display}: the final report for ${label} was not written; fill the ${model.gaps.length} gap${model.gaps.length === 1 ? '' : 's'} above, or build a draft without --final. Nothing was written.\n`);
        notWritten.push({ display, why: 'gaps for a final report' });
        code = Math.max(code, EXIT.problems);
        continue;
      }
      const outDir = path.resolve(io.cwd, opts.out ? (plans.length > 1 ? path.join(opts.out, path.basename(loaded.dir)) : opts.out) : path.join(loaded.dir, 'reports', label));
      const base = `annual-report-${label}`;
      // Everything is rendered into memory first: nothing is written until the whole set is ready.
      const outputs: OutputFile[] = [];
      if (formats.includes('json')) outputs.push({ name: `${base}.json`, content: JSON.stringify(model, null, 2) + '\n' });
      if (mdTemplates) {
        step(`${display}: rendering Markdown and charts`);
        const md = renderReportMarkdown(model, mdTemplates);
        for (const c of md.charts) outputs.push({ name: c.file, content: c.svg });
        outputs.push({ name: `${base}.md`, content: md.text });
      }
      if (htmlTemplates && formats.includes('html')) {
        step(`${display}: rendering HTML`);
        outputs.push({ name: `${base}.html`, content: renderReportHtml(model, htmlTemplates) });
      }
      if (formats.includes('docx')) {
        step(`${display}: rendering the Word document`);
        const { renderReportDocx } = await import('../render/word.js');
        outputs.push({ name: `${base}.docx`, content: await renderReportDocx(model) });
      }
      const ready: Prepared = { display, model, outDir, outputs };
      prepared.push(ready);
      if (printer) {
        const job = printer.print((pages) => renderReportHtml(model, htmlTemplates!, { pages }));
        job.catch(() => undefined); // awaited, and its failure reported, below
        printing.set(ready, job);
      }
    }

    // The PDFs, one browser for all plans. A plan whose PDF fails is not written at all.
    printer?.lastPrintAsked();
    if (printer && prepared.length) {
      ready = [];
      for (const p of prepared) {
        step(`${p.model.partnership.name}: printing the PDF`);
        try {
          p.outputs.push({ name: `annual-report-${label}.pdf`, content: await printing.get(p)! });
          ready.push(p);
        } catch (e) {
          if (!(e instanceof CjoipError)) throw e;
          io.err(renderError(e, io.color));
          notWritten.push({ display: p.display, why: 'the PDF could not be printed' });
          printFailed = true;
          if (e.code === 'browser-failed' || e.code === 'browser-died') {
            for (const rest of prepared.slice(prepared.indexOf(p) + 1)) notWritten.push({ display: rest.display, why: 'the browser stopped' });
            break;
          }
        }
      }
    }
  } catch (e) {
    await printer?.close();
    throw e;
  }
  // Everything is printed: the browser is ended while the files are written (the writing is
  // synchronous, so a signal cannot come between a file and its rename), and waited for after.
  const closing = printer?.close();

  // Write each plan's set whole, never over a file cjoip did not write (or that changed since) without --force.
  const written: string[] = [];
  let blocked = false;
  try {
    for (const p of ready) {
      if (!p.outputs.length) continue;
      const inTheWay = opts.force ? [] : filesInTheWay(p.outDir, p.outputs);
      if (inTheWay.length) {
        io.err(`${io.color.red('✖')} ${p.display}: not written, to keep ${describeKept(inTheWay)}`);
        notWritten.push({ display: p.display, why: 'files in the way' });
        blocked = true;
        continue;
      }
      written.push(...commitOutputs(p.outDir, p.outputs));
    }
  } finally {
    await closing;
  }

  if (written.length) io.err(describeWritten(written));
  if (plans.length > 1 && notWritten.length) {
    io.err(`Reports written for ${plans.length - notWritten.length} of ${plans.length} plans. Not written: ${notWritten.map((n) => `${n.display} (${n.why})`).join('; ')}.\n`);
  }
  // No browser matters only when there was a report to print.
  if (browserError && !prepared.length) browserError = undefined;
  if (browserError) io.err(renderError(browserError, io.color));
  if (browserError || printFailed || blocked) return EXIT.cannotRun;
  return code;
}
