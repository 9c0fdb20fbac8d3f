import { PROGRESS_STATUSES, type PlanItem } from '../../core/plan-schema.js';
import { dueDateOf } from '../../core/years.js';
import type { ProgressView, StructureNode } from '../types.js';
import { NOT_REPORTED, type ReportContext } from './context.js';
import { evidenceView } from './outcomes.js';

const ORDER = ['complete', 'in-progress', 'in-progress-revised', 'not-started', 'outstanding', 'not-reported'] as const;

/** The plan's own structure with this year's progress (each action in full, once), counts by status, and what is overdue. */
export function buildProgress(ctx: ReportContext): ProgressView {
  const progressOf = (item: PlanItem) => item.progress?.[ctx.label];
  const toNode = (item: PlanItem, depth: number): StructureNode => {
    const p = progressOf(item);
    const leadNames = (item.lead ?? []).map(ctx.partyName);
    const supportNames = (item.support ?? []).map(ctx.partyName);
    const byId = new Map(ctx.items.map((w) => [w.item.id, w.item]));
    const children = (item.items ?? []).map((c) => toNode(c, depth + 1));
    const node: StructureNode = {
      id: item.id,
      anchor: ctx.anchorOf(item.id),
      title: item.title,
      level: ctx.plan.plan.levels[depth - 1] ?? 'item',
      depth,
      description: ctx.text(item.description),
      lead: item.responsibility ?? (leadNames.length ? leadNames.join('; ') : undefined),
      support: supportNames.length ? supportNames.join('; ') : undefined,
      due: item.due,
      impact: item.impact ?? [],
      measures: item.measures ?? [],
      evidence: (item.evidence ?? []).filter((e) => !e.year || e.year <= ctx.label).map((e) => evidenceView(ctx, e)),
      see: (item.see ?? []).filter((id) => byId.has(id)).map((id) => ({ id, anchor: ctx.anchorOf(id), title: byId.get(id)!.title })),
      status: p ? PROGRESS_STATUSES[p.status] : undefined,
      revisedDue: p?.status === 'in-progress-revised' ? p.revised_due : undefined,
      narrative: ctx.text(p?.narrative),
      illustrative: Boolean(p?.illustrative),
      children,
    };
    if (children.length && children.every((c) => !c.children.length)) {
      node.columns = {
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
      const due = p?.revised_due ?? w.item.due;
      return { w, p, due, date: due ? dueDateOf(due) : undefined };
    })
    .filter(({ p, date }) => date !== undefined && date <= yearEnd && p?.status !== 'complete')
    .map(({ w, p, due }) => ({ id: w.item.id, anchor: ctx.anchorOf(w.item.id), due: due!, status: p ? PROGRESS_STATUSES[p.status] : NOT_REPORTED }));

  return {
    counts: ORDER.filter((s) => counts.has(s)).map((s) => ({ status: s, label: s === 'not-reported' ? NOT_REPORTED : PROGRESS_STATUSES[s], count: counts.get(s)! })),
    total: ctx.reportable.length,
    structure: ctx.plan.structure.map((i) => toNode(i, 1)),
    overdue,
  };
}
