import type { AreaIndex } from '../core/areas.js';
import type { Framework } from '../core/framework-schema.js';
import { DEFAULT_MARKERS, MARKER_LABELS, parseCell } from '../core/markers.js';
import { clip, columnLetters } from '../core/words.js';
import { formatFinancialYear } from '../core/years.js';
import { guessGroup } from '../data/area-labels.js';
import { labelKey } from '../data/notes.js';
import { dimensions, nearestAbove, type TableRow, type TableShape } from '../data/table.js';

const WORDS_IGNORED = new Set(['of', 'the', 'and', 'a', 'an', 'in', 'on', 'to', 'for', 'by', 'with', 'who', 'are', 'is', 'were', 'from', 'at', 'or', 'people', 'number', 'cases', 'total', 'all', 'one', 'year', 'offender', 'cohort', 'adults', 'have', 'local', 'authority']);
/** Words cut to their stem, so "completions" meets "completed" and "orders" meets "order". */
const stems = (text: string) => new Set(text.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 1 && !WORDS_IGNORED.has(w)).map((w) => w.slice(0, 6)));
/** Values of a column of categories that stand for all of them: "All", "Total", "All ages". */
const ALL_VALUE = /^(all|total|all \w+|both|persons)$/i;
/** Words of a count that is the whole a part is taken from ("terminated", "ended"), beside the part ("completed"). */
const WHOLE_WORDS = /\b(terminat|ended|ending|discharg|total|all orders|commenc|cohort|released|number of)/i;

type Candidate = { section?: string; row?: string; column?: string; where?: Record<string, string>; words: Set<string>; percent: boolean; label: string; strict: boolean; whole?: boolean };
export type Guess = { indicator: string; measure: string; score: number; part: 'value' | 'numerator' | 'denominator'; candidate: Candidate };

const looksPercent = (texts: string[]) => {
  const nums = texts.map((t) => parseCell(t, DEFAULT_MARKERS)).filter((c) => c.kind === 'number').map((c) => (c as { value: number }).value);
  return nums.length > 0 && nums.every((v) => v >= 0 && v <= 100) && (texts.some((t) => t.includes('%')) || nums.some((v) => !Number.isInteger(v)));
};

/** The rows, columns and combinations of categories a measure could be read from. */
function candidates(shape: TableShape): Candidate[] {
  const dims = dimensions(shape);
  const out: Candidate[] = [];
  const counts = new Map<string, number>();
  for (const r of shape.body) counts.set(labelKey(r.label), (counts.get(labelKey(r.label)) ?? 0) + 1);
  if (dims.rows === 'categories') {
    for (const r of shape.body.filter((b) => b.figures && b.label)) {
      const repeated = (counts.get(labelKey(r.label)) ?? 0) > 1;
      const section = repeated ? nearestAbove(shape, r, labelKey(r.label)) : undefined;
      out.push({ row: r.label, section, words: new Set([...stems(r.label), ...stems(section ?? '')]), percent: looksPercent(shape.columns.map((c) => r.cells[c.index] ?? '')), label: [section, r.label].filter(Boolean).join(' › '), strict: true });
    }
  }
  if (dims.columns === 'categories') {
    for (const c of shape.columns) out.push({ column: c.label, words: stems(c.label), percent: looksPercent(shape.body.map((r) => r.cells[c.index] ?? '')) || /percent|proportion|rate|%/i.test(c.label), label: c.label, strict: true });
  }
  // Two header rows: the headings under each year ("Terminated", "Completed", "%").
  const subs = [...new Set(shape.columns.filter((c) => c.year !== undefined && c.sub).map((c) => c.sub!))];
  if (subs.length > 1)
    for (const sub of subs) {
      const cols = shape.columns.filter((c) => c.sub === sub);
      out.push({ column: sub, words: stems(sub), percent: sub.trim() === '%' || /percent|proportion|rate/i.test(sub) || looksPercent(shape.body.flatMap((r) => cols.map((c) => r.cells[c.index] ?? ''))), label: `${sub} (under each year)`, strict: false });
    }
  // The filterable layout: one combination of its categories per measure, "All" where a column has it.
  if (shape.dims.length) {
    const values = shape.dims.map((_, k) => [...new Set(shape.body.map((r) => r.dims[k]).filter(Boolean))]);
    const fixed = values.map((vs) => vs.find((v) => ALL_VALUE.test(v)));
    let combos: Record<string, string>[] = [{}];
    shape.dims.forEach((d, k) => {
      const choices = fixed[k] ? [fixed[k]!] : values[k];
      combos = combos.flatMap((w) => choices.map((v) => ({ ...w, [d.label]: v })));
    });
    for (const where of combos.slice(0, 60)) {
      const rows = shape.body.filter((r) => shape.dims.every((d, k) => r.dims[k] === where[d.label]));
      const varying = shape.dims.filter((_, k) => !fixed[k]).map((d) => where[d.label]);
      out.push({ where, words: stems(varying.join(' ')), percent: looksPercent(rows.flatMap((r) => shape.columns.filter((c) => c.year !== undefined).map((c) => r.cells[c.index] ?? ''))), label: Object.values(where).join(' › '), strict: false });
    }
  }
  // A table of one measure (areas by years): its title says what it counts.
  if (!out.length && dims.rows !== 'categories' && dims.columns !== 'categories') {
    const all = shape.body.flatMap((r) => shape.columns.filter((c) => c.year !== undefined).map((c) => r.cells[c.index] ?? ''));
    out.push({ words: new Set<string>(), percent: looksPercent(all), label: 'the table (by its title)', strict: false, whole: true });
  }
  return out;
}

/**
 * Measures of the framework a table most likely holds, by shared words with its labels and title and
 * by unit. A percentage measure found in a count beside the count it is a part of ("Completed" beside
 * "Terminated") is suggested as its numerator and denominator: percentages of several areas cannot be
 * added, their parts can.
 */
export function guessMeasures(shape: TableShape, framework: Framework, title: string): Guess[] {
  const titleWords = stems(title);
  const cands = candidates(shape);
  const guesses: Guess[] = [];
  for (const ind of framework.indicators)
    for (const m of ind.measures) {
      const want = stems(`${m.title} ${ind.title}`);
      const mine = stems(m.title);
      let best: Guess | undefined;
      for (const c of cands) {
        let score = 0;
        for (const w of c.whole ? titleWords : c.words) if (want.has(w)) score += 1;
        if (score < (c.strict || c.whole ? 2 : 1)) continue;
        for (const w of titleWords) if (want.has(w) && !c.words.has(w)) score += 0.5;
        // Most of the measure's own words must be in the label or the title: "successfully completed"
        // alone does not make a diversion measure of a community payback table.
        const found = [...mine].filter((w) => c.words.has(w) || titleWords.has(w)).length;
        if (found * 2 < mine.size) continue;
        let part: Guess['part'] = 'value';
        if ((m.unit === 'percent') !== c.percent) {
          if (m.unit !== 'percent' || c.percent) continue;
          part = 'numerator';
        }
        if (!best || score > best.score || (score === best.score && part === 'value' && best.part !== 'value')) best = { indicator: ind.id, measure: m.id, score, part, candidate: c };
      }
      if (!best) continue;
      guesses.push(best);
      if (best.part === 'numerator') {
        // Its whole: a count beside it of the same kind whose words say so ("Terminated").
        const whole = cands.find((c) => c !== best!.candidate && !c.percent && WHOLE_WORDS.test(c.label) && !!c.column === !!best!.candidate.column && !!c.where === !!best!.candidate.where);
        if (whole) guesses.push({ ...best, part: 'denominator', candidate: whole });
        else best.part = 'value';
      }
    }
  // One measure per row, column or combination: the best-scoring claim wins.
  const taken = new Map<string, Guess>();
  for (const g of guesses.sort((a, b) => b.score - a.score)) if (!taken.has(g.candidate.label)) taken.set(g.candidate.label, g);
  const out = [...taken.values()];
  // A numerator without its denominator reads as nothing: a part whose pair was taken by another measure is dropped.
  return out.filter((g) => g.part === 'value' || out.some((o) => o !== g && o.indicator === g.indicator && o.measure === g.measure));
}

/** What `data inspect` says of a published table, and the `data:` entry that reads it. */
export function describeTable(shape: TableShape, framework: Framework, areas: AreaIndex, pos: (row: number, col?: number) => string, headerRowOpt?: number): { lines: string[]; entry: Record<string, unknown> } {
  const lines: string[] = [];
  const say = (s = '') => lines.push(s);
  const dims = dimensions(shape);
  const title = shape.title ?? '';
  const yearInTitle = /(\d{4}\s*[-/\u2013]\s*\d{2}(\d{2})?)(?!.*\d{4}\s*[-/\u2013])/.exec(title)?.[1];
  if (title) say(`  Title:      ${clip(title, 160)}`);
  if (shape.headerRows.length > 1) say(`  Header:     ${pos(shape.headerRows[0])} and ${pos(shape.headerRows[1])}, read as one: ${clip(shape.columns.slice(0, 4).map((c) => `'${c.label}'`).join(', '), 200)}${shape.columns.length > 4 ? ', …' : ''}`);
  else say(`  Header:     ${pos(shape.headerRow)}`);
  const yearCols = shape.columns.filter((c) => c.year !== undefined);
  const passed = dims.columns === 'years' ? shape.columns.filter((c) => c.year === undefined && !c.badYear) : [];
  const colText = shape.columns.filter((c) => !passed.includes(c)).map((c) => `${c.label}${c.notes.length ? ` [notes ${c.notes.join(', ')}]` : ''}`);
  say(`  Columns:    ${clip(colText.join(' | '), 300)}`);
  if (passed.length) say(`  Passed over: ${clip(passed.map((c) => c.label).join(' | '), 200)} (not a year: never read as figures)`);
  for (const c of shape.columns.filter((x) => x.badYear)) say(`  Not a year: '${c.badYear}' (${pos(shape.headerRows[0], c.index)}) is not a financial year cjoip reads: its figures would not be read`);
  if (shape.dims.length) {
    say(`  Categories: ${shape.dims.length} column${shape.dims.length === 1 ? '' : 's'} beside the areas (the filterable layout); choose a measure's rows with where:`);
    shape.dims.forEach((d, k) => {
      const values = [...new Set(shape.body.map((r) => r.dims[k]).filter(Boolean))];
      say(`    ${d.label}: ${clip(values.slice(0, 8).join(', '), 200)}${values.length > 8 ? `, … (${values.length} values)` : ''}`);
    });
  }
  say(`  Row labels: column ${columnLetters(shape.labelColumn + 1)}; ${shape.body.length} rows (${pos(shape.body[0]?.row ?? shape.headerRow)} to ${pos(shape.body[shape.body.length - 1]?.row ?? shape.headerRow)})`);
  say(`  Years:      ${shape.yearsIn === 'columns' && yearCols.length ? `in columns, ${formatFinancialYear(yearCols[0].year!)} to ${formatFinancialYear(yearCols[yearCols.length - 1].year!)}` : shape.yearsIn === 'rows' ? 'in rows' : yearInTitle ? `none in the table; the title says ${yearInTitle}` : 'none found: set year:'}`);
  const groups: Record<string, string[]> = {};
  if (dims.rows === 'areas') {
    const rows = shape.body.filter((r) => r.figures);
    const distinct = (rs: TableRow[], f: (r: TableRow) => string) => [...new Set(rs.map(f))];
    const named = distinct(rows.filter((r) => r.area && !areas.isScotland(r.area)), (r) => areas.name(r.area!));
    const scot = rows.filter((r) => r.total || (r.area && areas.isScotland(r.area)));
    say(`  Areas:      in rows: ${named.length} council area${named.length === 1 ? '' : 's'}${named.length < 32 ? ` (${clip(named.join(', '), 200)})` : ''}`);
    if (scot.length) say(`  Scotland:   ${distinct(scot, (r) => `'${r.label}'`).join(', ')} (${pos(scot[0].row)}), read as Scotland`);
    const other = rows.filter((r) => r.notArea);
    if (other.length) say(`  Not areas:  ${distinct(other, (r) => `'${r.label}'`).join(', ')}: passed over (never a council area's or Scotland's figure)`);
    const unknown = rows.filter((r) => !r.area && !r.total && !r.notArea && !r.group && r.label);
    for (const r of unknown) {
      const guess = guessGroup(r.label, areas);
      if (guess) groups[r.label] = guess;
    }
    const groupLabels = Object.keys(groups);
    if (groupLabels.length) say(`  Groups:     ${clip(groupLabels.map((g) => `'${g}' (seems to be ${groups[g].join(', ')})`).join('; '), 400)}: kept as area_groups: below; a group whose areas are a partnership's is its figure`);
    const rest = unknown.filter((r) => !groups[r.label]);
    if (rest.length) say(`  Unknown:    ${clip(distinct(rest, (r) => `'${r.label}'`).join(', '), 200)}: not a council area; name the areas with area_groups: if it is a group`);
  } else {
    const areaNames = dims.columns === 'areas' ? shape.columns.filter((c) => c.area).map((c) => areas.name(c.area!)) : [];
    say(`  Areas:      ${shape.areasIn ? `in ${shape.areasIn}: ${clip(areaNames.join(', '), 200)}` : 'none found: a national table (area: Scotland)'}`);
  }
  // Sections: rows without figures that head the rows beneath them (not the areas a filterable table repeats).
  const headings = shape.body.filter((r) => r.label && !r.figures);
  const counts = new Map<string, TableRow[]>();
  for (const r of shape.body) counts.set(labelKey(r.label), [...(counts.get(labelKey(r.label)) ?? []), r]);
  const repeated = dims.rows === 'categories' ? [...counts.values()].filter((rs) => rs.length > 1 && rs[0].label) : [];
  if (headings.length || repeated.length) {
    const sections = new Set<string>(headings.map((r) => r.label));
    for (const rs of repeated) for (const r of rs) {
      const s = nearestAbove(shape, r, labelKey(r.label));
      if (s) sections.add(s);
    }
    if (sections.size) say(`  Sections:   ${clip([...sections].join(' | '), 300)}`);
    if (repeated.length) say(`  Repeated:   ${clip(repeated.map((rs) => `${rs[0].label} (${rs.map((r) => pos(r.row)).join(', ')})`).join('; '), 300)}: choose by section:`);
  }
  const noted = new Map<string, Set<string>>();
  for (const x of [...shape.body, ...shape.columns, ...shape.dims]) for (const n of x.notes) noted.set(x.label, (noted.get(x.label) ?? new Set()).add(n));
  if (noted.size) say(`  Footnotes:  ${clip([...noted].map(([label, ns]) => `${label} ${[...ns].join(',')}`).join('; '), 300)} (kept out of labels)`);
  if (shape.noteTexts.size) say(`  Note texts: ${clip([...shape.noteTexts].map(([k, t]) => `${/^\d+$/.test(k) ? `note ${k}` : `[${k}]`}: ${t}`).join(' / '), 300)} (shown with the figures they annotate)`);
  const markerCount = new Map<string, number>();
  for (const r of shape.body) for (const c of shape.columns) {
    if (passed.includes(c)) continue;
    const t = (r.cells[c.index] ?? '').trim();
    const p = parseCell(t, DEFAULT_MARKERS);
    const key = p.kind === 'marker' ? `'${t}' (${MARKER_LABELS[p.marker]})` : p.kind === 'invalid' ? `'${clip(t, 20)}' (unknown: declare under markers:)` : p.kind === 'empty' && r.figures ? 'blank (no figure)' : undefined;
    if (key) markerCount.set(key, (markerCount.get(key) ?? 0) + 1);
  }
  if (markerCount.size) say(`  Markers:    ${[...markerCount].map(([k, n]) => `${k} × ${n}`).join(', ')}`);
  if (shape.below.length) say(`  Below:      ${shape.below.length} row${shape.below.length === 1 ? '' : 's'} of notes (${pos(shape.below[0].row)}): ${clip(shape.below.map((r) => r.cells.find((c) => c.trim()) ?? '').filter(Boolean).join(' / '), 160)}`);
  say('  First rows:');
  for (const r of shape.body.filter((b) => b.figures).slice(0, 4)) say(`    ${pos(r.row).padEnd(10)} ${clip([r.label, ...r.dims].join(' › '), 50)}: ${clip(shape.columns.filter((c) => !passed.includes(c)).slice(0, 6).map((c) => `${c.label} ${r.cells[c.index] ?? ''}`).join(', '), 160)}`);

  const entry: Record<string, unknown> = { layout: 'table' };
  if (headerRowOpt !== undefined) entry.header_row = headerRowOpt;
  if (!shape.areasIn) entry.area = 'Scotland';
  if (!shape.yearsIn) entry.year = yearInTitle ? formatFinancialYear(Number(yearInTitle.slice(0, 4))) : 'FILL IN: 2023-24';
  if (Object.keys(groups).length) entry.area_groups = groups;
  const guesses = guessMeasures(shape, framework, title);
  if (guesses.length) {
    say(`  Measures:   ${guesses.map((g) => `${g.indicator}.${g.measure}${g.part === 'value' ? '' : ` (${g.part})`} ← ${g.candidate.label}`).join('; ')} (guessed from the labels and title: check them)`);
    if (guesses.some((g) => g.part !== 'value')) say('              A percentage is read from its parts (part: numerator and part: denominator), so a partnership of several areas gets its own figure.');
    const inds = [...new Set(guesses.map((g) => g.indicator))];
    if (inds.length === 1) entry.indicator = inds[0];
    entry.measures = guesses.map((g) => {
      const c = g.candidate;
      return { ...(inds.length > 1 ? { indicator: g.indicator } : {}), measure: g.measure, ...(c.where ? { where: c.where } : {}), ...(c.section ? { section: c.section } : {}), ...(c.row ? { row: c.row } : {}), ...(c.column ? { column: c.column } : {}), ...(g.part !== 'value' ? { part: g.part } : {}) };
    });
  } else {
    say(`  Measures:   no row or column matched a measure of ${framework.id} by its words: write measures: by hand (cjoip framework lists them).`);
    entry.indicator = 'FILL IN';
    const r = shape.body.find((b) => b.figures && b.label);
    const subs = [...new Set(shape.columns.filter((c) => c.sub).map((c) => c.sub!))];
    entry.measures = [
      {
        measure: 'FILL IN',
        ...(shape.dims.length && r ? { where: Object.fromEntries(shape.dims.map((d, k) => [d.label, r.dims[k]])) } : {}),
        ...(dims.rows === 'categories' && r ? { row: r.label } : {}),
        ...(dims.columns === 'categories' ? { column: shape.columns[0]?.label } : subs.length > 1 ? { column: subs[0] } : {}),
      },
    ];
  }
  return { lines, entry };
}
