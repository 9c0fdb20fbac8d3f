import './zod-config.js';
import * as z from 'zod/mini';
import { d, FinancialYear, Id, IsoDate } from './schema-parts.js';

export const Marker = z.enum(['suppressed', 'not-available', 'not-applicable', 'nil', 'low']);

export const DataSource = z.strictObject({
  id: Id,
  files: z
    .array(z.string().check(z.minLength(1)))
    .check(z.minLength(1), z.meta(d('Data files (CSV, XLSX or ODS), relative paths or globs inside the plan folder.'))),
  layout: z
    .enum(['long', 'statistics-gov-scot', 'wide', 'table'])
    .check(
      z.meta(
        d(
          'long (cjoip format), statistics-gov-scot (tidy CSV), wide (years as columns) or table (a table as published, with title, notes, footnotes and sections).',
        ),
      ),
    ),
  encoding: z._default(z.enum(['auto', 'utf-8', 'windows-1252']), 'auto'),
  sheet: z
    .optional(z.union([z.string().check(z.minLength(1)), z.number().check(z.int(), z.gte(1))]))
    .check(z.meta(d('For workbooks (XLSX, ODS): the sheet to read, by name or position (1 for the first). A workbook of one sheet needs none.'))),
  table: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.meta(d('For a sheet or file holding several tables one below another: the title (or its start, e.g. "Table 8a") of the one to read.'))),
  area_groups: z
    .optional(z.record(z.string(), z.array(z.string().check(z.minLength(1))).check(z.minLength(2))))
    .check(
      z.meta(
        d(
          'Rows for groups of council areas, by label, and the areas each stands for: { "Ayrshire, East, North and South": [East Ayrshire, North Ayrshire, South Ayrshire] }. A group whose areas are the partnership’s gives the partnership’s figure; a group is never added to its parts.',
        ),
      ),
    ),
  header_row: z
    .optional(z.number().check(z.int(), z.gte(1)))
    .check(z.meta(d('The row (as numbered in the file or sheet) that holds the column headings; found by cjoip when left out.'))),
  indicator: z.optional(z.string()).check(z.meta(d('For statistics-gov-scot, wide and table layouts: the indicator every row belongs to.'))),
  measure: z.optional(z.string()).check(z.meta(d('For wide layouts with areas as rows: the measure every row belongs to.'))),
  area: z.optional(z.string()).check(z.meta(d('For files that hold one area (a national table: Scotland): its name or GSS code.'))),
  areas_in: z
    .optional(z.enum(['rows', 'columns']))
    .check(z.meta(d('For table layouts: whether areas are row labels or column headings; found by cjoip when left out.'))),
  years_in: z
    .optional(z.enum(['rows', 'columns']))
    .check(z.meta(d('For table layouts: whether years are column headings or row labels; found by cjoip when left out.'))),
  year: z.optional(FinancialYear).check(z.meta(d('For a table of one year: the financial year of every figure in it.'))),
  measures: z
    .optional(
      z.array(
        z.strictObject({
          indicator: z.optional(z.string()).check(z.meta(d('The indicator of this measure, when it differs from the source’s indicator.'))),
          measure: z.string().check(z.minLength(1), z.meta(d('Measure id of the indicator.'))),
          where: z
            ._default(z.record(z.string(), z.string()), {})
            .check(
              z.meta(
                d(
                  'statistics-gov-scot, and table layouts with columns of categories beside the area (the filterable layout): column values that select rows of this measure, e.g. { Measurement: Count, "Case Type": Commenced } or { "Offence group": Total crimes, "Offence type": Total }.',
                ),
              ),
            ),
          section: z
            .optional(
              z.union([
                z.string().check(z.minLength(1)),
                z.strictObject({
                  label: z.string().check(z.minLength(1)),
                  occurrence: z.number().check(z.int(), z.gte(1), z.meta(d('Which row of that label, counting from the top: 1 for the first.'))),
                }),
              ]),
            )
            .check(
              z.meta(
                d(
                  'table: the label of the row (a section heading or total) the figure’s row sits under, e.g. "Orders terminated"; { label, occurrence: 2 } when the label is on several rows.',
                ),
              ),
            ),
          row: z.optional(z.string()).check(z.meta(d('table: the row label of the figure, without footnote numbers, e.g. "Community payback orders".'))),
          column: z.optional(z.string()).check(z.meta(d('table: the column heading of the figure, when columns are categories.'))),
          part: z._default(z.enum(['value', 'numerator', 'denominator']), 'value'),
        }),
      ),
    )
    .check(
      z.meta(
        d(
          'For statistics-gov-scot and table layouts: which rows (or columns) are which measure, and whether each is the value, the numerator or the denominator.',
        ),
      ),
    ),
  columns: z.optional(z.record(z.string(), z.string())).check(z.meta(d('Column names in the file for cjoip’s fields, e.g. { area: "Local Authority" }.'))),
  markers: z.optional(z.record(z.string(), Marker)).check(z.meta(d('What each marker in the file means, e.g. { "[c]": suppressed, "-": nil }.'))),
  years: z.optional(z.strictObject({ from: FinancialYear, to: FinancialYear })).check(z.meta(d('The years this source covers; rows outside are errors.'))),
  provenance: z.strictObject({
    publisher: z.string().check(z.minLength(1)),
    title: z.string().check(z.minLength(1)),
    url: z.optional(z.string()),
    extracted: z.optional(z.string()).check(z.meta(d('Date the extract was taken, YYYY-MM-DD.'))),
    published: z.optional(IsoDate).check(z.meta(d('The date the publisher released these figures, YYYY-MM-DD: a report published before it cannot use them.'))),
    status: z
      .enum(['official', 'provisional', 'management-information', 'illustrative'])
      .check(
        z.meta(
          d(
            'official or provisional statistics; management-information for figures from a service’s own records or a committee paper; illustrative marks invented example data: every report built from it says so.',
          ),
        ),
      ),
    licence: z.optional(z.string()),
    note: z.optional(z.string()),
  }),
});

export type DataSourceSpec = z.infer<typeof DataSource>;
export type MarkerMeaning = z.infer<typeof Marker>;
