import type { AreaIndex } from '../core/areas.js';
import { suggest, type PathFinding } from '../core/findings.js';
import { frameworkLabels, type Framework } from '../core/framework-schema.js';
import { STATUTORY_TYPES, type Plan, type PlanItem } from '../core/plan-schema.js';
import { dueDateOf, parseFinancialYear } from '../core/years.js';
import { capital, clip, controlCharacterIn, itemName } from '../core/words.js';
import { insideHint, type InsideCheck } from '../read/inside.js';

/** What plan rules need: the typed plan, its raw value, its framework and a file check. */
export interface PlanRuleContext {
  plan: Plan;
  raw: unknown;
  framework: Framework;
  areas: AreaIndex;
  /** Whether a path relative to the plan folder is a readable file inside it. */
  fileStatus(rel: string): InsideCheck;
  /** The text of a file that fileStatus found readable (its resolved path), or why it is not text. */
  readText(file: string): { text: string } | { problem: string; hint: string };
}

export type PlanRule = (ctx: PlanRuleContext) => PathFinding[];

/** Text that marks a value still to be filled in (written by `cjoip init`). */
/** Text still to write: cjoip init's FILL IN, and the TBC, TBA, TBD and "to be confirmed" of a plan in the making. */
export const PLACEHOLDER = /\bFILL IN\b|\b(?:TBC|TBA|TBD)\b|\bto be (?:confirmed|advised|decided)\b/i;
/** The placeholder in a text, as it is written there. */
const placeholderIn = (s: string) => PLACEHOLDER.exec(s)?.[0] ?? 'FILL IN';

export interface WalkedItem {
  item: PlanItem;
  path: (string | number)[];
  depth: number;
  parents: PlanItem[];
  /** A stable key: the item's id, or one made from its place in the tree when the plan gives it none. */
  key: string;
  /** The plan's word for the item's level ("action"), from plan.levels. */
  level: string;
  /** The item as messages name it: "Action 1.2", or "the 3rd action under Outcome WD1: 'Develop an improved…'". */
  name: string;
  /** Lead, responsibility and due date: the item's own, or those given once on the nearest parent. */
  inherited: { lead?: PlanItem['lead']; responsibility?: string; due?: string };
}


/** Every item of the plan's structure with its path, depth (1 = top level), key and name for messages. */
export function walkItems(structure: PlanItem[], levels: string[] = []): WalkedItem[] {
  const out: WalkedItem[] = [];
  const go = (items: PlanItem[], path: (string | number)[], depth: number, parents: PlanItem[], parent?: WalkedItem) =>
    items.forEach((item, i) => {
      const p = [...path, i];
      const level = levels[depth - 1] ?? 'item';
      const parentName = parent ? (parent.item.id !== undefined ? parent.name : `${parent.level} '${clip(parent.item.title, 40)}'`) : undefined;
      const w: WalkedItem = {
        item,
        path: p,
        depth,
        parents,
        key: item.id ?? `n${p.filter((x) => typeof x === 'number').map((x) => Number(x) + 1).join('-')}`,
        level,
        name: itemName(level, item.id, i + 1, item.title, parentName),
        inherited: {
          lead: item.lead ?? parent?.inherited.lead,
          responsibility: item.responsibility ?? (item.lead ? undefined : parent?.inherited.responsibility),
          due: item.due ?? parent?.inherited.due,
        },
      };
      out.push(w);
      if (item.items) go(item.items, [...p, 'items'], depth + 1, [...parents, item], w);
    });
  go(structure, ['structure'], 1, []);
  return out;
}

/** A message about an item, opening with the item's name: "Action 1.2: unknown indicator 'X'." */
const about = (w: WalkedItem, message: string) => `${capital(w.name)}: ${message[0].toLowerCase()}${message.slice(1)}`;

const err = (code: string, message: string, hint: string, path: (string | number)[], at: 'key' | 'value' = 'value'): PathFinding => ({ severity: 'error', code, message, hint, path, at });
const warn = (code: string, message: string, hint: string, path: (string | number)[], at: 'key' | 'value' = 'value'): PathFinding => ({ severity: 'warning', code, message, hint, path, at });

function indicatorIds(ctx: PlanRuleContext): string[] {
  return [...ctx.framework.indicators.map((i) => i.id), ...(ctx.plan.local_indicators ?? []).map((i) => i.id)];
}

/** Links to outcomes, priority actions and indicators must exist in the plan's framework. */
export const checkLinks: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  const fw = ctx.framework;
  const outcomes = fw.outcomes.map((o) => o.id);
  const pas = fw.priority_actions.map((p) => p.id);
  const inds = indicatorIds(ctx);
  const labels = frameworkLabels(fw);
  const check = (ids: string[] | undefined, known: string[], code: string, what: string, path: (string | number)[], w?: WalkedItem) =>
    ids?.forEach((id, j) => {
      if (!known.includes(id)) {
        const message = `Unknown ${what} '${id}' for framework ${fw.id}.`;
        out.push(err(code, w ? about(w, message) : message, `${suggest(id, known, `${what} ids`)} \`cjoip framework ${fw.id}\` lists them.`, [...path, j]));
      }
    });
  for (const w of walkItems(ctx.plan.structure, ctx.plan.plan.levels)) {
    const { item, path } = w;
    check(item.outcomes, outcomes, 'unknown-outcome', 'outcome', [...path, 'outcomes'], w);
    check(item.priority_actions, pas, 'unknown-priority-action', labels.priority_action, [...path, 'priority_actions'], w);
    check(item.indicators, inds, 'unknown-indicator', 'indicator', [...path, 'indicators'], w);
  }
  for (const id of Object.keys(ctx.plan.national_indicators ?? {}))
    if (!fw.indicators.some((i) => i.id === id))
      out.push(err('unknown-indicator', `Unknown national indicator '${id}' for framework ${fw.id}.`, `${suggest(id, fw.indicators.map((i) => i.id), 'indicator ids')} \`cjoip framework ${fw.id}\` lists them.`, ['national_indicators', id], 'key'));
  ctx.plan.local_indicators?.forEach((li, i) => check(li.outcomes, outcomes, 'unknown-outcome', 'outcome', ['local_indicators', i, 'outcomes']));
  for (const [year, rep] of Object.entries(ctx.plan.reports ?? {})) {
    for (const oid of Object.keys(rep.outcomes ?? {})) {
      if (!outcomes.includes(oid))
        out.push(err('unknown-outcome', `Unknown outcome '${oid}' for framework ${fw.id}.`, suggest(oid, outcomes, 'outcome ids'), ['reports', year, 'outcomes', oid], 'key'));
    }
    rep.case_studies?.forEach((cs, i) => check(cs.outcomes, outcomes, 'unknown-outcome', 'outcome', ['reports', year, 'case_studies', i, 'outcomes']));
    const local = (ctx.plan.local_indicators ?? []).map((l) => l.id);
    const evid = (list: { indicator?: string }[] | undefined, path: (string | number)[]) =>
      list?.forEach((e, i) => {
        if (e.indicator && !local.includes(e.indicator))
          out.push(err('unknown-indicator', `Unknown local indicator '${e.indicator}'.`, suggest(e.indicator, local, 'local indicator ids'), [...path, i, 'indicator']));
      });
    evid(rep.local_evidence, ['reports', year, 'local_evidence']);
    for (const [oid, o] of Object.entries(rep.outcomes ?? {})) evid(o.evidence, ['reports', year, 'outcomes', oid, 'evidence']);
  }
  return out;
};

/** Ids must be unique within their kind. */
export const checkDuplicateIds: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  const dup = (entries: { id: string; path: (string | number)[] }[], what: string) => {
    const seen = new Map<string, (string | number)[]>();
    for (const e of entries) {
      if (seen.has(e.id)) out.push(err('duplicate-id', `Duplicate ${what} id '${e.id}'.`, `Each ${what} needs its own id; the first is at ${seen.get(e.id)!.join('.')}.`, [...e.path, 'id']));
      else seen.set(e.id, e.path);
    }
  };
  dup(walkItems(ctx.plan.structure).flatMap((w) => (w.item.id === undefined ? [] : [{ id: w.item.id, path: w.path }])), 'item');
  dup(ctx.plan.partnership.partners.map((p, i) => ({ id: p.id, path: ['partnership', 'partners', i] })), 'partner');
  dup((ctx.plan.partnership.groups ?? []).map((g, i) => ({ id: g.id, path: ['partnership', 'groups', i] })), 'group');
  dup((ctx.plan.local_indicators ?? []).map((l, i) => ({ id: l.id, path: ['local_indicators', i] })), 'local indicator');
  dup((ctx.plan.data ?? []).map((s, i) => ({ id: s.id, path: ['data', i] })), 'data source');
  const national = new Set(ctx.framework.indicators.map((i) => i.id));
  ctx.plan.local_indicators?.forEach((l, i) => {
    if (national.has(l.id)) out.push(err('duplicate-id', `Local indicator id '${l.id}' is also a national indicator of ${ctx.framework.id}.`, 'Choose another id, e.g. L1.', ['local_indicators', i, 'id']));
  });
  return out;
};

/** Leads and supporters must be declared partners or groups; cross-references must name items; groups may not report in a loop. */
export const checkPartners: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  const partners = ctx.plan.partnership.partners.map((p) => p.id);
  const groups = (ctx.plan.partnership.groups ?? []).map((g) => g.id);
  const both = [...partners, ...groups];
  const known = (id: string, list: string[], what: string, role: 'lead' | 'support', path: (string | number)[]) => {
    if (list.includes(id)) return;
    const near = list.length ? `${suggest(id, list, `${what} ids`)} Or declare it` : 'Declare it';
    const under = what === 'group' ? 'partnership.groups' : what === 'partner' ? 'partnership.partners' : 'partnership.partners (or partnership.groups)';
    out.push(err('unknown-partner', `${role === 'lead' ? 'Lead' : 'Supporting'} ${what === 'group' ? 'group' : 'partner'} '${clip(id)}' is not declared under ${under}.`, `${near} under ${under}.`, path));
  };
  const walked = walkItems(ctx.plan.structure, ctx.plan.plan.levels);
  const itemIds = walked.flatMap((w) => (w.item.id === undefined ? [] : [w.item.id]));
  for (const w of walked) {
    const { item, path } = w;
    for (const role of ['lead', 'support'] as const) {
      item[role]?.forEach((ref, j) => {
        const at = [...path, role, j];
        const before = out.length;
        if (typeof ref === 'string') known(ref, both, 'partner or group', role, at);
        else if (ref.partner !== undefined && ref.group !== undefined)
          out.push(err('lead-partner-and-group', `A ${role} entry names both a partner and a group.`, 'Give one of partner: or group:, and write a second entry for the other.', at));
        else if (ref.partner !== undefined) known(ref.partner, partners, 'partner', role, [...at, 'partner']);
        else if (ref.group !== undefined) known(ref.group, groups, 'group', role, [...at, 'group']);
        else
          out.push(err('lead-without-partner', `A ${role} entry names ${ref.person ? `${clip(ref.person)} but not` : 'neither'} the partner or group.`, `Write { partner: ${partners[0] ?? 'partner-id'}${ref.person ? `, person: ${JSON.stringify(clip(ref.person))}` : ''} } (or group: instead of partner:).`, at));
        for (const f of out.slice(before)) f.message = about(w, f.message);
      });
    }
    item.see?.forEach((id, j) => {
      if (id === item.id) out.push(err('see-self', about(w, 'It refers to itself in see:.'), 'Remove it, or name another item.', [...path, 'see', j]));
      else if (!itemIds.includes(id)) out.push(err('unknown-item', about(w, `It refers to '${clip(id)}', which is not an item of the plan.`), suggest(id, itemIds, 'item ids'), [...path, 'see', j]));
    });
  }
  const reportsTo = new Map((ctx.plan.partnership.groups ?? []).map((g) => [g.id, g.reports_to]));
  ctx.plan.partnership.groups?.forEach((g, i) => {
    const at = ['partnership', 'groups', i, 'reports_to'];
    if (g.reports_to === undefined) return;
    if (!groups.includes(g.reports_to)) return out.push(err('unknown-group', `Group '${g.id}' reports to unknown group '${clip(g.reports_to)}'.`, suggest(g.reports_to, groups, 'group ids'), at));
    if (g.reports_to === g.id) return out.push(err('group-loop', `Group '${g.id}' reports to itself.`, 'Name the group it reports to, or leave reports_to out for the top group.', at));
    // Follow the chain; a loop is reported once, at the group of the loop that is declared first.
    const chain = [g.id];
    for (let next: string | undefined = g.reports_to; next !== undefined && groups.includes(next); next = reportsTo.get(next)) {
      if (next === g.id) {
        if (chain.every((c) => groups.indexOf(c) >= i)) out.push(err('group-loop', `Groups report to each other in a loop: ${[...chain, g.id].join(' → ')}.`, 'One group of the loop must report to none (the top group) or to a group outside it.', at));
        break;
      }
      if (chain.includes(next)) break;
      chain.push(next);
    }
  });
  return out;
};

/** The plan period must be well formed; due dates, progress and report years must fall inside it. */
export const checkYears: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  const { start, end } = ctx.plan.plan.period;
  const s = parseFinancialYear(start);
  const e = parseFinancialYear(end);
  if (s === undefined) return [err('invalid-year', `'${start}' is not a financial year.`, 'Write YYYY-YY with consecutive years, e.g. 2024-25.', ['plan', 'period', 'start'])];
  if (e === undefined) return [err('invalid-year', `'${end}' is not a financial year.`, 'Write YYYY-YY with consecutive years, e.g. 2028-29.', ['plan', 'period', 'end'])];
  if (e < s) return [err('period-reversed', `The plan period ends (${end}) before it starts (${start}).`, 'Swap start and end.', ['plan', 'period'], 'key')];
  const startDate = `${s}-04-01`;
  const endDate = `${e + 1}-03-31`;
  const yearOk = (y: string) => {
    const fy = parseFinancialYear(y);
    return fy !== undefined && fy >= s && fy <= e;
  };
  for (const w of walkItems(ctx.plan.structure, ctx.plan.plan.levels)) {
    const { item, path } = w;
    if (item.due) {
      const due = dueDateOf(item.due);
      if (!due) out.push(err('invalid-date', `'${item.due}' is not a date or financial year.`, 'Write YYYY-MM-DD, YYYY-MM or YYYY-YY.', [...path, 'due']));
      else if (due < startDate || due > endDate)
        out.push(warn('due-outside-period', about(w, `It is due ${item.due}, outside the plan period ${start} to ${end}.`), 'Check the date, or extend plan.period.', [...path, 'due']));
    }
    for (const [year, p] of Object.entries(item.progress ?? {})) {
      if (!yearOk(year)) out.push(err('year-outside-period', about(w, `Progress for ${year} is outside the plan period ${start} to ${end}.`), 'Report progress only for years of the plan.', [...path, 'progress', year], 'key'));
      if (p.revised_due && !dueDateOf(p.revised_due)) out.push(err('invalid-date', `'${p.revised_due}' is not a date or financial year.`, 'Write YYYY-MM-DD, YYYY-MM or YYYY-YY.', [...path, 'progress', year, 'revised_due']));
    }
  }
  for (const year of Object.keys(ctx.plan.reports ?? {})) {
    if (!yearOk(year)) out.push(err('year-outside-period', `Report content for ${year} is outside the plan period ${start} to ${end}.`, 'Check the year key.', ['reports', year], 'key'));
  }
  return out;
};

/** Items may not nest deeper than the levels the plan names. */
export const checkDepth: PlanRule = (ctx) =>
  walkItems(ctx.plan.structure, ctx.plan.plan.levels)
    .filter((w) => w.depth > ctx.plan.plan.levels.length)
    .map((w) =>
      err('too-deep', about(w, `It is at level ${w.depth}, but plan.levels names only ${ctx.plan.plan.levels.length}.`), 'Add a name for this level to plan.levels, or move the item up.', [...w.path, w.item.id === undefined ? 'title' : 'id']),
    );

/** Each outcome of the framework should be addressed by at least one item (directly or via a priority action). */
export const checkOutcomesCovered: PlanRule = (ctx) => {
  const covered = new Set<string>();
  const paOutcomes = new Map(ctx.framework.priority_actions.map((p) => [p.id, p.outcomes]));
  for (const { item } of walkItems(ctx.plan.structure)) {
    item.outcomes?.forEach((o) => covered.add(o));
    item.priority_actions?.forEach((p) => paOutcomes.get(p)?.forEach((o) => covered.add(o)));
  }
  if (covered.size === 0)
    return [
      warn(
        'no-outcome-links',
        `No item of the plan is linked to a nationally determined outcome of ${ctx.framework.id}, so the report cannot show local actions under each outcome.`,
        `Add outcomes: [${ctx.framework.outcomes[0]?.id ?? 'O1'}] to each item that works towards an outcome${ctx.framework.priority_actions[0] ? ` (or priority_actions: [${ctx.framework.priority_actions[0].id}] for a ${frameworkLabels(ctx.framework).priority_action})` : ''}; \`cjoip framework ${ctx.framework.id}\` lists the ids.`,
        ['structure'],
        'key',
      ),
    ];
  return ctx.framework.outcomes
    .filter((o) => !covered.has(o.id))
    .map((o) => warn('outcome-not-addressed', `No item of the plan addresses outcome ${o.id} (${o.title}).`, `Link at least one item to it with outcomes: [${o.id}].`, ['structure'], 'key'));
};

/** Every statutory partner type should be represented in the partnership. */
export const checkStatutoryPartners: PlanRule = (ctx) => {
  const have = new Set(ctx.plan.partnership.partners.map((p) => p.statutory).filter(Boolean));
  return (Object.keys(STATUTORY_TYPES) as (keyof typeof STATUTORY_TYPES)[])
    .filter((t) => !have.has(t))
    .map((t) => warn('missing-statutory-partner', `No partner has statutory type '${t}' (${STATUTORY_TYPES[t]}).`, `Add the partner with statutory: ${t}.`, ['partnership', 'partners'], 'key'));
};

/** The Act requires a participation statement. */
export const checkParticipation: PlanRule = (ctx) =>
  ctx.plan.participation
    ? []
    : [warn('no-participation-statement', 'The plan has no participation statement.', 'Add participation: with how third sector and community bodies were involved (s.10 of the Act requires one).', [], 'key')];

/** Council areas must be GSS codes or known names. */
export const checkAreas: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  ctx.plan.partnership.areas.forEach((a, i) => {
    const code = ctx.areas.resolve(a);
    if (!code || ctx.areas.isScotland(code))
      out.push(err('unknown-area', `'${a}' is not a Scottish council area name or GSS code.`, suggest(a, ctx.areas.names(), 'council areas'), ['partnership', 'areas', i]));
  });
  return out;
};

/**
 * Visit every value of the plan as written, depth first. `path` is the live path to the value (copy
 * it to keep it); `visit` returns false to leave an object's or list's members unvisited. One path is
 * kept and changed as the walk goes: a plan has thousands of values, and the rules walk it at every run.
 */
function eachValue(v: unknown, visit: (v: unknown, path: (string | number)[]) => boolean | void, path: (string | number)[] = []): void {
  if (visit(v, path) === false) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      eachValue(v[i], visit, path);
      path.pop();
    }
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      path.push(k);
      eachValue((v as Record<string, unknown>)[k], visit, path);
      path.pop();
    }
  }
}

/** Markdown files referenced with { file: … } must exist inside the plan's folder. */
export const checkTextFiles: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  eachValue(ctx.raw, (v, path) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return;
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== 'file' || typeof (v as { file: unknown }).file !== 'string') return;
    const rel = (v as { file: string }).file;
    const at = [...path, 'file'];
    const st = ctx.fileStatus(rel);
    if (!st.ok) {
      const code = st.problem === 'outside' ? 'file-outside-plan' : st.problem === 'missing' ? 'file-missing' : `file-${st.problem}`;
      out.push(err(code, `'${clip(rel)}' cannot be used: ${st.detail}.`, insideHint(st.problem, 'narrative files'), at));
      return false;
    }
    const read = ctx.readText(st.file);
    if (!('text' in read)) {
      out.push(err('file-not-text', `'${clip(rel)}' cannot be used: ${read.problem}.`, read.hint, at));
      return false;
    }
    const text = read.text;
    if (PLACEHOLDER.test(text)) out.push(warn('placeholder', `Still to fill in: ${rel}`, `Replace the ${placeholderIn(text)} text in ${rel} with the real content.`, at));
    const control = controlCharacterIn(text);
    if (control) out.push(warn('control-character', `${clip(rel)} holds a control character (${control}), which no report can show; it is left out of every report.`, `Delete the character from ${rel} (an editor may show it as a box or as ^G).`, at));
    return false;
  });
  return out;
};

/** Placeholders left by `cjoip init` are warnings until filled. */
export const checkPlaceholders: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  eachValue(ctx.raw, (v, path) => {
    if (typeof v === 'string' && PLACEHOLDER.test(v)) out.push(warn('placeholder', `Still to fill in: ${clip(v)}`, `Replace '${placeholderIn(v)}' with the real content (the name, date or words it stands for).`, [...path]));
  });
  return out;
};

/** Control characters (pasted from other programs) cannot be shown in any report: each is named, and left out. */
export const checkControlCharacters: PlanRule = (ctx) => {
  const out: PathFinding[] = [];
  eachValue(ctx.raw, (v, path) => {
    const control = typeof v === 'string' && controlCharacterIn(v);
    if (control) out.push(warn('control-character', `The text holds a control character (${control}), which no report can show; it is left out of every report.`, 'Delete the character (an editor may show it as a box or as ^G), or write the text again.', [...path]));
  });
  return out;
};

/** The plan rules, in the order their findings are reported. */
export const PLAN_RULES: PlanRule[] = [
  checkAreas,
  checkYears,
  checkDuplicateIds,
  checkDepth,
  checkLinks,
  checkPartners,
  checkTextFiles,
  checkOutcomesCovered,
  checkStatutoryPartners,
  checkParticipation,
  checkPlaceholders,
  checkControlCharacters,
];
