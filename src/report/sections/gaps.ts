import type { Gap } from '../types.js';
import type { ReportContext } from './context.js';

/**
 * What the statutory report still lacks for this year: a self-assessment and narrative for each
 * nationally determined outcome, the chair's sign-off with its date, the approving body and date,
 * how community bodies were involved in the report, its publication date and contact, and any text
 * still to fill in. A draft opens with this list; `--final` refuses while it is not empty.
 */
export function buildGaps(ctx: ReportContext): Gap[] {
  const y = ctx.label;
  const rep = ctx.report;
  const at = (...p: (string | number)[]) => ['reports', y, ...p];
  const gaps: Gap[] = [];
  const add = (message: string, path: (string | number)[], fix: string) => gaps.push({ message, path, fix });
  for (const o of ctx.framework.outcomes) {
    const orep = rep?.outcomes?.[o.id];
    if (!orep?.self_assessment) add(`Self-assessment of outcome ${o.id}`, at('outcomes', o.id, 'self_assessment'), `Under reports › ${y} › outcomes › ${o.id}, add self_assessment: good-progress, some-progress, limited-progress or no-progress.`);
    if (!orep?.narrative) add(`Narrative on outcome ${o.id}: the action taken towards it this year`, at('outcomes', o.id, 'narrative'), `Under reports › ${y} › outcomes › ${o.id}, add narrative: (Markdown, or { file: narrative/${y}/${o.id.toLowerCase()}.md }).`);
  }
  if (!rep?.sign_off) add('Sign-off by the chair, with its date', at('sign_off'), `Under reports › ${y}, add sign_off: { name: …, role: Chair, date: YYYY-MM-DD }.`);
  else if (!rep.sign_off.date) add('Date of the chair’s sign-off', at('sign_off'), 'Add date: YYYY-MM-DD to sign_off.');
  if (!rep?.approved) add('The body that approved the report, and the date', at('approved'), `Under reports › ${y}, add approved: { body: …, date: YYYY-MM-DD }.`);
  if (!rep?.participation) add('How community bodies were involved in preparing this report', at('participation'), `Under reports › ${y}, add participation: (Markdown, or { file: … }).`);
  if (!rep?.published) add('Publication date', at('published'), `Under reports › ${y}, add published: YYYY-MM-DD.`);
  if (!rep?.contact && !ctx.plan.partnership.contacts?.length) add('A contact for the report', ['partnership', 'contacts'], 'Add contacts: [{ name: …, email: … }] under partnership, or contact: under the year’s report.');
  for (const p of ctx.placeholders) add(`Text still to fill in: ${describePath(p.path)}`, p.path, 'Replace the FILL IN text with the real content.');
  return gaps;
}

/** A place in the plan in words: `reports › 2024-25 › foreword › file` → "foreword". */
function describePath(path: (string | number)[]): string {
  const words = path.filter((p, i) => typeof p === 'string' && p !== 'file' && !(p === 'reports' && i === 0) && !/^\d{4}-\d{2}$/.test(p)).map((p) => String(p).replace(/_/g, ' '));
  return words.join(', ') || 'the plan';
}
