/** Mid-year population estimates by council area: the denominators of rates per 10,000 people. */
export interface PopulationTable {
  about: string;
  source: { publisher: string; title: string; as_published_in?: string; url?: string; licence?: string };
  /** The mid-years the table gives, oldest first. */
  years: number[];
  /** People of all ages, by GSS code, one figure per year. */
  areas: Record<string, { name: string; people: number[] }>;
}

/**
 * The people of some council areas for a financial year starting in `year`: the estimate for that
 * mid-year, or the latest published before it. Undefined when an area has no estimate.
 */
export function peopleIn(t: PopulationTable, codes: string[], year: number): { year: number; people: number } | undefined {
  const i = estimateIndex(t, year);
  if (i < 0 || !codes.length) return undefined;
  let people = 0;
  for (const c of codes) {
    const n = t.areas[c]?.people[i];
    if (n === undefined) return undefined;
    people += n;
  }
  return { year: t.years[i], people };
}

/** The estimate a financial year starting in `year` uses: that mid-year's, or the latest before it (-1 when none). */
const estimateIndex = (t: PopulationTable, year: number) => t.years.filter((y) => y <= year).length - 1;

/** The mid-year of the estimate a financial year starting in `year` uses. */
export const estimateYear = (t: PopulationTable, year: number): number | undefined => t.years[estimateIndex(t, year)];

/** A count per 10,000 people, to one decimal place. */
export const per10k = (count: number, people: number) => Math.round((count / people) * 100_000) / 10;
