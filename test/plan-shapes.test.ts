import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjoip, fixture } from './helpers.js';

/**
 * A plan of another shape, as a partnership publishes it: outcome groups → outcomes → unnumbered
 * actions; one outcome carries the lead and due date of its five actions (one merged cell in the
 * source), the other outcomes have no actions; a chair known only by role; a typed local indicator.
 */
const SHAPED = `version: 1
partnership:
  name: Westshire Community Justice Partnership
  areas: [Fife]
  chair: { role: the community planning manager }
  partners:
    - { id: council, name: Fife Council, statutory: local-authority }
    - { id: police, name: Police Scotland, statutory: police-scotland }
plan:
  title: Westshire Community Justice Outcomes Improvement Plan
  period: { start: 2024-25, end: 2026-27 }
  framework: cjpf-2023
  levels: [outcome group, outcome, action]
structure:
  - id: WD
    title: Early intervention
    items:
      - id: WD1
        title: More people are diverted from prosecution
        outcomes: [O1]
        lead: [council]
        due: 2025-03-31
        items:
          - title: Develop an improved referral route to diversion
            progress: { 2024-25: { status: in-progress } }
          - title: Train police officers on diversion
            progress: { 2024-25: { status: complete } }
          - title: Publish a leaflet on diversion for families
            progress: { 2024-25: { status: not-started } }
          - title: Review diversion cases every quarter
            due: 2026-03-31
            progress: { 2024-25: { status: in-progress } }
          - title: Set up a peer mentoring scheme
            priority_actions: [PA1]
            indicators: [NI1, L1]
      - id: WD2
        title: More people in police custody get support
        outcomes: [O2]
  - id: SC
    title: Safer communities
    items:
      - id: SC1
        title: More people understand community justice
        outcomes: [O9]
local_indicators:
  - id: L1
    title: People referred to diversion by the police
    kind: quantitative
    reporting_measure: Number of referrals to diversion from the police, from the council's case records
    outcomes: [O1]
    source: Westshire case management system
national_indicators:
  NI2: { reporting_measure: Referrals from the custody centre to the substance use service, source: NHS Fife service records }
participation: We held three events with third sector partners.
`;

/** Headings with nothing under them before the next heading of the same or a higher level (or the end). */
function emptyMarkdownHeadings(md: string): string[] {
  const lines = md.split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  lines.forEach((l, i) => {
    const m = /^(#{1,6}) /.exec(l);
    if (!m) return;
    const next = lines[i + 1];
    const n = next ? /^(#{1,6}) /.exec(next) : undefined;
    if (next === undefined || (n && n[1].length <= m[1].length)) out.push(l);
  });
  return out;
}

function emptyHtmlHeadings(html: string): string[] {
  const body = html.replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, '');
  const out: string[] = [];
  const re = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>([\s\S]*?)(?=<h([1-6])\b|$)/g;
  for (const m of body.matchAll(re)) {
    const between = m[3].replace(/<[^>]+>/g, '').trim();
    if (!between && (m[4] === undefined || Number(m[4]) <= Number(m[1]))) out.push(m[2].replace(/<[^>]+>/g, ''));
  }
  return out;
}

describe('any partnership’s plan as it is written', () => {
  it('outcome groups, outcomes and unnumbered actions: 5 actions counted, inherited lead and due, the chair by role, the typed indicator under its outcome, no empty heading', () => {
    const dir = fixture({ 'cjoip.yaml': SHAPED });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code, v.stdout).toBe(0);
    expect((JSON.parse(v.stdout) as { severity: string }[]).filter((f) => f.severity === 'error')).toEqual([]);

    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html,docx,json']);
    expect(r.code, r.stderr).toBe(0);
    const base = path.join(dir, 'reports', '2024-25', 'annual-report-2024-25');
    const model = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    const md = readFileSync(`${base}.md`, 'utf8');
    const html = readFileSync(`${base}.html`, 'utf8');

    // The lowest level is the action: five actions, never the outcomes without actions.
    expect(model.progress.total).toBe(5);
    expect(md).toContain('Of 5 actions:');
    expect(model.glance.map((g: { actions: number }) => g.actions)).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(model.outcomes[0].actions.total).toBe(5);
    // Due by the year's end through their outcome's date, and not complete: overdue (the 4th has its own later date).
    expect(model.progress.overdue.map((o: { title: string }) => o.title)).toEqual(['Develop an improved referral route to diversion', 'Publish a leaflet on diversion for families', 'Set up a peer mentoring scheme']);
    expect(md).toMatch(/not complete: Develop an improved referral route to diversion \(due 31 March 2025, in progress\); Publish a leaflet/);
    // The lead and due date are printed once, at the outcome that gives them.
    expect(md.split('**Lead:** Fife Council').length - 1).toBe(1);
    expect(md.split('**Due:** 31 March 2025').length - 1).toBe(1);
    // Every outcome is drawn as an outcome, with or without actions; the actions as rows of its table, with no number column.
    for (const o of ['Outcome WD1: More people are diverted', 'Outcome WD2: More people in police custody', 'Outcome SC1: More people understand']) expect(md).toContain(`#### ${o}`);
    expect(md).toContain('| Action | Progress in 2024-25 |');
    expect(md).not.toContain('| No. |');
    expect(md).not.toMatch(/WD1\.\d|\b1\.1\b/);
    // The chair known by role.
    expect(md).toContain('**Chair:** the community planning manager');
    expect(html).toContain('<dt>Chair</dt><dd>the community planning manager</dd>');
    // The typed local indicator under its outcome, with its reporting measure and source, though no figures are loaded.
    const o1 = md.slice(md.indexOf('### Outcome 1:'), md.indexOf('### Outcome 2:'));
    expect(o1).toContain('#### Local indicators');
    expect(o1).toContain('**People referred to diversion by the police** (quantitative indicator)');
    expect(o1).toContain("Reporting measure: Number of referrals to diversion from the police, from the council's case records");
    // Its source is cited by number, and named once in the list of sources.
    const n = /Source: (\d+)\./.exec(o1)![1];
    expect(md).toContain(`${n}. _Westshire case management system_.`);
    // The partnership's local measure of a national indicator.
    const o2 = md.slice(md.indexOf('### Outcome 2:'), md.indexOf('### Outcome 3:'));
    expect(o2).toContain('Reported locally as: Referrals from the custody centre to the substance use service Source: NHS Fife service records.');
    // An action's links are shown with it, in the framework's words.
    expect(md).toContain('Set up a peer mentoring scheme · Priority action 1 · National indicator 1, People referred to diversion by the police');
    // No heading with nothing under it, in any format.
    expect(emptyMarkdownHeadings(md)).toEqual([]);
    expect(emptyHtmlHeadings(html)).toEqual([]);
    const word = execFileSync('pandoc', ['-t', 'gfm', '--wrap=none', `${base}.docx`], { encoding: 'utf8' });
    expect(emptyMarkdownHeadings(word)).toEqual([]);
    expect(word).toContain('the community planning manager');
    expect(word).toContain('People referred to diversion by the police');
  });

  it('names unnumbered items in messages by their place and words, reports every problem in one run, and one message per fault', () => {
    const broken = SHAPED.replace('indicators: [NI1, L1]', 'indicators: [NI1, L9]')
      .replace('due: 2026-03-31', 'due: 31/03/2026')
      .replace('  areas: [Fife]', '  areas: [Fife]\n  website: 12\n  colour: blue');
    const dir = fixture({ 'cjoip.yaml': broken });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const errors = (JSON.parse(v.stdout) as { severity: string; code: string; message: string; line: number }[]).filter((f) => f.severity === 'error');
    // Schema faults and rule faults together: the officer sees all four at once.
    expect(errors.map((e) => e.code).sort()).toEqual(['invalid-value', 'unknown-indicator', 'unknown-key', 'wrong-type']);
    const indicator = errors.find((e) => e.code === 'unknown-indicator')!;
    expect(indicator.message).toBe("The 5th action under Outcome WD1: 'Set up a peer mentoring scheme': unknown indicator 'L9' for framework cjpf-2023.");
    const due = errors.filter((e) => e.line === broken.split('\n').findIndex((l) => l.includes('31/03/2026')) + 1);
    expect(due).toHaveLength(1);
    expect(due[0].message).toMatch(/^The 4th action under Outcome WD1: 'Review diversion cases every quarter': due '31\/03\/2026' is not valid\.$/);
  });

  it('a chair needs a name or a role, and is told so at the chair', () => {
    const dir = fixture({ 'cjoip.yaml': SHAPED.replace('chair: { role: the community planning manager }', 'chair: { email: chair@example.org }') });
    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(1);
    const f = (JSON.parse(v.stdout) as { code: string; message: string; hint: string; line: number }[]).find((x) => x.code === 'invalid-value')!;
    expect(f.line).toBe(5);
    expect(f.message).toMatch(/^partnership: chair/);
    expect(f.hint).toMatch(/name, or their role/);
  });

  it('init for the 2016 framework files each outcome under the level of that name', () => {
    const dir = fixture({});
    const r = cjoip(['init', path.join(dir, 'p'), '--yes', '--name', 'Test Community Justice Partnership', '--areas', 'Fife', '--framework', 'opif-2016', '--start', '2017-18', '--years', '3']);
    expect(r.code, r.stderr).toBe(0);
    const plan = readFileSync(path.join(dir, 'p', 'cjoip.yaml'), 'utf8');
    expect(plan).toContain('levels: [common outcome, action]');
    const top = [...plan.matchAll(/^ {2}- id: "([^"]+)"/gm)].map((m) => m[1]);
    expect(top).toEqual(['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7']);
    expect(plan).toContain('FILL IN: an action towards common outcome O5');
    const md = cjoip(['report', '--year', '2017', path.join(dir, 'p'), '--format', 'md']);
    expect(md.code, md.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'p', 'reports', '2017-18', 'annual-report-2017-18.md'), 'utf8');
    expect(text).toContain('Common outcome 5: Life chances are improved');
    // The 2016 framework's word: a priority, not a priority action.
    expect(text).toContain('**Linked to:** Priority 1: Improved community understanding and participation');
    writeFileSync(path.join(dir, 'p', 'cjoip.yaml'), plan.replace('priority_actions: [P1]', 'priority_actions: [P9]'));
    const v = cjoip(['validate', path.join(dir, 'p'), '--format', 'json']);
    expect((JSON.parse(v.stdout) as { message: string }[]).find((f) => /P9/.test(f.message))!.message).toBe("Common outcome O1: unknown priority 'P9' for framework opif-2016.");
  });
});
