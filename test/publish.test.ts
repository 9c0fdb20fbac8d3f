import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { strFromU8, unzipSync } from 'fflate';
import { cjoip, copyExample, EXAMPLES, fixture, inBrowser, libreOfficePdf, MINIMAL_PLAN, pdfPages, reportedExample } from './helpers.js';
import { buildToc } from '../src/render/toc.js';
import { contrastOnWhite } from '../src/render/charts/style.js';
import { headingTexts } from '../src/render/pdf-finish.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
const pageText = (pdf: string, p: number, layout = false) => execFileSync('pdftotext', ['-f', String(p), '-l', String(p), ...(layout ? ['-layout'] : []), pdf, '-'], { encoding: 'utf8' });

/** The Ayrshire example built as the final, publishable report, once for this file. */
const final = () => path.join(reportedExample('ayrshire-2024-29', 2024, ['--final']), 'reports', '2024-25', 'annual-report-2024-25');

describe('a report a partnership can publish as it comes out', () => {
  it('--final on the Ayrshire example: nothing of the tool’s workings, each deliverable once, at most 31 pages (30 before the recorded crime table), every figure present', () => {
    const base = final();
    const md = readFileSync(`${base}.md`, 'utf8');
    const pdf = execFileSync('pdftotext', [`${base}.pdf`, '-'], { encoding: 'utf8' });
    for (const text of [md, pdf]) for (const bad of ['.csv', '.yaml', 'Source rows', 'seed 0', 'domain primer', 'link inferred', 'not given', 'cjoip', 'Draft']) expect(text, bad).not.toContain(bad);
    const plan = parse(readFileSync(path.join(EXAMPLES, 'ayrshire-2024-29', 'cjoip.yaml'), 'utf8'));
    const deliverables = plan.structure.flatMap((a: { items: { items: { title: string }[] }[] }) => a.items.flatMap((pa) => pa.items));
    expect(deliverables).toHaveLength(45);
    for (const d of deliverables) expect(md.split(d.title).length - 1, d.title).toBe(1);
    expect(pageCount(`${base}.pdf`)).toBeLessThanOrEqual(31);
    const flat = squash(pdf);
    // Read in the tagged reading order, as a screen reader would.
    // (Chromium's tagged text carries no space where a line wraps, so words are compared without spaces.)
    const letters = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
    const tagged = letters(execFileSync('pdfinfo', ['-struct-text', `${base}.pdf`], { encoding: 'utf8' }));
    for (const d of deliverables) expect(tagged).toContain(letters(d.title));
    // Every figure of the model is printed in the PDF's tables.
    const model = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    const measures = [...model.outcomes.flatMap((o: { indicators: unknown[] }) => o.indicators), ...model.suite].flatMap((i: { measures: unknown[] }) => i.measures) as { unit: string; series: { partnership: { value?: number }; areas: { figure: { value?: number } }[] }[] }[];
    let figures = 0;
    for (const m of measures)
      for (const p of m.series)
        for (const v of [p.partnership.value, ...p.areas.map((a) => a.figure.value)]) {
          if (v === undefined) continue;
          expect(flat).toContain(m.unit === 'percent' ? `${v.toFixed(1)}%` : v.toLocaleString('en-GB'));
          figures++;
        }
    expect(figures).toBeGreaterThan(300);
    // Sources are named as statistical publications name them, and referred to by number.
    expect(md).toMatch(/### Sources\n\n1\. Illustrative example data, _National indicator figures/);
    expect(md).toMatch(/^Source: 1\.$/m);
    // Both drafts and finals say when, who to contact, other formats, and the copy to CJS.
    expect(md).toContain('Published 28 November 2025 by Community Justice Ayrshire Partnership.');
    expect(md).toContain('This report can be provided in other formats');
    expect(md).toContain('a copy of this report is sent to Community Justice Scotland');
    expect(md).toContain('Approved by the Community Justice Ayrshire Partnership Board on 29 October 2025.');
  });

  it('--final on Clackmannanshire lists each gap at its plan position and writes nothing; a draft is marked Draft on every page', () => {
    const dir = copyExample('clackmannanshire-2017-18');
    const r = cjoip(['report', '--year', '2017', '--final', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d+:\d+ +error +Missing for the final report: Self-assessment of common outcome 1\. +final-gap/);
    expect(r.stdout).toContain('Missing for the final report: Sign-off by the chair, with its date.');
    expect(r.stdout).toContain('Missing for the final report: How community bodies were involved in preparing this report.');
    expect(r.stdout).toMatch(/→ Under reports › 2017-18 › outcomes › O1, add self_assessment:/);
    expect(r.stderr).toContain('Nothing was written.');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);

    const d = cjoip(['report', '--year', '2017', dir, '--format', 'md,pdf']);
    expect(d.code, d.stderr).toBe(0);
    const base = path.join(dir, 'reports', '2017-18', 'annual-report-2017-18');
    const pdf = `${base}.pdf`;
    for (let p = 1; p <= pageCount(pdf); p++) expect(pageText(pdf, p), `page ${p}`).toMatch(/Draft/);
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toContain('## Draft: still to complete');
    expect(md).toMatch(/No narrative was given for outcomes 1, 2, 3, 4, 5, 6 and 7\./);
  });

  it('a `|` or a newline in a name or title breaks no Markdown table and starts no heading, list or table', () => {
    const plan = MINIMAL_PLAN.replace('name: Test Partnership', 'name: "Test | Partnership\\n# Not a heading\\n- not a list"')
      .replace('title: Briefings on diversion', 'title: "Briefings | on diversion\\n| a | b |\\n1. not a list"')
      .replace('{ id: council, name: Clackmannanshire Council, statutory: local-authority }', '{ id: council, name: "Council | of\\n## Clacks", statutory: local-authority }');
    const dir = fixture({ 'cjoip.yaml': plan });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8');
    const lines = md.split('\n');
    expect(lines.filter((l) => /^\s*(#+ Not a heading|- not a list|#+ Clacks|\| a \| b \||1\. not a list)/.test(l))).toEqual([]);
    // Every table row has as many cells as its header.
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (let i = 0; i < lines.length; i++) {
      if (!/^\|---/.test(lines[i + 1] ?? '')) continue;
      const want = cells(lines[i]);
      for (let j = i + 1; lines[j]?.startsWith('|'); j++) expect(cells(lines[j]), lines[j]).toBe(want);
    }
    expect(md).toContain('Briefings \\| on diversion \\| a \\| b \\| 1. not a list');
  });
});

describe('print quality of the PDF', () => {
  it('contents give the page each heading starts on; the cover has no page number; no page ends with a heading', () => {
    const base = final();
    const pdf = `${base}.pdf`;
    const html = readFileSync(`${base}.html`, 'utf8');
    const entries = [...html.matchAll(/<span class="toc-text">([^<]+)<\/span>/g)].map((m) => squash(m[1].replace(/&amp;/g, '&').replace(/&#x27;/g, "'")));
    expect(entries.length).toBeGreaterThan(15);
    const pages = pageCount(pdf);
    const texts = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1));
    const contentsPage = texts.findIndex((t) => /^Contents$/m.test(t));
    // Read the contents as laid out: a wrapped entry ends with its page number on its last line.
    const contents = squash(pageText(pdf, contentsPage + 1, true));
    for (const e of entries) {
      const m = new RegExp(`${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(contents);
      expect(m, `contents entry: ${e}`).not.toBeNull();
      expect(squash(texts[Number(m![1]) - 1]), `page ${m![1]} holds ${e}`).toContain(e);
    }
    expect(texts[0]).not.toMatch(/Page \d+ of/);
    expect(texts[1]).toMatch(/Page 2 of \d+/);
    const headings = headingTexts(html).map(squash).filter((h) => h.length > 3);
    for (const [i, t] of texts.entries()) {
      const body = squash(t.replace(/Page \d+ of \d+/, ''));
      for (const h of headings) expect(body.endsWith(h), `page ${i + 1} ends with the heading “${h}”`).toBe(false);
    }
  });

  it('printed once: the contents numbers are written into the one print, and read in its tagged text', () => {
    const base = final();
    const pdf = readFileSync(`${base}.pdf`);
    // One print and one incremental update (the finishing), never a second document.
    expect(pdf.toString('latin1').match(/%%EOF/g)).toHaveLength(2);
    const contents = execFileSync('pdftotext', ['-f', '2', '-l', '3', `${base}.pdf`, '-'], { encoding: 'utf8' });
    expect(contents).not.toMatch(/\b00\b/);
  });

  it('bookmarks nest by section and read exactly as the headings; tags are standard or role-mapped; one alt text per chart', () => {
    const base = final();
    const pdf = `${base}.pdf`;
    const html = readFileSync(`${base}.html`, 'utf8');
    const outline = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf], { encoding: 'utf8' })).outlines as { title: string; kids: unknown[] }[];
    const flat: { title: string; depth: number }[] = [];
    const walk = (xs: { title: string; kids: unknown[] }[], depth: number) => xs.forEach((x) => (flat.push({ title: x.title, depth }), walk(x.kids as never, depth + 1)));
    walk(outline, 0);
    const headings = new Set(headingTexts(html));
    expect(flat.length).toBeGreaterThan(40);
    for (const b of flat) expect(headings.has(b.title), `bookmark “${b.title}”`).toBe(true);
    const outcomes = flat.find((b) => b.title === 'Nationally determined outcomes')!;
    const o1 = flat.find((b) => b.title.startsWith('Outcome 1: More people successfully complete diversion from prosecution'))!;
    expect(o1.depth).toBe(outcomes.depth + 1);
    const pa1 = flat.find((b) => b.title.startsWith('Priority action 1:'))!;
    const a1 = flat.find((b) => b.title.startsWith('Aim 1:'))!;
    expect(pa1.depth).toBe(a1.depth + 1);

    const struct = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const errors = execFileSync('sh', ['-c', `pdfinfo -struct "${pdf}" 2>&1 >/dev/null`], { encoding: 'utf8' });
    expect(errors).not.toMatch(/wrong type/);
    const types = new Set([...execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8' }).matchAll(/^\s*([A-Za-z0-9]+)\b/gm)].map((m) => m[1]));
    const standard = new Set(['Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private', 'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot', 'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Figure', 'Formula', 'Form', 'Object']);
    expect([...types].filter((t) => !standard.has(t))).toEqual([]);
    expect(struct).toContain('Self-assessment');
    const raw = readFileSync(pdf).toString('latin1');
    const figures = [...raw.matchAll(/\/S \/Figure\b[^]*?(?=\/Type \/StructElem|endobj)/g)].map((m) => m[0]);
    const charts = (html.match(/<svg[^>]*role="img"/g) ?? []).length;
    expect(figures).toHaveLength(charts);
    for (const f of figures) expect(f).toMatch(/\/Alt/);
  });

  it('every chart keeps each series in one colour and marker, with label text at 4.5:1 or more on white', () => {
    const base = final();
    const dir = path.join(path.dirname(base), 'charts');
    const styles = new Map<string, string>();
    let labels = 0;
    for (const f of readdirSync(dir)) {
      const svg = readFileSync(path.join(dir, f), 'utf8');
      for (const m of svg.matchAll(/<text [^>]*fill="(#[0-9a-f]{6})" font-weight="bold"[^>]*>([^<]+)<\/text>/g)) {
        labels++;
        expect(contrastOnWhite(m[1]), `${f}: ${m[2]}`).toBeGreaterThanOrEqual(4.5);
        const seen = styles.get(m[2]);
        if (seen) expect(m[1], `${m[2]} in ${f}`).toBe(seen);
        else styles.set(m[2], m[1]);
      }
      // Each line's marker shape follows its colour.
      const shapes = new Map<string, string>();
      for (const m of svg.matchAll(/<(circle|rect|path) [^>]*(?:fill|stroke)="(#[0-9a-f]{6})"/g)) {
        if (m[1] === 'path' && !/Z"|stroke-width="2.5"/.test(m[0])) continue;
        const prev = shapes.get(m[2]);
        if (prev) expect(m[1], f).toBe(prev);
        else shapes.set(m[2], m[1]);
      }
    }
    expect(labels).toBeGreaterThan(30);
    expect(styles.size).toBeGreaterThanOrEqual(5);
  });

  it('the HTML fits phones and desktops: no sideways page scroll at 320, 390 and 1280 px, and axe (WCAG 2.2 AA) finds nothing', async () => {
    for (const r of await inBrowser(readFileSync(`${final()}.html`, 'utf8'), [320, 390, 1280])) {
      expect(r.scrollWidth, `page width at ${r.width}px`).toBeLessThanOrEqual(r.width);
      if (r.width === 390) expect(r.smallestChartText, 'chart text height at 390px').toBeGreaterThanOrEqual(11);
      expect(r.violations, `axe at ${r.width}px`).toEqual([]);
    }
  });
});

describe('tables hold only what has something in it', () => {
  it('a column empty for every row is dropped, and a revised timescale follows its status', () => {
    const plan = MINIMAL_PLAN.replace('        lead: [council]\n', '').replace('progress:\n          2024-25: { status: in-progress }', 'progress:\n          2024-25: { status: in-progress-revised, revised_due: 2025-09 }');
    const dir = fixture({ 'cjoip.yaml': plan });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8');
    expect(md).toContain('| No. | Action | Progress in 2024-25 |');
    expect(md).toContain('| P1.1 | Briefings on diversion · Due: 31 March 2025 | In progress (with revised timescale), now due September 2025 |');
    expect(md).toMatch(/^1 action: 1 in progress \(with revised timescale\)\.$/m);
    expect(readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.html'), 'utf8')).not.toContain('<th scope="col">Lead</th>');
  });
});

describe('figures read as an analyst expects', () => {
  it('a figure for a year that cannot be published yet (a reconviction cohort) is a warning at its cell, and left out of the report', () => {
    const r = cjoip(['validate', '--year', '2020', path.join(EXAMPLES, 'ayrshire-2024-29'), '--format', 'json']);
    expect(r.code).toBe(0);
    const found = JSON.parse(r.stdout).filter((f: { code: string }) => f.code === 'not-yet-published');
    // Ten years of reconviction rates lag three years; the part-2 statistics (national indicator 4) one.
    const ni10Found = found.filter((f: { message: string }) => f.message.includes('NI10'));
    expect(ni10Found).toHaveLength(12);
    expect(ni10Found[0]).toMatchObject({ file: 'examples/ayrshire-2024-29/data/reconviction-wide-illustrative.csv', line: 2, column: 7 });
    expect(ni10Found[0].message).toContain('for a 2020-21 report the latest NI10 figure that can be published is for 2017-18');
    expect(found.some((f: { message: string }) => f.message.includes('for a 2020-21 report the latest NI4 figure that can be published is for 2019-20'))).toBe(true);
    expect(cjoip(['validate', '--year', '2024', '--strict', path.join(EXAMPLES, 'ayrshire-2024-29')]).code).toBe(0);
    const model = JSON.parse(readFileSync(`${final()}.json`, 'utf8'));
    const ni10 = model.suite[0].measures[0];
    expect(ni10.latestYear).toBe('2021-22');
    expect(Math.max(...ni10.series.map((p: { year: number }) => p.year))).toBe(2021);
  });

  it('numbers never print as -0, and changes read as words', async () => {
    const { formatNumber, formatChange } = await import('../src/report/sections/format.js');
    expect(formatNumber(-0.04, 'percent')).toBe('0.0%');
    expect(formatNumber(-0, 'count')).toBe('0');
    expect(formatChange(-1.2, 'percent')).toBe('down 1.2 percentage points');
    expect(formatChange(32, 'count')).toBe('up 32');
    expect(formatChange(0, 'count')).toBe('unchanged');
  });
});

describe('words a chair signs', () => {
  it('statutory roles as the Act names them, dates as people write them, contents numbered as the headings are (not at all)', () => {
    const base = final();
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toContain('| Police Scotland | Chief constable |');
    expect(md).toContain('| Crown Office and Procurator Fiscal Service | Scottish Ministers |');
    expect(md).not.toContain('Prison Service) |');
    for (const row of md.matchAll(/^\| ([^|]+) \| ([^|]+) \|$/gm)) expect(row[2].trim(), row[1]).not.toBe(row[1].trim());
    // No date in machine form: days and months read "13 June 2024", "December 2025".
    expect(md).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    expect(md).not.toMatch(/\b20\d\d-(0[1-9]|1[0-2])\b(?!-)/);
    expect(md).toContain('published 13 June 2024');
    expect(md).toMatch(/now due December 2025/);
    // The contents are not numbered, as the headings are not; in the PDF, twelve entries and none clipped.
    expect(md).toContain('- [About the figures](#about-the-figures)');
    const contents = pageText(`${base}.pdf`, 2);
    expect(contents).not.toMatch(/^\s*\d+\.\s/m);
    expect(contents).toMatch(/Contact and other formats\s+\d+/);
  });

  it('“About the figures” never describes comparisons or charts a report without figures does not have', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    expect(cjoip(['report', '--year', '2024', dir, '--format', 'md']).code).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8');
    const about = md.slice(md.indexOf('## About the figures'));
    expect(about).toContain('This report shows no figures for the national indicators, so nothing is added up, compared with Scotland or charted.');
    expect(about).not.toMatch(/Scotland is shown for comparison|Charts of counts/);
  });
});

describe('the Word document', () => {
  it('has built-in heading styles in order, repeating table headers, one described image per chart, title and language', () => {
    const base = final();
    const zip = unzipSync(readFileSync(`${base}.docx`));
    const doc = strFromU8(zip['word/document.xml']);
    const levels = [...doc.matchAll(/<w:pStyle w:val="Heading(\d)"\/>/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1);
    expect(new Set(levels)).toEqual(new Set([1, 2, 3, 4, 5]));
    const tables = doc.split('<w:tbl>').slice(1);
    expect(tables.length).toBeGreaterThan(30);
    for (const t of tables) expect(t.split('</w:tr>')[0], 'first row of each table').toContain('<w:tblHeader/>');
    const images = [...doc.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(images).toHaveLength(readdirSync(path.join(path.dirname(base), 'charts')).length);
    for (const d of images) expect(d).toMatch(/^Line chart of .+ Latest figures: /);
    expect(strFromU8(zip['docProps/core.xml'])).toContain('<dc:title>Community Justice Ayrshire Partnership: Community Justice Annual Report 2024-25</dc:title>');
    expect(strFromU8(zip['docProps/core.xml'])).toContain('<dc:creator>Community Justice Ayrshire Partnership</dc:creator>');
    expect(strFromU8(zip['docProps/core.xml'])).toContain('<dc:language>en-GB</dc:language>');
    expect(strFromU8(zip['word/styles.xml'])).toContain('<w:lang w:val="en-GB"/>');
    expect(strFromU8(zip['word/document.xml'])).toMatch(/<w:pgSz w:w="11907" w:h="16840"/);
    const footers = Object.keys(zip).filter((k) => /^word\/footer\d\.xml$/.test(k)).map((k) => strFromU8(zip[k])).join('');
    expect(footers).toMatch(/PAGE/);
    expect(footers).toMatch(/NUMPAGES/);
    // The cover is a title page with an empty header and footer of its own.
    expect(doc).toContain('<w:titlePg/>');
    expect(Object.keys(zip).filter((k) => k.startsWith('word/media/')).every((k) => zip[k][1] === 0x50)).toBe(true);
  });

  it('opens right in LibreOffice: charts keep their size, the cover has its page, the contents its page numbers, pages near the PDF’s', () => {
    const base = final();
    const lo = libreOfficePdf(`${base}.docx`);
    const pages = pdfPages(lo).map(squash);
    // Within 1.2 times the PDF's pages (37 against 29 when the charts showed and columns were equal).
    expect(pages.length).toBeLessThanOrEqual(Math.floor(pageCount(`${base}.pdf`) * 1.2));
    // The first page holds the cover alone.
    expect(pages[0]).toContain('Community Justice Annual Report 2024-25');
    for (const later of ['Contents', 'About the partnership', 'Foreword and sign-off']) expect(pages[0]).not.toContain(later);
    // Every chart is drawn at its width and its own proportions (it collapsed to a strip under an exact line height).
    const charts = readdirSync(path.join(path.dirname(base), 'charts'));
    const images = execFileSync('pdfimages', ['-list', lo], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
    const shown = images.filter((c) => c[2] === 'image');
    expect(shown).toHaveLength(charts.length);
    for (const c of shown) {
      const [w, h, xppi, yppi] = [Number(c[3]), Number(c[4]), Number(c[12]), Number(c[13])];
      const inches = { w: w / xppi, h: h / yppi };
      expect(inches.w, 'chart width in inches').toBeGreaterThan(4.4);
      expect(inches.h / inches.w, 'chart proportions').toBeCloseTo(h / w, 2);
      expect(inches.h, 'chart height in inches').toBeGreaterThan(2);
    }
    // The contents, written with the document, list the PDF's top two levels with the page each is on.
    const model = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    const entries = buildToc(model).flatMap((e) => [e, ...e.children]).map((e) => squash(e.text));
    const contents = pages.slice(1, 4).join(' ');
    expect(contents).toContain('Contents');
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const exact = entries.filter((text) => {
      // An entry that fills its line exactly leaves no room for the dot leader before its number.
      const m = new RegExp(`${escape(text)}(?: ?\\.{2,} ?| )(\\d+)`).exec(contents);
      expect(m, text).not.toBeNull();
      const page = Number(m![1]);
      // Laid out by cjoip as Word lays pages out: LibreOffice, which lays them out its own way, agrees within a page.
      const near = [page - 1, page, page + 1].filter((p) => pages[p - 1]?.includes(text.slice(0, 40)) && p > 3);
      expect(near, `${text}: page ${page}`).not.toEqual([]);
      return near.includes(page);
    });
    expect(exact.length / entries.length).toBeGreaterThan(0.8);
  });

  it('sizes columns to their content: a numbered item table gives its number column at most 12% of its width', () => {
    const doc = strFromU8(unzipSync(readFileSync(`${final()}.docx`))['word/document.xml']);
    const numbered = doc.split('<w:tbl>').slice(1).filter((t) => /<w:t[^>]*>No\.<\/w:t>/.test(t.split('</w:tr>')[0]));
    expect(numbered.length).toBeGreaterThan(10);
    for (const t of numbered) {
      const cols = [...t.split('</w:tblGrid>')[0].matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(cols[0] / cols.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.12);
      // The deliverable itself gets a wide column: a third of the table at least.
      expect(cols[1] / cols.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.3);
    }
  });

  it('pandoc reads it back: every outcome, every deliverable and the figures of an indicator table', () => {
    const base = final();
    const text = squash(execFileSync('pandoc', ['-t', 'plain', '--wrap=none', `${base}.docx`], { encoding: 'utf8' }));
    const model = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    for (const o of model.outcomes) expect(text).toContain(o.heading);
    const plan = parse(readFileSync(path.join(EXAMPLES, 'ayrshire-2024-29', 'cjoip.yaml'), 'utf8'));
    const deliverables = plan.structure.flatMap((a: { items: { items: { title: string }[] }[] }) => a.items.flatMap((pa) => pa.items));
    for (const d of deliverables) expect(text).toContain(squash(d.title));
    const m = model.outcomes[0].indicators[0].measures.find((x: { measure: string }) => x.measure === 'commenced');
    for (const p of m.series) expect(text).toMatch(new RegExp(`${p.year}-\\d\\d ${p.partnership.value.toLocaleString('en-GB')} ${p.areas.map((a: { figure: { value: number } }) => a.figure.value.toLocaleString('en-GB')).join(' ')}`));
  });

  it('text Word cannot hold (control characters) is named by validate and never reaches a document or a chart', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('short_name: CJAP', 'short_name: "CJ\\x07AP\\x1b[31m\\uffff"'));
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code, v.stdout).toBe(0);
    const found = JSON.parse(v.stdout).filter((f: { code: string }) => f.code === 'control-character');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 11, severity: 'warning' });
    expect(found[0].message).toContain('U+0007');
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html,docx']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    const out = path.join(dir, 'reports', '2024-25', 'annual-report-2024-25');
    const zip = unzipSync(readFileSync(`${out}.docx`));
    for (const [name, bytes] of Object.entries(zip)) if (name.endsWith('.xml')) expect(strFromU8(bytes), name).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(strFromU8(zip['word/document.xml'])).toContain('CJAP[31m');
    for (const f of [`${out}.md`, `${out}.html`]) expect(readFileSync(f, 'utf8')).not.toMatch(/[\u0007\u001b\uffff]/);
  });

  it('a draft carries the draft marking in its running header', () => {
    const dir = copyExample('clackmannanshire-2017-18');
    const r = cjoip(['report', '--year', '2017', dir, '--format', 'docx']);
    expect(r.code, r.stderr).toBe(0);
    const zip = unzipSync(readFileSync(path.join(dir, 'reports', '2017-18', 'annual-report-2017-18.docx')));
    const headers = Object.keys(zip).filter((k) => /^word\/header\d\.xml$/.test(k)).map((k) => strFromU8(zip[k])).join('');
    expect(headers).toContain('Draft: Community Justice Annual Report 2017-18');
    expect(strFromU8(zip['word/document.xml'])).toContain('Draft: not for publication.');
  });
});
