import type { Framework } from '../core/framework-schema.js';
import { defaultReportTitle } from '../report/model.js';
import type { EvidenceView } from '../report/types.js';
import type { NationalCaseStudy, OutcomeAccount, PartnershipAccount, PartnershipInput } from './types.js';

/**
 * What each partnership did and found, in its own words: for each national outcome, its
 * self-assessment, its narrative of the year, its evidence and its case studies; and, for the year
 * as a whole, its achievements, challenges and participation. Nothing is re-worded: every text is the
 * partnership's own, from its annual report for the year. A report with a title of its own is named
 * once in each section (the sections say where the words come from; the default title would only
 * repeat the partnership's name and the year under each heading). Sources are renumbered into the national
 * list (`renumber` maps a partnership's source number to the national one).
 */
export function buildAccounts(
  fw: Framework,
  current: PartnershipInput[],
  all: PartnershipInput[],
  renumber: (p: PartnershipInput, n: number) => number | undefined,
): { byOutcome: Map<string, OutcomeAccount[]>; partnerships: PartnershipAccount[] } {
  const nameOf = (p: PartnershipInput) => p.model.partnership.name;
  const reportOf = (p: PartnershipInput) => (p.model.title === defaultReportTitle(p.model.partnership.name, p.model.year.label) ? {} : { report: p.model.title });
  // A citation "6, section 2.2" of a partnership's list, as the national list numbers it.
  const cite = (p: PartnershipInput, c: string | undefined) => {
    if (!c) return c;
    const m = /^(\d+)(.*)$/.exec(c);
    const n = m ? renumber(p, Number(m[1])) : undefined;
    return m && n ? `${n}${m[2]}` : c;
  };
  const evidence = (p: PartnershipInput, xs: EvidenceView[]) => xs.map((e) => ({ ...e, source: cite(p, e.source) ?? e.source }));
  const stories = (p: PartnershipInput, xs: { title: string; text: string; source?: string; toldUnder?: string }[]): NationalCaseStudy[] =>
    xs.filter((c) => !c.toldUnder).map((c) => ({ partnership: nameOf(p), title: c.title, text: c.text, ...(c.source ? { source: cite(p, c.source) } : {}) }));

  const byOutcome = new Map<string, OutcomeAccount[]>();
  // A report with a title of its own is named at the partnership's first account, not at every one.
  const named = new Set<PartnershipInput>();
  for (const o of fw.outcomes) {
    const accounts: OutcomeAccount[] = [];
    for (const p of current) {
      const mine = p.model.outcomes.find((x) => x.id === o.id);
      if (!mine) continue;
      const account: OutcomeAccount = {
        partnership: nameOf(p),
        ...(named.has(p) ? {} : reportOf(p)),
        ...(mine.selfAssessment ? { selfAssessment: mine.selfAssessment } : {}),
        ...(mine.narrative ? { narrative: mine.narrative } : {}),
        evidence: evidence(p, mine.evidence),
        caseStudies: stories(p, mine.caseStudies),
      };
      if (!account.selfAssessment && !account.narrative && !account.evidence.length && !account.caseStudies.length) continue;
      accounts.push(account);
      named.add(p);
    }
    byOutcome.set(o.id, accounts);
  }
  const partnerships: PartnershipAccount[] = all
    .map((p) => ({
      partnership: nameOf(p),
      ...reportOf(p),
      ...(p.model.achievements ? { achievements: p.model.achievements } : {}),
      ...(p.model.challenges ? { challenges: p.model.challenges } : {}),
      ...(p.model.participation ? { participation: p.model.participation } : {}),
      ...(p.model.reportParticipation ? { reportParticipation: p.model.reportParticipation } : {}),
    }))
    .filter((a) => a.achievements || a.challenges || a.participation || a.reportParticipation);
  return { byOutcome, partnerships };
}
