import { CjoipError, EXIT } from '../core/errors.js';
import { suggest } from '../core/findings.js';
import { frameworkLabels, type Framework } from '../core/framework-schema.js';
import { builtInFrameworkIds, frameworkFileFor, readBuiltInFramework, readFrameworkFile } from '../read/read-framework.js';
import { displayPath } from '../read/load-plan.js';
import { plural } from '../core/words.js';
import type { Io } from './io.js';

const tag = (status: string) => (status === 'verified' ? '' : ` [${status}]`);

/** A framework as text an officer can look ids up in. */
export function renderFrameworkText(f: Framework): string {
  const L = frameworkLabels(f);
  const out: string[] = [`${f.id}: ${f.title}${tag(f.status)}`, `Source: ${f.source}`, ''];
  if (f.aims.length) {
    out.push(`${plural(L.aim)} and ${plural(L.priority_action)}`.toUpperCase());
    for (const a of f.aims) {
      out.push(`  ${a.id}  ${a.title}${tag(a.status)}`);
      for (const pid of a.priority_actions) {
        const p = f.priority_actions.find((x) => x.id === pid);
        if (p) out.push(`    ${p.id.padEnd(5)} ${p.title}${tag(p.status)}`, `          → outcomes: ${p.outcomes.join(', ') || 'none of its own'}${p.outcomes_status && p.outcomes_status !== 'verified' ? ` (link ${p.outcomes_status})` : ''}`);
      }
    }
    out.push('');
  } else if (f.priority_actions.length) {
    out.push(plural(L.priority_action).toUpperCase());
    for (const p of f.priority_actions) out.push(`  ${p.id.padEnd(5)} ${p.title}${tag(p.status)} → ${p.outcomes.join(', ') || '—'}${p.outcomes_status && p.outcomes_status !== 'verified' ? ` (link ${p.outcomes_status})` : ''}`);
    out.push('');
  }
  out.push(plural(L.outcome).toUpperCase());
  for (const o of f.outcomes) out.push(`  ${o.id.padEnd(4)} ${o.title}${o.kind ? ` (${o.kind})` : ''}${tag(o.status)}`);
  out.push('');
  if (f.indicators.length) {
    out.push(`${plural(L.indicator).toUpperCase()} (measure ids after the dot; unit; desired direction)`);
    for (const i of f.indicators) {
      out.push(`  ${i.id.padEnd(5)} ${i.title}${i.outcome ? ` → ${i.outcome}` : ''}${tag(i.status)}`);
      for (const m of i.measures) out.push(`        ${i.id}.${m.id}: ${m.title} (${m.unit}, ${m.direction === 'up' ? 'rise is better' : m.direction === 'down' ? 'fall is better' : 'no desired direction'})${tag(m.status ?? 'verified')}`);
    }
  }
  return out.join('\n') + '\n';
}

/** `cjoip framework [id]`: list frameworks or show one. */
export async function runFramework(id: string | undefined, opts: { json?: boolean }, io: Io): Promise<number> {
  const ids = builtInFrameworkIds();
  if (!id) {
    const list = ids.map((i) => readBuiltInFramework(i)!).map((f) => ({ id: f.id, title: f.title, status: f.status }));
    io.out(opts.json ? JSON.stringify(list, null, 2) + '\n' : list.map((f) => `${f.id.padEnd(10)} ${f.title}`).join('\n') + '\n');
    return EXIT.ok;
  }
  let f: Framework | undefined;
  if (ids.includes(id)) f = readBuiltInFramework(id);
  else {
    const file = frameworkFileFor(id, io.cwd);
    if (!file || /^[a-z0-9-]+$/.test(id)) throw new CjoipError('unknown-framework', `Unknown framework '${id}'.`, suggest(id, ids, 'frameworks'));
    const r = readFrameworkFile(file, displayPath(file));
    if (!r.framework) throw new CjoipError('bad-framework', `${displayPath(file)} is not a valid framework file.`, `Run \`cjoip validate\` on a plan using it to see where. ${r.findings[0]?.message ?? ''}`, EXIT.problems);
    f = r.framework;
  }
  io.out(opts.json ? JSON.stringify(f, null, 2) + '\n' : renderFrameworkText(f!));
  return EXIT.ok;
}
