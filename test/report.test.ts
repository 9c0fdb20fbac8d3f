import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { cjoip, copyExample, fixture, MINIMAL_PLAN, reportedExample, ROOT } from './helpers.js';
import { findBrowser, browserCandidates } from '../src/render/find-browser.js';

const OUT = 'reports/2024-25';
const base = (dir: string) => path.join(dir, OUT, 'annual-report-2024-25');

/** The example reported once, as the final report, for the tests in this file. */
const example = () => reportedExample('ayrshire-2024-29', 2024, ['--final']);

describe('cjoip report on examples/ayrshire-2024-29', () => {
  it('writes Markdown, HTML, PDF and chart files, echoes the period and lists the files', () => {
    const dir = copyExample('ayrshire-2024-29');
    const r = cjoip(['report', '--year', '2024'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Reporting year 2024-25: 1 April 2024 to 31 March 2025');
    for (const ext of ['md', 'html', 'pdf']) {
      expect(existsSync(`${base(dir)}.${ext}`), ext).toBe(true);
      expect(r.stderr).toContain(`annual-report-2024-25.${ext}`);
    }
    const charts = readdirSync(path.join(dir, OUT, 'charts'));
    expect(charts).toContain('NI1-commenced.svg');
    expect(charts.length).toBe(15);
    expect(readdirSync(path.join(dir, OUT)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('accepts 2024, 2024-25 and 2024/25 for the same year', () => {
    const dir = copyExample('ayrshire-2024-29');
    for (const y of ['2024-25', '2024/25']) {
      const r = cjoip(['report', '--year', y, dir, '--format', 'md']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('Reporting year 2024-25');
    }
    expect(cjoip(['report', '--year', '24/25', dir, '--format', 'md']).code).toBe(2);
  });

  it('the PDF is tagged, titled, A4, has bookmarks, and its text holds every outcome and the figures', () => {
    const pdf = `${base(example())}.pdf`;
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Community Justice Ayrshire Partnership: Community Justice Annual Report 2024-25/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const raw = readFileSync(pdf).toString('latin1');
    expect(raw).toMatch(/\/Outlines \d+ 0 R/);
    expect(raw).toMatch(/\/Lang \((en-GB|en)\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const model = JSON.parse(readFileSync(`${base(example())}.json`, 'utf8'));
    for (const o of model.outcomes.filter((x: { id: string }) => x.id !== 'suite')) expect(text).toContain(o.heading.replace(/\s+/g, ' ').slice(0, 60));
    const m = model.outcomes[0].indicators[0].measures.find((x: { measure: string }) => x.measure === 'commenced');
    const latest = m.series[m.series.length - 1];
    expect(text).toContain(`${latest.partnership.value.toLocaleString('en-GB')} in 2024-25`);
    expect(text).toMatch(/Page 2 of \d+/);
  });

  it('long tables repeat their header row on each page they run onto', () => {
    const pdf = `${base(example())}.pdf`;
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    let continued = 0;
    for (let p = 1; p <= pages; p++) {
      const lines = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim());
      // Line 0 is the running header; a table normally opens with its caption, so a page whose
      // body starts with a header row is a table continued from the page before.
      if (/^\s*No\.\s+Deliverable\s+Lead/.test(lines[1] ?? '')) continued++;
    }
    expect(continued).toBeGreaterThan(0);
  });

  it('blocks every network request while printing', async () => {
    const { createServer } = await import('node:http');
    let hits = 0;
    const server = createServer((_, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const { PdfPrinter } = await import('../src/render/pdf.js');
    const printer = new PdfPrinter(findBrowser(undefined, process.env));
    try {
      const html = `<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></head><body><h1>Hi</h1><img alt="" src="http://127.0.0.1:${port}/b.png"><iframe title="f" src="http://127.0.0.1:${port}/c"></iframe></body></html>`;
      const pdf = await printer.print(html);
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await printer.close();
      server.close();
    }
    expect(hits).toBe(0);
  });

  it('running headers and footers are marked as artifacts, so they are not read as body text', () => {
    const data = readFileSync(`${base(example())}.pdf`);
    const raw = data.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    // The newest version of each stream object (the file ends with an incremental update).
    const streams = new Map<number, string>();
    for (const m of raw.matchAll(/\n(\d+) 0 obj\s*<<([^>]*?)>>\s*stream\r?\n/g)) {
      const length = Number(/\/Length (\d+)/.exec(m[2])?.[1]);
      const start = m.index! + m[0].length;
      try {
        streams.set(Number(m[1]), inflateSync(data.subarray(start, start + length)).toString('latin1'));
      } catch {
        /* not a Flate stream */
      }
    }
    let pages = 0;
    let covers = 0;
    for (const text of streams.values()) {
      const stack: string[] = [];
      let body = 0;
      let furniture = 0;
      let untagged = 0;
      for (const op of text.matchAll(/\/(\w+)\s*(?:<<[^>]*>>\s*)?BDC|\/(\w+)\s+BMC|\bEMC\b|\bBT\b/g)) {
        if (op[1] || op[2]) stack.push(op[1] ?? op[2]);
        else if (op[0] === 'EMC') stack.pop();
        else if (stack.includes('Artifact')) furniture++;
        else if (stack.length) body++;
        else untagged++;
      }
      if (body === 0) continue; // a drawing placed on a page, not a page
      pages++;
      expect(untagged, `page ${pages}: no text outside the tags`).toBe(0);
      // The cover carries no running header or footer; every other page has them, as artifacts.
      if (furniture === 0) covers++;
      else expect(furniture, `page ${pages}: header and footer are artifacts`).toBeGreaterThanOrEqual(3);
    }
    expect(covers).toBe(1);
    expect(pages).toBe(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [`${base(example())}.pdf`], { encoding: 'utf8' }))![1]));
  });

  it('every figure in the report model is recomputed independently from the CSV rows', () => {
    const dir = example();
    const model = JSON.parse(readFileSync(`${base(dir)}.json`, 'utf8'));
    const rows = readIndependently(dir);
    let checked = 0;
    for (const o of model.outcomes)
      for (const ind of o.indicators)
        for (const m of ind.measures)
          for (const p of m.series) {
            const fy = `${p.year}-${String((p.year + 1) % 100).padStart(2, '0')}`;
            // An area where the measure does not apply counts as none.
            const all = p.areas.map((a: { code: string }) => rows.get(`${ind.id}|${m.measure}|${a.code}|${fy}`));
            const parts = all.filter((x: Row | undefined) => !x?.notApplicable);
            let want: number | undefined;
            if (m.unit === 'count') want = parts.every((x: Row | undefined) => x?.value !== undefined) ? parts.reduce((s: number, x: Row) => s + x.value!, 0) : undefined;
            else if (parts.every((x: Row | undefined) => x?.num !== undefined && x?.den !== undefined)) {
              const num = parts.reduce((s: number, x: Row) => s + x.num!, 0);
              const den = parts.reduce((s: number, x: Row) => s + x.den!, 0);
              want = Math.round((1000 * num) / den) / 10;
            }
            expect(p.partnership.value, `${ind.id}.${m.measure} ${fy}`).toBe(want);
            for (const [i, a] of p.areas.entries()) {
              const row = all[i];
              const areaWant = row?.num !== undefined && row.den !== undefined ? Math.round((1000 * row.num) / row.den) / 10 : row?.value;
              expect(a.figure.value, `${ind.id}.${m.measure} ${a.code} ${fy}`).toBe(areaWant);
            }
            const sc = rows.get(`${ind.id}|${m.measure}|S92000003|${fy}`);
            if (sc) expect(p.scotland.value ?? undefined).toBe(sc.num !== undefined ? Math.round((1000 * sc.num) / sc.den!) / 10 : sc.value);
            if (want !== undefined) {
              expect(p.partnership.sources.length).toBe(p.areas.length);
              checked++;
            }
          }
    expect(checked).toBeGreaterThan(80);
  });

  it('the HTML is one self-contained, accessible-by-structure file', () => {
    const html = readFileSync(`${base(example())}.html`, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(html).toContain('<title>Community Justice Ayrshire Partnership: Community Justice Annual Report 2024-25</title>');
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1);
    const svgs = html.match(/<svg[^>]*role="img"[^>]*aria-label="Line chart of [^"]+"/g) ?? [];
    expect(svgs.length).toBe(15);
    expect(html.match(/<table class="figures">/g)?.length).toBe(15);
    expect(html).toContain('Illustrative');
    expect(html).not.toContain('provisional');
    // Every wide table scrolls inside a focusable, labelled region of its own.
    const tables = html.match(/<table\b/g)!.length;
    expect(html.match(/<div class="table-wrap" role="region" tabindex="0" aria-labelledby="t\d+">\s*<table[^>]*>\s*<caption id="t\d+">/g)?.length).toBe(tables);
  });

  it('labels illustrative data and summarised framework wording in the Markdown', () => {
    const md = readFileSync(`${base(example())}.md`, 'utf8');
    expect(md).toContain('> **Illustrative example.**');
    expect(md).toContain('National indicators 4, 5, 6, 7, 8, 9 and 10 are named here in a summary of their wording; the Community Justice Performance Framework (2023) gives the exact wording.');
    expect(md).toContain('![Line chart of ');
    expect(md).toContain('](charts/NI1-commenced.svg)');
    expect(md).toContain('No figure is given for CJAP as a whole: only percentages are published for its areas.');
    expect(md).toMatch(/^1\. Illustrative example data, _National indicator figures for the Ayrshire council areas and Scotland_\. Illustrative statistics: invented for an example/m);
  });

  it('passes axe-core in headless Chromium with no violations', async () => {
    const { launch } = await import('puppeteer-core');
    const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.setContent(readFileSync(`${base(example())}.html`, 'utf8'), { waitUntil: 'load' });
      await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      const result = (await page.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { html: string }[] }[] }> } }).axe.run({ resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.html) }));
      })) as unknown[];
      expect(result).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('report failure paths', () => {
  it('with no browser: Markdown and HTML are written, the message names the options, exit 2', () => {
    const dir = copyExample('ayrshire-2024-29');
    const r = cjoip(['report', '--year', '2024', dir], { env: { CHROME_PATH: '/nonexistent/chrome' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist: /nonexistent/chrome');
    expect(r.stderr).toMatch(/--browser/);
    expect(r.stderr).toMatch(/apt-get install chromium/);
    expect(existsSync(`${base(dir)}.md`)).toBe(true);
    expect(existsSync(`${base(dir)}.html`)).toBe(true);
    expect(existsSync(`${base(dir)}.pdf`)).toBe(false);
  });
  it('--browser pointing at nothing: exit 2 naming the option, Markdown and HTML still written', () => {
    const dir = copyExample('ayrshire-2024-29');
    const r = cjoip(['report', '--year', '2024', dir, '--browser', '/no/such/chrome']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The browser given by --browser does not exist: /no/such/chrome');
    expect(existsSync(`${base(dir)}.html`)).toBe(true);
    expect(existsSync(`${base(dir)}.pdf`)).toBe(false);
  });
  it('finding no browser anywhere gives the same guidance', () => {
    expect(() => findBrowser(undefined, {}, 'linux', () => false)).toThrow(/No Chrome, Chromium or Edge/);
    expect(browserCandidates('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(browserCandidates('darwin', { HOME: '/Users/x' })[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(findBrowser('/x/chrome', { CHROME_PATH: '/y' }, 'linux', (p) => p === '/x/chrome', () => undefined)).toBe('/x/chrome');
    expect(findBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: '/p' }, 'linux', (p) => p === '/p', () => undefined)).toBe('/p');
    const plain = path.join(fixture({ 'notabrowser.txt': 'text' }), 'notabrowser.txt');
    expect(() => findBrowser(plain, {}, 'linux')).toThrow(/cannot be run: .*notabrowser.txt is not executable/);
  });
  it('with a validation error in the plan: nothing written, exit 1, an existing report left alone', () => {
    const dir = copyExample('ayrshire-2024-29');
    mkdirSync(path.join(dir, OUT), { recursive: true });
    writeFileSync(`${base(dir)}.md`, 'previous report\n');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('outcomes: [O3]', 'outcomes: [O33]'));
    const r = cjoip(['report', '--year', '2024', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/unknown outcome 'O33'/i);
    expect(readdirSync(path.join(dir, OUT))).toEqual(['annual-report-2024-25.md']);
    expect(readFileSync(`${base(dir)}.md`, 'utf8')).toBe('previous report\n');
  });
  it('user text never becomes raw HTML or script', () => {
    const plan = MINIMAL_PLAN.replace('participation: We held three events with third sector partners.', 'participation: "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) ![p](https://example.org/x.png)\\n\\n# Heading"');
    const dir = fixture({ 'cjoip.yaml': plan });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html,docx']);
    expect(r.code).toBe(0);
    const docx = strFromU8(unzipSync(readFileSync(`${base(dir)}.docx`))['word/document.xml']);
    expect(docx).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(docx).not.toMatch(/<script|<img|https:\/\/example\.org/);
    const html = readFileSync(`${base(dir)}.html`, 'utf8');
    expect(html).not.toMatch(/<script|<img|href="javascript:|<[^>]+onerror=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('src="https://example.org/x.png"');
    expect(html).toMatch(/<h4>Heading<\/h4>/);
    const md = readFileSync(`${base(dir)}.md`, 'utf8');
    expect(md).toContain('\\<script>alert(1)\\</script>');
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/);
    expect(md).not.toContain('javascript:');
    expect(md).not.toMatch(/&(amp|lt|gt|quot);/);
  });
  it('a partnership overrides templates and partials with --templates', () => {
    const dir = copyExample('ayrshire-2024-29');
    const t = fixture({ 'html/logo.hbs': '<svg role="img" aria-label="Partnership logo" width="10" height="10"><rect width="10" height="10"/></svg>', 'html/report.css': 'body { color: #111; } /* house style */', 'md/datanotes.hbs': '## About the figures\n\nHouse data notes for {{year.label}}.\n' });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html', '--templates', t]);
    expect(r.code).toBe(0);
    const html = readFileSync(`${base(dir)}.html`, 'utf8');
    expect(html).toContain('aria-label="Partnership logo"');
    expect(html).toContain('/* house style */');
    expect(readFileSync(`${base(dir)}.md`, 'utf8')).toContain('House data notes for 2024-25.');
  });
  it('several plans in one run share one browser and write one folder each under --out', () => {
    const a = copyExample('ayrshire-2024-29');
    const b = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    const out = fixture({});
    const r = cjoip(['report', '--year', '2024', a, b, '--out', out, '--format', 'html,pdf']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/printing the PDF/g)).toHaveLength(2);
    for (const d of [a, b]) expect(existsSync(path.join(out, path.basename(d), 'annual-report-2024-25.pdf'))).toBe(true);
  });
});

interface Row { value?: number; num?: number; den?: number; notApplicable?: boolean }

/** A deliberately separate reading of the example's CSV files, sharing no code with cjoip. */
function readIndependently(dir: string): Map<string, Row> {
  const out = new Map<string, Row>();
  const splitCsv = (line: string) => {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (const ch of line) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return cells;
  };
  const num = (s: string) => (s === '' || !/\d/.test(s) ? undefined : Number(s.replace(/[,%]/g, '')));
  const lines = (f: string) => readFileSync(path.join(dir, 'data', f), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.replace(/,/g, '').trim());
  const codes: Record<string, string> = { 'East Ayrshire': 'S12000008', 'North Ayrshire': 'S12000021', 'South Ayrshire': 'S12000028', Scotland: 'S92000003' };
  for (const l of lines('national-indicators-illustrative.csv').slice(1)) {
    const [ind, m, area, fy, value, n, d, marker] = splitCsv(l);
    out.set(`${ind}|${m}|${area}|${fy}`, { value: num(value), num: num(n), den: num(d), notApplicable: marker === 'z' });
  }
  const measureOf: Record<string, string> = { 'Assessment reports': 'assessments', 'Cases commenced': 'commenced', 'Cases completed': 'completed' };
  for (const l of lines('sgs-bail-supervision-illustrative.csv').slice(1)) {
    const [feature, date, , , value, type, gender] = splitCsv(l);
    if (gender !== 'All') continue;
    const y = Number(date.slice(0, 4));
    out.set(`NI3|${measureOf[type]}|${feature.split('/').pop()}|${y}-${String((y + 1) % 100).padStart(2, '0')}`, { value: num(value) });
  }
  const wide = lines('reconviction-wide-illustrative.csv');
  const head = splitCsv(wide[0]);
  for (const l of wide.slice(1)) {
    const cells = splitCsv(l);
    const code = codes[cells[0].replace(' & ', ' and ')];
    head.forEach((h, i) => {
      if (/^\d{4}\/\d{2}$/.test(h)) out.set(`NI10|reconviction-rate|${code}|${h.replace('/', '-')}`, { value: num(cells[i]) });
    });
  }
  return out;
}
