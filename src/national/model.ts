import type { ActionsRow, GapRow, MatrixRow, MeasureRow, NationalCaseStudy, NationalFigure, NationalIndicator, NationalInput, NationalMeasure, NationalModel, NationalOutcome, PartnershipInput } from './types.js';
import { frameworkLabels, type Framework } from '../core/framework-schema.js';
import { capital, numbered, plural, publicNumber } from '../core/words.js';
import { summarisedNote } from '../report/sections/notes.js';
import { describeFinancialYear, formatFinancialYear } from '../core/years.js';
import type { Figure } from '../data/aggregate.js';
import type { Unit } from '../data/cells.js';
import type { MeasureView, ReportModel, SourceView } from '../report/types.js';
import { judgeTravel, measureIdentity } from '../report/sections/measures.js';
import { SELF_ASSESSMENT } from '../report/sections/outcomes.js';
import { formatChange, formatFigure, formatNumber } from '../report/sections/format.js';
import { listWords } from '../report/sections/context.js';
import { findThemes } from './themes.js';
import { buildAccounts } from './accounts.js';
import { estimateYear, peopleIn, per10k } from './population.js';


const key = (f: Figure | undefined) => (f ? `${f.value ?? ''}|${f.marker ?? ''}|${f.numerator ?? ''}|${f.denominator ?? ''}` : '');

export function nationalFigure(f: Figure | undefined, unit: Unit): NationalFigure {
  const out: NationalFigure = { text: formatFigure(f, unit) };
  if (f?.value !== undefined) out.value = f.value;
  if (f?.numerator !== undefined) out.numerator = f.numerator;
  if (f?.denominator !== undefined) out.denominator = f.denominator;
  if (f?.marker) out.marker = f.marker;
  return out;
}

const changeWords = (change: number | undefined, unit: Unit) => (change === undefined ? '' : formatChange(change, unit));

/** A measure of one partnership: its view in that partnership's own report model. */
function measureOf(m: ReportModel, indicator: string, measure: string): MeasureView | undefined {
  for (const i of [...m.outcomes.flatMap((o) => o.indicators), ...m.suite]) if (i.id === indicator) return i.measures.find((x) => x.measure === measure);
  return undefined;
}

/** Build the national picture from the partnerships' report models. */
export function buildNationalModel(input: NationalInput): NationalModel {
  const fw = input.framework;
  const label = formatFinancialYear(input.year);
  const parts = [...input.partnerships].sort((a, b) => a.model.partnership.name.localeCompare(b.model.partnership.name, 'en-GB'));
  const current = parts.filter((p) => p.model.plan.framework.id === fw.id);
  const nameOf = (p: PartnershipInput) => p.model.partnership.name;
  const illustrativeOf = (p: PartnershipInput) => p.illustrativePlan || p.model.illustrative.any;

  // Sources: every partnership's list, merged and numbered once.
  const sources: SourceView[] = [];
  const sourceIndex = new Map<string, number>();
  const renumber = parts.map((p) => {
    const map = new Map<number, number>();
    for (const s of p.model.sources) {
      const k = [s.publisher, s.title, s.status, s.date, s.url, s.note].join('\u0000');
      if (!sourceIndex.has(k)) {
        sources.push({ ...s, n: sources.length + 1 });
        sourceIndex.set(k, sources.length);
      }
      map.set(s.n, sourceIndex.get(k)!);
    }
    return map;
  });
  // The population estimates behind the rates are a source of the report too.
  if (input.population) {
    const ps = input.population.source;
    sources.push({ n: sources.length + 1, publisher: ps.publisher, title: ps.title, status: 'official', kind: 'Official statistics.', url: ps.url, licence: ps.licence, note: ps.as_published_in ? `As published in ${ps.as_published_in}.` : undefined });
  }
  const sourcesOf = (p: PartnershipInput, ns: number[]) => ns.map((n) => renumber[parts.indexOf(p)].get(n)!).filter(Boolean);

  // Every chart names the partnerships one way: by place ("Ayrshire", "Clackmannanshire and Stirling")
  // when that names each one apart, else in full.
  const place = (n: string) => n.replace(/\bCommunity Justice\b|\bPartnership\b/g, ' ').replace(/\s+/g, ' ').trim();
  const places = parts.map((p) => place(nameOf(p)));
  const byPlace = places.every(Boolean) && new Set(places).size === places.length;
  const chartLabel = (n: string) => (byPlace ? place(n) : n);

  // Coverage: areas claimed by more than one plan, and council areas no plan covers.
  const claims = new Map<string, string[]>();
  for (const p of parts) for (const a of p.model.partnership.areas) claims.set(a.code, [...(claims.get(a.code) ?? []), nameOf(p)]);
  const notIncludedAreas = new Set(input.notIncluded.flatMap((n) => n.areas));
  const allAreas = input.areas.names().map((n) => ({ name: n, code: input.areas.resolve(n)! }));
  const uncovered = allAreas.filter((a) => !claims.has(a.code));

  // Self-assessments: partnerships on the current framework × its outcomes.
  const levels = Object.values(SELF_ASSESSMENT);
  const levelKey = Object.fromEntries(Object.entries(SELF_ASSESSMENT).map(([k, v]) => [v, k]));
  const matrix: MatrixRow[] = parts.map((p) => {
    const earlier = p.model.plan.framework.id !== fw.id;
    return {
      partnership: nameOf(p),
      illustrative: illustrativeOf(p),
      earlier,
      cells: fw.outcomes.map((o) => {
        const level = earlier ? undefined : p.model.outcomes.find((x) => x.id === o.id)?.selfAssessment;
        return { outcome: o.id, ...(level ? { level, key: levelKey[level] } : {}) };
      }),
    };
  });
  const summary = fw.outcomes.map((o, i) => {
    const chosen = matrix.filter((r) => !r.earlier).map((r) => r.cells[i].level);
    return { outcome: o.id, name: numbered('outcome', o.id), counts: levels.map((l) => chosen.filter((c) => c === l).length), none: chosen.filter((c) => !c).length };
  });

  // Figures: per indicator and measure, each partnership's figure, Scotland's, and the change.
  const buildIndicator = (ind: Framework['indicators'][number]): NationalIndicator => ({
    id: ind.id,
    heading: `${numbered(frameworkLabels(fw).indicator, ind.id)}: ${ind.title}`,
    title: ind.title,
    provisional: ind.status === 'provisional',
    measures: ind.measures.map((m): NationalMeasure => {
      const views = current.map((p) => ({ p, v: measureOf(p.model, ind.id, m.id) })).filter((x): x is { p: PartnershipInput; v: MeasureView } => x.v !== undefined);
      const latestYear = input.year - (ind.publication_lag ?? 0);
      const at = (v: MeasureView, y: number) => v.series.find((s) => s.year === y);
      const rows: MeasureRow[] = views.map(({ p, v }) => {
        const latest = at(v, latestYear)?.partnership;
        const previous = at(v, latestYear - 1)?.partnership;
        const { change, travel } = judgeTravel(latest, previous, m.direction, m.unit);
        const why = latest?.value === undefined ? (latest?.unknown ?? `no figures are held for ${nameOf(p)}`) : undefined;
        // Without a partnership figure, its council areas' own figures are shown.
        const point = at(v, latestYear);
        const areaRows =
          latest?.value === undefined && point?.areas.some((a) => a.figure.value !== undefined)
            ? point.areas.map((a, i) => {
                const before = at(v, latestYear - 1)?.areas[i]?.figure;
                return { area: a.name, latest: nationalFigure(a.figure, m.unit), previous: nationalFigure(before, m.unit), changeText: changeWords(judgeTravel(a.figure, before, m.direction, m.unit).change, m.unit) };
              })
            : undefined;
        // A count is also given per 10,000 people of the partnership's council areas: partnerships differ tenfold in size.
        const codes = p.model.partnership.areas.map((a) => a.code);
        const rateOf = (f: typeof latest, year: number) => {
          const pop = input.population && f?.value !== undefined ? peopleIn(input.population, codes, year) : undefined;
          return pop ? per10k(f!.value!, pop.people) : undefined;
        };
        const rate = m.unit === 'count' && input.population ? { latest: rateOf(latest, latestYear), previous: rateOf(previous, latestYear - 1) } : undefined;
        const rateText = (r: number | undefined) => (r === undefined ? 'not available' : formatNumber(r, 'rate'));
        return { partnership: nameOf(p), latest: nationalFigure(latest, m.unit), previous: nationalFigure(previous, m.unit), ...(change === undefined ? {} : { change }), changeText: changeWords(change, m.unit), travel, illustrative: v.illustrative, ...(rate ? { rate: { ...rate, latestText: rateText(rate.latest), previousText: rateText(rate.previous) } } : {}), ...(areaRows ? { areaRows } : {}), ...(why ? { why } : {}) };
      });
      // Scotland: one figure when every partnership that gives it agrees.
      const scot = views.map(({ p, v }) => ({ p, latest: at(v, latestYear)?.scotland, previous: at(v, latestYear - 1)?.scotland })).filter((s) => s.latest || s.previous);
      const distinct = new Set(scot.map((s) => `${key(s.latest)}/${key(s.previous)}`));
      let scotland: NationalMeasure['scotland'];
      const scotlandDisagree: NationalMeasure['scotlandDisagree'] = [];
      if (distinct.size === 1) {
        const { latest, previous } = scot[0];
        const { change } = judgeTravel(latest, previous, m.direction, m.unit);
        scotland = { latest: nationalFigure(latest, m.unit), previous: nationalFigure(previous, m.unit), ...(change === undefined ? {} : { change }), changeText: changeWords(change, m.unit) };
      } else if (distinct.size > 1) {
        for (const s of scot) scotlandDisagree.push({ partnership: nameOf(s.p), text: `${formatFigure(s.latest, m.unit)} in ${formatFinancialYear(latestYear)}` });
      }
      // Rankings of counts use rates, so a large partnership does not top every chart for its size alone.
      const byRate = m.unit === 'count' && Boolean(input.population);
      const ranked = rows
        .map((r) => (byRate ? { partnership: r.partnership, value: r.rate?.latest, previous: r.rate?.previous } : { partnership: r.partnership, value: r.latest.value, previous: r.previous.value }))
        .filter((r): r is { partnership: string; value: number; previous: number | undefined } => r.value !== undefined)
        .map((r) => ({ partnership: r.partnership, label: chartLabel(r.partnership), value: r.value, ...(r.previous === undefined ? {} : { previous: r.previous }) }))
        .sort((a, b) => b.value - a.value || a.partnership.localeCompare(b.partnership, 'en-GB'));
      const nm: NationalMeasure = {
        ...measureIdentity(ind, m),
        year: formatFinancialYear(latestYear),
        previousYear: formatFinancialYear(latestYear - 1),
        rows,
        missing: rows.filter((r) => r.why).map((r) => ({ partnership: r.partnership, why: r.why!, areas: Boolean(r.areaRows) })),
        ...(scotland ? { scotland } : {}),
        scotlandDisagree,
        ranked,
        rankedUnit: byRate ? 'rate' : m.unit,
        ...(byRate ? { populationYear: estimateYear(input.population!, latestYear) } : {}),
        chartFile: `charts/${ind.id}-${m.id}.svg`,
        alt: '',
        illustrative: views.some(({ v }) => v.illustrative),
        sources: [...new Set(views.flatMap(({ p, v }) => sourcesOf(p, v.sources)))].sort((a, b) => a - b),
      };
      nm.alt = describeDotPlot(nm);
      return nm;
    }),
  });

  const accounts = buildAccounts(fw, current, parts, (p, n) => renumber[parts.indexOf(p)].get(n));
  const outcomes: NationalOutcome[] = fw.outcomes.map((o) => ({
    id: o.id,
    name: numbered('outcome', o.id),
    heading: `${numbered('outcome', o.id)}: ${o.title}`,
    title: o.title,
    indicators: fw.indicators.filter((i) => i.outcome === o.id).map(buildIndicator),
    caseStudies: accounts.byOutcome.get(o.id)!.flatMap((a) => a.caseStudies),
    accounts: accounts.byOutcome.get(o.id)!,
  }));
  const otherCaseStudies: NationalCaseStudy[] = parts.flatMap((p) => [
    ...p.model.caseStudies.map((c) => ({ partnership: nameOf(p), ...c })),
    ...(p.model.plan.framework.id === fw.id ? [] : p.model.outcomes.flatMap((o) => o.caseStudies.filter((c) => !c.toldUnder).map((c) => ({ partnership: nameOf(p), ...c, title: `${c.title} (${o.name.replace(/^Outcome/, capital(p.model.plan.framework.labels.outcome))} of the ${p.model.plan.framework.title}: ${o.title})` })))),
  ]);

  // Local actions: counts by status, and those overdue at the end of the year.
  const statusKeys: { key: string; label: string }[] = [];
  for (const p of parts) for (const c of p.model.progress.counts) if (!statusKeys.some((s) => s.key === c.status)) statusKeys.push({ key: c.status, label: c.label });
  const ORDER = ['complete', 'in-progress', 'in-progress-revised', 'not-started', 'outstanding', 'not-reported'];
  statusKeys.sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const actionRows: ActionsRow[] = parts.map((p) => ({
    partnership: nameOf(p),
    total: p.model.progress.total,
    counts: Object.fromEntries(statusKeys.map((s) => [s.key, p.model.progress.counts.find((c) => c.status === s.key)?.count ?? 0])),
    overdue: p.model.progress.overdue.length,
  }));
  const total: ActionsRow = {
    partnership: 'All partnerships',
    total: actionRows.reduce((s, r) => s + r.total, 0),
    counts: Object.fromEntries(statusKeys.map((s) => [s.key, actionRows.reduce((t, r) => t + r.counts[s.key], 0)])),
    overdue: actionRows.reduce((s, r) => s + r.overdue, 0),
  };

  // Next steps: the themes partnerships name, and each partnership's own words.
  const withSteps = parts.filter((p) => p.model.nextSteps?.trim() || p.model.themes?.length);
  const themes = findThemes(withSteps.map((p) => ({ who: nameOf(p), text: p.model.nextSteps ?? '', named: p.model.themes ?? [] }))).map((t) => ({
    ...t,
    which: t.partnerships.map((w) => (t.inferred.includes(w) ? `${w} (inferred)` : w)).join('; '),
  }));

  // Gaps: what each partnership has not given.
  const gaps: GapRow[] = parts
    .map((p) => {
      const missing: string[] = [];
      if (p.model.plan.framework.id !== fw.id) missing.push(`Its plan is written under an earlier framework, the ${p.model.plan.framework.title}; its outcomes and indicators cannot be set beside those of the ${fw.title}`);
      for (const g of p.model.gaps) missing.push(g.message);
      if (p.model.plan.framework.id === fw.id) {
        if (!p.model.dataDeclared) missing.push('Figures for every national indicator (no indicator figures were supplied)');
        else {
          // An indicator whose council-area figures are given is not missing, though no partnership total can be worked out.
          const given = (v: MeasureView | undefined, year: number) => v?.latest?.value !== undefined || Boolean(v?.series.find((s) => s.year === year)?.areas.some((a) => a.figure.value !== undefined));
          const lacking = fw.indicators.filter((ind) => ind.measures.every((m) => !given(measureOf(p.model, ind.id, m.id), input.year - (ind.publication_lag ?? 0))));
          const label = frameworkLabels(fw).indicator;
          if (lacking.length) missing.push(`Figures for ${lacking.length === 1 ? label : plural(label)} ${listWords(lacking.map((i) => publicNumber(i.id, label) ?? i.id))}`);
        }
      }
      return { partnership: nameOf(p), missing };
    })
    .filter((g) => g.missing.length);

  const provisional = fw.indicators.filter((i) => i.status === 'provisional' || i.measures.some((m) => m.status === 'provisional')).map((i) => i.id);
  const illustrativeNames = parts.filter(illustrativeOf).map(nameOf);

  return {
    title: input.title ?? `Community justice in Scotland: the partnerships’ annual reports, ${label}`,
    lang: 'en-GB',
    year: { start: input.year, label, period: describeFinancialYear(input.year), previous: formatFinancialYear(input.year - 1) },
    framework: { id: fw.id, title: fw.title, provisional: fw.status === 'provisional' },
    given: parts.length + input.notIncluded.length,
    partnerships: parts.map((p, i) => ({
      n: i + 1,
      name: nameOf(p),
      areas: p.model.partnership.areas,
      framework: { id: p.model.plan.framework.id, title: p.model.plan.framework.title },
      earlier: p.model.plan.framework.id !== fw.id,
      illustrative: illustrativeOf(p),
      signedOff: Boolean(p.model.signOff),
    })),
    frameworksDiffer: parts.some((p) => p.model.plan.framework.id !== fw.id),
    notIncluded: input.notIncluded,
    coverage: {
      covered: allAreas.length - uncovered.length,
      councilAreas: allAreas.length,
      claimedTwice: [...claims].filter(([, ps]) => ps.length > 1).map(([code, ps]) => ({ area: input.areas.name(code), partnerships: ps })),
      uncovered: uncovered.filter((a) => !notIncludedAreas.has(a.code)).map((a) => a.name),
      inPlansNotIncluded: uncovered.filter((a) => notIncludedAreas.has(a.code)).map((a) => a.name),
    },
    illustrative: { any: illustrativeNames.length > 0, partnerships: illustrativeNames },
    assessments: { levels, outcomes: fw.outcomes.map((o) => ({ id: o.id, title: o.title, name: numbered('outcome', o.id), number: publicNumber(o.id, 'outcome') ?? o.id })), matrix, summary, assessed: current.length },
    outcomes,
    suite: fw.indicators.filter((i) => !i.outcome).map(buildIndicator),
    actions: { statuses: statusKeys, rows: actionRows, total },
    nextSteps: {
      themes: themes.filter((t) => t.partnerships.length),
      byPartnership: withSteps.map((p) => ({ partnership: nameOf(p), text: p.model.nextSteps! })),
      none: parts.filter((p) => !p.model.nextSteps?.trim()).map(nameOf),
    },
    otherCaseStudies,
    accounts: accounts.partnerships,
    gaps,
    sources,
    method: [
      'Every figure is the partnership’s own, from the indicator data behind its annual report. A partnership of several council areas has its counts summed over its areas; its percentages are recomputed from the summed numerators and denominators, never averaged.',
      'Some indicators are published a year or more after the year they describe; for those, the latest year shown is the latest the partnerships could report.',
      ...(input.population
        ? [`Each count is also given per 10,000 people of the partnership’s council areas, from ${input.population.source.publisher} mid-year population estimates (all ages) for mid-${estimateYear(input.population, input.year) ?? ''}, the latest published for the year; the charts rank partnerships by these rates, and the counts stay in the tables.`]
        : ['Counts depend on the size of each area’s population and caseload; compare them across partnerships with care.']),
      'Scotland’s figure is shown when the partnerships’ data give it and agree on it.',
      ...(byPlace ? ['The charts name each partnership by its place (“Ayrshire” for Community Justice Ayrshire Partnership); the tables give each name in full.'] : []),
      'The figures for every partnership, council area and year are also given in a CSV file published with this report.',
      ...(provisional.length ? [summarisedNote(fw.title, frameworkLabels(fw).indicator, provisional.map((id) => numbered(frameworkLabels(fw).indicator, id)))] : []),
    ],
  };
}

/** What the ranked dot plot of a measure draws, for those who cannot see it. */
function describeDotPlot(m: NationalMeasure): string {
  const fmt = (v: number) => formatFigure({ value: v, sources: [] }, m.rankedUnit);
  const what = `${m.title.toLowerCase()}${m.rankedUnit === 'rate' ? ' per 10,000 people' : ''}`;
  if (!m.ranked.length) return `No partnership has a figure for ${what} in ${m.year}.`;
  const top = m.ranked[0];
  const bottom = m.ranked[m.ranked.length - 1];
  const scot = m.scotland?.latest.value !== undefined && m.unit !== 'count' ? ` A line marks Scotland’s figure, ${fmt(m.scotland.latest.value)}.` : '';
  const prev = m.ranked.some((r) => r.previous !== undefined) ? ` An open circle marks each partnership’s figure for ${m.previousYear}.` : '';
  const range = m.ranked.length === 1 ? `Only ${top.partnership} has a figure: ${fmt(top.value)}.` : `Highest: ${top.partnership}, ${fmt(top.value)}. Lowest: ${bottom.partnership}, ${fmt(bottom.value)}.`;
  return `Dot plot of ${what} in ${m.year}, one row for each of ${m.ranked.length} partnership${m.ranked.length === 1 ? '' : 's'}, ranked from highest to lowest. ${range}${scot}${prev} The table gives every figure.`;
}
