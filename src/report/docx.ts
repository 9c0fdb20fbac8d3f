import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { formatFinancialYear } from '../core/years.js';
import { renderLineChart } from './chart.js';
import type { IndicatorView, ReportModel, SourceView, StructureNode } from './model.js';
import { NOT_REPORTED } from './sections/context.js';
import { capital as cap, formatFigure, plural } from './sections/format.js';

export type Block = Paragraph | Table | TableOfContents;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const mm = (x: number) => Math.round(x * 56.7);

/** A heading at an HTML-like level (1 = the title), in Word's built-in heading styles. */
export const heading = (text: string, level: number) => new Paragraph({ heading: HEADINGS[Math.min(6, level) - 1], children: [new TextRun(text)] });
export const para = (text: string, style?: string) => new Paragraph({ style, children: [new TextRun(text)] });
const runs = (parts: (string | { bold: string })[]) => new Paragraph({ children: parts.map((p) => (typeof p === 'string' ? new TextRun(p) : new TextRun({ text: p.bold, bold: true }))) });

/** User Markdown as Word paragraphs: headings shifted below the section, lists, bold, italic and code; links keep their text. */
export class MarkdownToWord {
  private md = new MarkdownIt({ html: false, linkify: false });
  private lists = 0;

  blocks(text: string | undefined, base: number): Block[] {
    if (!text?.trim()) return [];
    const tokens = this.md.parse(text, {});
    const out: Block[] = [];
    const stack: { ordered: boolean; instance: number }[] = [];
    let pendingHeading: number | undefined;
    for (const t of tokens) {
      if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') stack.push({ ordered: t.type === 'ordered_list_open', instance: ++this.lists });
      else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') stack.pop();
      else if (t.type === 'heading_open') pendingHeading = Number(t.tag.slice(1)) + base;
      else if (t.type === 'inline') {
        const children = this.inline(t.children ?? []);
        const list = stack[stack.length - 1];
        if (pendingHeading !== undefined) out.push(new Paragraph({ heading: HEADINGS[Math.min(6, pendingHeading) - 1], children }));
        else if (list) out.push(new Paragraph({ children, ...(list.ordered ? { numbering: { reference: 'numbers', level: Math.min(stack.length - 1, 2), instance: list.instance } } : { bullet: { level: Math.min(stack.length - 1, 2) } }) }));
        else out.push(new Paragraph({ children }));
        pendingHeading = undefined;
      } else if (t.type === 'fence' || t.type === 'code_block') out.push(new Paragraph({ children: [new TextRun({ text: t.content.trimEnd(), font: 'Courier New' })] }));
    }
    return out;
  }

  private inline(tokens: { type: string; content: string }[]): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    let bold = false;
    let italics = false;
    for (const t of tokens) {
      if (t.type === 'strong_open' || t.type === 'strong_close') bold = t.type === 'strong_open';
      else if (t.type === 'em_open' || t.type === 'em_close') italics = t.type === 'em_open';
      else if (t.type === 'text') out.push(new TextRun({ text: t.content, bold, italics }));
      else if (t.type === 'code_inline') out.push(new TextRun({ text: t.content, font: 'Courier New' }));
      else if (t.type === 'softbreak') out.push(new TextRun(' '));
      else if (t.type === 'hardbreak') out.push(new TextRun({ break: 1 }));
    }
    return out;
  }
}

/** A table with a caption above it and a header row that repeats on every page. */
export function table(caption: string, header: string[], rows: (string | Paragraph[])[][], numeric: boolean[] = []): Block[] {
  const cell = (x: string | Paragraph[], i: number, head = false) =>
    new TableCell({
      children: typeof x === 'string' ? [new Paragraph({ alignment: numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: x, bold: head })] })] : x.length ? x : [new Paragraph('')],
    });
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(caption)] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, true)) }), ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, i) => cell(x, i)) }))],
    }),
  ];
}

/** One source in the numbered list of sources: publisher, title, status, date, licence, address, note. */
export const sourceParagraph = (s: SourceView) =>
  new Paragraph({ numbering: { reference: 'numbers', level: 0, instance: 0 }, children: [new TextRun(`${s.publisher}, `), new TextRun({ text: s.title, italics: true }), new TextRun(`${s.date ? `, extracted ${s.date}` : ''}. ${cap(s.status)} statistics${s.status === 'illustrative' ? ': invented for an example, not real figures' : ''}.${s.licence ? ` ${s.licence}.` : ''}${s.url ? ` ${s.url}` : ''}${s.note ? ` ${s.note}` : ''}`)] });

/** A chart as a PNG at print resolution, rasterised from the same SVG as the HTML; its description is the alt text. */
export function chartImage(svg: string, title: string, alt: string, name: string, width = 440): Paragraph {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: Math.round(width * (1440 / 440)) }, font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' } }).render();
  const height = Math.round((width * rendered.height) / rendered.width);
  return new Paragraph({
    keepNext: true,
    children: [new ImageRun({ type: 'png', data: rendered.asPng(), transformation: { width, height }, altText: { name, title, description: alt } })],
  });
}

/** The report as an editable, accessible Word document, from the same report model as the other formats. */
export async function renderReportDocx(model: ReportModel): Promise<Uint8Array> {
  const md = new MarkdownToWord();
  const who = model.partnership.shortName ?? model.partnership.name;
  const lastLevel = model.plan.levels[model.plan.levels.length - 1];
  const body: Block[] = [];
  const add = (...b: Block[]) => body.push(...b);

  // Cover
  add(para(`Community Justice Annual Report ${model.year.label}`, 'Kicker'), heading(model.title, 1));
  if (model.plan.strapline) add(para(model.plan.strapline, 'Subtitle'));
  add(para(`${model.partnership.name}: progress in ${model.year.label} (${model.year.period}) on the ${model.plan.title}.`));
  if (model.draft) add(para('Draft: not for publication.', 'DraftMark'));
  if (model.publication.published) add(para(`Published ${model.publication.published}`));
  if (model.illustrative.any)
    add(
      para(
        `Illustrative example. ${model.illustrative.sources.length ? `These figures are illustrative, invented for an example: ${model.illustrative.sources.join('; ')}. ` : ''}${model.illustrative.progress ? 'Progress on the plan’s actions is illustrative. ' : ''}${model.illustrative.content ? 'Report content not quoted from a named source is illustrative. ' : ''}This is not an official report.`,
        'Notice',
      ),
    );
  if (model.draft && model.gaps.length) {
    add(heading('Draft: still to complete', 2), para(`This draft lacks ${model.gaps.length} item${model.gaps.length === 1 ? '' : 's'} the published report needs:`));
    for (const g of model.gaps) add(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(g.message)] }));
  }
  add(new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '2-3' }));

  // About the partnership
  const p = model.partnership;
  add(heading('About the partnership', 2));
  add(runs([{ bold: 'Partnership: ' }, `${p.name}${p.shortName ? ` (${p.shortName})` : ''}`]), runs([{ bold: 'Council areas: ' }, p.areas.map((a) => a.name).join(', ')]));
  add(runs([{ bold: 'Reporting year: ' }, `${model.year.label}: ${model.year.period}`]), runs([{ bold: 'Plan: ' }, `${model.plan.title} (${model.plan.period}), under the ${model.plan.framework.title}`]));
  if (p.chair) add(runs([{ bold: 'Chair: ' }, `${p.chair.name}${p.chair.role ? `, ${p.chair.role}` : ''}`]));
  if (p.website) add(runs([{ bold: 'Website: ' }, p.website]));
  if (model.plan.introduction) add(heading('Introduction', 3), ...md.blocks(model.plan.introduction, 3));
  if (model.plan.vision) add(heading('Our vision', 3), ...md.blocks(model.plan.vision, 3));
  if (model.plan.overarching) {
    add(heading(`Our ${plural(model.plan.overarching.label)}`, 3));
    for (const i of model.plan.overarching.items) add(heading(i.title, 4), ...md.blocks(i.description, 4));
  }
  if (p.statutoryPartners.length) add(heading('Partners', 3), ...table('Statutory partners under the Community Justice (Scotland) Act 2016', ['Partner', 'Statutory role'], p.statutoryPartners.map((s) => [s.name, s.role])));
  if (p.otherPartners.length) add(para(`Other partners: ${p.otherPartners.join('; ')}.`));

  // Foreword and sign-off
  add(heading('Foreword and sign-off', 2), ...md.blocks(model.foreword, 2));
  if (model.signOff) add(...md.blocks(model.signOff.statement, 3), runs(['Signed: ', { bold: model.signOff.name }, `${model.signOff.role ? `, ${model.signOff.role}` : ''}${model.signOff.date ? `, ${model.signOff.date}` : ''}`]));
  if (model.approval) add(para(`Approved by ${model.approval.body} on ${model.approval.date}.`));

  if (model.governance || p.groups.length) {
    add(heading('Governance arrangements', 2), ...md.blocks(model.governance, 2));
    if (p.groups.length) {
      const cols = ['Group', ...(p.groupColumns.kind ? ['Kind'] : []), ...(p.groupColumns.reportsTo ? ['Reports to'] : [])];
      add(...table('Groups of the partnership', cols, p.groups.map((g) => [g.name, ...(p.groupColumns.kind ? [g.kind ?? ''] : []), ...(p.groupColumns.reportsTo ? [g.reportsTo ?? ''] : [])])));
    }
  }
  if (model.recommendations.length) add(heading('Progress on last year’s recommendations', 2), ...table(`Recommendations and progress in ${model.year.label}`, ['Recommendation', 'Status', 'Progress'], model.recommendations.map((r) => [r.recommendation, r.status ?? '', md.blocks(r.progress, 6) as Paragraph[]])));

  add(heading('At a glance', 2));
  add(...table(`Each outcome in ${model.year.label}: self-assessment, movement of its national indicator measures on ${model.year.previous}, and linked local actions`, ['Outcome', 'Self-assessment', 'Indicator movement', 'Actions'], model.glance.map((g) => [`${g.outcome} ${g.title}`, g.selfAssessment ?? '–', g.movement, String(g.actions)]), [false, false, false, true]));

  // Outcomes
  const indicator = (ind: IndicatorView, level: number) => {
    add(heading(`${ind.id}: ${ind.title}${ind.provisional ? ' (provisional wording)' : ''}`, level));
    for (const m of ind.measures) {
      if (ind.measures.length > 1) add(heading(m.title, level + 1));
      if (!m.hasData) {
        if (model.dataDeclared) add(para(`No figures for this measure are held for ${p.name}.${m.provisional ? ' The wording of this measure is provisional pending the published framework.' : ''}`));
        else if (m.provisional) add(para('The wording of this measure is provisional pending the published framework.'));
        continue;
      }
      add(para(m.sentence), chartImage(renderLineChart(m, who), m.title, m.alt, m.key));
      const areas = m.series[0]?.areas ?? [];
      const multi = areas.length > 1;
      add(
        ...table(
          `${m.title}, ${formatFinancialYear(m.series[0].year)} to ${m.latestYear}${m.illustrative ? ` (${m.illustrativeMixed ? 'partly ' : ''}illustrative figures)` : ''}`,
          ['Year', ...(multi ? [who] : []), ...areas.map((a) => a.name), 'Scotland'],
          m.series.map((s) => [formatFinancialYear(s.year), ...(multi ? [formatFigure(s.partnership, m.unit)] : []), ...s.areas.map((a) => formatFigure(a.figure, m.unit)), formatFigure(s.scotland, m.unit)]),
          [false, ...(multi ? [true] : []), ...areas.map(() => true), true],
        ),
      );
      if (m.gaps.length) add(para(`Years without a figure for ${who}: ${m.gaps.map((g) => `${g.year} (${g.why})`).join('; ')}.`, 'Small'));
      const source = `${m.sources.length ? `Source: ${m.sources.join(', ')}.` : ''}${m.provisional ? ' The wording of this measure is provisional pending the published framework.' : ''}`.trim();
      if (source) add(para(source, 'Source'));
    }
  };
  add(heading(cap(plural(model.plan.framework.labels.outcome)), 2));
  add(para(`For each outcome: the partnership’s self-assessment and account of the year, the national indicators for ${p.name}, each council area and Scotland, and a summary of the local actions that work towards it (each is set out in full under Progress on the plan).`));
  if (!model.dataDeclared) add(para(model.noDataSentence));
  if (model.omitted.length) add(para(model.omitted.join(' ')));
  for (const o of model.outcomes) {
    add(heading(`Outcome ${o.id}: ${o.title}`, 3));
    if (o.selfAssessment) add(runs([{ bold: 'Self-assessment: ' }, o.selfAssessment]));
    add(...md.blocks(o.narrative, 3));
    o.indicators.forEach((i) => indicator(i, 4));
    if (o.actions.total) {
      add(heading('Local actions', 4));
      add(para(`${o.actions.total} of the plan’s ${plural(lastLevel)} ${o.actions.total === 1 ? 'works' : 'work'} towards this outcome: ${o.actions.counts.map((c) => `${c.count} ${c.label[0].toLowerCase()}${c.label.slice(1)}`).join(', ')}. They are ${o.actions.items.map((i) => i.id).join(', ')}.`));
    }
    if (o.evidence.length) add(heading('Local evidence', 4), ...evidence(o.evidence, `Local evidence on outcome ${o.id}`, md));
    if (o.caseStudies.length) {
      add(heading('Case studies', 4));
      for (const c of o.caseStudies) add(heading(c.title, 5), ...md.blocks(c.text, 5), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : []));
    }
  }
  if (model.suite.length) {
    add(heading('Across all outcomes', 3));
    model.suite.forEach((i) => indicator(i, 4));
  }

  // Progress on the plan: each item in full, once
  add(heading('Progress on the plan', 2));
  add(para(`Of ${model.progress.total} ${plural(lastLevel)}: ${model.progress.counts.map((c) => `${c.count} ${c.label[0].toLowerCase()}${c.label.slice(1)}`).join(', ')}.`));
  const node = (n: StructureNode) => {
    add(heading(`${cap(n.level)} ${n.id}: ${n.title}`, Math.min(6, n.depth + 2)), ...md.blocks(n.description, 6));
    const facts: [string, string | undefined][] = [
      ['Lead', n.lead],
      ['Supported by', n.support],
      ['Due', n.due],
      ['Impact', n.impact.join('; ') || undefined],
      ['Measures', n.measures.join('; ') || undefined],
      ['See also', n.see.map((s) => `${s.id} ${s.title}`).join('; ') || undefined],
    ];
    for (const [label, value] of facts) if (value) add(runs([{ bold: `${label}: ` }, value]));
    if (n.evidence.length) add(...evidence(n.evidence, `Evidence for ${n.level} ${n.id}`, md));
    if (n.status) add(runs([{ bold: `Progress in ${model.year.label}: ` }, n.status + (n.revisedDue ? `, now due ${n.revisedDue}` : '') + (n.illustrative ? ' (illustrative)' : '')]), ...md.blocks(n.narrative, 6));
    if (n.columns) {
      const child = model.plan.levels[n.depth] ?? 'item';
      const cols = n.columns;
      add(
        ...table(
          `${cap(n.level)} ${n.id}: ${plural(child)} and progress in ${model.year.label}`,
          ['No.', cap(child), ...(cols.lead ? ['Lead'] : []), ...(cols.status ? [`Progress in ${model.year.label}`] : [])],
          n.children.map((c) => [
            c.id,
            [new Paragraph(c.title), ...(md.blocks(c.description, 6) as Paragraph[]), ...(c.impact.length ? [para(`Impact: ${c.impact.join('; ')}`, 'Small')] : []), ...(c.measures.length ? [para(`Measures: ${c.measures.join('; ')}`, 'Small')] : []), ...(c.due ? [para(`Due: ${c.due}`, 'Small')] : []), ...(c.see.length ? [para(`See also: ${c.see.map((s) => s.id).join(', ')}`, 'Small')] : []), ...c.evidence.map((e) => para(`Evidence: ${e.title}${e.when ? ` (${e.when})` : ''}${e.value ? `: ${e.value}` : ''}. Source: ${e.source}`, 'Small'))],
            ...(cols.lead ? [[new Paragraph(c.lead ?? ''), ...(c.support ? [para(`Supported by: ${c.support}`, 'Small')] : [])]] : []),
            ...(cols.status ? [[new Paragraph(c.status ? c.status + (c.revisedDue ? `, now due ${c.revisedDue}` : '') + (c.illustrative ? ' (illustrative)' : '') : NOT_REPORTED), ...(md.blocks(c.narrative, 6) as Paragraph[])]] : []),
          ]),
        ),
      );
    } else n.children.forEach(node);
  };
  model.progress.structure.forEach(node);
  add(heading(`Overdue at the end of ${model.year.label}`, 3));
  add(para(model.progress.overdue.length ? `Due by 31 March ${model.year.start + 1} (or by a revised date before then) and not complete: ${model.progress.overdue.map((o) => `${o.id} (due ${o.due}, ${o.status.toLowerCase()})`).join('; ')}.` : `No ${lastLevel} was overdue at the end of the year.`));
  const locals = model.localIndicators.filter((l) => l.figures.length);
  if (locals.length) {
    add(heading('Local indicators', 3));
    for (const l of locals) add(...table(`${l.id}: ${l.title}`, ['Area', 'Year', 'Figure'], l.figures.map((f) => [f.area, f.year, f.text]), [false, false, true]), para(`Source: ${[...l.sources.map(String), ...(l.source ? [l.source] : [])].join('; ')}.`, 'Source'));
  }
  if (model.localEvidence.length) add(heading('Local evidence', 3), ...evidence(model.localEvidence, 'Local evidence', md));

  if (model.achievements || model.challenges || model.caseStudies.length) {
    add(heading('Achievements and challenges', 2));
    if (model.achievements) add(heading('Achievements', 3), ...md.blocks(model.achievements, 3));
    if (model.challenges) add(heading('Challenges', 3), ...md.blocks(model.challenges, 3));
    if (model.caseStudies.length) {
      add(heading('Case studies', 3));
      for (const c of model.caseStudies) add(heading(c.title, 4), ...md.blocks(c.text, 4), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : []));
    }
  }
  if (model.nextSteps) add(heading('Next steps', 2), ...md.blocks(model.nextSteps, 2));
  if (model.reportParticipation || model.participation || model.equalityImpact) {
    add(heading('Participation', 2));
    if (model.reportParticipation) add(heading('In preparing this report', 3), ...md.blocks(model.reportParticipation, 3));
    if (model.participation) add(heading('Participation statement', 3), ...md.blocks(model.participation, 3));
    if (model.equalityImpact) add(heading('Equality impact', 3), ...md.blocks(model.equalityImpact, 3));
  }

  add(heading('About the figures', 2));
  if (model.sources.length) {
    add(heading('Sources', 3));
    for (const s of model.sources) add(sourceParagraph(s));
  }
  add(heading('How the figures are worked out', 3));
  for (const x of [...model.notes.method, ...model.notes.provisional]) add(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(x)] }));
  if (model.notes.markers.length) {
    add(heading('Symbols in the tables', 3));
    for (const m of model.notes.markers) add(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(`${m.label} (${m.count} figure${m.count === 1 ? '' : 's'} in this report)`)] }));
  }
  if (model.notes.missing.length) {
    add(heading('Figures that cannot be given', 3));
    for (const m of model.notes.missing) add(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(m)] }));
  }
  if (model.glossary.length) {
    add(heading('Glossary', 2));
    for (const g of model.glossary) add(runs([{ bold: `${g.term}: ` }, g.meaning]));
  }
  add(heading('Contact and other formats', 2));
  if (model.publication.published) add(para(`Published ${model.publication.published} by ${p.name}.`));
  const c = model.publication.contact;
  if (c) add(para(`Contact: ${[c.name, c.role, c.email, c.phone, c.address].filter(Boolean).join(', ')}.`));
  add(...md.blocks(model.publication.alternativeFormats, 2), para(model.publication.sentToCjs));

  const headerTitle = `${model.draft ? 'Draft: ' : ''}${model.title.replace(`${p.name}: `, '')}`;
  return wordDocument({ title: model.title, creator: p.name, description: `${p.name}: community justice annual report for ${model.year.label}`, subject: `Community Justice Annual Report ${model.year.label}`, lang: model.lang, header: `${p.name} · ${headerTitle}`, body });
}

/** The house Word document: A4, the report's styles and numbering, running header, "Page X of Y", title and language. */
export async function wordDocument(d: { title: string; creator: string; description: string; subject: string; lang: string; header: string; body: Block[] }): Promise<Uint8Array> {
  const furniture = (text: string) => new Paragraph({ style: 'Furniture', children: [new TextRun(text)] });
  const doc = new Document({
    title: d.title,
    creator: d.creator,
    lastModifiedBy: d.creator,
    description: d.description,
    subject: d.subject,
    features: { updateFields: true },
    numbering: { config: [{ reference: 'numbers', levels: [0, 1, 2].map((level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: mm(7 * (level + 1)), hanging: mm(5) } } } })) }] },
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 22, language: { value: d.lang } }, paragraph: { spacing: { after: 120, line: 276 } } },
        title: { run: { font: 'Arial', color: '002D54', bold: true } },
        heading1: { run: { font: 'Arial', size: 48, bold: true, color: '002D54' }, paragraph: { spacing: { before: 240, after: 160 }, keepNext: true } },
        heading2: { run: { font: 'Arial', size: 34, bold: true, color: '002D54' }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
        heading3: { run: { font: 'Arial', size: 28, bold: true, color: '002D54' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading4: { run: { font: 'Arial', size: 24, bold: true, color: '002D54' }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        heading5: { run: { font: 'Arial', size: 22, bold: true, color: '002D54' }, paragraph: { keepNext: true } },
        heading6: { run: { font: 'Arial', size: 22, bold: true, italics: true, color: '002D54' }, paragraph: { keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Caption', name: 'Caption', basedOn: 'Normal', next: 'Normal', run: { bold: true, size: 20 }, paragraph: { spacing: { before: 120, after: 60 }, keepNext: true } },
        { id: 'Source', name: 'Source', basedOn: 'Normal', next: 'Normal', run: { size: 18, color: '4B4B4B' } },
        { id: 'Small', name: 'Small', basedOn: 'Normal', next: 'Normal', run: { size: 18, color: '4B4B4B' }, paragraph: { spacing: { after: 0 } } },
        { id: 'Notice', name: 'Notice', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: mm(4) }, border: { left: { style: 'single', size: 24, color: 'C05000', space: 8 } } } },
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 28, italics: true, color: '002D54' } },
        { id: 'Kicker', name: 'Kicker', basedOn: 'Normal', next: 'Normal', run: { bold: true, allCaps: true, color: '4B4B4B' } },
        { id: 'DraftMark', name: 'Draft mark', basedOn: 'Normal', next: 'Normal', run: { bold: true, color: 'B10E1E', size: 28 } },
        { id: 'Furniture', name: 'Header and footer', basedOn: 'Normal', run: { size: 16, color: '4B4B4B' } },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: mm(210), height: mm(297) }, margin: { top: mm(18), bottom: mm(16), left: mm(18), right: mm(18), header: mm(8), footer: mm(8) } },
        },
        headers: { first: new Header({ children: [new Paragraph('')] }), default: new Header({ children: [furniture(d.header)] }) },
        footers: {
          first: new Footer({ children: [new Paragraph('')] }),
          default: new Footer({ children: [new Paragraph({ style: 'Furniture', alignment: AlignmentType.RIGHT, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }),
        },
        children: d.body,
      },
    ],
  });
  return withLanguage(new Uint8Array(await Packer.toBuffer(doc)), d.lang);
}

/** The docx library sets the language of the text but not of the document: add dc:language to its core properties. */
function withLanguage(docx: Uint8Array, lang: string): Uint8Array {
  const files = unzipSync(docx);
  const core = strFromU8(files['docProps/core.xml']);
  if (core.includes('<dc:language>')) return docx;
  files['docProps/core.xml'] = strToU8(core.replace('</cp:coreProperties>', `<dc:language>${lang}</dc:language></cp:coreProperties>`));
  return zipSync(files);
}

function evidence(items: ReportModel['localEvidence'], caption: string, md: MarkdownToWord): Block[] {
  return table(caption, ['Evidence', 'Figure', 'Source'], items.map((e) => [[new Paragraph({ children: [new TextRun({ text: e.title, bold: true }), ...(e.when ? [new TextRun(` (${e.when})`)] : [])] }), ...(md.blocks(e.text, 6) as Paragraph[])], e.value ?? '', e.source]), [false, true, false]);
}
