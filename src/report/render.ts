import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
import { CjoipError } from '../core/errors.js';
import { STATUTORY_TYPES } from '../core/plan-schema.js';
import { formatFinancialYear } from '../core/years.js';
import type { Figure } from '../data/aggregate.js';
import type { Unit } from '../data/collect.js';
import { renderLineChart } from './chart.js';
import { formatFigure, type MeasureView, type ReportModel, type StructureNode } from './model.js';

export type TemplateSet = { report: string; partials: Record<string, string>; css?: string };

/** Read a format's templates: the shipped ones, each replaced by a file of the same name in the override folder. */
export function readTemplates(shippedDir: string, format: 'md' | 'html', overrideDir?: string): TemplateSet {
  const files = new Map<string, string>();
  for (const dir of [path.join(shippedDir, format), ...(overrideDir ? [path.join(overrideDir, format)] : [])]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.hbs') || f.endsWith('.css')) files.set(f, path.join(dir, f));
  }
  if (!files.has('report.hbs')) throw new CjoipError('no-templates', `No ${format}/report.hbs template found in ${shippedDir}.`, 'Reinstall cjoip, or give --templates a folder with html/ and md/ templates.');
  const read = (f: string) => readFileSync(files.get(f)!, 'utf8');
  const partials: Record<string, string> = {};
  for (const f of files.keys()) if (f.endsWith('.hbs') && f !== 'report.hbs') partials[f.slice(0, -4)] = read(f);
  return { report: read('report.hbs'), partials, css: files.has('report.css') ? read('report.css') : undefined };
}

/** Markdown from the plan, rendered without raw HTML, images (nothing may be fetched) or unsafe links. */
function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.disable('image');
  return md;
}

/** Shift headings of user Markdown so they sit below the section they appear in. */
function renderUserMarkdown(md: MarkdownIt, text: string, base: number): string {
  const tokens = md.parse(text, {});
  for (const t of tokens) if (t.type === 'heading_open' || t.type === 'heading_close') t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + base)}`;
  return md.renderer.render(tokens, md.options, {});
}

const plural = (s: string) => (/ of /.test(s) ? s.replace(/^(\S+)/, '$1s') : /y$/.test(s) && !/[aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : `${s}s`);

function registerCommon(hb: typeof Handlebars) {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('add', (a: number, b: number) => a + b);
  hb.registerHelper('join', (xs: unknown, sep: unknown) => (Array.isArray(xs) ? xs.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('fy', (y: number) => formatFinancialYear(y));
  hb.registerHelper('fig', (f: Figure | undefined, unit: Unit) => formatFigure(f, unit));
  hb.registerHelper('statutoryLabel', (t: keyof typeof STATUTORY_TYPES) => STATUTORY_TYPES[t] ?? t);
  hb.registerHelper('capital', (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : ''));
  hb.registerHelper('plural', (s: string) => plural(s ?? 'item'));
  hb.registerHelper('slug', (s: string) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  hb.registerHelper('leafParent', (n: StructureNode) => n.children.length > 0 && n.children.every((c) => c.children.length === 0));
  hb.registerHelper('childLevel', function (this: unknown, n: StructureNode, options: Handlebars.HelperOptions) {
    return (options.data.root as ReportModel).plan.levels[n.depth] ?? 'item';
  });
}

/** Replace `<` in every string of the model so that no user text becomes raw HTML in Markdown. */
function escapeForMarkdown<T>(v: T): T {
  if (typeof v === 'string') return v.replace(/&/g, '&amp;').replace(/</g, '&lt;') as T;
  if (Array.isArray(v)) return v.map(escapeForMarkdown) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeForMarkdown(x)])) as T;
  return v;
}

/** The report as Markdown, plus the chart files it links to. */
export function renderReportMarkdown(model: ReportModel, t: TemplateSet): { text: string; charts: { file: string; svg: string }[] } {
  const hb = Handlebars.create();
  registerCommon(hb);
  const shift = (text: string, base: number) => text.replace(/^(#{1,6})(?=\s)/gm, (h) => '#'.repeat(Math.min(6, h.length + base)));
  hb.registerHelper('md', (text: unknown, base: number) => (typeof text === 'string' ? shift(text.trim(), base) : ''));
  hb.registerHelper('cell', (x: unknown) => (x === undefined || x === null ? '' : String(x).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim()));
  hb.registerHelper('anchor', (s: string) => String(s).toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-'));
  hb.registerHelper('hashes', (depth: number) => '#'.repeat(Math.min(6, depth + 2)));
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, src);
  const text = hb.compile(t.report, { noEscape: true, strict: false })(escapeForMarkdown(model));
  const charts = model.outcomes.flatMap((o) => o.indicators.flatMap((i) => i.measures)).filter((m) => m.hasData).map((m) => ({ file: m.chartFile, svg: renderLineChart(m, model.partnership.shortName ?? model.partnership.name) }));
  return { text: text.replace(/\n{3,}/g, '\n\n'), charts };
}

/** The report as one self-contained HTML file: inline CSS and SVG, nothing fetched. */
export function renderReportHtml(model: ReportModel, t: TemplateSet): string {
  const hb = Handlebars.create();
  registerCommon(hb);
  const md = createMarkdown();
  hb.registerHelper('md', (text: unknown, base: number) => new hb.SafeString(typeof text === 'string' && text.trim() ? renderUserMarkdown(md, text, base) : ''));
  hb.registerHelper('h', (depth: number) => `h${Math.min(6, depth + 2)}`);
  hb.registerHelper('cell', (x: unknown) => x);
  hb.registerHelper('chartSvg', (m: MeasureView) => new hb.SafeString(renderLineChart(m, model.partnership.shortName ?? model.partnership.name)));
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, src);
  return hb.compile(t.report, { strict: false })({ ...model, css: t.css ?? '' });
}
