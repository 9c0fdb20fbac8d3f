import './zod-config.js';
import * as z from 'zod';
import { d, FinancialYear, Id, IsoDate } from './schema-parts.js';

export const Marker = z.enum(['suppressed', 'not-available', 'not-applicable', 'nil', 'low']);

export const DataSource = z.strictObject({
  id: Id,
  files: z.array(z.string().min(1)).min(1).meta(d('Data files (CSV, XLSX or ODS), relative paths or globs inside the plan folder.')),
  layout: z
    .enum(['long', 'statistics-gov-scot', 'wide', 'table'])
    .meta(d('long (cjoip format), statistics-gov-scot (tidy CSV), wide (years as columns) or table (a table as published, with title, notes, footnotes and sections).')),
  encoding: z.enum(['auto', 'utf-8', 'windows-1252']).default('auto'),
  sheet: z
    .union([z.string().min(1), z.number().int().min(1)])
    .optional()
    .meta(d('For workbooks (XLSX, ODS): the sheet to read, by name or position (1 for the first). A workbook of one sheet needs none.')),
  table: z.string().min(1).optional().meta(d('For a sheet or file holding several tables one below another: the title (or its start, e.g. "Table 8a") of the one to read.')),
  area_groups: z
    .record(z.string(), z.array(z.string().min(1)).min(2))
    .optional()
    .meta(d('Rows for groups of council areas, by label, and the areas each stands for: { "Ayrshire, East, North and South": [East Ayrshire, North Ayrshire, South Ayrshire] }. A group whose areas are the partnership’s gives the partnership’s figure; a group is never added to its parts.')),
  header_row: z.number().int().min(1).optional().meta(d('The row (as numbered in the file or sheet) that holds the column headings; found by cjoip when left out.')),
  indicator: z.string().optional().meta(d('For statistics-gov-scot, wide and table layouts: the indicator every row belongs to.')),
  measure: z.string().optional().meta(d('For wide layouts with areas as rows: the measure every row belongs to.')),
  area: z.string().optional().meta(d('For files that hold one area (a national table: Scotland): its name or GSS code.')),
  areas_in: z.enum(['rows', 'columns']).optional().meta(d('For table layouts: whether areas are row labels or column headings; found by cjoip when left out.')),
  years_in: z.enum(['rows', 'columns']).optional().meta(d('For table layouts: whether years are column headings or row labels; found by cjoip when left out.')),
  year: FinancialYear.optional().meta(d('For a table of one year: the financial year of every figure in it.')),
  measures: z
    .array(
      z.strictObject({
        indicator: z.string().optional().meta(d('The indicator of this measure, when it differs from the source’s indicator.')),
        measure: z.string().min(1).meta(d('Measure id of the indicator.')),
        where: z.record(z.string(), z.string()).default({}).meta(d('statistics-gov-scot, and table layouts with columns of categories beside the area (the filterable layout): column values that select rows of this measure, e.g. { Measurement: Count, "Case Type": Commenced } or { "Offence group": Total crimes, "Offence type": Total }.')),
        section: z
          .union([z.string().min(1), z.strictObject({ label: z.string().min(1), occurrence: z.number().int().min(1).meta(d('Which row of that label, counting from the top: 1 for the first.')) })])
          .optional()
          .meta(d('table: the label of the row (a section heading or total) the figure’s row sits under, e.g. "Orders terminated"; { label, occurrence: 2 } when the label is on several rows.')),
        row: z.string().optional().meta(d('table: the row label of the figure, without footnote numbers, e.g. "Community payback orders".')),
        column: z.string().optional().meta(d('table: the column heading of the figure, when columns are categories.')),
        part: z.enum(['value', 'numerator', 'denominator']).default('value'),
      }),
    )
    .optional()
    .meta(d('For statistics-gov-scot and table layouts: which rows (or columns) are which measure, and whether each is the value, the numerator or the denominator.')),
  columns: z.record(z.string(), z.string()).optional().meta(d('Column names in the file for cjoip’s fields, e.g. { area: "Local Authority" }.')),
  markers: z.record(z.string(), Marker).optional().meta(d('What each marker in the file means, e.g. { "[c]": suppressed, "-": nil }.')),
  years: z.strictObject({ from: FinancialYear, to: FinancialYear }).optional().meta(d('The years this source covers; rows outside are errors.')),
  provenance: z.strictObject({
    publisher: z.string().min(1),
    title: z.string().min(1),
    url: z.string().optional(),
    extracted: z.string().optional().meta(d('Date the extract was taken, YYYY-MM-DD.')),
    published: IsoDate.optional().meta(d('The date the publisher released these figures, YYYY-MM-DD: a report published before it cannot use them.')),
    status: z.enum(['official', 'provisional', 'management-information', 'illustrative']).meta(d('official or provisional statistics; management-information for figures from a service’s own records or a committee paper; illustrative marks invented example data: every report built from it says so.')),
    licence: z.string().optional(),
    note: z.string().optional(),
  }),
});

export type DataSourceSpec = z.infer<typeof DataSource>;
export type MarkerMeaning = z.infer<typeof Marker>;
