import { Paragraph, TextRun } from 'docx';
import { chartImage, heading, MarkdownToWord, para, sourceParagraph, table, wordDocument, type Block } from '../report/docx.js';
import { renderDotPlot } from './chart.js';
import type { NationalCaseStudy, NationalIndicator, NationalModel } from './model.js';

const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] });

/** The national report as an editable Word document, from the same model as the other formats. */
export async function renderNationalDocx(m: NationalModel): Promise<Uint8Array> {
  const md = new MarkdownToWord();
  const body: Block[] = [];
  const add = (...b: Block[]) => body.push(...b);
  const n = m.partnerships.length;

  add(para(`National picture ${m.year.label}`, 'Kicker'), heading(m.title, 1));
  add(para(`The annual reports of ${n} community justice partnership${n === 1 ? '' : 's'} for ${m.year.label} (${m.year.period}), set side by side against the ${m.framework.title}.`));
  if (m.illustrative.any) add(para(`Illustrative example. The plans, progress or figures of ${m.illustrative.partnerships.length === n ? 'every partnership in this report' : m.illustrative.partnerships.join('; ')} are illustrative, invented for an example. This is not an official report.`, 'Notice'));

  add(heading('About this report', 2));
  add(para('Each community justice partnership reports every year on its Community Justice Outcomes Improvement Plan. This report sets their reports side by side: self-assessments, national indicators, progress of local actions, next steps, case studies, and what each has still to give.'));
  add(bullet(`Reporting year: ${m.year.label}: ${m.year.period}`), bullet(`Partnerships: ${n} included${m.notIncluded.length ? `, of ${m.given} whose plans were given` : ''}`), bullet(`Council areas: ${m.coverage.covered} of Scotland’s ${m.coverage.councilAreas} covered by the partnerships included`));
  add(...table('Partnerships included', ['Partnership', 'Council areas', 'Plan written under'], m.partnerships.map((p) => [`${p.name}${p.illustrative ? ' (illustrative)' : ''}`, p.areas.map((a) => a.name).join(', '), `${p.framework.title}${p.earlier ? ' (an earlier framework)' : ''}`])));
  if (m.notIncluded.length) add(heading('Plans not included', 3), ...table('Plans given but not included in this report, and why', ['Partnership', 'Why it is not included'], m.notIncluded.map((x) => [x.name, x.why])));
  add(heading('Council areas', 3));
  if (m.coverage.claimedTwice.length) add(para(`Claimed by more than one plan: ${m.coverage.claimedTwice.map((c) => `${c.area} (${c.partnerships.join(' and ')})`).join('; ')}. Their figures are counted in each of those partnerships.`));
  if (m.coverage.inPlansNotIncluded.length) add(para(`Covered only by a plan not included: ${m.coverage.inPlansNotIncluded.join(', ')}.`));
  if (m.coverage.uncovered.length) add(para(`Covered by none of the plans given: ${m.coverage.uncovered.join(', ')}.`));

  add(heading('Self-assessments', 2));
  add(para('The outcomes are:'));
  for (const o of m.assessments.outcomes) add(bullet(`${o.id}: ${o.title}`));
  add(...table(`Self-assessment of each outcome by each partnership, ${m.year.label}`, ['Partnership', ...m.assessments.outcomes.map((o) => o.id)], m.assessments.matrix.map((r) => [r.partnership, ...(r.earlier ? ['Plan under an earlier framework: its outcomes differ', ...r.cells.slice(1).map(() => '')] : r.cells.map((c) => c.level ?? 'Not given'))])));
  add(...table(`How many partnerships chose each level, by outcome, ${m.year.label}`, ['Outcome', ...m.assessments.levels, 'Not given'], m.assessments.summary.map((s) => [s.outcome, ...s.counts.map(String), String(s.none)]), [false, ...m.assessments.levels.map(() => true), true]));

  const indicator = (ind: NationalIndicator) => {
    add(heading(`${ind.id}: ${ind.title}${ind.provisional ? ' (provisional wording)' : ''}`, 4));
    for (const x of ind.measures) {
      if (ind.measures.length > 1) add(heading(x.title, 5));
      if (x.ranked.length) add(chartImage(renderDotPlot(x, { standalone: true }), x.title, x.alt, x.key, 560));
      if (x.rows.length)
        add(
          ...table(
            `${x.title}, ${x.previousYear} and ${x.year}, by partnership${x.illustrative ? ' (includes illustrative figures)' : ''}`,
            ['Partnership', x.previousYear, x.year, 'Change'],
            [...x.rows.map((r) => [r.partnership, r.previous.text, r.latest.text, r.changeText]), ...(x.scotland ? [['Scotland', x.scotland.previous.text, x.scotland.latest.text, x.scotland.changeText]] : [])],
            [false, true, true, true],
          ),
        );
      if (x.missing.length) add(para(`Without a figure for ${x.year}: ${x.missing.map((r) => `${r.partnership} (${r.why})`).join('; ')}.`, 'Small'));
      if (x.scotlandDisagree.length) add(para(`Scotland’s figure is not shown: the partnerships’ data give different figures for it (${x.scotlandDisagree.map((d) => `${d.partnership}: ${d.text}`).join('; ')}).`, 'Small'));
      if (x.sources.length || x.provisional) add(para(`${x.sources.length ? `Source: ${x.sources.join(', ')}.` : ''}${x.provisional ? ' The wording of this measure is provisional pending the published framework.' : ''}`.trim(), 'Source'));
    }
  };
  add(heading('Outcomes and national indicators', 2));
  for (const o of m.outcomes) {
    add(heading(`Outcome ${o.id}: ${o.title}`, 3));
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
  if (m.nextSteps.themes.length) add(...table('Themes of the partnerships’ next steps', ['Theme', 'Partnerships', 'Which'], m.nextSteps.themes.map((t) => [t.title, String(t.partnerships.length), t.partnerships.join('; ')]), [false, true, false]));
  if (m.nextSteps.none.length) add(para(`No next steps were given by ${m.nextSteps.none.join('; ')}.`));
  for (const s of m.nextSteps.byPartnership) add(heading(s.partnership, 3), ...md.blocks(s.text, 3));

  const stories = (xs: NationalCaseStudy[]) => xs.forEach((c) => add(heading(c.title, 4), para(c.partnership, 'Small'), ...md.blocks(c.text, 4), ...(c.source ? [para(`Source: ${c.source}`, 'Source')] : [])));
  if (m.outcomes.some((o) => o.caseStudies.length) || m.otherCaseStudies.length) {
    add(heading('Case studies by outcome', 2));
    for (const o of m.outcomes.filter((x) => x.caseStudies.length)) {
      add(heading(`Outcome ${o.id}: ${o.title}`, 3));
      stories(o.caseStudies);
    }
    if (m.otherCaseStudies.length) {
      add(heading('Not linked to one outcome', 3));
      stories(m.otherCaseStudies);
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
