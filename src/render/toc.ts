import type { NationalModel } from '../national/types.js';
import type { ReportModel } from '../report/types.js';
import { capital, plural } from '../report/sections/format.js';

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
    ...(m.foreword || m.signOff || m.approval ? [e('sign-off', 'Foreword and sign-off')] : []),
    ...(m.governance || m.partnership.groups.length ? [e('governance', 'Governance arrangements')] : []),
    ...(m.recommendations.length ? [e('recommendations', 'Progress on last year’s recommendations')] : []),
    e('at-a-glance', 'At a glance'),
    e('outcomes', capital(plural(m.plan.framework.labels.outcome)), [
      ...m.outcomes.map((o) => e(`outcome-${o.id}`, o.heading)),
      ...(m.suite.length ? [e('outcome-suite', 'Across all outcomes')] : []),
    ]),
    e('progress', 'Progress on the plan', m.progress.structure.map((n) => e(n.anchor, n.heading))),
    ...(m.achievements || m.challenges || m.caseStudies.length ? [e('achievements', 'Achievements and challenges')] : []),
    ...(m.nextSteps ? [e('next-steps', 'Next steps')] : []),
    ...(m.reportParticipation || m.participation || m.equalityImpact ? [e('participation', 'Participation')] : []),
    e('about-figures', 'About the figures'),
    ...(m.glossary.length ? [e('glossary', 'Glossary')] : []),
    e('contact', 'Contact and other formats'),
  ];
}

/** The contents of the national report, in the order the templates print the sections. */
export function buildNationalToc(m: NationalModel): TocEntry[] {
  const e = (id: string, text: string, children: TocEntry[] = []): TocEntry => ({ id, text, children });
  return [
    e('about', 'About this report'),
    e('assessments', 'Self-assessments'),
    e('outcomes', 'Outcomes and national indicators', [...m.outcomes.map((o) => e(`outcome-${o.id}`, o.heading)), ...(m.suite.length ? [e('outcome-suite', 'Across all outcomes')] : [])]),
    e('actions', 'Progress of local actions'),
    e('next-steps', 'Next steps'),
    e('accounts', 'What partnerships did and found'),
    ...(m.accounts.length ? [e('achievements', 'Achievements, challenges and participation')] : []),
    e('gaps', 'What is missing'),
    e('about-figures', 'About the figures'),
  ];
}


/** How many case studies the national report holds. */
export const caseStudyCount = (m: NationalModel) => m.outcomes.reduce((s, o) => s + o.caseStudies.length, 0) + m.otherCaseStudies.length;
