import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cjoip, copyExample, EXAMPLES, ROOT } from './helpers.js';

const SEEDS = path.join(ROOT, '..', 'shared', 'seeds');
const seed = (name: string) => readFileSync(path.join(SEEDS, name), 'utf8');
const norm = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\\\|/g, '|').replace(/\s+/g, ' ');

/** Each example with its reporting year and the seed items its report must contain. */
const CASES: { dir: string; year: number; items: () => string[] }[] = [
  {
    dir: 'ayrshire-2024-29',
    year: 2024,
    // Every numbered deliverable of the table of deliverables: "1.1\tConsider the …\tCJAP Team, JSW\t…"
    items: () => [...seed('001_b9cc5c8e4496072b.txt').matchAll(/^(\d+\.\d+)\t([^\t]+)\t([^\t]+)\t(.+)$/gm)].flatMap((m) => [m[2].trim(), m[3].trim(), m[4].trim()]),
  },
  {
    dir: 'ayrshire-2018-21',
    year: 2018,
    // Every commitment, written "- ❖ …" under "Our Commitments", and the three ambitions.
    items: () => [...[...seed('000_65bbd975695f29e3.txt').matchAll(/^- ❖ (.+)$/gm)].map((m) => m[1].trim()), 'Beginnings', 'Belonging', 'Belief'],
  },
  {
    dir: 'clackmannanshire-2017-18',
    year: 2017,
    // Every action row of the delivery plan: its first words, with due date and lead partners.
    items: () => {
      const text = seed('004_b761436e7c171537.txt');
      const table = text.slice(text.indexOf('Priority 1 Preventing'), text.lastIndexOf('Participation Statement: Engagement and Consultation'));
      return table
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c.length >= 3 && /\b(20\d\d)\b/.test(c[1] ?? '') && c[0].trim())
        .flatMap((c) => [c[0].replace(/<[^>]+>/g, ' ').split('•')[0].trim().slice(0, 70)]);
    },
  },
];

describe('every example validates and renders', () => {
  it('covers every folder in examples/', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(CASES.map((c) => c.dir).sort());
  });

  it.each(CASES)('$dir', ({ dir, year, items }) => {
    const v = cjoip(['validate', path.join(EXAMPLES, dir)]);
    expect(v.code, v.stdout).toBe(0);
    const work = copyExample(dir);
    const r = cjoip(['report', '--year', String(year), work]);
    expect(r.code, r.stderr).toBe(0);
    const label = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
    const base = path.join(work, 'reports', label, `annual-report-${label}`);
    expect(execFileSync('pdfinfo', [`${base}.pdf`], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);

    // Golden files: the Markdown and HTML a user gets, byte for byte.
    for (const ext of ['md', 'html']) {
      const got = readFileSync(`${base}.${ext}`, 'utf8');
      const golden = path.join(ROOT, 'test', 'golden', dir, `annual-report-${label}.${ext}`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(path.dirname(golden), { recursive: true });
        writeFileSync(golden, got);
      }
      expect(got, `${dir} ${ext} differs from ${golden}`).toBe(readFileSync(golden, 'utf8'));
    }

    // The seed's own content appears in the report.
    const md = norm(readFileSync(`${base}.md`, 'utf8'));
    const html = norm(readFileSync(`${base}.html`, 'utf8'));
    const pdf = norm(execFileSync('pdftotext', [`${base}.pdf`, '-'], { encoding: 'utf8' }));
    const want = items();
    expect(want.length).toBeGreaterThan(20);
    for (const item of want) {
      expect(md, `Markdown lacks: ${item}`).toContain(norm(item));
      expect(html, `HTML lacks: ${item}`).toContain(norm(item));
    }
    expect(pdf).toContain(norm(want[0]).slice(0, 40));
  });
});

describe('the seeds fit the plan format without contortion', () => {
  it('the 2024-29 plan holds all 4 aims, 13 priority actions and 45 deliverables', () => {
    const plan = readFileSync(path.join(EXAMPLES, 'ayrshire-2024-29', 'cjoip.yaml'), 'utf8');
    expect(plan.match(/^  - id: A\d$/gm)).toHaveLength(4);
    expect(plan.match(/^      - id: PA\d+$/gm)).toHaveLength(13);
    expect(plan.match(/^          - id: "\d+\.\d+"$/gm)).toHaveLength(45);
  });
  it('the 2018-21 plan holds 3 ambitions and 9 key areas of focus; its progress is marked illustrative', () => {
    const plan = readFileSync(path.join(EXAMPLES, 'ayrshire-2018-21', 'cjoip.yaml'), 'utf8');
    expect(plan.match(/^  - id: [a-z-]+$/gm)).toHaveLength(9);
    expect(plan.match(/^      - id: (beginnings|belonging|belief)$/gm)).toHaveLength(3);
    expect(plan.match(/2018-19: \{ status: [a-z-]+, illustrative: true/g)?.length).toBe(plan.match(/^      - id: [a-z-]+-\d+$/gm)?.length);
  });
  it('the 2017-18 plan holds the six local priorities, the participation statement and the equality impact summary', () => {
    const plan = readFileSync(path.join(EXAMPLES, 'clackmannanshire-2017-18', 'cjoip.yaml'), 'utf8');
    expect(plan.match(/^  - id: "\d"$/gm)).toHaveLength(6);
    expect(plan).toContain('participation: { file: narrative/participation.md }');
    expect(plan).toContain('equality_impact: { file: narrative/equality-impact.md }');
  });
});
