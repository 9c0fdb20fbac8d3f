import { renderHtmlTemplate, renderMarkdownTemplate, type HtmlOptions, type TemplateSet, type TocEntry } from '../report/render.js';
import { renderDotPlot } from './chart.js';
import type { NationalModel } from './model.js';

/** The contents of the national report, in the order the templates print the sections. */
export function buildNationalToc(m: NationalModel): TocEntry[] {
  const e = (id: string, text: string, children: TocEntry[] = []): TocEntry => ({ id, text, children });
  return [
    e('about', 'About this report'),
    e('assessments', 'Self-assessments'),
    e('outcomes', 'Outcomes and national indicators', [...m.outcomes.map((o) => e(`outcome-${o.id}`, `Outcome ${o.id}: ${o.title}`)), ...(m.suite.length ? [e('outcome-suite', 'Across all outcomes')] : [])]),
    e('actions', 'Progress of local actions'),
    e('next-steps', 'Next steps'),
    ...(caseStudyCount(m) ? [e('case-studies', 'Case studies by outcome')] : []),
    e('gaps', 'What is missing'),
    e('about-figures', 'About the figures'),
  ];
}

const caseStudyCount = (m: NationalModel) => m.outcomes.reduce((s, o) => s + o.caseStudies.length, 0) + m.otherCaseStudies.length;

const context = (m: NationalModel) => ({ ...m, toc: buildNationalToc(m), caseStudyCount: caseStudyCount(m) });

/** The national report as one self-contained HTML file. */
export function renderNationalHtml(m: NationalModel, t: TemplateSet, opts: HtmlOptions = {}): string {
  return renderHtmlTemplate(t, context(m), { ...opts, who: '', heads: ['Community justice in Scotland', `National picture ${m.year.label}`] });
}

/** The national report as Markdown, with the chart files it links to. */
export function renderNationalMarkdown(m: NationalModel, t: TemplateSet): { text: string; charts: { file: string; svg: string }[] } {
  const charts = [...m.outcomes.flatMap((o) => o.indicators), ...m.suite].flatMap((i) => i.measures).filter((x) => x.ranked.length).map((x) => ({ file: x.chartFile, svg: renderDotPlot(x, { standalone: true }) }));
  return { text: renderMarkdownTemplate(t, context(m)), charts };
}
