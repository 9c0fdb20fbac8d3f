import './zod-config.js';
import * as z from 'zod/mini';
import { THEME_IDS, type ThemeId } from './themes.js';

/** Status words: the Scottish Government's four, plus Not started. */
export const PROGRESS_STATUSES = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'in-progress-revised': 'In progress (with revised timescale)',
  complete: 'Complete',
  outstanding: 'Outstanding',
} as const;
export type ProgressStatus = keyof typeof PROGRESS_STATUSES;

/** Statutory partner types under s13 of the Community Justice (Scotland) Act 2016. */
export const STATUTORY_TYPES = {
  'local-authority': 'Local authority',
  'health-board': 'Health board',
  'integration-joint-board': 'Integration joint board',
  'police-scotland': 'Chief Constable of Police Scotland',
  'scottish-fire-and-rescue-service': 'Scottish Fire and Rescue Service',
  'skills-development-scotland': 'Skills Development Scotland',
  'scottish-courts-and-tribunals-service': 'Scottish Courts and Tribunals Service',
  'scottish-ministers': 'Scottish Ministers (e.g. Scottish Prison Service)',
} as const;

/** Each statutory partner's role as the Act names it (s13): the office or body that is the partner. */
export const STATUTORY_ROLES: Record<keyof typeof STATUTORY_TYPES, string> = {
  'local-authority': 'Local authority',
  'health-board': 'Health board',
  'integration-joint-board': 'Integration joint board',
  'police-scotland': 'Chief constable',
  'scottish-fire-and-rescue-service': 'Scottish Fire and Rescue Service',
  'skills-development-scotland': 'Skills Development Scotland',
  'scottish-courts-and-tribunals-service': 'Scottish Courts and Tribunals Service',
  'scottish-ministers': 'Scottish Ministers',
};

import { d, FinancialYear, FIRST_YEAR, Id, IsoDate, LAST_YEAR, realDate } from './schema-parts.js';
import { DataSource, type DataSourceSpec, type MarkerMeaning } from './data-schema.js';
export { FIRST_YEAR, LAST_YEAR, type DataSourceSpec, type MarkerMeaning };
const DateOrYear = z.string().check(
  z.regex(/^\d{4}-\d{2}(-\d{2})?$/, 'write a date as YYYY-MM-DD, a month as YYYY-MM or a financial year as YYYY-YY'),
  z.refine(
    (s) => {
      const [y, a, b] = s.split('-').map(Number);
      if (b !== undefined) return realDate(y, a, b);
      return (a >= 1 && a <= 12) || a === (y + 1) % 100;
    },
    { message: 'there is no such date, month or financial year: write YYYY-MM-DD, YYYY-MM (month 01 to 12) or YYYY-YY (consecutive years)' },
  ),
  z.meta(d('A date (YYYY-MM-DD), a month (YYYY-MM) or a financial year (YYYY-YY, meaning its end, 31 March).')),
);

/** Markdown text, inline or in a file inside the plan's folder. */
export const Text = z
  .union([
    z.string().check(z.meta(d('Markdown text.'))),
    z.strictObject({ file: z.string().check(z.minLength(1), z.meta(d('Path of a Markdown file, relative to cjoip.yaml and inside its folder.'))) }),
  ])
  .check(z.meta(d('Markdown text, written here or kept in a file: { file: narrative/foreword.md }.')));
export type Text = z.infer<typeof Text>;

const Rag = z.enum(['red', 'amber', 'green']).check(z.meta(d('A local RAG colour (no official RAG scheme exists).')));

const Progress = z
  .strictObject({
    status: z
      .enum(Object.keys(PROGRESS_STATUSES) as [ProgressStatus, ...ProgressStatus[]])
      .check(z.meta(d('not-started, in-progress, in-progress-revised (with revised timescale), complete or outstanding.'))),
    narrative: z.optional(Text),
    rag: z.optional(Rag),
    revised_due: z.optional(DateOrYear).check(z.meta(d('The revised timescale when status is in-progress-revised.'))),
    illustrative: z.optional(z.boolean()).check(z.meta(d('True when this progress is invented for an example, not reported.'))),
  })
  .check(z.meta(d('Progress of this item in one reporting year.')));

const Links = {
  outcomes: z.optional(z.array(z.string())).check(z.meta(d("Ids of the framework's nationally determined outcomes this item works towards, e.g. O4."))),
  priority_actions: z.optional(z.array(z.string())).check(z.meta(d("Ids of the framework's priority actions (or priorities) this item delivers, e.g. PA5."))),
  indicators: z.optional(z.array(z.string())).check(z.meta(d('Ids of national indicators (NI4) or local indicators this item is measured by.'))),
  themes: z.optional(z.array(z.enum(THEME_IDS))).check(z.meta(d(`Themes of the work, for the national picture: ${THEME_IDS.join(', ')}.`))),
};
/** A source: a document or data source id with the place in it ({ ref: ijb-2024, at: "section 2.2" }), or the source in words; numbered once in the report. */
const Citation = z
  .union([
    z.string().check(z.minLength(1)),
    z.strictObject({
      ref: z.string().check(z.minLength(1), z.meta(d('Id of a document or data source.'))),
      at: z.optional(z.string().check(z.minLength(1))).check(z.meta(d('The place in it: "section 2.2", "Table 3".'))),
    }),
  ])
  .check(z.meta(d('A document or data source id, { ref: id, at: "section 2.2" }, or the source in words.')));
export type CitationRef = z.infer<typeof Citation>;
/** A published document quoted in the report: a committee paper, an inspection, a plan. */
const Document = z.strictObject({
  id: Id,
  publisher: z.string().check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  published: z.optional(IsoDate).check(z.meta(d('The date it was published, YYYY-MM-DD.'))),
  url: z.optional(z.string()),
  note: z.optional(z.string()),
});

const Evidence = z.strictObject({
  title: z.string().check(z.minLength(1)),
  value: z.optional(z.union([z.string(), z.number()])).check(z.meta(d('The figure, as the source gives it.'))),
  year: z.optional(FinancialYear),
  area: z.optional(z.string()),
  indicator: z.optional(z.string()).check(z.meta(d('Id of the local indicator this evidence is a figure of.'))),
  text: z.optional(Text),
  source: Citation.check(z.meta(d('Where the figure or statement comes from: every quoted figure names its source.'))),
});

export type EvidenceItem = z.infer<typeof Evidence>;

/** Who leads or supports an item: a partner or group id, or a partner or group with a named person. */
export type PartyRef = string | { partner?: string; group?: string; person?: string; role?: string };
const PartyRefSchema = z
  .union([
    z.string().check(z.meta(d('Id of a partner or group.'))),
    z.strictObject({
      partner: z.optional(z.string()).check(z.meta(d('Id of the partner (declared under partnership.partners).'))),
      group: z.optional(z.string()).check(z.meta(d('Id of the group (declared under partnership.groups).'))),
      person: z.optional(z.string()).check(z.meta(d('The named person, e.g. "Jane Smith".'))),
      role: z.optional(z.string()).check(z.meta(d('Their role, e.g. "Justice Services Manager".'))),
    }),
  ])
  .check(z.meta(d('A partner or group id, or { partner: id, person: "…", role: "…" }.')));

/** A node of the plan's own structure; nodes nest as deep as the plan's levels. */
export interface PlanItem {
  id?: string;
  title: string;
  description?: Text;
  outcomes?: string[];
  priority_actions?: string[];
  indicators?: string[];
  themes?: ThemeId[];
  lead?: PartyRef[];
  support?: PartyRef[];
  responsibility?: string;
  due?: string;
  impact?: string[];
  measures?: string[];
  evidence?: EvidenceItem[];
  see?: string[];
  progress?: Record<string, z.infer<typeof Progress>>;
  items?: PlanItem[];
}

export const PlanItemSchema: z.ZodMiniType<PlanItem> = z.lazy(() =>
  z
    .strictObject({
      id: z
        .optional(Id)
        .check(
          z.meta(
            d('The number or short id the plan gives this item, e.g. 1.2. Leave it out when the plan does not number its items: the report then prints none.'),
          ),
        ),
      title: z.string().check(z.minLength(1), z.meta(d('The wording of this item as the plan publishes it.'))),
      description: z.optional(Text),
      ...Links,
      lead: z
        .optional(z.array(PartyRefSchema))
        .check(
          z.meta(
            d(
              'Who leads this item: ids of partners or groups, or { partner: id, person: "…" } for a named person. Given on a parent, it is the lead of each item under it that has none of its own.',
            ),
          ),
        ),
      support: z.optional(z.array(PartyRefSchema)).check(z.meta(d('Partners or groups supporting this item, written as for lead.'))),
      responsibility: z.optional(z.string()).check(z.meta(d('Responsibility as the plan words it, e.g. "CJAP Team, JSW (TBC)".'))),
      due: z
        .optional(DateOrYear)
        .check(z.meta(d('When the item is due. Given on a parent, it is the due date of each item under it that has none of its own.'))),
      impact: z.optional(z.array(z.string())).check(z.meta(d('Expected impact, or how impact will be assessed.'))),
      measures: z.optional(z.array(z.string())).check(z.meta(d('Performance measures named by the plan.'))),
      evidence: z.optional(z.array(Evidence)).check(z.meta(d('Evidence of progress on this item: each figure or statement with its source.'))),
      see: z.optional(z.array(z.string())).check(z.meta(d('Ids of other items this one refers to (cross-references).'))),
      progress: z.optional(z.record(FinancialYear, Progress)).check(z.meta(d('Progress by reporting year, keyed 2024-25.'))),
      items: z.optional(z.array(PlanItemSchema)).check(z.meta(d('Items of the next level down.'))),
    })
    .check(z.meta(d('An item of the plan: its level is named by plan.levels.'))),
);

const Partner = z.strictObject({
  id: Id,
  name: z.string().check(z.minLength(1)),
  statutory: z
    .optional(z.enum(Object.keys(STATUTORY_TYPES) as [keyof typeof STATUTORY_TYPES, ...(keyof typeof STATUTORY_TYPES)[]]))
    .check(z.meta(d('For a statutory partner, its type under s13 of the Community Justice (Scotland) Act 2016.'))),
  sector: z.optional(z.enum(['public', 'third', 'community', 'private'])),
});

const Person = z.strictObject({
  name: z.string().check(z.minLength(1)),
  role: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  address: z.optional(z.string()),
});

const Group = z.strictObject({
  id: Id,
  name: z.string().check(z.minLength(1)),
  kind: z.optional(z.string()).check(z.meta(d('board, delivery group, thematic group, local group…: the plan’s own word.'))),
  description: z.optional(Text),
  reports_to: z.optional(z.string()).check(z.meta(d('Id of the group this one reports to.'))),
});

const LocalIndicator = z.strictObject({
  id: Id,
  title: z.string().check(z.minLength(1)),
  kind: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.meta(d('The kind of indicator in the plan’s words: quantitative, contextual, change and impact, or another.'))),
  reporting_measure: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.meta(d('What is counted or asked, and how, e.g. "Number of referrals from custody to the substance use service, from the service’s records".'))),
  unit: z._default(z.enum(['count', 'percent', 'rate', 'text']), 'count'),
  direction: z._default(z.enum(['up', 'down', 'none']), 'none'),
  outcomes: z.optional(z.array(z.string())),
  source: z.optional(Citation).check(z.meta(d('Where the figures come from.'))),
});

const NationalIndicatorUse = z.strictObject({
  reporting_measure: z
    .string()
    .check(z.minLength(1), z.meta(d('How the partnership reports this national indicator locally: what it counts, and from where.'))),
  source: z.optional(z.string()).check(z.meta(d('Where the partnership’s local figures come from.'))),
});

/** The chair: a named person, or a role when the plan names no one ("the community planning manager"). */
const Chair = z
  .strictObject({
    name: z.optional(z.string().check(z.minLength(1))),
    role: z.optional(z.string().check(z.minLength(1))),
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
    address: z.optional(z.string()),
  })
  .check(
    z.refine((c) => c.name !== undefined || c.role !== undefined, { message: 'give the chair’s name, or their role (role: …) when the plan names no person' }),
    z.meta(d('The chair of the partnership: name and role, or the role alone when the plan names no person.')),
  );

const CaseStudy = z.strictObject({
  title: z.string().check(z.minLength(1)),
  text: Text,
  outcomes: z.optional(z.array(z.string())),
  source: z.optional(Citation),
});

const OutcomeReport = z.strictObject({
  self_assessment: z
    .optional(z.enum(['good-progress', 'some-progress', 'limited-progress', 'no-progress', 'not-assessed']))
    .check(z.meta(d('The partnership’s self-assessment of progress on this outcome in the year.'))),
  narrative: z.optional(Text),
  evidence: z.optional(z.array(Evidence)),
  case_studies: z.optional(z.array(CaseStudy)),
});

const YearReport = z
  .strictObject({
    title: z.optional(z.string()),
    foreword: z.optional(Text),
    governance: z.optional(Text),
    recommendations: z
      .optional(
        z.array(
          z.strictObject({
            recommendation: z.string().check(z.minLength(1)),
            progress: z.optional(Text),
            status: z.optional(z.enum(Object.keys(PROGRESS_STATUSES) as [ProgressStatus, ...ProgressStatus[]])),
          }),
        ),
      )
      .check(z.meta(d("Progress on last year's recommendations."))),
    outcomes: z
      .optional(z.record(z.string(), OutcomeReport))
      .check(z.meta(d('Per-outcome self-assessment, narrative and local evidence, keyed by outcome id.'))),
    local_evidence: z.optional(z.array(Evidence)),
    case_studies: z.optional(z.array(CaseStudy)),
    achievements: z.optional(Text),
    challenges: z.optional(Text),
    next_steps: z.optional(Text),
    themes: z
      .optional(z.array(z.enum(THEME_IDS)))
      .check(z.meta(d('The themes the next steps take up, for the national picture (else found from their words).'))),
    sign_off: z
      .optional(
        z.strictObject({ name: z.string().check(z.minLength(1)), role: z.optional(z.string()), date: z.optional(IsoDate), statement: z.optional(Text) }),
      )
      .check(z.meta(d("The chair's sign-off of this report: name, role and date."))),
    approved: z
      .optional(
        z.strictObject({ body: z.string().check(z.minLength(1), z.meta(d('The body that approved the report, e.g. the partnership board.'))), date: IsoDate }),
      )
      .check(z.meta(d('Which body approved the report, and when.'))),
    participation: z.optional(Text).check(z.meta(d('How community bodies and the third sector were involved in preparing this report.'))),
    published: z.optional(IsoDate).check(z.meta(d('The date the report is published.'))),
    contact: z.optional(Person).check(z.meta(d('Who to contact about this report; the first partnership contact when left out.'))),
    alternative_formats: z
      .optional(Text)
      .check(z.meta(d('How to ask for the report in another format or language; a standard sentence naming the contact when left out.'))),
    illustrative: z.optional(z.boolean()).check(z.meta(d('True when this year’s report content is invented for an example.'))),
  })
  .check(z.meta(d('Annual report content for one reporting year.')));

/** The plan file, cjoip.yaml. */
export const PlanSchema = z
  .strictObject({
    version: z.literal(1).check(z.meta(d('Plan format version: 1.'))),
    partnership: z.strictObject({
      name: z.string().check(z.minLength(1)),
      short_name: z.optional(z.string()),
      areas: z.array(z.string()).check(z.minLength(1), z.meta(d('Council areas covered: GSS codes (S12000021) or names (North Ayrshire).'))),
      chair: z.optional(Chair),
      contacts: z.optional(z.array(Person)),
      partners: z._default(z.array(Partner), []),
      groups: z.optional(z.array(Group)).check(z.meta(d('Governance and delivery groups.'))),
      website: z.optional(z.string()),
    }),
    plan: z.strictObject({
      title: z.string().check(z.minLength(1)),
      strapline: z.optional(z.string()).check(z.meta(d('A subtitle or strapline printed under the title, e.g. "Working together for safer communities".'))),
      period: z.strictObject({ start: FinancialYear, end: FinancialYear }).check(z.meta(d('First and last financial year of the plan.'))),
      framework: z.string().check(z.minLength(1), z.meta(d('cjpf-2023, opif-2016, or a path to a framework file of your own.'))),
      levels: z
        .array(z.string().check(z.minLength(1)))
        .check(z.minLength(1), z.meta(d('The plan’s own names for its levels, top to bottom, e.g. [aim, priority action, deliverable].'))),
      vision: z.optional(Text),
      overarching: z
        .optional(
          z.strictObject({
            label: z.string().check(z.minLength(1), z.meta(d('The plan’s word for them, e.g. ambition or principle.'))),
            items: z.array(z.strictObject({ id: Id, title: z.string().check(z.minLength(1)), description: z.optional(Text) })).check(z.minLength(1)),
          }),
        )
        .check(z.meta(d('Overarching ambitions or principles that the whole plan serves, outside its structure (e.g. Beginnings, Belonging, Belief).'))),
      published: z.optional(z.string()),
      introduction: z.optional(Text),
      governance: z.optional(Text),
      illustrative: z.optional(z.boolean()).check(z.meta(d('True for an example plan whose progress is invented.'))),
      trend_years: z
        .optional(z.number().check(z.int(), z.gte(2), z.lte(30)))
        .check(z.meta(d('How many years with figures each trend in the report shows, ending with the latest (default 10, whatever the plan period).'))),
    }),
    structure: z.array(PlanItemSchema).check(z.minLength(1), z.meta(d('The plan’s items, as a tree named by plan.levels.'))),
    local_indicators: z.optional(z.array(LocalIndicator)),
    national_indicators: z
      .optional(z.record(z.string(), NationalIndicatorUse))
      .check(z.meta(d('How the partnership reports national indicators locally, keyed by indicator id: { NI2: { reporting_measure: "…", source: "…" } }.'))),
    participation: z.optional(Text).check(z.meta(d('The participation statement: how third sector and community bodies were involved.'))),
    equality_impact: z.optional(Text).check(z.meta(d('Summary of the equality impact assessment.'))),
    glossary: z.optional(z.array(z.strictObject({ term: z.string().check(z.minLength(1)), meaning: z.string().check(z.minLength(1)) }))),
    documents: z.optional(z.array(Document)).check(z.meta(d('Published documents quoted as evidence, each cited by its id.'))),
    data: z.optional(z.array(DataSource)).check(z.meta(d('Indicator data sources.'))),
    reports: z.optional(z.record(FinancialYear, YearReport)).check(z.meta(d('Annual report content, keyed by reporting year.'))),
  })
  .check(z.meta({ title: 'cjoip plan', description: 'A Community Justice Outcomes Improvement Plan (cjoip.yaml).' }));

export type Plan = z.infer<typeof PlanSchema>;
export type YearReport = z.infer<typeof YearReport>;
