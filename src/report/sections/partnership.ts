import { capital } from '../../core/words.js';
import { STATUTORY_ROLES } from '../../core/plan-schema.js';
import type { PartnershipView } from '../types.js';
import type { ReportContext } from './context.js';

/** Who the partnership is: areas, chair, contacts, statutory and other partners, groups. */
export function buildPartnership(ctx: ReportContext): PartnershipView {
  const p = ctx.plan.partnership;
  const groups = (p.groups ?? []).map((g) => ({ name: g.name, kind: g.kind && capital(g.kind.replace(/-/g, " ")), description: ctx.text(g.description), reportsTo: g.reports_to ? p.groups?.find((x) => x.id === g.reports_to)?.name : undefined }));
  return {
    name: p.name,
    shortName: p.short_name,
    areas: ctx.areaList,
    chair: p.chair ? { ...(p.chair.name ? { name: p.chair.name } : {}), ...(p.chair.role ? { role: p.chair.role } : {}), text: [p.chair.name, p.chair.role].filter(Boolean).join(', ') } : undefined,
    contacts: p.contacts ?? [],
    statutoryPartners: p.partners.filter((x) => x.statutory).map((x) => ({ name: x.name, role: statutoryRole(x.name, x.statutory!) })),
    otherPartners: p.partners.filter((x) => !x.statutory).map((x) => x.name),
    groups,
    groupColumns: { kind: groups.some((g) => g.kind), reportsTo: groups.some((g) => g.reportsTo) },
    website: p.website,
  };
}

/** The partner's statutory role under s13 of the Act, never the partner's own name again. */
function statutoryRole(name: string, type: keyof typeof STATUTORY_ROLES): string {
  const role = STATUTORY_ROLES[type];
  const plain = (t: string) => t.toLowerCase().replace(/^the\s+/, '').replace(/\W+/g, '');
  return plain(role) === plain(name) ? 'Named in the Act' : role;
}
