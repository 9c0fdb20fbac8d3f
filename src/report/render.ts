import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
import { CjoipError } from '../core/errors.js';
import { formatFinancialYear } from '../core/years.js';
import type { Figure, SeriesPoint } from '../data/aggregate.js';
import type { Unit } from '../data/collect.js';
import { renderLineChart } from './chart.js';
import { renderDotPlot } from '../national/chart.js';
import type { NationalMeasure } from '../national/model.js';
import type { MeasureView, ReportModel, StructureNode } from './model.js';
import { capital, formatFigure, plural } from './sections/format.js';

export type TemplateSet = { report: string; partials: Record<string, string>; css?: string };

/** Read a format's templates: the shipped ones, each replaced by a file of the same name in the override folder. */
export function readTemplates(shipped: string | string[], format: 'md' | 'html', overrideDir?: string): TemplateSet {
  const shippedDirs = typeof shipped === 'string' ? [shipped] : shipped;
  const shippedDir = shippedDirs[shippedDirs.length - 1];
  if (overrideDir !== undefined) {
    if (overrideDir.includes('\u0000')) throw new CjoipError('bad-templates', '--templates: the path contains a NUL character.', 'Give the folder of your templates.');
    let st;
    try {
      st = statSync(overrideDir);
    } catch {
      throw new CjoipError('bad-templates', `--templates ${overrideDir}: no such folder.`, 'Give a folder holding html/ and/or md/ with the templates to override.');
    }
    if (!st.isDirectory()) throw new CjoipError('bad-templates', `--templates ${overrideDir} is a file, not a folder.`, 'Give a folder holding html/ and/or md/ with the templates to override.');
    if (!existsSync(path.join(overrideDir, 'html')) && !existsSync(path.join(overrideDir, 'md')))
      throw new CjoipError('bad-templates', `--templates ${overrideDir} has neither an html/ nor an md/ folder, so it would change nothing.`, 'Put overriding templates in html/ (for HTML and PDF) or md/ (for Markdown), named as the shipped ones.');
  }
  const files = new Map<string, string>();
  for (const dir of [...shippedDirs.map((d) => path.join(d, format)), ...(overrideDir ? [path.join(overrideDir, format)] : [])]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.hbs') || f.endsWith('.css')) files.set(f, path.join(dir, f));
  }
  if (!files.has('report.hbs')) throw new CjoipError('no-templates', `No ${format}/report.hbs template found in ${shippedDir}.`, 'Reinstall cjoip, or give --templates a folder with html/ and md/ templates.');
  const read = (f: string) => {
    const file = files.get(f)!;
    let text: string;
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > 1024 * 1024) throw new Error(st.isFile() ? 'it is larger than 1 MB' : 'it is not a file');
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CjoipError('bad-template', `The template ${file} cannot be read: ${(e as Error).message}.`, 'Fix or remove the file.');
    }
    try {
      Handlebars.parse(text);
    } catch (e) {
      throw new CjoipError('bad-template', `The template ${file} has an error: ${describeTemplateError((e as Error).message)}`, 'Fix the template (Handlebars syntax), or remove it to use the shipped one.');
    }
    return text;
  };
  const partials: Record<string, string> = {};
  for (const f of files.keys()) if (f.endsWith('.hbs') && f !== 'report.hbs') partials[f.slice(0, -4)] = read(f);
  return { report: read('report.hbs'), partials, css: files.has('report.css') ? read('report.css') : undefined };
}

/** A Handlebars error as one line with its position: "line 3: if doesn't match each". */
function describeTemplateError(message: string): string {
  const parse = /^Parse error on line (\d+):[\s\S]*?\n(Expecting[^\n]*|got[^\n]*)?/.exec(message);
  if (parse) return `line ${parse[1]}: ${(parse[2] ?? 'syntax error').replace(/, got/, '; found')}.`;
  const close = /^(.*) - (\d+):(\d+)$/.exec(message.split('\n')[0]);
  if (close) return `line ${close[2]}, column ${Number(close[3]) + 1}: ${close[1]}.`;
  return `${message.split('\n')[0]}.`;
}

/** Run a compiled template, turning its errors (a missing partial, a helper misused) into a message naming the template. */
export function runTemplate<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CjoipError) throw e;
    throw new CjoipError('template-failed', `The ${what} template failed: ${describeTemplateError((e as Error).message)}`, 'Check templates given with --templates against the shipped ones (templates/ in cjoip).');
  }
}

/** An entry of the contents: a section, with the outcomes or the plan's top level under it. */
export interface TocEntry {
  id: string;
  text: string;
  children: TocEntry[];
}

/** The contents of a report, in the order the templates print the sections. */
export function buildToc(m: ReportModel): TocEntry[] {
  const e = (id: string, text: string, children: TocEntry[] = []): TocEntry => ({ id, text, children });
  return [
    e('partnership', 'About the partnership'),
    e('sign-off', 'Foreword and sign-off'),
    ...(m.governance || m.partnership.groups.length ? [e('governance', 'Governance arrangements')] : []),
    ...(m.recommendations.length ? [e('recommendations', 'Progress on last year’s recommendations')] : []),
    e('at-a-glance', 'At a glance'),
    e('outcomes', capital(plural(m.plan.framework.labels.outcome)), [
      ...m.outcomes.map((o) => e(`outcome-${o.id}`, `Outcome ${o.id}: ${o.title}`)),
      ...(m.suite.length ? [e('outcome-suite', 'Across all outcomes')] : []),
    ]),
    e('progress', 'Progress on the plan', m.progress.structure.map((n) => e(n.anchor, `${capital(n.level)} ${n.id}: ${n.title}`))),
    ...(m.achievements || m.challenges || m.caseStudies.length ? [e('achievements', 'Achievements and challenges')] : []),
    ...(m.nextSteps ? [e('next-steps', 'Next steps')] : []),
    ...(m.reportParticipation || m.participation || m.equalityImpact ? [e('participation', 'Participation')] : []),
    e('about-figures', 'About the figures'),
    ...(m.glossary.length ? [e('glossary', 'Glossary')] : []),
    e('contact', 'Contact and other formats'),
  ];
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


function registerCommon(hb: typeof Handlebars) {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('add', (a: number, b: number) => a + b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find((x) => (Array.isArray(x) ? x.length : x)));
  hb.registerHelper('join', (xs: unknown, sep: unknown) => (Array.isArray(xs) ? xs.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('concat', (...xs: unknown[]) => xs.slice(0, -1).join(''));
  hb.registerHelper('pluck', (xs: unknown, key: string) => (Array.isArray(xs) ? xs.map((x) => (x as Record<string, unknown>)[key]) : []));
  hb.registerHelper('fy', (y: number) => (typeof y === 'number' ? formatFinancialYear(y) : ''));
  hb.registerHelper('first', (series: SeriesPoint[]) => series?.[0]?.year);
  hb.registerHelper('last', (xs: unknown[]) => (Array.isArray(xs) ? xs[xs.length - 1] : ''));
  hb.registerHelper('fig', (f: Figure | undefined, unit: Unit) => formatFigure(f, unit));
  hb.registerHelper('capital', capital);
  hb.registerHelper('lower', (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : ''));
  hb.registerHelper('plural', (s: string) => plural(s ?? 'item'));
  hb.registerHelper('pluralAll', (xs: string[]) => (xs ?? []).map(plural));
  hb.registerHelper('childLevel', function (this: unknown, n: StructureNode, options: Handlebars.HelperOptions) {
    return (options.data.root as ReportModel).plan.levels[n.depth] ?? 'item';
  });
}

/** Plain text made safe to print in Markdown: one line, and nothing that starts a table cell, link, emphasis or HTML. */
export function escapeMarkdownText(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=~-]|\d+[.)])/, (_, sp: string, lead: string) => `${sp}${lead.replace(/^(\d+)?(.)$/, (_m: string, d: string | undefined, c: string) => `${d ?? ''}\\${c}`)}`);
}

/** User Markdown made safe to print in a Markdown report: no raw HTML, no unsafe links. */
export function neutraliseMarkdown(s: string): string {
  return s.replace(/<(?=[A-Za-z/!?])/g, '\\<').replace(/\]\(\s*<?\s*(javascript|vbscript|data|file):[^)]*\)/gi, ']()');
}

/** Keys of the model whose values are Markdown written by the partnership; every other string is plain text. */
const MARKDOWN_KEYS = new Set(['foreword', 'governance', 'narrative', 'description', 'text', 'statement', 'participation', 'reportParticipation', 'equalityImpact', 'achievements', 'challenges', 'nextSteps', 'introduction', 'vision', 'progress', 'alternativeFormats']);
/** Keys that are used as link targets or file names, never shown as text. */
const RAW_KEYS = new Set(['chartFile', 'anchor', 'key', 'lang', 'unit', 'direction', 'travel', 'id', 'code', 'due', 'revisedDue', 'latestYear']);

function prepareForMarkdown<T>(v: T, key?: string): T {
  if (typeof v === 'string') return (key && RAW_KEYS.has(key) ? v : key && MARKDOWN_KEYS.has(key) ? neutraliseMarkdown(v) : escapeMarkdownText(v)) as T;
  if (Array.isArray(v)) return v.map((x) => prepareForMarkdown(x, key)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, prepareForMarkdown(x, k)])) as T;
  return v;
}

/** Compiled templates are kept per template set: a run compiles each template once, however many reports it renders. */
const compiledMarkdown = new WeakMap<TemplateSet, HandlebarsTemplateDelegate>();

function markdownTemplate(t: TemplateSet): HandlebarsTemplateDelegate {
  const cached = compiledMarkdown.get(t);
  if (cached) return cached;
  const hb = Handlebars.create();
  registerCommon(hb);
  const shift = (text: string, base: number) => text.replace(/^(#{1,6})(?=\s)/gm, (h) => '#'.repeat(Math.min(6, h.length + base)));
  hb.registerHelper('md', (text: unknown, base: number) => (typeof text === 'string' ? shift(text.trim(), base) : ''));
  hb.registerHelper('cell', (x: unknown) => (x === undefined || x === null ? '' : String(x).replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|').trim()));
  hb.registerHelper('mdAnchor', (s: string) => String(s).toLowerCase().replace(/\\(.)/g, '$1').replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s/g, '-'));
  hb.registerHelper('hashes', (depth: number) => '#'.repeat(Math.min(6, depth + 2)));
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, src);
  const compiled = hb.compile(t.report, { noEscape: true, strict: false });
  compiledMarkdown.set(t, compiled);
  return compiled;
}

/** Run a Markdown template on a context whose strings are made safe for Markdown first; blank runs tidied. */
export function renderMarkdownTemplate(t: TemplateSet, context: object): string {
  const text = runTemplate('Markdown', () => markdownTemplate(t)(prepareForMarkdown(context)));
  return text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trimStart();
}

/** The report as Markdown, plus the chart files it links to. */
export function renderReportMarkdown(model: ReportModel, t: TemplateSet): { text: string; charts: { file: string; svg: string }[] } {
  const who = model.partnership.shortName ?? model.partnership.name;
  const text = renderMarkdownTemplate(t, { ...model, toc: buildToc(model), partnershipShort: who });
  const charts = [...model.outcomes.flatMap((o) => o.indicators), ...model.suite].flatMap((i) => i.measures).filter((m) => m.hasData).map((m) => ({ file: m.chartFile, svg: renderLineChart(m, who, { standalone: true }) }));
  return { text, charts };
}

/** A CSS string literal for user text (running headers). */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')}"`;

/** Keep financial years, dates and months on one line. */
function keepTogether(html: string): string {
  const parts = html.split(/(<svg[\s\S]*?<\/svg>|<style[\s\S]*?<\/style>|<head>[\s\S]*?<\/head>)/);
  const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
  const pattern = new RegExp(`\\b(\\d{1,2} (?:${months}) \\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{4}-\\d{2}|(?:${months}) \\d{4})\\b`, 'g');
  return parts.map((p, i) => (i % 2 ? p : p.replace(/>([^<]+)</g, (_m, text: string) => `>${text.replace(pattern, '<span class="nw">$1</span>')}<`))).join('');
}

export interface HtmlOptions {
  /** Page numbers of the contents entries, for the PDF; placeholders when the pages are not known yet. */
  pages?: Record<string, number> | 'placeholder';
}

/** What the HTML helpers need from the render in progress; set before each render of a compiled template. */
interface HtmlRenderState {
  who: string;
  pages?: HtmlOptions['pages'];
  tables: number;
}

const compiledHtml = new WeakMap<TemplateSet, { render: HandlebarsTemplateDelegate; state: HtmlRenderState }>();

function htmlTemplate(t: TemplateSet): { render: HandlebarsTemplateDelegate; state: HtmlRenderState } {
  const cached = compiledHtml.get(t);
  if (cached) return cached;
  const state: HtmlRenderState = { who: '', tables: 0 };
  const hb = Handlebars.create();
  registerCommon(hb);
  const md = createMarkdown();
  hb.registerHelper('md', (text: unknown, base: number) => new hb.SafeString(typeof text === 'string' && text.trim() ? renderUserMarkdown(md, text, base) : ''));
  hb.registerHelper('h', (depth: number) => `h${Math.min(6, depth + 2)}`);
  hb.registerHelper('chartSvg', (m: MeasureView) => new hb.SafeString(renderLineChart(m, state.who)));
  hb.registerHelper('dotPlot', (m: NationalMeasure) => new hb.SafeString(renderDotPlot(m)));
  hb.registerHelper('pageOf', (id: string) => (state.pages === 'placeholder' ? '00' : state.pages?.[id]));
  hb.registerHelper('tableWrap', function (this: unknown, options: Handlebars.HelperOptions) {
    const tid = `t${++state.tables}`;
    return new hb.SafeString(`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${tid}">${options.fn(this, { data: { ...options.data, tid } })}</div>`);
  });
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, src.replace(/\{\{tid\}\}/g, '{{@tid}}'));
  const entry = { render: hb.compile(t.report.replace(/\{\{tid\}\}/g, '{{@tid}}'), { strict: false }), state };
  compiledHtml.set(t, entry);
  return entry;
}

/** Run an HTML template: the house CSS and running heads (left and right) added to the context. */
export function renderHtmlTemplate(t: TemplateSet, context: object, opts: HtmlOptions & { who: string; heads: [string, string] }): string {
  const { render, state } = htmlTemplate(t);
  Object.assign(state, { who: opts.who, pages: opts.pages, tables: 0 });
  const pageCss = `@page { @top-left { content: ${cssString(opts.heads[0])}; } @top-right { content: ${cssString(opts.heads[1])}; } }`;
  return keepTogether(runTemplate('HTML', () => render({ ...context, css: t.css ?? '', pageCss })));
}

/** The report as one self-contained HTML file: inline CSS and SVG, nothing fetched. */
export function renderReportHtml(model: ReportModel, t: TemplateSet, opts: HtmlOptions = {}): string {
  const who = model.partnership.shortName ?? model.partnership.name;
  const header = model.draft ? `Draft: ${model.title.replace(`${model.partnership.name}: `, '')}` : model.title.replace(`${model.partnership.name}: `, '');
  return renderHtmlTemplate(t, { ...model, toc: buildToc(model), partnershipShort: who }, { ...opts, who, heads: [model.partnership.name, header] });
}
