import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cjoip, fixture, MINIMAL_PLAN, positionOf } from './helpers.js';

interface JsonFinding {
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
  hint: string;
}

/** MINIMAL_PLAN with one text replaced (the replacement must happen), validated through the binary as JSON. */
function validateWith(from: string, to: string, extra: string[] = []) {
  expect(MINIMAL_PLAN).toContain(from);
  const text = MINIMAL_PLAN.replace(from, to);
  const dir = fixture({ 'cjoip.yaml': text });
  const r = cjoip(['validate', '--format', 'json', ...extra, path.join(dir, 'cjoip.yaml')]);
  const findings = JSON.parse(r.stdout) as JsonFinding[];
  return { code: r.code, findings, text, dir, stderr: r.stderr };
}

const one = (fs: JsonFinding[], code: string) => {
  const f = fs.filter((x) => x.code === code);
  expect(f, `${code} in ${JSON.stringify(fs, null, 1)}`).toHaveLength(1);
  return f[0];
};

describe('YAML mistakes in plan text say how to fix them, where they are', () => {
  it('an unquoted ": " inside text', () => {
    const r = validateWith('title: Briefings on diversion', 'title: Briefings: on diversion');
    expect(r.code).toBe(1);
    const f = one(r.findings, 'colon-in-text');
    expect([f.line, f.column]).toEqual([positionOf(r.text, 'title: Briefings:').line, positionOf(r.text, 'title: Briefings:').column]);
    expect(f.message).toBe("The text of 'title' contains ': ', which YAML reads as the start of another key.");
    expect(f.hint).toBe('Put the text in quotes: title: "Briefings: on diversion"');
  });

  it('an apostrophe inside single quotes', () => {
    const r = validateWith('title: Briefings on diversion', "title: 'Children's briefings'");
    expect(r.code).toBe(1);
    const f = one(r.findings, 'apostrophe-in-quotes');
    expect(f.line).toBe(positionOf(r.text, "title: 'Children").line);
    expect(f.hint).toBe(`Double the apostrophe (title: 'Children''s briefings') or use double quotes (title: "Children's briefings").`);
  });

  it('an unterminated quote is pointed at where it opens, not at the end of the file', () => {
    const r = validateWith('title: Briefings on diversion', 'title: "Briefings on diversion');
    expect(r.code).toBe(1);
    const f = one(r.findings, 'unclosed-quote');
    const at = positionOf(r.text, '"Briefings');
    expect([f.line, f.column]).toEqual([at.line, at.column]);
    expect(f.message).toBe('This quoted text is never closed: the closing " is missing.');
  });

  it('" #" inside unquoted text is a warning that the rest became a comment', () => {
    const r = validateWith('title: Briefings on diversion', 'title: Briefings on diversion # and more');
    expect(r.code).toBe(0);
    const f = one(r.findings, 'hash-in-text');
    expect(f.message).toBe("Everything after ' #' is read as a comment, so title is only 'Briefings on diversion'.");
    expect(f.hint).toBe('If the # belongs to the text, put the text in quotes: title: "Briefings on diversion # and more"');
    // An ordinary comment after a value is left alone.
    expect(validateWith('due: 2025-03-31', 'due: 2025-03-31  # agreed at the board').findings).toEqual([]);
  });

  it('a flow list whose text has a comma', () => {
    const r = validateWith('        due: 2025-03-31', '        due: 2025-03-31\n        measures: [People into employment, training or volunteering]');
    expect(r.code).toBe(0);
    const f = one(r.findings, 'comma-in-list-item');
    expect(f.line).toBe(positionOf(r.text, 'People into').line);
    expect(f.column).toBe(positionOf(r.text, 'People into').column);
    expect(f.hint).toBe('If it is one entry, put it in quotes: measures: ["People into employment, training or volunteering"]');
    // Lists of ids and of lowercase level names are not a trap.
    expect(validateWith('levels: [priority, action]', 'levels: [priority area, action]').findings).toEqual([]);
  });

  it('nesting too deep says so (no stack overflow), once', () => {
    for (const deep of ['x: ' + '['.repeat(3000) + ']'.repeat(3000), Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1']) {
      const r = validateWith('participation: We held three events with third sector partners.', `participation: We held three events.\n${deep}`);
      expect(r.code).toBe(1);
      const f = one(r.findings, 'too-deep');
      expect(f.message).toBe('The file nests lists and mappings more than 64 levels deep.');
      expect(JSON.stringify(r.findings)).not.toMatch(/call stack/i);
    }
  });
});

describe('schema messages name the place as the author knows it', () => {
  it('an item by its level and id, with the fix', () => {
    const r = validateWith('        due: 2025-03-31', '        due: 2025-03-31\n        impact: Better briefings');
    expect(r.code).toBe(1);
    const f = one(r.findings, 'wrong-type');
    expect(f.message).toBe('Action P1.1: impact must be a list, not text.');
    expect(f.hint).toBe('Write `impact: ["Better briefings"]`.');
    expect(f.line).toBe(positionOf(r.text, 'Better briefings').line);
  });

  it('unknown keys suggest the key meant at that place, or list what is allowed', () => {
    const lead = one(validateWith('        lead: [council]', '        lead_partner: [council]').findings, 'unknown-key');
    expect(lead.message).toBe("Action P1.1: unknown key 'lead_partner'.");
    expect(lead.hint).toBe("Did you mean 'lead'?");
    const ev = one(validateWith('          2024-25: { status: in-progress }', '          2024-25: { status: in-progress, evidence: x }').findings, 'unknown-key');
    expect(ev.message).toBe("Action P1.1: progress.2024-25: unknown key 'evidence'.");
    expect(ev.hint).toBe('Allowed here: status, narrative, rag, revised_due, illustrative.');
    const typo = one(validateWith('  title: Test plan', '  title: Test plan\n  visoin: Safer communities').findings, 'unknown-key');
    expect(typo.hint).toBe("Did you mean 'vision'?");
    const far = one(validateWith('  title: Test plan', '  title: Test plan\n  zzqx: 1').findings, 'unknown-key');
    expect(far.hint).toMatch(/^Allowed here: title, strapline, period, framework, levels, vision, /);
  });

  it('a status that is nearly right, and an entry of a list by its id', () => {
    const st = one(validateWith('{ status: in-progress }', '{ status: in-progres }').findings, 'invalid-value');
    expect(st.message).toBe("Action P1.1: progress.2024-25.status 'in-progres' is not one of the allowed values.");
    expect(st.hint).toMatch(/^Did you mean 'in-progress'\? Use one of: not-started, /);
    const partner = one(validateWith('statutory: health-board', 'statutory: health').findings, 'invalid-value');
    expect(partner.message).toBe("partnership.partners[nhs]: statutory 'health' is not one of the allowed values.");
  });

  it('long values are never echoed whole', () => {
    const long = 'x'.repeat(5000);
    const r = validateWith('        lead: [council]', `        lead: [${long}]`);
    const f = one(r.findings, 'unknown-partner');
    expect(f.message.length).toBeLessThan(200);
    expect(f.message).toContain('…');
  });

  it('a flood of findings of one kind is summarised after its first 50, with the count by kind', () => {
    const many = Array.from({ length: 450 }, (_, i) => `      - id: X${i}\n        title: Extra\n        lead: [nobody${i}]`).join('\n');
    const text = MINIMAL_PLAN.replace('  - id: P2\n    title: Confidence\n', `  - id: P2\n    title: Confidence\n    items:\n${many}\n`);
    const dir = fixture({ 'cjoip.yaml': text });
    const r = cjoip(['validate', path.join(dir, 'cjoip.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/unknown-partner/g)).toHaveLength(51);
    expect(r.stdout).toContain('… and 400 more findings in this file (400 errors, 0 warnings) not shown: 400 unknown-partner.');
    expect(r.stdout.length).toBeLessThan(20_000);
    expect(r.stdout).toContain('✖ 450 errors, 0 warnings');
    const json = JSON.parse(cjoip(['validate', '--format', 'json', path.join(dir, 'cjoip.yaml')]).stdout);
    expect(json).toHaveLength(450);
  });
});

describe('what real plans say has somewhere to go', () => {
  const RICH = MINIMAL_PLAN.replace('  title: Test plan\n', '  title: Test plan\n  strapline: Working together for safer communities\n')
    .replace('  partners:\n', '  groups:\n    - { id: delivery, name: Delivery Group }\n  partners:\n')
    .replace(
      '        lead: [council]\n',
      [
        '        lead: [{ partner: nhs, person: Jane Smith, role: Head of Justice Health }]',
        '        support: [delivery, police]',
        '        see: [P2]',
        '        evidence:',
        '          - { title: Briefings held, value: 12, year: 2024-25, source: Partnership records }',
        '',
      ].join('\n'),
    )
    .replace('    priority_actions: [PA13]\n', '    priority_actions: [PA13]\n    measures: [Briefings held]\n');

  it('validate accepts them, and the report shows each', () => {
    const dir = fixture({ 'cjoip.yaml': RICH });
    const v = cjoip(['validate', dir]);
    expect(v.stdout).toContain('no problems');
    expect(v.code).toBe(0);
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html,docx']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.md'), 'utf8');
    expect(md).toContain('_Working together for safer communities_');
    expect(md).toContain('NHS Forth Valley (Jane Smith, Head of Justice Health) (supported by Delivery Group; Police Scotland)');
    expect(md).toContain('See also: Priority 2');
    expect(md).toMatch(/Evidence: Briefings held \(2024-25\): 12\. Source: \d+/);
    expect(md).toContain('**Measures:** Briefings held');
    const html = readFileSync(path.join(dir, 'reports', '2024-25', 'annual-report-2024-25.html'), 'utf8');
    expect(html).toContain('<p class="cover-strapline">Working together for safer communities</p>');
    expect(html).toContain('<div class="small">Supported by: Delivery Group; Police Scotland</div>');
    expect(html).toMatch(/See also: <a href="#item-p2">Priority 2<\/a>/);
  });

  it('wrong references in them are errors at their position', () => {
    const cases: [string, string, string, string][] = [
      ['support: [delivery, police]', 'support: [delivry, police]', 'unknown-partner', "Did you mean 'delivery'? Or declare it under partnership.partners (or partnership.groups)."],
      ['see: [P2]', 'see: [P22]', 'unknown-item', "Did you mean 'P2'?"],
      ['see: [P2]', 'see: [P1.1]', 'see-self', 'Remove it, or name another item.'],
      ['{ partner: nhs, person: Jane Smith', '{ person: Jane Smith', 'lead-without-partner', 'Write { partner: council, person: "Jane Smith" } (or group: instead of partner:).'],
    ];
    for (const [from, to, code, hint] of cases) {
      const text = RICH.replace(from, to);
      const dir = fixture({ 'cjoip.yaml': text });
      const r = cjoip(['validate', '--format', 'json', dir]);
      expect(r.code, code).toBe(1);
      const f = one(JSON.parse(r.stdout), code);
      expect(f.hint).toBe(hint);
      expect(f.line).toBe(positionOf(text, to.split(/[[{]/)[0].trim() || to).line);
    }
  });

  it('a plan with no outcome links gets one note, not one warning per outcome', () => {
    const r = validateWith('    outcomes: [O1, O2, O3, O4, O5, O6, O7, O8]\n', '').findings;
    const text = MINIMAL_PLAN.replace('    outcomes: [O1, O2, O3, O4, O5, O6, O7, O8]\n', '').replace('    priority_actions: [PA13]\n', '');
    const dir = fixture({ 'cjoip.yaml': text });
    const fs = JSON.parse(cjoip(['validate', '--format', 'json', dir]).stdout) as JsonFinding[];
    expect(fs.filter((f) => f.code === 'outcome-not-addressed')).toEqual([]);
    const f = one(fs, 'no-outcome-links');
    expect(f.hint).toBe('Add outcomes: [O1] to each item that works towards an outcome (or priority_actions: [PA1] for a priority action); `cjoip framework cjpf-2023` lists the ids.');
    expect(r.filter((x) => x.code === 'outcome-not-addressed').length).toBeGreaterThan(1);
  });
});

describe('impossible values are errors', () => {
  const cases: [string, string, string][] = [
    ['due: 2025-03-31', 'due: 2025-02-30', "Action P1.1: due '2025-02-30' is not valid."],
    ['due: 2025-03-31', 'due: 2025-13', "Action P1.1: due '2025-13' is not valid."],
    ['start: 2024-25, end: 2026-27', 'start: 2024-26, end: 2026-27', "plan.period: start '2024-26' is not valid."],
    ['start: 2024-25, end: 2026-27', 'start: 1999-00, end: 2026-27', "plan.period: start '1999-00' is not valid."],
    ['{ status: in-progress }', '{ status: in-progress }\n          2024-26: { status: complete }', "Action P1.1: the key '2024-26' is not valid: a financial year runs from one year to the next: write its two years consecutively, for example 2024-25."],
  ];
  it.each(cases)('%s → %s', (from, to, message) => {
    const r = validateWith(from, to);
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => f.message)).toContain(message);
  });

  it('groups reporting to themselves or in a loop', () => {
    const loop = validateWith('  partners:\n', '  groups:\n    - { id: a, name: A, reports_to: b }\n    - { id: b, name: B, reports_to: c }\n    - { id: c, name: C, reports_to: a }\n    - { id: d, name: D, reports_to: d }\n  partners:\n');
    expect(loop.code).toBe(1);
    const msgs = loop.findings.filter((f) => f.code === 'group-loop').map((f) => f.message);
    expect(msgs).toEqual(['Groups report to each other in a loop: a → b → c → a.', "Group 'd' reports to itself."]);
  });

  it('--year outside the plan period: a warning naming the period for validate, refused by report', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    const v = cjoip(['validate', '--format', 'json', '--year', '2031', dir]);
    expect(v.code).toBe(0);
    const f = one(JSON.parse(v.stdout), 'year-outside-plan');
    expect(f.message).toBe('The reporting year 2031-32 is outside the plan period, 2024-25 to 2026-27.');
    expect(f.severity).toBe('warning');
    const r = cjoip(['report', '--year', '2031', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The reporting year 2031-32 is outside the plan period, 2024-25 to 2026-27.');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    const bad = cjoip(['validate', '--year', '2150', dir]);
    expect(bad.code).toBe(2);
  });
});

describe('cjoip init writes what validates, in plain words', () => {
  it.each([
    ['Foo: "Bar" # baz', "O'Neil: Chair #1"],
    ["Children's & Young People's\nPartnership", 'Jane "JJ" Smith'],
    ['  #hash: [brackets], {braces} & *star  ', '- dash: start'],
  ])('awkward names %j / %j', (name, chair) => {
    const dir = fixture({});
    const r = cjoip(['init', dir, '--areas', 'Fife', '--name', name, '--chair', chair, '--start', '2025-26', '--years', '1', '--framework', 'opif-2016'], { env: { CI: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const v = cjoip(['validate', '--format', 'json', dir]);
    expect(v.code).toBe(0);
    const fs = JSON.parse(v.stdout) as JsonFinding[];
    expect(fs.filter((f) => f.severity === 'error')).toEqual([]);
    expect(fs.every((f) => f.code === 'placeholder')).toBe(true);
    const plan = readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8');
    expect(plan).toContain('title: "Community Justice Outcomes Improvement Plan 2025-26"');
    expect(plan).not.toMatch(/prioritys|2025-26 to 2025-26/);
    expect(r.stderr).not.toMatch(/\ba opif|\ba cjpf/);
    expect(r.stderr).toContain('Created the plan for');
  });

  it('every file it writes is spelled right, for both frameworks', () => {
    for (const fw of ['cjpf-2023', 'opif-2016']) {
      const dir = fixture({});
      const r = cjoip(['init', dir, '--yes', '--areas', 'Fife,Perth and Kinross', '--name', 'Test', '--framework', fw], { env: { CI: '1' } });
      expect(r.code).toBe(0);
      const all = [r.stderr, ...listAll(dir).map((f) => readFileSync(f, 'utf8'))].join('\n');
      expect(all).not.toMatch(/prioritys|priority actionss|outcomess|\ba (?:opif|cjpf)|(\d{4}-\d{2}) to \1\b|aims and prioritys/i);
    }
  });

  it('refuses a start year outside the supported range before writing anything', () => {
    for (const start of ['1999-00', '2150-51']) {
      const dir = fixture({});
      const r = cjoip(['init', dir, '--yes', '--areas', 'Fife', '--name', 'Test', '--start', start], { env: { CI: '1' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Plans run in financial years 2000-01 to 2099-00');
      expect(readdirSync(dir)).toEqual([]);
    }
    const dir = fixture({});
    const r = cjoip(['init', dir, '--yes', '--areas', 'Fife', '--name', 'Test', '--start', '2098-99', '--years', '5'], { env: { CI: '1' } });
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the editor schema resolves from the plan folder itself, and `cjoip schema --write` refreshes it', () => {
    const dir = fixture({});
    expect(cjoip(['init', dir, '--yes', '--areas', 'Fife', '--name', 'Test'], { env: { CI: '1' } }).code).toBe(0);
    const plan = readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8');
    expect(plan.split('\n')[0]).toBe('# yaml-language-server: $schema=cjoip.schema.json');
    const shipped = readFileSync(path.join(__dirname, '..', 'schemas', 'cjoip-plan.schema.json'), 'utf8');
    expect(readFileSync(path.join(dir, 'cjoip.schema.json'), 'utf8')).toBe(shipped);
    writeFileSync(path.join(dir, 'cjoip.schema.json'), JSON.stringify({ $id: 'https://cjoip.scot/schemas/cjoip-plan.schema.json', old: true }));
    const w = cjoip(['schema', '--write', dir]);
    expect(w.code).toBe(0);
    expect(readFileSync(path.join(dir, 'cjoip.schema.json'), 'utf8')).toBe(shipped);
    // With no folder given, the current folder.
    writeFileSync(path.join(dir, 'cjoip.schema.json'), JSON.stringify({ $id: 'https://cjoip.scot/schemas/cjoip-plan.schema.json', old: true }));
    expect(cjoip(['schema', '--write'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'cjoip.schema.json'), 'utf8')).toBe(shipped);
    // A user's own file of that name is kept.
    writeFileSync(path.join(dir, 'cjoip.schema.json'), '{"mine": true}');
    const k = cjoip(['schema', '--write', dir]);
    expect(k.code).toBe(2);
    expect(readFileSync(path.join(dir, 'cjoip.schema.json'), 'utf8')).toBe('{"mine": true}');
  });
});

describe('cjoip framework speaks plainly', () => {
  it('opif-2016 headings are spelled right', () => {
    const r = cjoip(['framework', 'opif-2016']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nPRIORITIES\n');
    expect(r.stdout).not.toMatch(/PRIORITYS/);
  });
});

function listAll(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listAll(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('CI and editors, the way their users work', () => {
  it('the GitHub Actions example runs validate with annotations on the plan, and fails on an error', async () => {
    const { parse } = await import('yaml');
    const wf = parse(readFileSync(path.join(__dirname, '..', 'examples', 'ci', 'validate-plan.yml'), 'utf8'));
    const steps = wf.jobs.validate.steps as { run?: string }[];
    const run = steps.map((s) => s.run).find((r) => r?.startsWith('cjoip validate'))!;
    expect(run).toBe('cjoip validate --format github --strict $PLANS');
    expect(wf.on).toHaveProperty('push');
    // The same command on a plan with a wrong outcome id: an annotation at the line, exit 1.
    const text = MINIMAL_PLAN.replace('outcomes: [O1, O2', 'outcomes: [O99, O2');
    const dir = fixture({ 'cjoip.yaml': text });
    const args = run.replace('$PLANS', dir).split(' ').slice(1);
    const r = cjoip(args);
    expect(r.code).toBe(1);
    const at = positionOf(text, 'O99');
    expect(r.stdout).toContain(`::error file=${path.relative(process.cwd(), path.join(dir, 'cjoip.yaml')).replace(/:/g, '%3A')},line=${at.line},col=${at.column}`);
    expect(cjoip(run.replace('$PLANS', path.join(__dirname, '..', 'examples', 'ayrshire-2024-29')).split(' ').slice(1)).code).toBe(0);
  });

  it('the pre-commit hook runs cjoip validate on the plan when a plan, narrative or CSV changes', async () => {
    const { parse } = await import('yaml');
    const [hook] = parse(readFileSync(path.join(__dirname, '..', '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];
    expect(hook).toMatchObject({ id: 'cjoip-validate', entry: 'cjoip validate', language: 'node', pass_filenames: false });
    const files = new RegExp(hook.files);
    for (const f of ['cjoip.yaml', 'plans/fife/cjoip.yaml', 'data/indicators.csv', 'narrative/foreword.md']) expect(files.test(f), f).toBe(true);
    expect(files.test('src/cli.ts')).toBe(false);
    const package_ = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(package_.bin.cjoip).toBe('bin/cjoip.js');
  });

  it('--format sarif gives SARIF 2.1.0 with the same positions as json', () => {
    const text = MINIMAL_PLAN.replace('outcomes: [O1, O2', 'outcomes: [O99, O2').replace('lead: [council]', 'lead: [counsil]');
    const dir = fixture({ 'cjoip.yaml': text });
    const json = JSON.parse(cjoip(['validate', '--format', 'json', dir]).stdout) as JsonFinding[];
    const r = cjoip(['validate', '--format', 'sarif', dir]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    expect(results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn])).toEqual(
      json.map((f) => [f.code, f.severity, f.line, f.column]),
    );
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['outcome-not-addressed', 'unknown-outcome', 'unknown-partner']);
  });
});
