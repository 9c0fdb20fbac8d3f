import Handlebars from 'handlebars';
import type { NationalModel } from '../national/types.js';
import type { ReportModel } from '../report/types.js';
import { renderDotPlot } from './charts/dot-plot.js';
import { renderLineChart } from './charts/line.js';
import { escapeMarkdownText, neutraliseMarkdown } from './escape.js';
import { compileTemplate } from './compiled-templates.js';
import { registerCommon, runTemplate, type TemplateSet } from './templates.js';
import { buildNationalToc, buildToc, caseStudyCount } from './toc.js';

/** Keys of the model whose values are Markdown written by the partnership; every other string is plain text. */
const MARKDOWN_KEYS = new Set(['foreword', 'governance', 'narrative', 'description', 'text', 'statement', 'participation', 'reportParticipation', 'equalityImpact', 'achievements', 'challenges', 'nextSteps', 'introduction', 'vision', 'progress', 'alternativeFormats']);
/** Keys that are used as link targets or file names, never shown as text, or that hold only figures and years cjoip formatted. */
const RAW_KEYS = new Set(['figureRows', 'chartFile', 'anchor', 'key', 'lang', 'unit', 'direction', 'travel', 'id', 'number', 'latestText', 'previousText', 'code', 'due', 'revisedDue', 'latestYear']);

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
  for (const [name, src] of Object.entries(t.partials)) hb.registerPartial(name, compileTemplate(hb, src, 'md'));
  const compiled = compileTemplate(hb, t.report, 'md');
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

/** The national report as Markdown, with the chart files it links to. */
export function renderNationalMarkdown(m: NationalModel, t: TemplateSet): { text: string; charts: { file: string; svg: string }[] } {
  const charts = [...m.outcomes.flatMap((o) => o.indicators), ...m.suite].flatMap((i) => i.measures).filter((x) => x.ranked.length).map((x) => ({ file: x.chartFile, svg: renderDotPlot(x, { standalone: true }) }));
  return { text: renderMarkdownTemplate(t, { ...m, toc: buildNationalToc(m), caseStudyCount: caseStudyCount(m) }), charts };
}
