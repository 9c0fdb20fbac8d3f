import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { cjoip, copyExample, fixture, MINIMAL_PLAN, positionOf } from './helpers.js';

interface JsonFinding { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; hint: string }
const json = (dir: string, ...extra: string[]) => {
  const r = cjoip(['validate', dir, '--format', 'json', ...extra]);
  return { ...r, findings: JSON.parse(r.stdout || '[]') as JsonFinding[] };
};

describe('cjoip validate on the example', () => {
  it('exits 0 on examples/ayrshire-2024-29', () => {
    const r = cjoip(['validate', 'examples/ayrshire-2024-29']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('no problems');
    expect(r.code).toBe(0);
  });

  it('names a wrong outcome id, a duplicated key and an undeclared lead partner at their positions, in all three formats', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    let text = readFileSync(file, 'utf8');
    text = text.replace('outcomes: [O3]', 'outcomes: [O33]').replace('  short_name: CJAP\n', '  short_name: CJAP\n  short_name: CJAP again\n').replace('lead: [adp, third-sector]', 'lead: [adp, third-sectr]');
    writeFileSync(file, text);
    const want = [
      { code: 'unknown-outcome', ...positionOf(text, 'O33'), text: "Unknown outcome 'O33'" },
      { code: 'duplicate-key', ...positionOf(text, 'short_name: CJAP again'), text: "'short_name' appears twice" },
      { code: 'unknown-partner', ...positionOf(text, 'third-sectr'), text: "Lead partner 'third-sectr'" },
    ];
    const j = json(dir);
    expect(j.code).toBe(1);
    for (const w of want) {
      const f = j.findings.find((x) => x.code === w.code)!;
      expect(f, w.code).toBeDefined();
      expect([f.line, f.column]).toEqual([w.line, w.column]);
      expect(f.message.toLowerCase()).toContain(w.text.toLowerCase());
      expect(f.severity).toBe('error');
      expect(f.file).toMatch(/cjoip\.yaml$/);
    }
    expect(j.findings.find((x) => x.code === 'unknown-outcome')!.hint).toContain("Did you mean 'O3'");
    // Each message about an item names it.
    expect(j.findings.find((x) => x.code === 'unknown-partner')!.message).toBe("Deliverable 2.1: lead partner 'third-sectr' is not declared under partnership.partners (or partnership.groups).");

    const gh = cjoip(['validate', dir, '--format', 'github']);
    expect(gh.code).toBe(1);
    for (const w of want) expect(gh.stdout).toMatch(new RegExp(`::error file=[^,]*cjoip\\.yaml,line=${w.line},col=${w.column},.*::.*${w.text.replace(/[()']/g, '.')}`, 'i'));

    const st = cjoip(['validate', dir]);
    expect(st.code).toBe(1);
    for (const w of want) expect(st.stdout).toMatch(new RegExp(`${w.line}:${w.column}\\s+error\\s+.*${w.text.replace(/[()']/g, '.')}`, 'i'));
    expect(st.stdout).toContain('3 errors');
  });
});

/** One fixture per rule: [name, change to MINIMAL_PLAN, expected code, severity, text located at]. */
const RULES: [string, (s: string) => string, string, 'error' | 'warning', string][] = [
  ['unknown outcome', (s) => s.replace('O8]', 'O8, O12]'), 'unknown-outcome', 'error', 'O12'],
  ['unknown priority action', (s) => s.replace('[PA13]', '[PA31]'), 'unknown-priority-action', 'error', 'PA31'],
  ['unknown indicator', (s) => s.replace('priority_actions: [PA13]', 'priority_actions: [PA13]\n    indicators: [NI99]'), 'unknown-indicator', 'error', 'NI99'],
  ['duplicate item id', (s) => s.replace('id: P2', 'id: P1'), 'duplicate-id', 'error', 'P1\n    title: Confidence'],
  ['duplicate partner id', (s) => s.replace('id: sds,', 'id: sfrs,'), 'duplicate-id', 'error', 'sfrs, name: Skills'],
  ['undeclared lead partner', (s) => s.replace('lead: [council]', 'lead: [councel]'), 'unknown-partner', 'error', 'councel'],
  ['due date outside the period', (s) => s.replace('due: 2025-03-31', 'due: 2031-03-31'), 'due-outside-period', 'warning', '2031-03-31'],
  ['progress year outside the period', (s) => s.replace('2024-25: { status', '2030-31: { status'), 'year-outside-period', 'error', '2030-31'],
  ['outcome not addressed', (s) => s.replace('O7, O8]', 'O7]'), 'outcome-not-addressed', 'warning', 'structure:'],
  ['statutory partner missing', (s) => s.replace(/.*id: sds.*\n/, ''), 'missing-statutory-partner', 'warning', 'partners:'],
  ['no participation statement', (s) => s.replace(/participation:.*\n/, ''), 'no-participation-statement', 'warning', 'version'],
  ['unknown council area', (s) => s.replace('[Clackmannanshire]', '[Clackmanan, S12000099]'), 'unknown-area', 'error', 'Clackmanan'],
  ['markdown file missing', (s) => s.replace('participation: We held three events with third sector partners.', 'participation: { file: narrative/participation.md }'), 'file-missing', 'error', 'narrative/participation.md'],
  ['markdown file outside the plan folder', (s) => s.replace('participation: We held three events with third sector partners.', 'participation: { file: ../secret.md }'), 'file-outside-plan', 'error', '../secret.md'],
  ['items deeper than the levels', (s) => s.replace('        title: Briefings on diversion\n', '        title: Briefings on diversion\n        items: [{ id: P1.1.a, title: Too deep }]\n'), 'too-deep', 'error', 'P1.1.a'],
  ['unknown framework', (s) => s.replace('framework: cjpf-2023', 'framework: cjpf-2032'), 'unknown-framework', 'error', 'cjpf-2032'],
  ['placeholder still to fill in', (s) => s.replace('title: Test plan', 'title: "FILL IN: the plan title"'), 'placeholder', 'warning', '"FILL IN'],
  ['unknown key, with the key located', (s) => s.replace('  title: Test plan', '  titel: Test plan\n  title: Test plan'), 'unknown-key', 'error', 'titel'],
  ['wrong type', (s) => s.replace('levels: [priority, action]', 'levels: 3'), 'wrong-type', 'error', '3\nstructure'],
  ['bad status word', (s) => s.replace('status: in-progress', 'status: done'), 'invalid-value', 'error', 'done'],
];

describe('plan rules, one fixture each, through the real binary', () => {
  it('the minimal plan is clean', () => {
    const r = cjoip(['validate', fixture({ 'cjoip.yaml': MINIMAL_PLAN })]);
    expect(r.stdout).toContain('no problems');
    expect(r.code).toBe(0);
  });
  it.each(RULES)('%s', (_name, change, code, severity, at) => {
    const text = change(MINIMAL_PLAN);
    expect(text).not.toBe(MINIMAL_PLAN);
    const dir = fixture({ 'cjoip.yaml': text });
    const j = json(dir);
    const f = j.findings.find((x) => x.code === code);
    expect(f, JSON.stringify(j.findings)).toBeDefined();
    expect(f!.severity).toBe(severity);
    expect(f!.hint).not.toBe('');
    const pos = positionOf(text, at);
    expect([f!.line, f!.column]).toEqual([pos.line, pos.column]);
    expect(j.code).toBe(severity === 'error' ? 1 : 0);
    if (severity === 'warning') expect(json(dir, '--strict').code).toBe(1);
  });
  it('a Markdown file inside the folder is accepted', () => {
    const text = MINIMAL_PLAN.replace('participation: We held three events with third sector partners.', 'participation: { file: narrative/participation.md }');
    const r = cjoip(['validate', fixture({ 'cjoip.yaml': text, 'narrative/participation.md': '# Participation\n' })]);
    expect(r.code).toBe(0);
  });
  it('a custom framework file is validated too', () => {
    // A partnership's own framework, written in YAML, with one broken link.
    const data = JSON.parse(readFileSync('schemas/frameworks/opif-2016.json', 'utf8'));
    data.id = 'my-framework';
    data.priority_actions[2].outcomes = ['O44'];
    const fw = stringify(data);
    const text = MINIMAL_PLAN.replace('framework: cjpf-2023', 'framework: ./my-framework.yaml');
    const dir = fixture({ 'cjoip.yaml': text, 'my-framework.yaml': fw });
    const j = json(dir);
    expect(j.code).toBe(1);
    const f = j.findings.find((x) => x.file.endsWith('my-framework.yaml'))!;
    expect(f.message).toContain("Unknown outcome 'O44'");
    expect([f.line, f.column]).toEqual(Object.values(positionOf(fw, 'O44')));
  });
});

describe('bad input gets one clear message, never a stack trace', () => {
  const cases: [string, Record<string, string | Buffer>, number, RegExp, string?][] = [
    ['YAML syntax error', { 'cjoip.yaml': 'version: 1\npartnership: [unclosed\n' }, 1, /yaml-syntax/],
    ['duplicate keys', { 'cjoip.yaml': MINIMAL_PLAN.replace('version: 1\n', 'version: 1\nversion: 1\n') }, 1, /'version' appears twice/],
    ['tab indentation', { 'cjoip.yaml': MINIMAL_PLAN.replace('  name: Test Partnership', '\tname: Test Partnership') }, 1, /tab/i],
    ['alias bomb', { 'cjoip.yaml': 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n' }, 1, /alias/],
    // A plan that cannot be read as text at all is "could not run", as a missing one is.
    ['a 50 MB file', { 'cjoip.yaml': Buffer.alloc(50 * 1024 * 1024, 'a') }, 2, /larger than 5 MB; plans are limited to 5 MB/],
    ['a binary file', { 'cjoip.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) }, 2, /binary/],
    ['an empty file', { 'cjoip.yaml': '' }, 1, /empty/],
    ['a value of the wrong type', { 'cjoip.yaml': MINIMAL_PLAN.replace('version: 1', 'version: "one"') }, 1, /version/],
    ['__proto__ keys', { 'cjoip.yaml': MINIMAL_PLAN.replace('plan:\n', 'plan:\n  __proto__: { polluted: true }\n') }, 1, /'__proto__' is not allowed/],
  ];
  it.each(cases)('%s', (_name, files, code, message) => {
    const r = cjoip(['validate', fixture(files)]);
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stdout).toMatch(/cjoip\.yaml\n\s+\d+:\d+\s+error/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\(.*\.js:\d+/);
  });
  it('a missing file: exit 2 with the path named', () => {
    const r = cjoip(['validate', 'no/such/plan.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/plan.yaml: no such file or folder');
  });
  it('a folder without cjoip.yaml: exit 2', () => {
    const dir = fixture({ 'notes.txt': 'x' });
    const r = cjoip(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no cjoip.yaml');
  });
  it('no path means ./cjoip.yaml', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    expect(cjoip(['validate'], { cwd: dir }).code).toBe(0);
    mkdirSync(path.join(dir, 'empty'));
    expect(cjoip(['validate'], { cwd: path.join(dir, 'empty') }).code).toBe(2);
  });
});

describe('the command line', () => {
  it('--version and --help', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(cjoip(['--version']).stdout.trim()).toBe(pkg.version);
    const h = cjoip(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['validate', 'report', 'init', 'framework', 'schema', 'data']) expect(h.stdout).toContain(c);
  });
  it('an unknown option exits 2', () => {
    expect(cjoip(['validate', '--nope']).code).toBe(2);
  });
  it('colour only on request; NO_COLOR honoured', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('[PA13]', '[PA31]') });
    expect(cjoip(['validate', dir], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } }).stdout).toContain('\u001b[');
    expect(cjoip(['validate', dir], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});

describe('start-up stays light', () => {
  it('validate loads neither templates, Handlebars, Markdown nor the browser', () => {
    const dist = path.join(process.cwd(), 'dist');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(path.join(dist, file), 'utf8');
      // Static imports only: dynamic import() of other commands happens when they run.
      for (const m of src.matchAll(/^import\s[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(m[1]);
    };
    const cli = readFileSync(path.join(dist, 'cli.js'), 'utf8');
    const validateChunk = /import\("\.\/(validate-[A-Z0-9]+\.js)"\)/.exec(cli)![1];
    visit('cli.js');
    visit(validateChunk);
    const loaded = [...seen].map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    for (const heavy of ['puppeteer-core', 'from "handlebars"', 'markdown-it', 'templates/']) expect(loaded, heavy).not.toContain(heavy);
    expect(seen.size).toBeGreaterThan(2);
  });
});
