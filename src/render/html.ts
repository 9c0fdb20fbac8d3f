import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
import type { NationalMeasure, NationalModel } from '../national/types.js';
import type { MeasureView, ReportModel } from '../report/types.js';
import { PAGE_PLACEHOLDER } from './pdf-pages.js';
import { renderDotPlot } from './charts/dot-plot.js';
import { renderLineChart } from './charts/line.js';
import { clip } from '../core/words.js';
import { cssString } from './escape.js';
import { compileTemplate } from './compiled-templates.js';
import { registerCommon, runTemplate, type TemplateSet } from './templates.js';
import { buildNationalToc, buildToc, caseStudyCount } from './toc.js';

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
  hb.registerHelper('pageOf', (id: string) => (state.pages === 'placeholder' ? PAGE_PLACEHOLDER : state.pages?.[id]));
  hb.registerHelper('tableWrap', function (this: unknown, options: Handlebars.HelperOptions) {
    const tid = `t${++state.tables}`;
    return new hb.SafeString(`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${tid}">${options.fn(this, { data: { ...options.data, tid } })}</div>`);
  });
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, compileTemplate(hb, src, 'html'));
  const entry = { render: compileTemplate(hb, t.report, 'html'), state };
  compiledHtml.set(t, entry);
  return entry;
}

/** Run an HTML template: the house CSS and running heads (left and right) added to the context. */
export function renderHtmlTemplate(t: TemplateSet, context: object, opts: HtmlOptions & { who: string; heads: [string, string] }): string {
  const { render, state } = htmlTemplate(t);
  Object.assign(state, { who: opts.who, pages: opts.pages, tables: 0 });
  // A running head is a few words on every page: a name of any length is cut to fit (a 100,000-letter one
  // laid out in every page's margin box would stall the print).
  const head = (s: string) => cssString(clip(s, 90));
  const pageCss = `@page { @top-left { content: ${head(opts.heads[0])}; } @top-right { content: ${head(opts.heads[1])}; } }`;
  return keepTogether(runTemplate('HTML', () => render({ ...context, css: t.css ?? '', pageCss })));
}

/** The report as one self-contained HTML file: inline CSS and SVG, nothing fetched. */
export function renderReportHtml(model: ReportModel, t: TemplateSet, opts: HtmlOptions = {}): string {
  const who = model.partnership.shortName ?? model.partnership.name;
  const header = model.draft ? `Draft: ${model.title.replace(`${model.partnership.name}: `, '')}` : model.title.replace(`${model.partnership.name}: `, '');
  return renderHtmlTemplate(t, { ...model, toc: buildToc(model), partnershipShort: who }, { ...opts, who, heads: [model.partnership.name, header] });
}

/** The national report as one self-contained HTML file. */
export function renderNationalHtml(m: NationalModel, t: TemplateSet, opts: HtmlOptions = {}): string {
  return renderHtmlTemplate(t, { ...m, toc: buildNationalToc(m), caseStudyCount: caseStudyCount(m) }, { ...opts, who: '', heads: ['Community justice in Scotland', `National picture ${m.year.label}`] });
}
