import type { Framework } from '../core/framework-schema.js';
import { suggest, type PathFinding } from '../core/findings.js';

/** Check a framework's internal links: ids unique, references known. */
export function validateFrameworkLinks(f: Framework): PathFinding[] {
  const out: PathFinding[] = [];
  const outcomes = f.outcomes.map((o) => o.id);
  const pas = f.priority_actions.map((p) => p.id);
  const dup = (list: { id: string }[], key: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) out.push({ severity: 'error', code: 'duplicate-id', message: `Duplicate id '${x.id}' in ${key}.`, hint: 'Give each item its own id.', path: [key, i, 'id'], at: 'value' });
      seen.add(x.id);
    });
  };
  dup(f.aims, 'aims');
  dup(f.priority_actions, 'priority_actions');
  dup(f.outcomes, 'outcomes');
  dup(f.indicators, 'indicators');
  const ref = (id: string, known: string[], what: string, path: (string | number)[]) => {
    if (!known.includes(id)) out.push({ severity: 'error', code: 'unknown-reference', message: `Unknown ${what} '${id}'.`, hint: suggest(id, known, `${what} ids`), path, at: 'value' });
  };
  f.aims.forEach((a, i) => a.priority_actions.forEach((p, j) => ref(p, pas, 'priority action', ['aims', i, 'priority_actions', j])));
  f.priority_actions.forEach((p, i) => p.outcomes.forEach((o, j) => ref(o, outcomes, 'outcome', ['priority_actions', i, 'outcomes', j])));
  f.indicators.forEach((ind, i) => {
    if (ind.outcome) ref(ind.outcome, outcomes, 'outcome', ['indicators', i, 'outcome']);
    const ms = ind.measures.map((m) => m.id);
    ind.measures.forEach((m, j) => {
      if (m.not_above) ref(m.not_above, ms, `measure of ${ind.id}`, ['indicators', i, 'measures', j, 'not_above']);
    });
  });
  return out;
}
