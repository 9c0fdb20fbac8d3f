import { PROGRESS_STATUSES, type PlanItem } from '../../core/plan-schema.js';
import { dueDateOf } from '../../core/years.js';
import { capital, numbered, plural, publicNumber } from '../../core/words.js';
import type { ProgressView, StructureNode } from '../types.js';
import { NOT_REPORTED, type ReportContext } from './context.js';
import { evidenceView } from './outcomes.js';

const ORDER = ['complete', 'in-progress', 'in-progress-revised', 'not-started', 'outstanding', 'not-reported'] as const;

/** The plan's own structure with this year's progress (each action in full, once), counts by status, and what is overdue. */
export function buildProgress(ctx: ReportContext): ProgressView {
  const progressOf = (item: PlanItem) => item.progress?.[ctx.label];
  const walked = new Map(ctx.items.map((w) => [w.item, w]));
  const byId = new Map(ctx.items.filter((w) => w.item.id !== undefined).map((w) => [w.item.id!, w]));
  const lowest = Math.max(0, ...ctx.reportable.map((w) => w.depth));
  // An item in a list: its level and number ("Deliverable 1.2"), or its title when the plan numbers it not.
  const nameOf = (w: (typeof ctx.items)[number]) => (publicNumber(w.item.id, w.level) ? numbered(ctx.plan.plan.levels[w.depth - 1] ?? 'item', w.item.id) : w.item.title);
  const toNode = (item: PlanItem, depth: number): StructureNode => {
    const p = progressOf(item);
    const w = walked.get(item)!;
    const leadNames = (item.lead ?? []).map(ctx.partyName);
    const supportNames = (item.support ?? []).map(ctx.partyName);
    const children = (item.items ?? []).map((c) => toNode(c, depth + 1));
    const level = ctx.plan.plan.levels[depth - 1] ?? 'item';
    const number = publicNumber(item.id, level) ?? '';
    const node: StructureNode = {
      id: item.id ?? '',
      number,
      heading: `${capital(level)}${number ? ` ${number}` : ''}: ${item.title}`,
      anchor: ctx.anchorOf(w.key),
      title: item.title,
      level,
      depth,
      description: ctx.text(item.description),
      lead: item.responsibility ?? (leadNames.length ? leadNames.join('; ') : undefined),
      support: supportNames.length ? supportNames.join('; ') : undefined,
      due: item.due && ctx.longDate(item.due),
      impact: item.impact ?? [],
      measures: item.measures ?? [],
      evidence: (item.evidence ?? []).filter((e) => !e.year || e.year <= ctx.label).map((e) => evidenceView(ctx, e)),
      see: (item.see ?? []).filter((id) => byId.has(id)).map((id) => ({ id, name: nameOf(byId.get(id)!), anchor: ctx.anchorOf(id), title: byId.get(id)!.item.title })),
      links: linksOf(ctx, item),
      status: p ? PROGRESS_STATUSES[p.status] : undefined,
      revisedDue: p?.status === 'in-progress-revised' && p.revised_due ? ctx.longDate(p.revised_due) : undefined,
      narrative: ctx.text(p?.narrative),
      illustrative: Boolean(p?.illustrative),
      children,
    };
    // An item above the lowest level with nothing under it says so, rather than leave a bare heading.
    if (!children.length && depth < lowest) node.nothingUnder = `The plan sets out no ${plural(ctx.plan.plan.levels[depth] ?? 'item')} under this ${node.level}.`;
    // Items of the lowest level are drawn as rows of their parent's table, wherever they sit; items of
    // any other level as sections, with or without items under them.
    if (children.length && depth + 1 === lowest) {
      node.columns = {
        number: children.some((c) => c.id !== ''),
        lead: children.some((c) => c.lead || c.support),
        detail: children.some((c) => c.impact.length || c.measures.length || c.due || c.description || c.see.length),
        status: children.some((c) => c.status || c.narrative),
      };
    }
    return node;
  };

  const counts = new Map<string, number>();
  for (const w of ctx.reportable) {
    const s = progressOf(w.item)?.status ?? 'not-reported';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }

  const yearEnd = `${ctx.year + 1}-03-31`;
  const overdue = ctx.reportable
    .map((w) => {
      const p = progressOf(w.item);
      // A due date given once on a parent is the due date of each item under it that has none.
      const due = p?.revised_due ?? w.inherited.due;
      return { w, p, due, date: due ? dueDateOf(due) : undefined };
    })
    .filter(({ p, date }) => date !== undefined && date <= yearEnd && p?.status !== 'complete')
    .map(({ w, p, due }) => ({ id: w.item.id ?? '', name: nameOf(w), title: w.item.title, anchor: ctx.anchorOf(w.key), due: ctx.longDate(due!), status: p ? PROGRESS_STATUSES[p.status] : NOT_REPORTED }));

  // When every item's progress is illustrative, the report says so once (in its opening notice),
  // not beside each item; marks beside items are kept where real and invented progress are mixed.
  const structure = ctx.plan.structure.map((i) => toNode(i, 1));
  const reported = ctx.reportable.map((w) => progressOf(w.item)).filter(Boolean);
  if (reported.length && reported.every((p) => p!.illustrative)) {
    const clear = (n: StructureNode) => {
      n.illustrative = false;
      n.children.forEach(clear);
    };
    structure.forEach(clear);
  }

  return {
    counts: ORDER.filter((s) => counts.has(s)).map((s) => ({ status: s, label: s === 'not-reported' ? NOT_REPORTED : PROGRESS_STATUSES[s], count: counts.get(s)! })),
    total: ctx.reportable.length,
    structure,
    overdue,
  };
}

/** The framework priority actions (or priorities) and the indicators an item is linked to, with their titles. */
function linksOf(ctx: ReportContext, item: PlanItem): StructureNode['links'] {
  // An item that is itself the framework's priority action (same id or wording) does not list it again.
  const same = (a: string, b: string) => a.replace(/\W+/g, '').toLowerCase() === b.replace(/\W+/g, '').toLowerCase();
  const pas = (item.priority_actions ?? [])
    .map((id) => ({ id, name: numbered(ctx.labels.priority_action, id), title: ctx.framework.priority_actions.find((p) => p.id === id)?.title ?? id }))
    .filter((p) => p.id !== item.id && !same(p.title, item.title));
  const locals = new Map((ctx.plan.local_indicators ?? []).map((l) => [l.id, l.title]));
  const indicators = (item.indicators ?? []).map((id) => {
    const national = ctx.framework.indicators.find((i) => i.id === id);
    // A local indicator is known by its title alone.
    return national ? { id, name: numbered(ctx.labels.indicator, id), title: national.title } : { id, name: locals.get(id) ?? id, title: locals.get(id) ?? id };
  });
  return { priorityActions: pas, indicators, priorityLabel: 'Linked to', indicatorLabel: 'Measured by' };
}
