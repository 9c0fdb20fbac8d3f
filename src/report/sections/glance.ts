import type { GlanceRow, OutcomeSection } from '../types.js';

/** One row per outcome: self-assessment, movement of its indicator measures, and how many actions serve it. */
export function buildGlance(outcomes: OutcomeSection[]): GlanceRow[] {
  return outcomes.map((o) => {
    const ms = o.indicators.flatMap((i) => i.measures);
    const n = (t: string) => ms.filter((m) => m.travel === t).length;
    const parts = (['improving', 'worsening', 'broadly stable', 'no change', 'not judged'] as const).map((t) => [t, n(t)] as const).filter(([, c]) => c > 0);
    const unknown = n('unknown');
    const movement = !ms.length ? 'no national indicator' : [...parts.map(([t, c]) => `${c} ${t}`), ...(unknown ? [`${unknown} without two years’ figures`] : [])].join(', ');
    return { outcome: o.id, number: o.name.replace(/^Outcome ?/, ''), title: o.title, selfAssessment: o.selfAssessment, movement, actions: o.actions.total };
  });
}
