import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cjoip, copyExample, EXAMPLES, ROOT } from './helpers.js';

const norm = (s: string) => s.replace(/\\([\\`*[\]<>|#+=~-])/g, '$1').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

interface Item { id: string; title: string; items?: Item[] }
/** Every item of an example's plan, read from the plan file itself. */
const planItems = (dir: string): Item[] => {
  const out: Item[] = [];
  const walk = (xs: Item[] = []) => xs.forEach((i) => (out.push(i), walk(i.items)));
  walk(parse(readFileSync(path.join(EXAMPLES, dir, 'cjoip.yaml'), 'utf8')).structure);
  return out;
};

/** Each example with its reporting year and the number of items its plan holds at each level. */
const CASES: { dir: string; year: number; leaves: number }[] = [
  { dir: 'ayrshire-2024-29', year: 2024, leaves: 45 },
  { dir: 'ayrshire-2018-21', year: 2018, leaves: 63 },
  { dir: 'clackmannanshire-2017-18', year: 2017, leaves: 45 },
];

describe('every example validates and renders', () => {
  it('covers every folder in examples/', () => {
    // Every plan folder is covered; examples/ci holds CI set-ups, not a plan, and the national
    // picture (a list of plans) is tested in national.test.ts.
    expect(readdirSync(EXAMPLES).filter((d) => d !== 'ci' && d !== 'national-2024-25').sort()).toEqual(CASES.map((c) => c.dir).sort());
    expect(readdirSync(path.join(EXAMPLES, 'ci'))).toEqual(['validate-plan.yml']);
  });

  it.each(CASES)('$dir', ({ dir, year, leaves }) => {
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

    // Every item of the plan appears in the report, each lowest-level item exactly once in the Markdown.
    const rawMd = readFileSync(`${base}.md`, 'utf8');
    const md = norm(rawMd);
    const html = norm(readFileSync(`${base}.html`, 'utf8').replace(/<[^>]+>/g, ''));
    const pdf = norm(execFileSync('pdftotext', [`${base}.pdf`, '-'], { encoding: 'utf8' }));
    const items = planItems(dir);
    const lowest = items.filter((i) => !i.items?.length);
    expect(lowest).toHaveLength(leaves);
    for (const item of items) {
      expect(md, `Markdown lacks: ${item.title}`).toContain(norm(item.title));
      expect(html, `HTML lacks: ${item.title}`).toContain(norm(item.title));
    }
    for (const item of lowest) expect(md.split(norm(item.title)).length - 1, `${item.id} printed once`).toBe(1);
    expect(pdf).toContain(norm(lowest[0].title).slice(0, 40));
  });
});

describe('the published plans fit the plan format without contortion', () => {
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
