import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CjoipError, EXIT } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { describeFinancialYear, formatFinancialYear } from '../core/years.js';
import { fsProblem } from '../read/inside.js';
import { displayPath } from '../read/load-plan.js';
import { readAreaIndex, readPopulation, TEMPLATES_DIR } from '../read/load-reference.js';
import { readBuiltInFramework, builtInFrameworkIds } from '../read/read-framework.js';
import { planUnreadable, readTextFile, resolvePlanPath } from '../read/read-file.js';
import { clip } from '../core/words.js';
import type { StartedPrinter } from '../render/pdf.js';
import { readTemplates } from '../render/templates.js';
import { buildFigureRows, FIGURE_COLUMNS, type FiguresInput } from '../national/figures.js';
import { renderCsv } from '../render/csv.js';
import { buildNationalModel } from '../national/model.js';
import type { NotIncluded, PartnershipInput } from '../national/types.js';
import { renderNationalHtml } from '../render/html.js';
import { renderNationalMarkdown } from '../render/markdown.js';
import { checkOutputFolder, commitOutputs, describeKept, describeWritten, filesInTheWay, type OutputFile } from '../write/outputs.js';
import { renderError, showPlanFindings } from './format-findings.js';
import type { Io } from './io.js';
import { modelOfPlan } from '../report/plan-model.js';
import { parseFormats } from './report.js';
import { parseYearOption } from './validate.js';

export interface NationalOptions {
  year: string;
  out?: string;
  format?: string;
  browser?: string;
  framework?: string;
  title?: string;
  force?: boolean;
}

/** The file, in a folder of the national picture, that lists the partnerships' plans. */
export const LIST_FILE = 'partnerships.txt';

const FORMATS = ['md', 'html', 'pdf', 'docx', 'json', 'ods'] as const;

/** A plan to include: its file (when found) and the name to give it when it cannot be read. */
interface Entry {
  file?: string;
  given: string;
  /** Where it was named: the command line, or a list file and line. */
  from: string;
  problem?: string;
}

const statOf = (p: string) => {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch (e) {
    throw new CjoipError('bad-path', `${p}: cannot be opened: ${fsProblem(e).detail}.`, 'Give plan folders, plan files, or a file listing them.');
  }
};

/**
 * The plans named on the command line: a plan file, a folder holding cjoip.yaml, or a list (a text
 * file, or a folder holding partnerships.txt) naming one plan file or folder per line, relative to
 * the list; blank lines and lines starting with # are ignored.
 */
export function plansFrom(paths: string[], cwd: string): { entries: Entry[]; lists: string[] } {
  const entries: Entry[] = [];
  const lists: string[] = [];
  for (const p of paths) {
    if (p.includes('\u0000')) throw new CjoipError('bad-path', 'A path cannot contain a NUL character.', 'Check the paths given on the command line.');
    const abs = path.resolve(cwd, p);
    const st = statOf(abs);
    if (!st) throw new CjoipError('file-not-found', `${p}: no such file or folder.`, 'Give plan folders, plan files, or a file listing them (one per line).');
    let list: string | undefined;
    if (st.isDirectory()) {
      if (statOf(path.join(abs, 'cjoip.yaml'))?.isFile()) entries.push({ file: path.join(abs, 'cjoip.yaml'), given: p, from: 'the command line' });
      else if (statOf(path.join(abs, LIST_FILE))?.isFile()) list = path.join(abs, LIST_FILE);
      else throw new CjoipError('no-plan-in-folder', `${p}: this folder has neither a cjoip.yaml nor a ${LIST_FILE}.`, `Give plan folders, or a folder whose ${LIST_FILE} lists them (one per line).`);
    } else if (/\.ya?ml$/i.test(abs)) entries.push({ file: abs, given: p, from: 'the command line' });
    else list = abs;
    if (!list) continue;
    lists.push(list);
    // A list is small: read at most 1 MB, and only from a regular file (never a pipe or /dev/zero).
    const read = readTextFile(list, 1024 * 1024);
    if (!('text' in read)) throw new CjoipError('bad-list', `${displayPath(list)}: cannot be used as a list of plans: ${read.problem}.`, 'Give a text file naming one plan file or folder per line.');
    read.text.replace(/^\ufeff/, '').split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const from = `${displayPath(list)} line ${i + 1}`;
      if (line.includes('\u0000')) return entries.push({ given: clip(line.replace(/\u0000/g, ''), 80), from, problem: 'the line holds a NUL character, so it names no file' });
      if (line.length > 4096) return entries.push({ given: clip(line, 80), from, problem: 'the line is too long to be a path' });
      const target = path.resolve(path.dirname(list), line);
      const t = statOf(target);
      if (!t) entries.push({ given: line, from, problem: 'no such file or folder' });
      else if (t.isDirectory() && !statOf(path.join(target, 'cjoip.yaml'))?.isFile()) entries.push({ given: line, from, problem: 'the folder has no cjoip.yaml' });
      else entries.push({ file: t.isDirectory() ? path.join(target, 'cjoip.yaml') : target, given: line, from });
    });
  }
  return { entries, lists };
}

/**
 * What the partnership calls itself, and its areas, read from a plan that could not be used: from
 * its parsed content, or, when the YAML itself is broken, from whatever of it the parser recovers.
 */
function whoIsIt(loaded: { raw?: unknown; file: string }, fallback: string): { name: string; areas: string[] } {
  let raw = loaded.raw;
  if (raw === undefined) {
    try {
      const read = readTextFile(loaded.file, 5 * 1024 * 1024);
      raw = 'text' in read ? parseDocument(read.text, { prettyErrors: false }).toJS({ maxAliasCount: 100 }) : undefined;
    } catch {
      raw = undefined;
    }
  }
  const p = (raw as { partnership?: { name?: unknown; areas?: unknown } } | undefined)?.partnership;
  const index = readAreaIndex();
  const areas = Array.isArray(p?.areas) ? p.areas.filter((a): a is string => typeof a === 'string').map((a) => index.resolve(a)).filter((c): c is string => c !== undefined) : [];
  return { name: typeof p?.name === 'string' && p.name.trim() ? p.name.trim() : fallback, areas };
}

/** Why a plan was left out, in words for the national report's readers. */
function whyNotIncluded(findings: Finding[], label: string): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const outside = errors.find((f) => f.code === 'year-outside-plan');
  const period = outside && /plan period, (.*)\.$/.exec(outside.message)?.[1];
  if (outside && errors.length === 1) return `Its plan does not cover ${label}${period ? `: it runs from ${period}` : ''}.`;
  if (errors.some((f) => f.code.startsWith('yaml')) || planUnreadable(errors)) return 'Its plan could not be read.';
  return `Its plan or indicator data have ${errors.length} error${errors.length === 1 ? '' : 's'} to correct.`;
}

/**
 * `cjoip national`: many partnerships' plans, one national report, a CSV of every figure.
 * `started`: the printer the command line started, when a PDF is asked for, before this module loaded
 * (see cli.ts), which also closes it should this throw.
 */
export async function runNational(paths: string[], opts: NationalOptions, io: Io, started: StartedPrinter = {}): Promise<number> {
  const year = parseYearOption(opts.year);
  const label = formatFinancialYear(year);
  const formats = parseFormats(opts.format ?? 'md,html,pdf', FORMATS, 'national report', ' (the CSV and XLSX workbook of figures are always written; ods adds the workbook as OpenDocument)');
  const fwId = opts.framework ?? 'cjpf-2023';
  const framework = readBuiltInFramework(fwId);
  if (!framework) throw new CjoipError('unknown-framework', `Unknown framework '${fwId}'.`, `Choose one of ${builtInFrameworkIds().join(', ')}.`);
  if (!paths.length) throw new CjoipError('no-plans', 'No plans given.', `Give plan folders, plan files, or a folder whose ${LIST_FILE} lists them: cjoip national --year ${year} examples/national-2024-25`);
  const { entries, lists } = plansFrom(paths, io.cwd);
  const outDir = path.resolve(io.cwd, opts.out ?? (lists.length === 1 && paths.length === 1 ? path.join(path.dirname(lists[0]), 'reports', label) : `national-report-${label}`));
  checkOutputFolder(outDir);
  const step = (msg: string) => io.err(`${io.color.dim('›')} ${msg}\n`);
  io.err(`National picture for ${label}: ${describeFinancialYear(year)}\n`);

  const { printer, browserError } = formats.includes('pdf') ? started : {};
  try {
    const partnerships: PartnershipInput[] = [];
    const figures: FiguresInput[] = [];
    const notIncluded: (NotIncluded & { display: string })[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      if (!e.file) {
        io.err(`${io.color.red('✖')} ${e.from}: ${e.given}: ${e.problem}; not included.\n`);
        notIncluded.push({ name: path.basename(e.given), why: 'Its plan could not be found.', areas: [], display: e.given });
        continue;
      }
      const file = await resolvePlanPath(e.file);
      // The same plan reached twice, by another path or through a symlink, is one plan.
      let real = file;
      try {
        real = realpathSync(file);
      } catch {
        real = file;
      }
      if (seen.has(real)) {
        io.err(`${io.color.yellow('!')} ${displayPath(file)} is named twice (${e.from}); it is included once.\n`);
        continue;
      }
      seen.add(real);
      await printer?.keepUp();
      const built = await modelOfPlan(file, year, { draft: true }, step);
      showPlanFindings(built, io);
      if (!built.ok) {
        const who = whoIsIt(built.loaded, path.basename(path.dirname(file)));
        const why = whyNotIncluded(built.findings, label);
        io.err(`${io.color.red('✖')} ${built.loaded.display}: not included in the national report: ${why}\n`);
        notIncluded.push({ ...who, why, display: built.loaded.display });
        continue;
      }
      const plan = built.loaded.plan!;
      partnerships.push({ model: built.model, illustrativePlan: Boolean(plan.plan.illustrative) });
      // Which declared source, and whether illustrative, each data file of this partnership belongs to.
      const bySource = new Map<string, { n: number; illustrative: boolean }>();
      (plan.data ?? []).forEach((s, i) => [s.id, ...(built.dataFiles.get(s.id) ?? [])].forEach((f) => bySource.set(f, { n: i + 1, illustrative: s.provenance.status === 'illustrative' })));
      figures.push({
        model: built.model,
        sourceOfFile: (f) => built.model.sources.find((s) => s.n === bySource.get(f)?.n),
        illustrativeFile: (f) => Boolean(bySource.get(f)?.illustrative),
      });
    }

    if (!partnerships.length) {
      io.err(`${io.color.red('✖')} No plan could be included, so no national report was written.\n`);
      return notIncluded.length ? EXIT.problems : EXIT.cannotRun;
    }

    step(`building the national picture from ${partnerships.length} partnership${partnerships.length === 1 ? '' : 's'}`);
    const population = readPopulation();
    const model = buildNationalModel({ year, title: opts.title, framework, areas: readAreaIndex(), population, partnerships, notIncluded: notIncluded.map(({ display: _d, ...n }) => n) });
    const base = `national-report-${label}`;
    // The PDF first: the browser prints it while the other files are made, once it has the report
    // (loading it takes several exchanges with the browser, which would each wait for that work).
    const html = formats.includes('html') || formats.includes('pdf') ? readTemplates([TEMPLATES_DIR, path.join(TEMPLATES_DIR, 'national')], 'html') : undefined;
    let pdf: Promise<Uint8Array> | undefined;
    if (printer && html) {
      step('printing the PDF');
      await new Promise<void>((inBrowser) => {
        pdf = printer.print((pages) => renderNationalHtml(model, html, { pages }), inBrowser);
        pdf.then(() => inBrowser(), () => inBrowser()); // a failure is reported where it is awaited, below
      });
      printer.lastPrintAsked();
    }
    const figureRows = buildFigureRows(figures, framework.id, readAreaIndex().scotlandCode);
    // Every figure, twice over: a tidy CSV, and an accessible workbook for analysts.
    const { renderNationalWorkbook } = await import('../render/workbook.js');
    const outputs: OutputFile[] = [
      { name: `${base}-figures.csv`, content: renderCsv(FIGURE_COLUMNS, figureRows) },
      { name: `${base}-figures.xlsx`, content: await renderNationalWorkbook(model, figureRows, population) },
      // The same workbook as OpenDocument, for those who work in LibreOffice.
      ...(formats.includes('ods') ? [{ name: `${base}-figures.ods`, content: await renderNationalWorkbook(model, figureRows, population, 'ods') }] : []),
    ];
    if (formats.includes('json')) outputs.push({ name: `${base}.json`, content: JSON.stringify(model, null, 2) + '\n' });
    if (formats.includes('md')) {
      const md = renderNationalMarkdown(model, readTemplates([TEMPLATES_DIR, path.join(TEMPLATES_DIR, 'national')], 'md'));
      for (const c of md.charts) outputs.push({ name: c.file, content: c.svg });
      outputs.push({ name: `${base}.md`, content: md.text });
    }
    if (html && formats.includes('html')) outputs.push({ name: `${base}.html`, content: renderNationalHtml(model, html) });
    if (formats.includes('docx')) {
      step('rendering the Word document');
      const { renderNationalDocx } = await import('../render/word.js');
      outputs.push({ name: `${base}.docx`, content: await renderNationalDocx(model) });
    }
    if (pdf) outputs.push({ name: `${base}.pdf`, content: await pdf });

    const inTheWay = opts.force ? [] : filesInTheWay(outDir, outputs);
    if (inTheWay.length) {
      io.err(`${io.color.red('✖')} The national report was not written, to keep ${describeKept(inTheWay)}`);
      return EXIT.cannotRun;
    }
    io.err(describeWritten(commitOutputs(outDir, outputs)));
    io.err(`${partnerships.length} of ${partnerships.length + notIncluded.length} partnerships included.${notIncluded.length ? ` Not included: ${notIncluded.map((n) => `${n.display} (${n.why.replace(/\.$/, '').replace(/^Its/, 'its')})`).join('; ')}.` : ''}\n`);
    if (browserError) {
      io.err(renderError(browserError, io.color));
      return EXIT.cannotRun;
    }
    return notIncluded.length ? EXIT.problems : EXIT.ok;
  } finally {
    await printer?.close();
  }
}
