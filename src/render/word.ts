import { Paragraph, TableOfContents, TextRun } from 'docx';
import { formatFinancialYear } from '../core/years.js';
import type { NationalIndicator, NationalModel } from '../national/types.js';
import { NOT_REPORTED } from '../report/sections/context.js';
import { capital as cap, formatFigure, plural } from '../report/sections/format.js';
import type { IndicatorView, LocalIndicatorSection, ReportModel, StructureNode } from '../report/types.js';
import { renderDotPlot } from './charts/dot-plot.js';
import { renderLineChart } from './charts/line.js';
import { bullet, chartImage, contentsTitle, heading, MarkdownToWord, needsLandscape, para, runs, sourceParagraph, table, wordDocument, type Block, type Landscape } from './word-blocks.js';

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
  // The cover has its page; the contents theirs, listing the levels the PDF's contents list.
  add(contentsTitle(), new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '2-3' }));

  // About the partnership
  const p = model.partnership;
  add(heading('About the partnership', 2, { pageBreakBefore: true }));
  add(runs([{ bold: 'Partnership: ' }, `${p.name}${p.shortName ? ` (${p.shortName})` : ''}`]), runs([{ bold: 'Council areas: ' }, p.areas.map((a) => a.name).join(', ')]));
  add(runs([{ bold: 'Reporting year: ' }, `${model.year.label}: ${model.year.period}`]), runs([{ bold: 'Plan: ' }, `${model.plan.title} (${model.plan.period}), under the ${model.plan.framework.title}`]));
  if (p.chair) add(runs([{ bold: 'Chair: ' }, p.chair.text]));
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
  if (model.foreword || model.signOff || model.approval) add(heading('Foreword and sign-off', 2), ...md.blocks(model.foreword, 2));
  if (model.signOff) add(...md.blocks(model.signOff.statement, 3), runs(['Signed: ', { bold: model.signOff.name }, `${model.signOff.role ? `, ${model.signOff.role}` : ''}${model.signOff.date ? `, ${model.signOff.date}` : ''}`]));
  if (model.approval) add(para(`Approved by ${model.approval.body} on ${model.approval.date}.`));

  if (model.governance || p.groups.length) {
    add(heading('Governance arrangements', 2), ...md.blocks(model.governance, 2));
    if (p.groups.length) {
      const cols = ['Group', ...(p.groupColumns.kind ? ['Type'] : []), ...(p.groupColumns.reportsTo ? ['Reports to'] : [])];
      add(...table('Groups of the partnership', cols, p.groups.map((g) => [g.name, ...(p.groupColumns.kind ? [g.kind ?? ''] : []), ...(p.groupColumns.reportsTo ? [g.reportsTo ?? ''] : [])])));
    }
  }
  if (model.recommendations.length) add(heading('Progress on last year’s recommendations', 2), ...table(`Recommendations and progress in ${model.year.label}`, ['Recommendation', 'Status', 'Progress'], model.recommendations.map((r) => [r.recommendation, r.status ?? '', md.blocks(r.progress, 6) as Paragraph[]])));

  add(heading('At a glance', 2));
  add(...table(`Each outcome in ${model.year.label}: self-assessment, movement of its national indicator measures on ${model.year.previous}, and linked local actions`, ['Outcome', 'Self-assessment', 'Indicator movement', 'Actions'], model.glance.map((g) => [`${g.number ? `${g.number}. ` : ''}${g.title}`, g.selfAssessment ?? '–', g.movement, String(g.actions)]), [false, false, false, true]));

  // Outcomes
  const indicator = (ind: IndicatorView, level: number) => {
    add(heading(ind.heading, level));
    if (!model.dataDeclared) add(para(measuredBy(ind)));
    for (const m of model.dataDeclared ? ind.measures : []) {
      if (ind.measures.length > 1) add(heading(m.title, level + 1));
      if (!m.hasData) {
        if (model.dataDeclared) add(para(`No figures for this measure are held for ${p.name}.`));
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
      if (m.gapGroups.length) add(para(`Years without a figure for ${who}: ${m.gapGroups.map((g) => `${g.years} (${g.why})`).join('; ')}.`, 'Small'));
      if (m.sources.length) add(para(`Source: ${m.sources.join(', ')}.`, 'Source'));
    }
    if (ind.localMeasure) add(para(`Reported locally as: ${ind.localMeasure.text}${ind.localMeasure.source ? ` Source: ${ind.localMeasure.source}.` : ''}`, 'Source'));
  };
  const localIndicator = (l: LocalIndicatorSection) => {
    add(new Paragraph({ keepNext: true, children: [new TextRun({ text: l.title, bold: true }), ...(l.kind ? [new TextRun(` (${l.kind} indicator)`)] : [])] }));
    if (l.reportingMeasure) add(runs([{ bold: 'Reporting measure: ' }, l.reportingMeasure]));
    if (l.figures.length) add(...table(l.title, l.table.head, l.table.figureRows, l.table.numeric));
    else add(para('No figures for this indicator are given in this report.'));
    const sources = [...l.sources.map(String), ...(l.source ? [l.source] : [])];
    if (sources.length) add(para(`Source: ${sources.join('; ')}.`, 'Source'));
  };
  add(heading(cap(plural(model.plan.framework.labels.outcome)), 2));
  add(para(`For each outcome: the partnership’s self-assessment and account of the year, the national indicators for ${p.name}, each council area and Scotland, and a summary of the local actions that work towards it (each is set out in full under Progress on the plan).${model.year.label === model.year.planStart ? ` ${model.year.label} is the first year of the plan.` : ''}`));
  if (!model.dataDeclared) add(para(model.noDataSentence));
  if (model.omitted.length) add(para(model.omitted.join(' ')));
  for (const o of model.outcomes) {
    add(heading(o.heading, 3));
    if (o.selfAssessment) add(runs([{ bold: 'Self-assessment: ' }, o.selfAssessment]));
    add(...md.blocks(o.narrative, 3));
    o.indicators.forEach((i) => indicator(i, 4));
    if (o.actions.total) {
      add(heading('Local actions', 4));
      add(para(`${o.actions.total} ${o.actions.total === 1 ? lastLevel : plural(lastLevel)}: ${o.actions.counts.map((c) => `${c.count} ${c.label[0].toLowerCase()}${c.label.slice(1)}`).join(', ')}.`));
    }
    if (o.localIndicators.length) {
      add(heading('Local indicators', 4));
      o.localIndicators.forEach(localIndicator);
    }
    if (o.evidence.length) add(heading('Local evidence', 4), ...evidence(o.evidence, `Local evidence on ${o.name.toLowerCase()}`, md));
    if (o.caseStudies.length) {
      add(heading('Case studies', 4));
      for (const c of o.caseStudies) {
        if (c.toldUnder) add(para(`The case study “${c.title}” is told under ${c.toldUnder}.`));
        else add(heading(c.title, 5), ...md.blocks(c.text, 5), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : []));
      }
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
    add(heading(n.heading, Math.min(6, n.depth + 2)), ...md.blocks(n.description, 6));
    const facts: [string, string | undefined][] = [
      ['Lead', n.lead],
      ['Supported by', n.support],
      ['Due', n.due],
      ['Impact', n.impact.join('; ') || undefined],
      ['Measures', n.measures.join('; ') || undefined],
      [n.links.priorityLabel, n.links.priorityActions.map((x) => (x.name === x.title ? x.title : `${x.name}: ${x.title}`)).join('; ') || undefined],
      [n.links.indicatorLabel, n.links.indicators.map((x) => (x.name === x.title ? x.title : `${x.name}: ${x.title}`)).join('; ') || undefined],
      ['See also', n.see.map((x) => (x.name === x.title ? x.title : `${x.name}: ${x.title}`)).join('; ') || undefined],
    ];
    for (const [label, value] of facts) if (value) add(runs([{ bold: `${label}: ` }, value]));
    if (n.evidence.length) add(...evidence(n.evidence, `Evidence for ${n.heading.toLowerCase()}`, md));
    if (n.nothingUnder) add(para(n.nothingUnder));
    if (n.status) add(runs([{ bold: `Progress in ${model.year.label}: ` }, n.status + (n.revisedDue ? `, now due ${n.revisedDue}` : '') + (n.illustrative ? ' (illustrative)' : '')]), ...md.blocks(n.narrative, 6));
    if (n.columns) {
      const child = model.plan.levels[n.depth] ?? 'item';
      const cols = n.columns;
      add(
        ...table(
          `${n.number ? `${cap(n.level)} ${n.number}` : n.title}: ${plural(child)} and progress in ${model.year.label}`,
          [...(cols.number ? ['No.'] : []), cap(child), ...(cols.lead ? ['Lead'] : []), ...(cols.status ? [`Progress in ${model.year.label}`] : [])],
          n.children.map((c) => [
            ...(cols.number ? [c.number] : []),
            { text: [c.title, c.description ?? ''].join(' '), blocks: [new Paragraph(c.title), ...(md.blocks(c.description, 6) as Paragraph[]), ...(c.impact.length ? [para(`Impact: ${c.impact.join('; ')}`, 'Small')] : []), ...(c.measures.length ? [para(`Measures: ${c.measures.join('; ')}`, 'Small')] : []), ...(c.due ? [para(`Due: ${c.due}`, 'Small')] : []), ...(c.links.priorityActions.length ? [para(c.links.priorityActions.map((x) => x.name).join(', '), 'Small')] : []), ...(c.links.indicators.length ? [para(c.links.indicators.map((x) => x.name).join(', '), 'Small')] : []), ...(c.see.length ? [para(`See also: ${c.see.map((s) => s.name).join(', ')}`, 'Small')] : []), ...c.evidence.map((e) => para(`Evidence: ${e.title}${e.when ? ` (${e.when})` : ''}${e.value ? `: ${e.value}` : ''}. Source: ${e.source}`, 'Small'))] },
            ...(cols.lead ? [{ text: c.lead ?? '', blocks: [new Paragraph(c.lead ?? ''), ...(c.support ? [para(`Supported by: ${c.support}`, 'Small')] : [])] }] : []),
            ...(cols.status ? [{ text: `${c.status ?? NOT_REPORTED} ${c.revisedDue ?? ''} ${c.narrative ?? ''}`, blocks: [new Paragraph(c.status ? c.status + (c.revisedDue ? `, now due ${c.revisedDue}` : '') + (c.illustrative ? ' (illustrative)' : '') : NOT_REPORTED), ...(md.blocks(c.narrative, 6) as Paragraph[])] }] : []),
          ]),
        ),
      );
    } else n.children.forEach(node);
  };
  model.progress.structure.forEach(node);
  add(heading(`Overdue at the end of ${model.year.label}`, 3));
  add(para(model.progress.overdue.length ? `Due by 31 March ${model.year.start + 1} (or by a revised date before then) and not complete: ${model.progress.overdue.map((o) => `${o.name} (due ${o.due}, ${o.status.toLowerCase()})`).join('; ')}.` : `No ${lastLevel} was overdue at the end of the year.`));
  if (model.localIndicators.length) {
    add(heading('Local indicators', 3));
    model.localIndicators.forEach(localIndicator);
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
  if (model.notes.publisher.length) {
    add(heading('Notes from the publishers’ tables', 3));
    for (const x of model.notes.publisher) add(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(x)] }));
  }
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

/** What an indicator measures, said once when the plan declares no figures. */
function measuredBy(ind: IndicatorView): string {
  const titles = ind.measures.map((m) => m.title);
  return `${titles.length > 1 ? `Its measures: ${titles.join('; ')}.` : `Its measure: ${titles[0]}.`}`;
}

function evidence(items: ReportModel['localEvidence'], caption: string, md: MarkdownToWord): Block[] {
  const figures = items.some((e) => e.value);
  return table(caption, ['Evidence', ...(figures ? ['Figure'] : []), 'Source'], items.map((e) => [{ text: `${e.title} ${e.text ?? ''}`, blocks: [new Paragraph({ children: [new TextRun({ text: e.title, bold: true }), ...(e.when ? [new TextRun(` (${e.when})`)] : [])] }), ...(md.blocks(e.text, 6) as Paragraph[])] }, ...(figures ? [e.value ?? ''] : []), e.source]), [false, ...(figures ? [true] : []), false]);
}

/** The national report as an editable Word document, from the same model as the other formats. */
export async function renderNationalDocx(m: NationalModel): Promise<Uint8Array> {
  const md = new MarkdownToWord();
  const body: (Block | Landscape)[] = [];
  const add = (...b: Block[]) => body.push(...b);
  const n = m.partnerships.length;

  add(para(`National picture ${m.year.label}`, 'Kicker'), heading(m.title, 1));
  add(para(`The annual reports of ${n} community justice partnership${n === 1 ? '' : 's'} for ${m.year.label} (${m.year.period}), set side by side against the ${m.framework.title}.`));
  if (m.illustrative.any) add(para(`Illustrative example. The plans, progress or figures of ${m.illustrative.partnerships.length === n ? 'every partnership in this report' : m.illustrative.partnerships.join('; ')} are illustrative, invented for an example. This is not an official report.`, 'Notice'));

  add(contentsTitle(), new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '2-3' }));
  add(heading('About this report', 2, { pageBreakBefore: true }));
  add(para('Each community justice partnership reports every year on its Community Justice Outcomes Improvement Plan. This report sets their reports side by side: self-assessments, national indicators, progress of local actions, next steps, case studies, and what each has still to give.'));
  add(bullet(`Reporting year: ${m.year.label}: ${m.year.period}`), bullet(`Partnerships: ${n} included${m.notIncluded.length ? `, of ${m.given} whose plans were given` : ''}`), bullet(`Council areas: ${m.coverage.covered} of Scotland’s ${m.coverage.councilAreas} covered by the partnerships included`), bullet(`Framework: ${m.framework.title}`));
  // Which framework each plan is written under, only when they differ (the facts above name the one they share).
  const under = (p: NationalModel['partnerships'][number]) => (m.frameworksDiffer ? [`${p.framework.title}${p.earlier ? ' (an earlier framework)' : ''}`] : []);
  add(...table('Partnerships included', ['Partnership', 'Council areas', ...(m.frameworksDiffer ? ['Plan written under'] : [])], m.partnerships.map((p) => [`${p.name}${p.illustrative ? ' (illustrative)' : ''}`, p.areas.map((a) => a.name).join(', '), ...under(p)])));
  if (m.notIncluded.length) add(heading('Plans not included', 3), ...table('Plans given but not included in this report, and why', ['Partnership', 'Why it is not included'], m.notIncluded.map((x) => [x.name, x.why])));
  add(heading('Council areas', 3));
  if (m.coverage.claimedTwice.length) add(para(`Claimed by more than one plan: ${m.coverage.claimedTwice.map((c) => `${c.area} (${c.partnerships.join(' and ')})`).join('; ')}. Their figures are counted in each of those partnerships.`));
  if (m.coverage.inPlansNotIncluded.length) add(para(`Covered only by a plan not included: ${m.coverage.inPlansNotIncluded.join(', ')}.`));
  if (m.coverage.uncovered.length) add(para(`Covered by none of the plans given: ${m.coverage.uncovered.join(', ')}.`));

  add(heading('Self-assessments', 2));
  add(para('The outcomes are:'));
  for (const o of m.assessments.outcomes) add(bullet(`${o.name}: ${o.title}`));
  // The matrix is as wide as the outcomes are many: on a landscape page when its words cannot fit across a portrait one.
  const matrixHeader = ['Partnership', ...m.assessments.outcomes.map((o) => o.number)];
  const matrixRows = m.assessments.matrix.map((r) => [r.partnership, ...(r.earlier ? ['Plan under an earlier framework: its outcomes differ', ...r.cells.slice(1).map(() => '')] : r.cells.map((c) => c.level ?? 'Not given'))]);
  const wide = needsLandscape(matrixHeader, matrixRows);
  const matrix = table(`Self-assessment of each outcome by each partnership, ${m.year.label}`, matrixHeader, matrixRows, [], { landscape: wide });
  if (wide) body.push({ landscape: matrix });
  else add(...matrix);
  add(...table(`How many partnerships chose each level, by outcome, ${m.year.label}`, ['Outcome', ...m.assessments.levels, 'Not given'], m.assessments.summary.map((s) => [s.name, ...s.counts.map(String), String(s.none)]), [false, ...m.assessments.levels.map(() => true), true]));

  const indicator = (ind: NationalIndicator) => {
    add(heading(ind.heading, 4));
    for (const x of ind.measures) {
      if (ind.measures.length > 1) add(heading(x.title, 5));
      if (x.ranked.length) add(chartImage(renderDotPlot(x, { standalone: true }), x.title, x.alt, x.key, 560));
      const rates = x.populationYear !== undefined;
      if (x.rows.length)
        add(
          ...table(
            `${x.title}, ${x.previousYear} and ${x.year}, by partnership${x.illustrative ? ' (includes illustrative figures)' : ''}`,
            ['Partnership', x.previousYear, x.year, 'Change', ...(rates ? [`Per 10,000 people, ${x.previousYear}`, `Per 10,000 people, ${x.year}`] : [])],
            [
              ...x.rows.flatMap((r) => [
                [r.partnership, r.previous.text, r.latest.text, r.changeText, ...(rates ? [r.rate?.previousText ?? '', r.rate?.latestText ?? ''] : [])],
                ...(r.areaRows ?? []).map((a) => [`${r.partnership}: ${a.area}`, a.previous.text, a.latest.text, a.changeText, ...(rates ? ['', ''] : [])]),
              ]),
              ...(x.scotland ? [['Scotland', x.scotland.previous.text, x.scotland.latest.text, x.scotland.changeText, ...(rates ? ['', ''] : [])]] : []),
            ],
            [false, true, true, true, ...(rates ? [true, true] : [])],
          ),
        );
      if (rates) add(para(`The chart ranks the partnerships by their figure per 10,000 people (mid-${x.populationYear} population estimates).`, 'Small'));
      if (x.missing.length) add(para(`Without a partnership figure for ${x.year}: ${x.missing.map((r) => `${r.partnership} (${r.why}${r.areas ? '; its council areas’ figures are shown' : ''})`).join('; ')}.`, 'Small'));
      if (x.scotlandDisagree.length) add(para(`Scotland’s figure is not shown: the partnerships’ data give different figures for it (${x.scotlandDisagree.map((d) => `${d.partnership}: ${d.text}`).join('; ')}).`, 'Small'));
      if (x.sources.length) add(para(`Source: ${x.sources.join(', ')}.`, 'Source'));
    }
  };
  add(heading('Outcomes and national indicators', 2));
  for (const o of m.outcomes) {
    add(heading(o.heading, 3));
    o.indicators.forEach(indicator);
  }
  if (m.suite.length) {
    add(heading('Across all outcomes', 3));
    m.suite.forEach(indicator);
  }

  add(heading('Progress of local actions', 2));
  const statuses = m.actions.statuses;
  add(
    ...table(
      `Local actions by status, ${m.year.label}`,
      ['Partnership', 'Actions', ...statuses.map((s) => s.label), 'Overdue'],
      [...m.actions.rows, m.actions.total].map((r) => [r.partnership, String(r.total), ...statuses.map((s) => String(r.counts[s.key])), String(r.overdue)]),
      [false, true, ...statuses.map(() => true), true],
    ),
  );

  add(heading('Next steps', 2));
  if (m.nextSteps.themes.length) add(para('The themes the partnerships’ next steps take up: those each plan names; where a plan names none, those found from the words of its next steps, marked “inferred”. A partnership can take up several.'));
  if (m.nextSteps.themes.length) add(...table('Themes of the partnerships’ next steps', ['Theme', 'Partnerships', 'Which'], m.nextSteps.themes.map((t) => [t.title, String(t.partnerships.length), t.which]), [false, true, false]));
  if (m.nextSteps.none.length) add(para(`No next steps were given by ${m.nextSteps.none.join('; ')}.`));
  for (const s of m.nextSteps.byPartnership) add(heading(s.partnership, 3), ...md.blocks(s.text, 3));

  add(heading('What partnerships did and found', 2));
  add(para(`Each partnership’s own account of each outcome, as its annual report for ${m.year.label} gives it: its self-assessment, what it did, its evidence and its case studies. Nothing is re-worded.`));
  for (const o of m.outcomes) {
    add(heading(o.heading, 3));
    if (!o.accounts.length) add(para('No partnership gave an account of this outcome.'));
    for (const a of o.accounts) {
      add(heading(a.partnership, 4), ...(a.report ? [para(`From ${a.report}.`, 'Small')] : []));
      if (a.selfAssessment) add(runs([{ bold: 'Self-assessment: ' }, a.selfAssessment]));
      add(...md.blocks(a.narrative, 4));
      if (a.evidence.length) add(...evidence(a.evidence, `Evidence from ${a.partnership} on ${o.name.toLowerCase()}`, md));
      for (const c of a.caseStudies) add(heading(c.title, 5), ...md.blocks(c.text, 5), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : []));
    }
  }
  if (m.otherCaseStudies.length) {
    add(heading('Case studies not linked to one outcome', 3));
    for (const c of m.otherCaseStudies) add(heading(c.title, 4), para(c.partnership, 'Small'), ...md.blocks(c.text, 4), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : []));
  }
  if (m.accounts.length) {
    add(heading('Achievements, challenges and participation', 2), para('Each partnership’s own words on its year, from its annual report.'));
    for (const a of m.accounts) {
      add(heading(a.partnership, 3), ...(a.report ? [para(`From ${a.report}.`, 'Small')] : []));
      for (const [title, text] of [['Achievements', a.achievements], ['Challenges', a.challenges], ['Participation in preparing the report', a.reportParticipation], ['Participation statement', a.participation]] as const)
        if (text) add(heading(title, 4), ...md.blocks(text, 4));
    }
  }

  add(heading('What is missing', 2));
  if (m.gaps.length) add(...table('Content and figures not given, by partnership', ['Partnership', 'Not given'], m.gaps.map((g) => [g.partnership, g.missing.map((x) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(x)] }))])));
  else add(para('Every partnership included has given everything its report needs.'));

  add(heading('About the figures', 2), heading('How the figures are worked out', 3));
  for (const x of m.method) add(bullet(x));
  if (m.sources.length) {
    add(heading('Sources', 3));
    for (const s of m.sources) add(sourceParagraph(s));
  }

  return wordDocument({ title: m.title, creator: 'Community justice partnerships', description: `Community justice partnerships’ annual reports for ${m.year.label}, side by side`, subject: `National picture ${m.year.label}`, lang: m.lang, header: `Community justice in Scotland · National picture ${m.year.label}`, body });
}
