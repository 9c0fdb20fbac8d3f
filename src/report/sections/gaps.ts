import { capital, clip, numbered, publicNumber } from '../../core/words.js';
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
    // The outcome by the framework's word and number ("common outcome 2"), never its id.
    const name = numbered(ctx.labels.outcome, o.id).replace(/^./, (c) => c.toLowerCase());
    if (!orep?.self_assessment) add(`Self-assessment of ${name}`, at('outcomes', o.id, 'self_assessment'), `Under reports › ${y} › outcomes › ${o.id}, add self_assessment: good-progress, some-progress, limited-progress or no-progress.`);
    if (!orep?.narrative) add(`Narrative on ${name}: the action taken towards it this year`, at('outcomes', o.id, 'narrative'), `Under reports › ${y} › outcomes › ${o.id}, add narrative: (Markdown, or { file: narrative/${y}/${o.id.toLowerCase()}.md }).`);
  }
  if (!rep?.sign_off) add('Sign-off by the chair, with its date', at('sign_off'), `Under reports › ${y}, add sign_off: { name: …, role: Chair, date: YYYY-MM-DD }.`);
  else if (!rep.sign_off.date) add('Date of the chair’s sign-off', at('sign_off'), 'Add date: YYYY-MM-DD to sign_off.');
  if (!rep?.approved) add('The body that approved the report, and the date', at('approved'), `Under reports › ${y}, add approved: { body: …, date: YYYY-MM-DD }.`);
  if (!rep?.participation) add('How community bodies were involved in preparing this report', at('participation'), `Under reports › ${y}, add participation: (Markdown, or { file: … }).`);
  if (!rep?.published) add('Publication date', at('published'), `Under reports › ${y}, add published: YYYY-MM-DD.`);
  if (!rep?.contact && !ctx.plan.partnership.contacts?.length) add('A contact for the report', ['partnership', 'contacts'], 'Add contacts: [{ name: …, email: … }] under partnership, or contact: under the year’s report.');
  // A place in the plan's structure is named by its item ("Deliverable 1.3, impact"), not by its path.
  const placeOf = (path: (string | number)[]) => {
    const w = [...ctx.items].reverse().find((x) => x.path.length <= path.length && x.path.every((k, i) => path[i] === k));
    return w ? [w.name, describePath(path.slice(w.path.length))].filter((x) => x && x !== 'the plan').join(', ') : describePath(path);
  };
  for (const p of ctx.placeholders) add(`Text still to fill in (${placeOf(p.path)})${p.path[p.path.length - 1] === 'file' ? '' : `: ${p.message.replace(/^Still to fill in: /, '')}`}`, p.path, 'Replace the placeholder (FILL IN, TBC, TBA…) with the real content.');
  if (rep?.sign_off && !namesAPerson(rep.sign_off.name)) add(`The sign-off names no person: '${rep.sign_off.name}'`, at('sign_off', 'name'), 'Give the name of the person who signs, e.g. name: Councillor Jane Smith, with role: Chair.');
  // Every action not complete says in a sentence where it stands, and why when it is late or stuck.
  for (const w of ctx.reportable) {
    const p = w.item.progress?.[y];
    if (!p || p.status === 'complete' || p.narrative) continue;
    const why = p.status === 'in-progress-revised' ? ' and why its timescale was revised' : p.status === 'outstanding' ? ' and why it is outstanding' : '';
    // Named as the report names it: by the plan's number, else by its words (never a slug).
    const name = publicNumber(w.item.id, w.level) ? numbered(w.level, w.item.id) : `${capital(w.level)} '${clip(w.item.title, 50)}'`;
    add(`${name}: a sentence of progress${why} in ${y}`, [...w.path, 'progress', y, 'narrative'], `Add narrative: under progress › ${y} of ${w.name}, saying what was done${why}.`);
  }
  // A report cannot use figures or documents published after it.
  if (rep?.published) {
    for (const [i, s] of (ctx.plan.data ?? []).entries())
      if (s.provenance.published && s.provenance.published > rep.published)
        add(`'${s.provenance.title}' was published on ${ctx.longDate(s.provenance.published)}, after this report (${ctx.longDate(rep.published)})`, ['data', i, 'provenance', 'published'], 'Use the figures published before the report, or publish the report later.');
    for (const [i, d] of (ctx.plan.documents ?? []).entries())
      if (d.published && d.published > rep.published)
        add(`'${d.title}' was published on ${ctx.longDate(d.published)}, after this report (${ctx.longDate(rep.published)})`, ['documents', i, 'published'], 'Quote only documents published before the report, or publish the report later.');
  }
  return gaps;
}

/** A place in the plan in words: `reports › 2024-25 › foreword › file` → "foreword". */
function describePath(path: (string | number)[]): string {
  const words = path.filter((p, i) => typeof p === 'string' && p !== 'file' && !(p === 'reports' && i === 0) && !/^\d{4}-\d{2}$/.test(p)).map((p) => String(p).replace(/_/g, ' '));
  return words.join(', ') || 'the plan';
}

/** Whether a sign-off names a person: not a role ("Chair of the Board"), a body, or a stand-in. */
export function namesAPerson(name: string): boolean {
  const n = name.trim();
  if (/\b(illustrative|TBC|TBA|FILL IN)\b|\(/i.test(n)) return false;
  if (/^(the\s+)?(chair|convener|vice[- ]chair|chief officer|manager|lead officer)\b/i.test(n)) return false;
  if (/\b(board|partnership|council|committee|group)\b/i.test(n)) return false;
  return /\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(n) || /\s/.test(n);
}
