import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjoip, copyExamples, ROOT } from './helpers.js';

/**
 * What Community Justice Scotland writes its report on Scotland from: each partnership's own
 * account, outcome by outcome, in its own words, checked against each partnership's own report
 * model, in the national Markdown, PDF and Word.
 */

const squash = (s: string) => s.replace(/[*_`\\]/g, '').replace(/\s+/g, ' ').trim();

describe('the national picture carries each partnership’s own account', () => {
  const root = copyExamples();
  const dir = path.join(root, 'national-2024-25');
  const r = cjoip(['national', '--year', '2024', dir, '--format', 'md,pdf,docx,json'], { timeout: 300_000 });
  const base = path.join(dir, 'reports', '2024-25', 'national-report-2024-25');

  // Each included plan's own report model, built on its own.
  const plans = readFileSync(path.join(dir, 'partnerships.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => path.resolve(dir, l.trim()));
  const models = plans.map((p) => {
    const own = cjoip(['report', '--year', '2024', p, '--format', 'json', '--out', path.join(root, 'own', path.basename(p))]);
    expect(own.code, own.stderr).toBe(0);
    return JSON.parse(readFileSync(path.join(root, 'own', path.basename(p), 'annual-report-2024-25.json'), 'utf8'));
  });

  it('every outcome narrative and self-assessment of every plan on the current framework, in Markdown, PDF and Word', () => {
    expect(r.code, r.stderr).toBe(0);
    const md = squash(readFileSync(`${base}.md`, 'utf8'));
    const pdf = squash(execFileSync('pdftotext', ['-raw', `${base}.pdf`, '-'], { encoding: 'utf8' }));
    const word = squash(execFileSync('pandoc', ['-t', 'plain', '--wrap=none', `${base}.docx`], { encoding: 'utf8' }));
    const current = models.filter((m) => m.plan.framework.id === 'cjpf-2023');
    expect(current.length).toBe(5);
    let checked = 0;
    for (const m of current)
      for (const o of m.outcomes) {
        for (const [name, text] of [
          ['Markdown', md],
          ['PDF', pdf],
          ['Word', word],
        ] as const) {
          if (o.narrative) expect(text, `${m.partnership.name} ${o.id} narrative in ${name}`).toContain(squash(o.narrative).slice(0, 70));
          for (const e of o.evidence) expect(text, `${m.partnership.name} ${o.id} evidence in ${name}`).toContain(squash(e.title));
        }
        if (o.narrative) checked++;
      }
    expect(checked).toBeGreaterThan(30);
    // Self-assessments sit with the partnership under each outcome.
    const nat = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    for (const m of current) {
      const own = m.title !== `${m.partnership.name}: Community Justice Annual Report 2024-25`;
      const accounts = nat.outcomes.flatMap((x: { accounts: { partnership: string; report?: string }[] }) => x.accounts.filter((a) => a.partnership === m.partnership.name));
      // A report with a title of its own is named at the partnership's first account only.
      expect(accounts.map((a: { report?: string }) => a.report)).toEqual(accounts.map((_: unknown, i: number) => (own && i === 0 ? m.title : undefined)));
      for (const o of m.outcomes.filter((x: { selfAssessment?: string }) => x.selfAssessment)) {
        const account = nat.outcomes.find((x: { id: string }) => x.id === o.id).accounts.find((a: { partnership: string }) => a.partnership === m.partnership.name);
        expect(account.selfAssessment, `${m.partnership.name} ${o.id}`).toBe(o.selfAssessment);
      }
    }
  });

  it('lays out without near-empty pages, names outcomes and indicators by number (a 2016 plan’s never collide), and charts name partnerships one way', () => {
    const pages = execFileSync('pdftotext', ['-layout', `${base}.pdf`, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
    const lines = pages.map((p) => p.split('\n').filter((l) => l.trim()).length);
    // Every page but the cover and the last is well filled: no heading and a line, then a break.
    lines.slice(1, -1).forEach((n, i) => expect(n, `page ${i + 2}`).toBeGreaterThanOrEqual(15));
    const md = readFileSync(`${base}.md`, 'utf8').replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\]\([^)]*\)/g, ']');
    expect(md.match(/\b(?:O|NI|PA|CI)\d+\b/g) ?? []).toEqual([]);
    expect(md).toContain('### Outcome 1: More people successfully complete diversion from prosecution');
    expect(md).toContain('#### National indicator 4: Community sentences successfully completed');
    // The 2016 plan's outcomes are its common outcomes, by number: "common outcome 2" is not the 2023 framework's outcome 2.
    expect(md).toMatch(/Moray Community Justice Partnership \| [^\n]*Self-assessment of common outcome \d/);
    // One naming in every chart: by place, as the notes say.
    const nat = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    const labels = new Set<string>(
      [...nat.outcomes.flatMap((o: { indicators: unknown[] }) => o.indicators), ...nat.suite].flatMap((i: { measures: { ranked: { label: string }[] }[] }) => i.measures.flatMap((m) => m.ranked.map((x) => x.label))),
    );
    expect([...labels].sort()).toEqual(['Ayrshire', 'Clackmannanshire and Stirling', 'Dundee', 'Fife', 'Highland']);
    expect(md).toContain('The charts name each partnership by its place');
  });

  it('achievements, challenges and participation in each partnership’s own words; a report with a title of its own is named once in each section', () => {
    const md = squash(readFileSync(`${base}.md`, 'utf8'));
    const withWords = models.filter((m) => m.achievements || m.challenges || m.participation);
    expect(withWords.length).toBeGreaterThan(0);
    for (const m of withWords) for (const t of [m.achievements, m.challenges, m.participation].filter(Boolean)) expect(md, m.partnership.name).toContain(squash(t).slice(0, 60));
    // Highland titled its report; the others' default titles would only repeat the heading above them and the year.
    const titled = models.filter((m) => m.title !== `${m.partnership.name}: Community Justice Annual Report 2024-25`);
    expect(titled.map((m) => m.title)).toEqual(['Community Justice in Highland: Annual Report 2024-25']);
    expect(md.split('From Community Justice in Highland: Annual Report 2024-25.')).toHaveLength(3);
    expect(md).not.toMatch(/From [^.]*: Community Justice Annual Report 2024-25\./);
    for (const f of ['pdf', 'docx']) {
      const text = squash(execFileSync(f === 'pdf' ? 'pdftotext' : 'pandoc', f === 'pdf' ? ['-raw', `${base}.pdf`, '-'] : ['-t', 'plain', '--wrap=none', `${base}.docx`], { encoding: 'utf8' }));
      expect(text.split('From Community Justice in Highland: Annual Report 2024-25.'), f).toHaveLength(3);
    }
  });

  it('a case study is cited by the national list of sources, and told once', () => {
    const nat = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    const ayrshire = nat.outcomes.flatMap((o: { accounts: { partnership: string; caseStudies: { title: string; text: string }[] }[] }) => o.accounts).filter((a: { partnership: string }) => a.partnership === 'Community Justice Ayrshire Partnership');
    const titles = ayrshire.flatMap((a: { caseStudies: { title: string }[] }) => a.caseStudies.map((c) => c.title));
    expect(titles.filter((t: string) => t.startsWith('Back to work through unpaid work'))).toHaveLength(1);
    // Evidence cites the national numbering: the IJB paper is one source in the national list.
    const ijb = nat.sources.find((s: { title: string }) => s.title.startsWith('Integration Joint Board, 13 June 2024'));
    const evidence = ayrshire.flatMap((a: { evidence: { source: string }[] }) => a.evidence);
    expect(evidence.some((e: { source: string }) => e.source.startsWith(`${ijb.n}, section`))).toBe(true);
  });
});

describe('rates, not only counts; what is missing, truthfully', () => {
  const root = copyExamples();
  const dir = path.join(root, 'national-2024-25');
  const r = cjoip(['national', '--year', '2024', dir, '--format', 'md,json'], { timeout: 300_000 });
  const base = path.join(dir, 'reports', '2024-25', 'national-report-2024-25');
  const nat = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  // The population file read here on its own: people by GSS code, one figure per mid-year.
  const pop = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'reference', 'population.json'), 'utf8')) as { years: number[]; areas: Record<string, { people: number[] }> };

  it('every count is also per 10,000 people of the partnership’s areas, recomputed here from the population file; charts rank by rate', () => {
    expect(r.code, r.stderr).toBe(0);
    const areasOf = new Map<string, string[]>(nat.partnerships.map((p: { name: string; areas: { code: string }[] }) => [p.name, p.areas.map((a) => a.code)]));
    const peopleIn = (codes: string[], year: number) => {
      const i = pop.years.filter((y) => y <= year).length - 1;
      return codes.reduce((s, c) => s + pop.areas[c].people[i], 0);
    };
    let checked = 0;
    for (const ind of [...nat.outcomes.flatMap((o: { indicators: unknown[] }) => o.indicators), ...nat.suite])
      for (const m of ind.measures.filter((x: { unit: string }) => x.unit === 'count')) {
        const year = Number(m.year.slice(0, 4));
        for (const row of m.rows) {
          if (row.latest.value === undefined) continue;
          const want = Math.round((row.latest.value / peopleIn(areasOf.get(row.partnership)!, year)) * 100_000) / 10;
          expect(row.rate.latest, `${m.key} ${row.partnership}`).toBe(want);
          checked++;
        }
        expect(m.rankedUnit).toBe('rate');
        const rates = m.ranked.map((x: { value: number }) => x.value);
        expect(rates).toEqual([...rates].sort((a, b) => b - a));
        expect(m.ranked.every((x: { partnership: string; value: number }) => m.rows.find((row: { partnership: string }) => row.partnership === x.partnership).rate.latest === x.value)).toBe(true);
      }
    expect(checked).toBeGreaterThan(40);
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toMatch(/\| Partnership \| 2023-24 \| 2024-25 \| Change \| Per 10,000 people, 2023-24 \| Per 10,000 people, 2024-25 \|/);
    expect(md).toContain('National Records of Scotland, _Mid-year population estimates by council area, 2015 to 2023_');
    expect(md).toMatch(/mid-year population estimates \(all ages\) for mid-2023/);
  });

  it('a partnership whose council-area figures are present is not listed as giving none; its areas’ figures are in the table', () => {
    const gaps = nat.gaps.find((g: { partnership: string }) => g.partnership === 'Community Justice Ayrshire Partnership');
    expect(JSON.stringify(gaps ?? {})).not.toMatch(/NI9|NI10|indicator/);
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toMatch(/^\| Community Justice Ayrshire Partnership: East Ayrshire \| 47\.1% \| 50\.4% \| up 3\.3 percentage points \|$/m);
    expect(md).toContain('Community Justice Ayrshire Partnership (only percentages are published for its areas; its council areas’ figures are shown)');
  });
});

describe('an accessible workbook of every figure, read back with LibreOffice', () => {
  const root = copyExamples();
  const dir = path.join(root, 'national-2024-25');
  const r = cjoip(['national', '--year', '2024', dir, '--format', 'md,ods'], { timeout: 300_000 });
  const base = path.join(dir, 'reports', '2024-25', 'national-report-2024-25');

  it('cover, contents and notes; one table per sheet from A1 with one header row; no merged cells, blank rows or columns; the figures equal the CSV’s', () => {
    expect(r.code, r.stderr).toBe(0);
    const out = path.join(root, 'lo');
    // Every sheet to its own CSV file, as LibreOffice Calc reads the workbook (sheet -1: all sheets).
    const lo = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(root, 'lo-profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, `${base}-figures.xlsx`], { encoding: 'utf8', timeout: 180_000 });
    expect(lo.status, `LibreOffice Calc (libreoffice-calc-nogui) could not read the workbook: ${lo.stderr}`).toBe(0);
    const sheet = (name: string) => parseCsv(readFileSync(path.join(out, `national-report-2024-25-figures-${name}.csv`), 'utf8'), { relax_column_count: true }) as string[][];
    const names = readdirSync(out).map((f) => /-figures-(.+)\.csv$/.exec(f)?.[1]).filter(Boolean);
    expect(new Set(names)).toEqual(new Set(['Cover', 'Contents', 'Notes', 'Figures', 'Self_assessments', 'Actions', 'Gaps']));
    expect(sheet('Cover')[0][0]).toContain('Community justice in Scotland');
    expect(sheet('Contents').slice(1).map((x) => x[0])).toEqual(['Figures', 'Self_assessments', 'Actions', 'Gaps', 'Notes']);
    expect(sheet('Notes').map((x) => x[1]).join(' ')).toMatch(/\[c\].*\[x\].*\[z\].*\[low\]/);
    for (const name of ['Contents', 'Notes', 'Figures', 'Self_assessments', 'Actions', 'Gaps']) {
      const rows = sheet(name);
      // One header row in row 1; no blank row; no blank column.
      expect(rows[0].every((c) => c.trim()), `${name} header`).toBe(true);
      expect(rows.filter((x) => x.every((c) => !c.trim())), `${name} blank rows`).toEqual([]);
      rows[0].forEach((_, i) => expect(rows.slice(1).some((x) => (x[i] ?? '').trim()), `${name} column ${i + 1}`).toBe(true));
    }
    const book = unzipSync(readFileSync(`${base}-figures.xlsx`));
    for (const [n, b] of Object.entries(book)) if (n.startsWith('xl/worksheets/')) expect(strFromU8(b), n).not.toMatch(/<mergeCell|<f[ >]/);
    // The figures equal the CSV's, row by row.
    const csv = parseCsv(readFileSync(`${base}-figures.csv`, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const figures = sheet('Figures');
    expect(figures.length - 1).toBe(csv.length);
    const markers: Record<string, string> = { suppressed: '[c]', 'not-available': '[x]', 'not-applicable': '[z]', low: '[low]' };
    csv.forEach((c, i) => {
      const w = figures[i + 1];
      expect([w[0], w[3], w[4], w[5]], `row ${i + 2}`).toEqual([c.partnership, c.indicator, c.measure, c.year]);
      expect(w[6], `row ${i + 2} value`).toBe(c.value === '' ? (markers[c.marker] ?? '') : String(Number(c.value)));
      expect(w[7]).toBe(c.numerator === '' ? '' : String(Number(c.numerator)));
    });
    // The OpenDocument workbook (--format ods) holds the same sheets and the same figures.
    const odsOut = path.join(root, 'lo-ods');
    const ods = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(root, 'lo-profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', odsOut, `${base}-figures.ods`], { encoding: 'utf8', timeout: 180_000 });
    expect(ods.status, ods.stderr).toBe(0);
    for (const name of ['Figures', 'Self_assessments', 'Actions', 'Gaps', 'Notes'])
      expect(readFileSync(path.join(odsOut, `national-report-2024-25-figures-${name}.csv`), 'utf8'), name).toBe(readFileSync(path.join(out, `national-report-2024-25-figures-${name}.csv`), 'utf8'));
  });
});

describe('themes of next steps: from the plan first, then from words, and said which', () => {
  it('a plan’s own themes are taken as given; a plan naming none has its themes found in any wording, marked inferred', () => {
    const root = copyExamples();
    const dir = path.join(root, 'national-2024-25');
    // Highland names its themes; Dundee names none, and words a release from prison as "people leaving HMP Perth".
    const highland = path.join(dir, 'plans', 'highland-2024-27', 'cjoip.yaml');
    writeFileSync(highland, readFileSync(highland, 'utf8').replace('    next_steps: |', '    themes: [throughcare, lived-experience]\n    next_steps: |'));
    const r = cjoip(['national', '--year', '2024', dir, '--format', 'json'], { timeout: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const nat = JSON.parse(readFileSync(path.join(dir, 'reports', '2024-25', 'national-report-2024-25.json'), 'utf8'));
    const theme = (id: string) => nat.nextSteps.themes.find((t: { id: string }) => t.id === id);
    const release = theme('throughcare');
    expect(release.title).toBe('Release from prison and throughcare');
    expect(release.partnerships).toContain('Dundee Community Justice Partnership');
    expect(release.inferred).toContain('Dundee Community Justice Partnership');
    expect(release.partnerships).toContain('Highland Community Justice Partnership');
    expect(release.inferred).not.toContain('Highland Community Justice Partnership');
    expect(release.which).toContain('Dundee Community Justice Partnership (inferred)');
    // Highland's words name diversion, but its plan names its themes: nothing is inferred for it.
    expect(theme('diversion').partnerships).not.toContain('Highland Community Justice Partnership');
    expect(theme('lived-experience').partnerships).toContain('Highland Community Justice Partnership');
  });
});
