import './zod-config.js';
import * as z from 'zod';

const Status = z.enum(['verified', 'inferred', 'provisional']);
const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'ids start with a letter and use letters, digits, ".", "_" or "-"');

const Measure = z.strictObject({
  id: Id,
  title: z.string().min(1),
  unit: z.enum(['count', 'percent', 'rate']),
  direction: z.enum(['up', 'down', 'none']),
  status: Status.optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  /** Another measure of the same indicator this one may never exceed (completed ≤ commenced). */
  not_above: z.string().optional(),
});

/** A national framework as data: aims, priority actions, outcomes, indicators and measures. */
export const FrameworkSchema = z.strictObject({
  about: z.string().optional(),
  id: Id,
  title: z.string().min(1),
  published: z.string().optional(),
  source: z.string().min(1),
  status: Status,
  labels: z
    .strictObject({
      aim: z.string(),
      priority_action: z.string(),
      outcome: z.string(),
      indicator: z.string(),
    })
    .optional(),
  aims: z
    .array(
      z.strictObject({
        id: Id,
        title: z.string().min(1),
        priority_actions: z.array(z.string()),
        status: Status,
        source: z.string().min(1),
      }),
    )
    .default([]),
  priority_actions: z
    .array(
      z.strictObject({
        id: Id,
        title: z.string().min(1),
        outcomes: z.array(z.string()).default([]),
        outcomes_status: Status.optional(),
        status: Status,
        source: z.string().min(1),
      }),
    )
    .default([]),
  outcomes: z
    .array(
      z.strictObject({
        id: Id,
        title: z.string().min(1),
        kind: z.string().optional(),
        direction: z.enum(['up', 'down', 'none']).default('up'),
        status: Status,
        source: z.string().min(1),
      }),
    )
    .min(1),
  indicators: z
    .array(
      z.strictObject({
        id: Id,
        title: z.string().min(1),
        outcome: z.string().optional(),
        status: Status,
        source: z.string().min(1),
        /** Years between a reporting year and the latest year whose figure is published by the time its report is due (a reconviction cohort lags). */
        publication_lag: z.number().int().min(0).max(10).default(0),
        publication_lag_status: Status.optional(),
        publication_lag_note: z.string().optional(),
        measures: z.array(Measure).min(1),
      }),
    )
    .default([]),
});

export type Framework = z.infer<typeof FrameworkSchema>;

const DEFAULT_LABELS = { aim: 'aim', priority_action: 'priority action', outcome: 'outcome', indicator: 'indicator' };
export const frameworkLabels = (f: Framework) => f.labels ?? DEFAULT_LABELS;
