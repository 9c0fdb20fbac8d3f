import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CjoipError, EXIT } from '../core/errors.js';
import { errorCount, type Finding } from '../core/findings.js';
import type { Text } from '../core/plan-schema.js';
import { describeFinancialYear, formatFinancialYear } from '../core/years.js';
import { displayPath, textFileIn, loadPlan } from '../read/load-plan.js';
import { readAreaIndex, TEMPLATES_DIR } from '../read/load-reference.js';
import { resolvePlanPath } from '../read/read-file.js';
import { findBrowser } from '../report/find-browser.js';
import { buildReportModel, type ReportModel } from '../report/model.js';
import { PdfPrinter } from '../report/pdf.js';
import { readTemplates, renderReportHtml, renderReportMarkdown } from '../report/render.js';
import { writeFileAtomic } from '../write/write-atomic.js';
import { checkPlanData } from './check-data.js';
import { renderError, renderFindings } from './format-findings.js';
import type { Io } from './io.js';
import { parseYearOption } from './validate.js';

export interface ReportOptions {
  year: string;
  out?: string;
  format?: string;
  templates?: string;
  browser?: string;
  final?: boolean;
}

const FORMATS = ['md', 'html', 'pdf', 'json', 'docx'] as const;
type Format = (typeof FORMATS)[number];

function parseFormats(s: string): Format[] {
  const list = s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((x) => !FORMATS.includes(x as Format));
  if (bad.length || !list.length) throw new CjoipError('bad-format', `Unknown report format: ${bad.join(', ') || '(none)'}.`, 'Use a comma-separated list of md, html, pdf, docx and json.');
  return [...new Set(list)] as Format[];
}

interface Prepared {
  model: ReportModel;
  outDir: string;
}

/** `cjoip report`: validate, build the report model, write Markdown, HTML, JSON and PDF. */
export async function runReport(paths: string[], opts: ReportOptions, io: Io): Promise<number> {
  const year = parseYearOption(opts.year);
  const label = formatFinancialYear(year);
  const formats = parseFormats(opts.format ?? 'md,html,pdf');
  const plans = paths.length ? paths : ['cjoip.yaml'];
  const step = (msg: string) => io.err(`${io.color.dim('›')} ${msg}\n`);
  io.err(`Reporting year ${label}: ${describeFinancialYear(year)}\n`);
  const mdTemplates = formats.includes('md') ? readTemplates(TEMPLATES_DIR, 'md', opts.templates) : undefined;
  const htmlTemplates = formats.includes('html') || formats.includes('pdf') ? readTemplates(TEMPLATES_DIR, 'html', opts.templates) : undefined;

  let code: number = EXIT.ok;
  const prepared: Prepared[] = [];
  const written: string[] = [];
  const write = (file: string, content: string | Uint8Array) => {
    writeFileAtomic(file, content);
    written.push(file);
  };

  for (const p of plans) {
    const file = await resolvePlanPath(p);
    const display = displayPath(file);
    step(`${display}: checking the plan`);
    const loaded = await loadPlan(file);
    let findings: Finding[] = [...loaded.findings];
    let data;
    if (loaded.plan && loaded.framework && !errorCount(findings)) {
      step(`${display}: reading indicator data`);
      // Data files are named relative to the plan folder, so the report reads the same wherever it is built.
      data = await checkPlanData(loaded, year, (abs) => path.relative(loaded.dir, abs).split(path.sep).join('/'), 'error');
      findings = [...findings, ...data.findings];
    }
    if (errorCount(findings) || !data) {
      io.out(renderFindings(findings, 'stylish', io.color));
      io.err(`${io.color.red('✖')} ${display}: not reported; fix the errors above and run again. Nothing was written.\n`);
      code = EXIT.problems;
      continue;
    }
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (warnings.length) io.err(renderFindings(warnings, 'stylish', io.color));

    step(`${display}: building the report model (${data.rowsRead.toLocaleString('en-GB')} data rows)`);
    const plan = loaded.plan!;
    const text = (t: Text | undefined) => {
      if (t === undefined) return undefined;
      if (typeof t === 'string') return t;
      const c = textFileIn(loaded.dir, t.file);
      return c.ok ? readFileSync(c.file, 'utf8') : undefined;
    };
    const placeholders = loaded.placeholders ?? [];
    const model = buildReportModel({ plan, framework: loaded.framework!, cells: data.cells, year, areas: readAreaIndex(), text, dataFiles: data.filesBySource, placeholders, draft: !opts.final });
    if (opts.final && model.gaps.length) {
      // A final report is the public document: while statutory content is missing, nothing is written.
      const gaps: Finding[] = model.gaps.map((g) => loaded.parsed!.place({ severity: 'error', code: 'final-gap', message: `Missing for the final report: ${g.message}.`, hint: g.fix, path: g.path, at: 'key' }));
      io.out(renderFindings(gaps, 'stylish', io.color));
      io.err(`${io.color.red('✖')} ${display}: the final report for ${label} was not written; fill the ${model.gaps.length} gap${model.gaps.length === 1 ? '' : 's'} above, or build a draft without --final. Nothing was written.\n`);
      code = EXIT.problems;
      continue;
    }
    const outDir = path.resolve(opts.out ? (plans.length > 1 ? path.join(opts.out, path.basename(loaded.dir)) : opts.out) : path.join(loaded.dir, 'reports', label));
    const base = path.join(outDir, `annual-report-${label}`);

    if (formats.includes('json')) write(`${base}.json`, JSON.stringify(model, null, 2) + '\n');
    if (mdTemplates) {
      step(`${display}: writing Markdown and charts`);
      const md = renderReportMarkdown(model, mdTemplates);
      for (const c of md.charts) write(path.join(outDir, c.file), c.svg);
      write(`${base}.md`, md.text);
    }
    if (htmlTemplates && formats.includes('html')) {
      step(`${display}: writing HTML`);
      write(`${base}.html`, renderReportHtml(model, htmlTemplates));
    }
    if (formats.includes('docx')) {
      step(`${display}: writing the Word document`);
      const { renderReportDocx } = await import('../report/docx.js');
      write(`${base}.docx`, await renderReportDocx(model));
    }
    prepared.push({ model, outDir });
  }

  let pdfError: CjoipError | undefined;
  if (formats.includes('pdf') && prepared.length) {
    let printer: PdfPrinter | undefined;
    try {
      printer = new PdfPrinter(findBrowser(opts.browser, io.env));
      for (const p of prepared) {
        step(`${p.model.partnership.name}: printing the PDF`);
        const pdf = await printer.print((pages) => renderReportHtml(p.model, htmlTemplates!, { pages }));
        write(path.join(p.outDir, `annual-report-${label}.pdf`), pdf);
      }
    } catch (e) {
      if (!(e instanceof CjoipError)) throw e;
      pdfError = e;
    } finally {
      await printer?.close();
    }
  }

  if (written.length) {
    const isChart = (f: string) => f.includes(`${path.sep}charts${path.sep}`);
    const charts = written.filter(isChart).length;
    io.err(`Wrote:\n${written.filter((f) => !isChart(f)).map((f) => `  ${displayPath(f)}\n`).join('')}${charts ? `  and ${charts} chart files in charts/\n` : ''}`);
  }
  if (pdfError) {
    io.err(renderError(pdfError, io.color));
    return EXIT.cannotRun;
  }
  return code;
}
