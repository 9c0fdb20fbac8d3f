import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjoip, copyExample, reportedExample, ROOT } from './helpers.js';

/**
 * The complete example read as a board chair reads it before signing: words, figures, charts and
 * tables, through the real binary and a real browser; and what `--final` refuses.
 */

const base = (dir: string) => path.join(dir, 'reports', '2024-25', 'annual-report-2024-25');

/** Prose and table cells of a Markdown report, without table header rows, link targets or image descriptions. */
function readerText(md: string): string {
  const lines = md.split('\n');
  const sep = /^\|[-:| ]+\|$/;
  return lines
    .filter((l, i) => !sep.test(l) && !sep.test(lines[i + 1] ?? ''))
    .join('\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\]\([^)]*\)/g, ']');
}

/** Each clause of 7 or more words (within a sentence or table cell) printed `min` or more times. */
export function repeatedClauses(md: string, min = 6, size = 7): string[] {
  const counts = new Map<string, number>();
  for (const segment of readerText(md).toLowerCase().split(/[|.;:\n()]/)) {
    const words = segment.match(/[\p{L}\p{N}’'-]+/gu) ?? [];
    const seen = new Set<string>();
    for (let i = 0; i + size <= words.length; i++) seen.add(words.slice(i, i + size).join(' '));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= min).map(([k, n]) => `${n}× ${k}`);
}

describe('the complete example as the chair reads it', () => {
  const dir = reportedExample('ayrshire-2024-29', 2024, ['--final']);
  const md = readFileSync(`${base(dir)}.md`, 'utf8');

  it('says a thing once: no clause of 7 or more words is printed 6 times or more', () => {
    expect(repeatedClauses(md)).toEqual([]);
    // The checker finds a repeat when there is one.
    expect(repeatedClauses(Array(6).fill('The figure for the partnership is not given here.').join('\n\n'))).toHaveLength(3);
  });

  it('has no date in machine form and no id used as a word', () => {
    const text = readerText(md);
    expect(text.match(/\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])\b(?!-)/g) ?? []).toEqual([]);
    expect(text.match(/\b(?:O|A|PA|NI|CI|L)\d+\b/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/They are \d/);
    expect(md).toContain('### Outcome 1: More people successfully complete diversion from prosecution');
    expect(md).toContain('#### National indicator 4: Community sentences successfully completed');
    expect(md).toContain('### Aim 1: Optimise the use of diversion');
    expect(md).toContain('#### Priority action 3: Support the use of robust alternatives to remand');
    // The plan's deliverable numbers are its public numbering: kept in the No. column.
    expect(md).toMatch(/^\| 1\.1 \| Consider the 'Joint review/m);
  });

  it('keeps every Markdown table whole under GFM rules: a blank line after each', () => {
    const lines = md.split('\n');
    lines.forEach((l, i) => {
      if (l.startsWith('|') && lines[i + 1] !== undefined && !lines[i + 1].startsWith('|')) expect(lines[i + 1], `line ${i + 2}`).toBe('');
    });
  });

  it('never calls the framework provisional, and says once which wording is summarised', () => {
    expect(md).not.toMatch(/provisional/i);
    expect(md.match(/named here in a summary of their wording/g)).toHaveLength(1);
  });

  it('gives headlines that inform: area and Scotland figures, broadly stable, small numbers, precision as published', () => {
    expect(md).toContain('Adults who have confidence in community sentences (survey), 2024-25: East Ayrshire 50.4%, North Ayrshire 48.0% and South Ayrshire 43.4%; Scotland 51.3%.');
    expect(md).toMatch(/Assessment reports for bail suitability, CJAP: 282 in 2024-25; down 2 on 2023-24 \(284\), broadly stable\./);
    expect(md).toMatch(/Voluntary throughcare cases commenced, CJAP: 35 in 2024-25; down 4 on 2023-24 \(39\), a worsening\. These are small numbers/);
    // A release that rounds to the whole per cent is printed so: 71%, never 71.0%.
    expect(md).toMatch(/^\| 2023-24 \| 69\.4% \| 66\.3% \| 69\.1% \| 73\.4% \| 71% \|$/m);
    expect(md).not.toContain('71.0%');
  });

  it('counts an area where the measure does not apply as none, and says so', () => {
    expect(md).toContain('Referrals from custody centres, CJAP: 674 in 2024-25; up 30 on 2023-24 (644), an improvement. South Ayrshire counts as none: the measure does not apply there.');
    expect(md).toMatch(/^\| 2024-25 \| 674 \| 318 \| 356 \| not applicable \| 7,612 \|$/m);
  });

  it('shows part-2 statistics only to the year the deadline allows, and says so', () => {
    expect(md).toContain('Community payback orders successfully completed, CJAP: 69.4% in 2023-24');
    expect(md).toContain('National indicator 4, community sentences successfully completed, is shown to 2023-24');
  });

  it('cites evidence by numbered source, keeps words out of the figure column, tells a case study once', () => {
    expect(md).toMatch(/\| \*\*Community payback orders imposed \(North Ayrshire\)\*\*.*\| 490 \| 6, section 2\.2 \|/);
    expect(md).toContain('6. North Ayrshire Health and Social Care Partnership, _Integration Joint Board, 13 June 2024: North Ayrshire Justice Services_, published 13 June 2024. Management information');
    expect(md).not.toMatch(/\| year-on-year increase \|/i);
    expect(md.match(/^##### Back to work through unpaid work/gm)).toHaveLength(1);
    expect(md).toContain('The case study “Back to work through unpaid work (illustrative)” is told under Outcome 4.');
    // The local indicators of outcome 4 are the evidence's own figures: not shown twice.
    expect(md).not.toContain('**Community payback orders imposed (North Ayrshire)**\n');
  });

  it('names the chair who signs, and has evidence from each council area', () => {
    expect(md).toContain('Signed: **Councillor Julie Dettbarn**');
    for (const area of ['East Ayrshire', 'North Ayrshire', 'South Ayrshire']) expect(md, area).toMatch(new RegExp(`^\\| \\*\\*[^|]*\\*\\* \\([^)]*${area}\\)`, 'm'));
    expect(md).not.toMatch(/\bTBC\b/);
  });

  it('draws charts a reader can read: labels clear of lines and of each other; no three lines in a quarter of the height', () => {
    const charts = readdirSync(path.join(path.dirname(base(dir)), 'charts')).filter((f) => f.endsWith('.svg'));
    expect(charts.length).toBeGreaterThan(10);
    for (const f of charts) {
      const svg = readFileSync(path.join(path.dirname(base(dir)), 'charts', f), 'utf8');
      const width = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
      const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" fill="#[0-9a-f]+" font-weight="bold">/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
      const lines = [...svg.matchAll(/<path d="(M[^"]+)" fill="none" stroke="#[0-9a-f]+" stroke-width="[\d.]+"(?: stroke-dasharray="7 4")? stroke-linejoin/g)].map((m) => [...m[1].matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((p) => ({ x: Number(p[1]), y: Number(p[2]) })));
      const plotRight = Math.max(...lines.flat().map((p) => p.x));
      for (const [i, l] of labels.entries()) {
        expect(l.x, `${f}: a label sits right of every line`).toBeGreaterThan(plotRight);
        for (const o of labels.slice(i + 1)) expect(Math.abs(o.y - l.y), `${f}: labels apart`).toBeGreaterThanOrEqual(15);
      }
      const grid = [...svg.matchAll(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"/g)].map((m) => Number(m[1]));
      const plotHeight = Math.max(...grid) - Math.min(...grid);
      const spans = lines.map((l) => ({ lo: Math.min(...l.map((p) => p.y)), hi: Math.max(...l.map((p) => p.y)) }));
      for (let a = 0; a < spans.length; a++)
        for (let b = a + 1; b < spans.length; b++)
          for (let c = b + 1; c < spans.length; c++) {
            const three = [spans[a], spans[b], spans[c]];
            const span = Math.max(...three.map((s) => s.hi)) - Math.min(...three.map((s) => s.lo));
            expect(span, `${f}: three lines within a quarter of the plot`).toBeGreaterThan(plotHeight / 4);
          }
      expect(width).toBeGreaterThan(0);
    }
    // A percentage chart whose figures lie between 62% and 74% is fitted to them, and says so.
    const cpo = readFileSync(path.join(path.dirname(base(dir)), 'charts', 'NI4-cpo-completed.svg'), 'utf8');
    expect(cpo).toMatch(/Axis starts at \d+%/);
    expect(cpo).not.toContain('>100%<');
  });

  it('breaks no word inside a table cell, at 390 px and in print', async () => {
    const html = readFileSync(`${base(dir)}.html`, 'utf8');
    const { launch } = await import('puppeteer-core');
    const { findBrowser } = await import('../src/render/find-browser.js');
    const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      for (const [width, media] of [
        [390, 'screen'],
        [643, 'print'],
      ] as const) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 800 });
        await page.emulateMediaType(media);
        await page.setContent(html, { waitUntil: 'load' });
        const broken = await page.evaluate(() => {
          const out: string[] = [];
          for (const cell of document.querySelectorAll('td, th')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const text = n.textContent ?? '';
              for (const m of text.matchAll(/[^\s\-–/]+/g)) {
                const r = document.createRange();
                r.setStart(n, m.index!);
                r.setEnd(n, m.index! + m[0].length);
                const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
                if (tops.size > 1) out.push(m[0]);
              }
            }
          }
          return out;
        });
        expect(broken, `${media} at ${width}px`).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('what --final refuses', () => {
  const finalOf = (edit: (yaml: string) => string) => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return { dir, r: cjoip(['report', '--year', '2024', '--final', '--format', 'md', dir]) };
  };
  const line = (yaml: string, needle: string) => yaml.slice(0, yaml.indexOf(needle)).split('\n').length;

  it('an impact of TBC, at its line', () => {
    const yaml = readFileSync(path.join(ROOT, 'examples', 'ayrshire-2024-29', 'cjoip.yaml'), 'utf8');
    const needle = 'impact: ["Diversion dashboard."]';
    expect(yaml).toContain(needle);
    const { dir, r } = finalOf((y) => y.replace(needle, 'impact: ["TBC"]'));
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`\\n\\s+${line(yaml, needle)}:\\d+\\s+error\\s+Missing for the final report: Text still to fill in \\(Deliverable 1\\.3, impact\\): TBC`));
    expect(readdirSync(dir)).not.toContain('reports');
  });

  it('an action in progress without a word of progress, naming it', () => {
    const { r } = finalOf((y) => y.replace(/\n\s*narrative: "Briefings on diversion were given[^\n]*/, ''));
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/Deliverable 1\.4: a sentence of progress in 2024-25/);
  });

  it('a sign-off by a role, not a person', () => {
    const { r } = finalOf((y) => y.replace('name: Councillor Julie Dettbarn\n      role: Chair of the Community', 'name: Chair of the Board (illustrative)\n      role: Chair of the Community'));
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/The sign-off names no person/);
  });

  it('a document quoted as evidence published after the report', () => {
    const { r } = finalOf((y) => y.replace('    title: Community Justice Outcomes Improvement Plan 2024-2029\n', '    title: Community Justice Outcomes Improvement Plan 2024-2029\n    published: "2026-02-01"\n'));
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/'Community Justice Outcomes Improvement Plan 2024-2029' was published on 1 February 2026, after this report \(28 November 2025\)/);
  });

  it('an official source published after the report, naming the source and the date', () => {
    const { r } = finalOf((y) => y.replace('published: "2025-01-21"', 'published: "2026-01-13"'));
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/'Justice social work statistics in Scotland: Scotland completion rates, 2019-20 …' was published on 13 January 2026, after this report \(28 November 2025\)/);
  });
});
