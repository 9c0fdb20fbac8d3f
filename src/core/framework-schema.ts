import './zod-config.js';
import * as z from 'zod/mini';

const Status = z.enum(['verified', 'inferred', 'provisional']);
const Id = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'ids start with a letter and use letters, digits, ".", "_" or "-"'));

const Measure = z.strictObject({
  id: Id,
  title: z.string().check(z.minLength(1)),
  unit: z.enum(['count', 'percent', 'rate']),
  direction: z.enum(['up', 'down', 'none']),
  status: z.optional(Status),
  numerator: z.optional(z.string()),
  denominator: z.optional(z.string()),
  /** Another measure of the same indicator this one may never exceed (completed, never more than commenced). */
  not_above: z.optional(z.string()),
});

/** A national framework as data: aims, priority actions, outcomes, indicators and measures. */
export const FrameworkSchema = z.strictObject({
  about: z.optional(z.string()),
  id: Id,
  title: z.string().check(z.minLength(1)),
  published: z.optional(z.string()),
  source: z.string().check(z.minLength(1)),
  status: Status,
  labels: z.optional(
    z.strictObject({
      aim: z.string(),
      priority_action: z.string(),
      outcome: z.string(),
      indicator: z.string(),
    }),
  ),
  aims: z._default(
    z.array(
      z.strictObject({
        id: Id,
        title: z.string().check(z.minLength(1)),
        priority_actions: z.array(z.string()),
        status: Status,
        source: z.string().check(z.minLength(1)),
      }),
    ),
    [],
  ),
  priority_actions: z._default(
    z.array(
      z.strictObject({
        id: Id,
        title: z.string().check(z.minLength(1)),
        outcomes: z._default(z.array(z.string()), []),
        outcomes_status: z.optional(Status),
        status: Status,
        source: z.string().check(z.minLength(1)),
      }),
    ),
    [],
  ),
  outcomes: z
    .array(
      z.strictObject({
        id: Id,
        title: z.string().check(z.minLength(1)),
        kind: z.optional(z.string()),
        direction: z._default(z.enum(['up', 'down', 'none']), 'up'),
        status: Status,
        source: z.string().check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
  indicators: z._default(
    z.array(
      z.strictObject({
        id: Id,
        title: z.string().check(z.minLength(1)),
        outcome: z.optional(z.string()),
        status: Status,
        source: z.string().check(z.minLength(1)),
        /** Years between a reporting year and the latest year whose figure is published by the time its report is due (a reconviction cohort lags). */
        publication_lag: z._default(z.number().check(z.int(), z.gte(0), z.lte(10)), 0),
        publication_lag_status: z.optional(Status),
        publication_lag_note: z.optional(z.string()),
        measures: z.array(Measure).check(z.minLength(1)),
      }),
    ),
    [],
  ),
});

export type Framework = z.infer<typeof FrameworkSchema>;

const DEFAULT_LABELS = { aim: 'aim', priority_action: 'priority action', outcome: 'outcome', indicator: 'indicator' };
export const frameworkLabels = (f: Framework) => f.labels ?? DEFAULT_LABELS;
