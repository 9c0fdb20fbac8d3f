import './zod-config.js';
import * as z from 'zod/mini';

/** Pieces shared by the plan's schema and its data sources' schema. */
export const d = (text: string) => ({ description: text });
export const Id = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" or "-" and start with a letter or digit'),
    z.meta(d('A short identifier, unique in the plan.')),
  );
/** Plans are for financial years 2000-01 to 2099-00. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
export const realDate = (y: number, m: number, day: number) => m >= 1 && m <= 12 && day >= 1 && day <= new Date(Date.UTC(y, m, 0)).getUTCDate();
export const FinancialYear = z.string().check(
  z.regex(/^\d{4}-\d{2}$/, 'financial years are written YYYY-YY, for example 2024-25'),
  z.refine((s) => Number(s.slice(5)) === (Number(s.slice(0, 4)) + 1) % 100, {
    message: 'a financial year runs from one year to the next: write its two years consecutively, for example 2024-25',
  }),
  z.refine((s) => Number(s.slice(0, 4)) >= FIRST_YEAR && Number(s.slice(0, 4)) <= LAST_YEAR, {
    message: `financial years run from ${FIRST_YEAR}-01 to ${LAST_YEAR}-00`,
  }),
  z.meta(d('A financial year (1 April to 31 March) written YYYY-YY, for example 2024-25.')),
);
export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'write a date as YYYY-MM-DD, for example 2025-09-30'),
  z.refine((s) => realDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8))), { message: 'there is no such date in the calendar' }),
  z.meta(d('A date written YYYY-MM-DD.')),
);
