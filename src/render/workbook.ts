import { rateOfFigure, type FigureRow } from '../national/figures.js';
import type { PopulationTable } from '../national/population.js';
import type { NationalModel } from '../national/types.js';
import { inertCell } from './csv.js';

/** How the figures' markers read in the workbook, as the Analysis Function's guidance writes them. */
const MARKERS: Record<string, { symbol: string; meaning: string }> = {
  suppressed: { symbol: '[c]', meaning: 'Confidential: withheld by the publisher to protect confidentiality.' },
  'not-available': { symbol: '[x]', meaning: 'Not available: the figure is not held or not published.' },
  'not-applicable': { symbol: '[z]', meaning: 'Not applicable: the measure does not apply (no custody centre in the area, say).' },
  low: { symbol: '[low]', meaning: 'Low: under 0.5% or a very small number; the exact figure is not published.' },
};

type Cell = string | number;

/**
 * Every figure of the national picture as an accessible workbook for analysts, following the
 * Analysis Function's guidance on releasing statistics in spreadsheets: a cover, a contents and a
 * notes sheet, then one table per sheet starting in A1 with one header row; no merged cells, no blank
 * rows or columns, no formulas; markers in brackets with their meaning in the notes. Text from plans
 * is made inert (never read as a formula); numbers stay numbers.
 */
export async function renderNationalWorkbook(m: NationalModel, figures: FigureRow[], population: PopulationTable | undefined, bookType: 'xlsx' | 'ods' = 'xlsx'): Promise<Uint8Array> {
  const sheetjs = await import('@e965/xlsx');
  const XLSX = sheetjs.default ?? sheetjs;
  const number = (s: string): Cell => (s === '' ? '' : Number(s));
  const rateOf = rateOfFigure(m, population);
  const figureRows: Cell[][] = figures.map((r) => [
    r.partnership,
    r.area || '',
    r.area_code,
    r.indicator,
    r.measure,
    r.year,
    r.value === '' && r.marker ? (MARKERS[r.marker]?.symbol ?? `[${r.marker}]`) : number(r.value),
    number(r.numerator),
    number(r.denominator),
    rateOf(r) ?? '',
    r.source,
    r.illustrative === 'yes' ? 'Yes' : 'No',
  ]);
  const outcomes = m.assessments.outcomes;
  const tables: { name: string; title: string; header: string[]; rows: Cell[][] }[] = [
    {
      name: 'Figures',
      title: `Every figure of the national indicators by partnership, council area and year, with numerators, denominators and counts per 10,000 people`,
      header: ['Partnership', 'Area', 'Area code', 'Indicator', 'Measure', 'Financial year', 'Value', 'Numerator', 'Denominator', 'Rate per 10,000 people [note 1]', 'Source', 'Illustrative [note 2]'],
      rows: figureRows,
    },
    {
      name: 'Self_assessments',
      title: `Each partnership's self-assessment of each nationally determined outcome, ${m.year.label}`,
      header: ['Partnership', 'Outcome', 'Outcome title', 'Self-assessment'],
      rows: m.assessments.matrix.flatMap((r) => r.cells.map((c, i) => [r.partnership, c.outcome, outcomes[i]?.title ?? '', c.level ?? (r.earlier ? '[z]' : '[x]')])),
    },
    {
      name: 'Actions',
      title: `Local actions of each partnership's plan by status in ${m.year.label}, and those overdue at 31 March ${m.year.start + 1}`,
      header: ['Partnership', 'Actions', ...m.actions.statuses.map((s) => s.label), 'Overdue'],
      rows: [...m.actions.rows, m.actions.total].map((r) => [r.partnership, r.total, ...m.actions.statuses.map((s) => r.counts[s.key]), r.overdue]),
    },
    {
      name: 'Gaps',
      title: `What each partnership's report for ${m.year.label} has not given`,
      header: ['Partnership', 'Not given'],
      rows: m.gaps.flatMap((g) => g.missing.map((x) => [g.partnership, x])),
    },
  ];
  const notes: Cell[][] = [
    ['note 1', population ? `Counts per 10,000 people of the area, from ${population.source.publisher} mid-year population estimates (${population.source.title}); each financial year uses the estimate for its first mid-year, or the latest before it. Percentages have no rate.` : 'No population estimates were available, so no rates are given.'],
    ['note 2', 'Yes where a figure is illustrative: invented for an example, not an official figure.'],
    ...Object.values(MARKERS).map((x, i): Cell[] => [`note ${i + 3}`, `${x.symbol} ${x.meaning}`]),
    ...m.method.map((x, i): Cell[] => [`note ${i + 3 + Object.keys(MARKERS).length}`, x]),
  ];
  const sheets: { name: string; rows: Cell[][] }[] = [
    {
      name: 'Cover',
      rows: [
        [m.title],
        [`This workbook holds every figure of the national picture for ${m.year.label}: the partnerships' national indicator figures by council area and year, their self-assessments, the progress of their local actions, and what each report has not given.`],
        [`It accompanies the report "${m.title}". The figures are each partnership's own, from the data behind its annual report; the sources are listed in the report.`],
        ['The Contents sheet lists the tables; the Notes sheet explains the markers ([c], [x], [z], [low]) and the notes referred to in headings.'],
      ],
    },
    { name: 'Contents', rows: [['Sheet', 'Table'], ...tables.map((t): Cell[] => [t.name, t.title]), ['Notes', 'Notes on the figures and the meaning of each marker']] },
    { name: 'Notes', rows: [['Note', 'Text'], ...notes] },
    ...tables.map((t) => ({ name: t.name, rows: [t.header, ...t.rows] })),
  ];
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const safe = s.rows.map((r) => r.map((c) => (typeof c === 'string' ? inertCell(c) : c)));
    const ws = XLSX.utils.aoa_to_sheet(safe);
    ws['!cols'] = safe[0].map((_, i) => ({ wch: Math.min(60, Math.max(10, ...safe.map((r) => String(r[i] ?? '').length))) }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  wb.Props = { Title: m.title, Subject: `National picture ${m.year.label}`, Author: 'Community justice partnerships', Language: 'en-GB' } as typeof wb.Props;
  return XLSX.write(wb, { type: 'buffer', bookType, compression: true, bookSST: true }) as Uint8Array;
}
