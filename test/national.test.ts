import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { cjoip, copyExamples, fixture, inBrowser, libreOfficePdf, pdfPages } from './helpers.js';

interface Figure { value?: number; numerator?: number; denominator?: number; marker?: string; text: string }
interface NationalMeasure { indicator: string; measure: string; year: string; rows: { partnership: string; latest: Figure; previous: Figure; change?: number }[]; scotland?: { latest: Figure; previous: Figure }; ranked: { partnership: string; value: number }[] }
interface National {
  partnerships: { name: string; earlier: boolean }[];
  notIncluded: { name: string; why: string; areas: string[] }[];
  coverage: { claimedTwice: { area: string; partnerships: string[] }[]; uncovered: string[]; inPlansNotIncluded: string[]; covered: number };
  assessments: { outcomes: { id: string }[]; matrix: { partnership: string; earlier: boolean; cells: { outcome: string; level?: string }[] }[]; summary: { outcome: string; counts: number[]; none: number }[]; levels: string[] };
  outcomes: { id: string; indicators: { measures: NationalMeasure[] }[]; caseStudies: { partnership: string; title: string }[] }[];
  suite: { measures: NationalMeasure[] }[];
  actions: { rows: { partnership: string; total: number; overdue: number; counts: Record<string, number> }[]; total: { total: number } };
  gaps: { partnership: string; missing: string[] }[];
}
interface SeriesPoint { year: number; partnership: { value?: number; numerator?: number; denominator?: number }; areas: { code: string; name: string; figure: { value?: number; numerator?: number; denominator?: number; marker?: string } }[]; scotland?: { value?: number } }
interface PartnershipModel {
  partnership: { name: string; areas: { code: string }[] };
  plan: { framework: { id: string } };
  outcomes: { id: string; selfAssessment?: string; indicators: { id: string; measures: { measure: string; series: SeriesPoint[] }[] }[]; caseStudies: { title: string }[] }[];
  suite: { id: string; measures: { measure: string; series: SeriesPoint[] }[] }[];
  progress: { total: number; overdue: unknown[]; counts: { status: string; count: number }[] };
}

const fy = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;

/** The plans a national list names, as folders. */
const listed = (dir: string) =>
  readFileSync(path.join(dir, 'partnerships.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => path.resolve(dir, l));

/** The example built once: a copy of examples/, the national report of 2024-25 in every format. */
let built: { root: string; out: string; code: number | null; stderr: string } | undefined;
function example() {
  if (!built) {
    const root = copyExamples();
    const r = cjoip(['national', '--year', '2024', path.join(root, 'national-2024-25'), '--format', 'md,html,pdf,docx,json'], { timeout: 300_000 });
    built = { root, out: path.join(root, 'national-2024-25', 'reports', '2024-25'), code: r.code, stderr: r.stderr };
  }
  return built;
}
const base = () => path.join(example().out, 'national-report-2024-25');
const national = (b = base()): National => JSON.parse(readFileSync(`${b}.json`, 'utf8'));

/** Each listed partnership's own report model, from `cjoip report --format json`. */
function ownModels(root: string): Map<string, PartnershipModel> {
  const out = new Map<string, PartnershipModel>();
  for (const plan of listed(path.join(root, 'national-2024-25'))) {
    const dir = path.join(plan, 'own-report');
    const r = cjoip(['report', '--year', '2024', plan, '--format', 'json', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(path.join(dir, 'annual-report-2024-25.json'), 'utf8')) as PartnershipModel;
    out.set(m.partnership.name, m);
  }
  return out;
}

describe('cjoip national: the national picture for Community Justice Scotland', () => {
  it('the example exits 0 and writes the report in every format and the CSV; the PDF is tagged, titled and bookmarked', () => {
    const { code, stderr } = example();
    expect(code, stderr).toBe(0);
    for (const ext of ['md', 'html', 'pdf', 'docx', 'json']) expect(existsSync(`${base()}.${ext}`), ext).toBe(true);
    expect(existsSync(`${base()}-figures.csv`)).toBe(true);
    const info = execFileSync('pdfinfo', [`${base()}.pdf`], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Community justice in Scotland/);
    const outline = execFileSync('qpdf', ['--json', '--json-key=outlines', `${base()}.pdf`], { encoding: 'utf8' });
    for (const h of ['Self-assessments', 'Outcomes and national indicators', 'Progress of local actions', 'What is missing']) expect(outline).toContain(h);
    expect(stderr).toContain('6 of 6 partnerships included.');
  });

  it('the matrix, the figures and the action counts agree, figure by figure, with each partnership’s own report model', () => {
    const { root } = example();
    const n = national();
    const own = ownModels(root);
    expect(n.partnerships.map((p) => p.name).sort()).toEqual([...own.keys()].sort());
    const html = readFileSync(`${base()}.html`, 'utf8');
    let compared = 0;
    for (const [name, m] of own) {
      const row = n.assessments.matrix.find((r) => r.partnership === name)!;
      const current = m.plan.framework.id === 'cjpf-2023';
      expect(row.earlier).toBe(!current);
      // The matrix printed in the HTML: the row's cells in outcome order.
      const tr = new RegExp(`<tr><th scope="row">${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</th>(.*?)</tr>`).exec(html)![1];
      const printed = [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((x) => x[1]);
      if (current) {
        for (const [i, o] of n.assessments.outcomes.entries()) {
          const mine = m.outcomes.find((x) => x.id === o.id)?.selfAssessment;
          expect(row.cells[i].level, `${name} ${o.id}`).toBe(mine);
          expect(printed[i], `${name} ${o.id} printed`).toBe(mine ?? 'Not given');
          compared++;
        }
        // Each measure: this year's and last year's figure, and Scotland's.
        const views = [...m.outcomes.flatMap((o) => o.indicators), ...m.suite];
        for (const nm of [...n.outcomes.flatMap((o) => o.indicators), ...n.suite].flatMap((i) => i.measures)) {
          const view = views.find((i) => i.id === nm.indicator)!.measures.find((x) => x.measure === nm.measure)!;
          const year = Number(nm.year.slice(0, 4));
          const at = (y: number) => view.series.find((p) => p.year === y);
          const r = nm.rows.find((x) => x.partnership === name)!;
          expect(r.latest.value, `${name} ${nm.indicator} ${nm.measure} ${nm.year}`).toBe(at(year)?.partnership.value);
          expect(r.previous.value, `${name} ${nm.indicator} ${nm.measure} ${fy(year - 1)}`).toBe(at(year - 1)?.partnership.value);
          if (r.latest.value !== undefined && r.previous.value !== undefined) expect(r.change).toBeCloseTo(r.latest.value - r.previous.value, 1);
          const scot = at(year)?.scotland?.value;
          if (scot !== undefined) expect(nm.scotland?.latest.value).toBe(scot);
          compared++;
        }
      } else {
        expect(printed).toEqual(['Plan under an earlier framework: its outcomes differ']);
      }
      const actions = n.actions.rows.find((r) => r.partnership === name)!;
      expect(actions.total).toBe(m.progress.total);
      expect(actions.overdue).toBe(m.progress.overdue.length);
      for (const c of m.progress.counts) expect(actions.counts[c.status]).toBe(c.count);
    }
    expect(compared).toBeGreaterThan(60);
    // The summary counts the matrix.
    n.assessments.summary.forEach((s, i) => {
      const cells = n.assessments.matrix.filter((r) => !r.earlier).map((r) => r.cells[i].level);
      expect(s.counts).toEqual(n.assessments.levels.map((l) => cells.filter((c) => c === l).length));
      expect(s.none).toBe(cells.filter((c) => !c).length);
    });
    expect(n.actions.total.total).toBe(n.actions.rows.reduce((s, r) => s + r.total, 0));
  });

  it('the CSV holds every figure, tidy, with partnership percentages recomputed from summed parts', () => {
    const { root } = example();
    const text = readFileSync(`${base()}-figures.csv`, 'utf8');
    expect(text.startsWith('\ufeffpartnership,area,area_code,indicator,measure,year,value,numerator,denominator,marker,source,illustrative\r\n')).toBe(true);
    const rows = parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];
    const own = ownModels(root);
    let checked = 0;
    for (const [name, m] of own) {
      if (m.plan.framework.id !== 'cjpf-2023') {
        expect(rows.some((r) => r.partnership === name)).toBe(false);
        continue;
      }
      for (const ind of [...m.outcomes.flatMap((o) => o.indicators), ...m.suite])
        for (const mv of ind.measures)
          for (const p of mv.series)
            for (const a of p.areas) {
              if (a.figure.value === undefined && !a.figure.marker) continue;
              const r = rows.filter((x) => x.partnership === name && x.area_code === a.code && x.indicator === ind.id && x.measure === mv.measure && x.year === fy(p.year));
              expect(r, `${name} ${a.code} ${ind.id} ${mv.measure} ${p.year}`).toHaveLength(1);
              expect(r[0].value).toBe(a.figure.value === undefined ? '' : String(a.figure.value));
              expect(r[0].marker).toBe(a.figure.marker ?? '');
              checked++;
            }
    }
    expect(checked).toBeGreaterThan(300);
    // Clackmannanshire and Stirling: the partnership's percentage is its summed numerators over its summed denominators.
    const who = 'Clackmannanshire and Stirling Community Justice Partnership';
    const parts = rows.filter((r) => r.partnership === who && r.indicator === 'NI4' && r.measure === 'cpo-completed' && r.year === '2023-24');
    const areas = parts.filter((r) => r.area_code);
    const total = parts.find((r) => !r.area_code)!;
    expect(areas).toHaveLength(2);
    const num = areas.reduce((s, r) => s + Number(r.numerator), 0);
    const den = areas.reduce((s, r) => s + Number(r.denominator), 0);
    expect(Number(total.numerator)).toBe(num);
    expect(Number(total.value)).toBe(Math.round((1000 * num) / den) / 10);
    // Scotland once per measure and year; every row names its source, and the invented ones say so.
    const scot = rows.filter((r) => r.area === 'Scotland' && r.indicator === 'NI4' && r.measure === 'cpo-completed' && r.year === '2023-24');
    expect(scot).toHaveLength(1);
    expect(scot[0].value).toBe('71');
    for (const r of rows) expect(r.source, JSON.stringify(r)).not.toBe('');
    expect(rows.filter((r) => r.partnership.startsWith('Dundee')).every((r) => r.illustrative === 'yes')).toBe(true);
  });

  it('a broken plan is listed as not included, with the reason, while the rest build (exit 1); areas claimed twice or uncovered are reported', () => {
    const root = copyExamples();
    const dir = path.join(root, 'national-2024-25');
    const fife = path.join(dir, 'plans', 'fife-2024-27', 'cjoip.yaml');
    writeFileSync(fife, readFileSync(fife, 'utf8').replace('framework: cjpf-2023', 'framework: cjpf-2023\n  levels: [oops'));
    // A second Dundee plan claims Dundee City again; a line names a plan that is not there.
    cpSync(path.join(dir, 'plans', 'dundee-2024-27'), path.join(dir, 'plans', 'dundee-again'), { recursive: true });
    const again = path.join(dir, 'plans', 'dundee-again', 'cjoip.yaml');
    writeFileSync(again, readFileSync(again, 'utf8').replace('name: Dundee Community Justice Partnership', 'name: Tayside Community Justice Partnership'));
    // Its data give Scotland a different completion rate from Ayrshire's (the published 71%).
    appendFileSync(path.join(dir, 'plans', 'dundee-again', 'data', 'national-indicators-illustrative.csv'), 'NI4,cpo-completed,S92000003,2023-24,,700,1000,,illustrative\n');
    writeFileSync(path.join(dir, 'partnerships.txt'), readFileSync(path.join(dir, 'partnerships.txt'), 'utf8') + 'plans/dundee-again\nplans/nowhere\n');
    const r = cjoip(['national', '--year', '2024', dir, '--format', 'md,json'], { timeout: 300_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('fife-2024-27/cjoip.yaml');
    expect(r.stderr).toContain('6 of 8 partnerships included.');
    const b = path.join(dir, 'reports', '2024-25', 'national-report-2024-25');
    const n = national(b);
    expect(n.partnerships.map((p) => p.name)).not.toContain('Fife Community Justice Partnership');
    expect(n.partnerships).toHaveLength(6);
    expect(n.notIncluded).toEqual([
      { name: 'Fife Community Justice Partnership', why: 'Its plan could not be read.', areas: ['S12000047'] },
      { name: 'nowhere', why: 'Its plan could not be found.', areas: [] },
    ]);
    expect(n.coverage.claimedTwice).toEqual([{ area: 'Dundee City', partnerships: ['Dundee Community Justice Partnership', 'Tayside Community Justice Partnership'] }]);
    expect(n.coverage.inPlansNotIncluded).toEqual(['Fife']);
    expect(n.coverage.uncovered).toContain('Glasgow City');
    expect(n.coverage.uncovered).not.toContain('Fife');
    const md = readFileSync(`${b}.md`, 'utf8');
    expect(md).toContain('| Fife Community Justice Partnership | Its plan could not be read. |');
    expect(md).toContain('**Claimed by more than one plan:** Dundee City (Dundee Community Justice Partnership and Tayside Community Justice Partnership)');
    expect(md).toContain('**Covered only by a plan not included:** Fife.');
    // Two Scotland figures: neither is shown as Scotland's, each is named, and the CSV keeps both with who gave them.
    const cpo = (n.outcomes.find((o) => o.id === 'O4')!.indicators[0].measures[0] as NationalMeasure & { scotlandDisagree: { partnership: string; text: string }[] });
    expect(cpo.scotland).toBeUndefined();
    expect(cpo.scotlandDisagree).toEqual([
      { partnership: 'Community Justice Ayrshire Partnership', text: '71% in 2023-24' },
      { partnership: 'Tayside Community Justice Partnership', text: '70.0% in 2023-24' },
    ]);
    const csv = parseCsv(readFileSync(`${b}-figures.csv`, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.filter((r) => r.area === 'Scotland' && r.indicator === 'NI4' && r.measure === 'cpo-completed' && r.year === '2023-24').map((r) => [r.partnership, r.value])).toEqual([
      ['Community Justice Ayrshire Partnership', '71'],
      ['Tayside Community Justice Partnership', '70'],
    ]);
  });

  it('plan folders given directly: the report goes to national-report-<year>/ in the working folder, with --title; a plan for other years is named with its period; without a browser the rest is written, exit 2', () => {
    const root = copyExamples();
    const work = fixture({});
    const plans = ['ayrshire-2024-29', 'ayrshire-2018-21', 'national-2024-25/plans/dundee-2024-27'].map((p) => path.join(root, p));
    const r = cjoip(['national', '--year', '2024-25', ...plans, '--title', 'Community justice in Tayside and Ayrshire', '--format', 'md,pdf', '--browser', '/no/such/chrome'], { cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('The browser given by --browser does not exist: /no/such/chrome');
    const b = path.join(work, 'national-report-2024-25', 'national-report-2024-25');
    const md = readFileSync(`${b}.md`, 'utf8');
    expect(md.startsWith('# Community justice in Tayside and Ayrshire\n')).toBe(true);
    expect(md).toContain('| Community Justice Ayrshire | Its plan does not cover 2024-25: it runs from 2018-19 to 2020-21. |');
    // Both plans included are written under the framework the facts name: no column repeats it row after row.
    expect(md).toContain('- **Framework:** Community Justice Performance Framework (2023)');
    expect(md).toContain('| Partnership | Council areas |\n|---|---|\n| Community Justice Ayrshire Partnership (illustrative) | East Ayrshire, North Ayrshire, South Ayrshire |\n');
    expect(md).not.toContain('Plan written under');
    expect(existsSync(`${b}-figures.csv`)).toBe(true);
    expect(existsSync(`${b}.pdf`)).toBe(false);
    // An unknown format is refused before anything is read.
    const bad = cjoip(['national', '--year', '2024', ...plans, '--format', 'md,xlsx'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown national report format: xlsx.');
  });

  it('a plan named twice is included once; when no plan can be included nothing is written (exit 1)', () => {
    const root = copyExamples();
    const dundee = path.join(root, 'national-2024-25', 'plans', 'dundee-2024-27');
    const list = path.join(fixture({}), 'list.txt');
    writeFileSync(list, `${dundee}\n${path.join(dundee, 'cjoip.yaml')}\n`);
    const twice = cjoip(['national', '--year', '2024', list, '--format', 'json']);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stderr).toMatch(/cjoip\.yaml is named twice \(.*list\.txt line 2\); it is included once\./);
    expect(national(path.join(path.dirname(list), 'reports', '2024-25', 'national-report-2024-25')).partnerships).toHaveLength(1);
    // The CSV edited since cjoip wrote it is kept: nothing of the set is written without --force.
    const csv = path.join(path.dirname(list), 'reports', '2024-25', 'national-report-2024-25-figures.csv');
    writeFileSync(csv, 'my own notes\n');
    const kept = cjoip(['national', '--year', '2024', list, '--format', 'json']);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain('The national report was not written, to keep a file that cjoip did not write or that changed since it did:');
    expect(readFileSync(csv, 'utf8')).toBe('my own notes\n');
    expect(cjoip(['national', '--year', '2024', list, '--format', 'json', '--force']).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^\ufeffpartnership,/);
    const none = cjoip(['national', '--year', '2024', path.join(root, 'ayrshire-2018-21'), '--format', 'md'], { cwd: path.dirname(list) });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No plan could be included, so no national report was written.');
    expect(existsSync(path.join(path.dirname(list), 'national-report-2024-25'))).toBe(false);
  });

  it('the report speaks to its readers: no file paths or tool words; gaps and the earlier framework are named', () => {
    const md = readFileSync(`${base()}.md`, 'utf8');
    const pdf = execFileSync('pdftotext', [`${base()}.pdf`, '-'], { encoding: 'utf8' });
    for (const text of [md, pdf]) for (const bad of ['.csv', '.yaml', 'cjoip', 'plans/', 'examples', 'undefined', 'NaN', '[object']) expect(text, bad).not.toContain(bad);
    const n = national();
    const moray = n.gaps.find((g) => g.partnership === 'Moray Community Justice Partnership')!;
    expect(moray.missing[0]).toMatch(/earlier framework/);
    const fife = n.gaps.find((g) => g.partnership === 'Fife Community Justice Partnership')!;
    expect(fife.missing).toEqual(expect.arrayContaining(['Self-assessment of nationally determined outcome 8', 'Self-assessment of nationally determined outcome 9', 'Sign-off by the chair, with its date']));
    expect(md).toContain('Illustrative example.');
    // Moray's plan is under an earlier framework, so the partnerships' table says which framework each plan is under.
    expect(md).toContain('| Partnership | Council areas | Plan written under |');
    expect(md).toMatch(/\| Moray Community Justice Partnership \(illustrative\) \| Moray \| Community Justice Outcomes, Performance and Improvement Framework \(2016\)[^|]*\(an earlier framework\) \|/);
    // Case studies by outcome: Ayrshire's bail case study is under O3.
    expect(n.outcomes.find((o) => o.id === 'O3')!.caseStudies.map((c) => c.partnership)).toContain('Community Justice Ayrshire Partnership');
  });

  it('the Word document reads back (pandoc) with the matrix and every partnership’s figures', () => {
    const n = national();
    const text = execFileSync('pandoc', ['-t', 'plain', '--wrap=none', `${base()}.docx`], { encoding: 'utf8' });
    for (const h of ['Self-assessments', 'Outcomes and national indicators', 'Progress of local actions', 'Next steps', 'What is missing', 'About the figures']) expect(text).toContain(h);
    // The framework is named among the facts; Moray's earlier one makes the table say each plan's.
    expect(text).toContain('Framework: Community Justice Performance Framework (2023)');
    expect(text).toMatch(/Partnership\s+Council areas\s+Plan written under/);
    expect(text).toMatch(/Moray Community Justice Partnership \(illustrative\)\s+Moray\s+Community Justice Outcomes, Performance and Improvement Framework \(2016\)/);
    for (const row of n.assessments.matrix.filter((r) => !r.earlier)) expect(text).toMatch(new RegExp(`${row.partnership}\\s+${row.cells.map((c) => c.level ?? 'Not given').join('\\s+')}`));
    const cpo = n.outcomes.find((o) => o.id === 'O4')!.indicators[0].measures[0];
    for (const r of cpo.rows) expect(text).toMatch(new RegExp(`${r.partnership}\\s+${r.previous.text}\\s+${r.latest.text}`));
  });

  it('the Word document as LibreOffice lays it out: a contents with page numbers, and the matrix on a landscape page with no word broken', () => {
    const n = national();
    const pages = pdfPages(libreOfficePdf(`${base()}.docx`)).map((p) => p.replace(/\s+/g, ' ').trim());
    expect(pages[0]).not.toContain('Contents');
    expect(pages[1]).toContain('Contents');
    // The contents may run onto a second page.
    const contents = pages.slice(1, 3).join(' ');
    for (const h of ['About this report', 'Self-assessments', 'Outcomes and national indicators', 'What is missing']) expect(contents).toMatch(new RegExp(`${h} ?\\.{2,} ?\\d+`));
    const at = pages.findIndex((p) => p.includes('Self-assessment of each outcome by each partnership'));
    expect(at).toBeGreaterThan(1);
    const size = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', ['-f', String(at + 1), '-l', String(at + 1), libreOfficePdf(`${base()}.docx`)], { encoding: 'utf8' }))!;
    expect(Number(size[1]), 'a landscape page').toBeGreaterThan(Number(size[2]));
    // Every word on the matrix's page is a whole word of the matrix, its caption, or the running header and footer.
    const whole = new Set(
      ['Self-assessment of each outcome by each partnership, 2024-25', 'Partnership', 'Not given', 'Plan under an earlier framework: its outcomes differ', 'Community justice in Scotland · National picture 2024-25', `Page ${at + 1} of ${pages.length}`, ...n.assessments.outcomes.map((o) => o.number), ...n.assessments.matrix.flatMap((r) => [r.partnership, ...r.cells.map((c) => c.level ?? '')])]
        .join(' ')
        .split(' '),
    );
    const broken = pages[at].split(' ').filter((w) => !whole.has(w));
    expect(broken).toEqual([]);
  });

  it('the HTML fits phones and desktops and axe (WCAG 2.2 AA) finds nothing', async () => {
    for (const r of await inBrowser(readFileSync(`${base()}.html`, 'utf8'), [320, 390, 1280])) {
      expect(r.scrollWidth, `page width at ${r.width}px`).toBeLessThanOrEqual(r.width);
      expect(r.violations, `axe at ${r.width}px`).toEqual([]);
    }
  });
});
