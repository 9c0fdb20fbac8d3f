import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cjoip, ROOT } from './helpers.js';

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'cjoip-init-')), 'plan');
const FLAGS = ['--name', 'Forth Valley Test Partnership', '--areas', 'Clackmannanshire, Stirling', '--start', '2025-26', '--years', '3', '--chair', 'A. Chair', '--contact', 'cj@example.org'];
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name])).sort();

describe('cjoip init', () => {
  it.each(['cjpf-2023', 'opif-2016'])('non-interactive with flags (%s): validates with placeholder warnings, fails --strict, renders', (framework) => {
    const dir = fresh();
    const r = cjoip(['init', dir, ...FLAGS, '--framework', framework]);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(dir)).toEqual(['README.md', 'cjoip.schema.json', 'cjoip.yaml', 'data/indicators.csv', 'narrative/achievements.md', 'narrative/challenges.md', 'narrative/foreword.md', 'narrative/governance.md', 'narrative/next-steps.md', 'narrative/participation.md']);
    const plan = readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8');
    expect(plan.split('\n')[0]).toBe('# yaml-language-server: $schema=cjoip.schema.json');
    const schemaRef = plan.split('\n')[0].split('$schema=')[1];
    expect(existsSync(path.resolve(dir, schemaRef))).toBe(true);
    expect(plan).toContain(`framework: ${framework}`);

    const v = cjoip(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(0);
    const findings = JSON.parse(v.stdout) as { severity: string; code: string }[];
    expect(findings.length).toBeGreaterThan(5);
    expect(findings.every((f) => f.severity === 'warning' && f.code === 'placeholder')).toBe(true);
    expect(cjoip(['validate', dir, '--strict']).code).toBe(1);

    const fw = JSON.parse(cjoip(['framework', framework, '--json']).stdout);
    const actions = (plan.match(/FILL IN: an action towards/g) ?? []).length;
    expect(actions).toBe(framework === 'cjpf-2023' ? fw.priority_actions.length : fw.priority_actions.length + 3);

    const rep = cjoip(['report', '--year', '2025', dir, '--format', 'md,html']);
    expect(rep.code, rep.stderr).toBe(0);
    const md = readFileSync(path.join(dir, 'reports', '2025-26', 'annual-report-2025-26.md'), 'utf8');
    expect(md).toContain('## Draft: still to complete');
    expect(md).toContain('Text still to fill in (foreword)');
    expect(md).not.toMatch(/\.md\b|\.yaml\b/);
    expect(md).toContain('No figures for this measure are held');
  });

  it('interactive through a pseudo-terminal: answers typed, a wrong area name asked again', () => {
    const dir = fresh();
    const answers = ['Tayside Test Partnership', 'Dundee Cty', 'Dundee City, Angus', '', '2026-27', '4', 'B. Chair', 'cj@example.org', ''].join('\n');
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} init ${dir}`, '/dev/null'], { input: answers, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' }, timeout: 30_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain("'Dundee Cty' is not a Scottish council area. Did you mean 'Dundee City'? Please try again.");
    expect((r.stdout.match(/Council areas \(names or GSS codes/g) ?? []).length).toBe(2);
    const plan = readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8');
    expect(plan).toContain('name: "Tayside Test Partnership"');
    expect(plan).toContain('areas: ["Dundee City", "Angus"]');
    expect(plan).toContain('period: { start: 2026-27, end: 2029-30 }');
    expect(plan).toContain('framework: cjpf-2023');
  });

  it('--yes on a terminal accepts the defaults without asking', () => {
    const dir = fresh();
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} init ${dir} --name "Fife Test" --areas Fife --yes`, '/dev/null'], { input: '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' }, timeout: 30_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/Framework \(cjpf-2023 or opif-2016\)|First financial year|Contact email/);
    const plan = readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8');
    expect(plan).toContain('framework: cjpf-2023');
    expect(plan).toMatch(/period: \{ start: (\d{4})-\d{2}, end: \d{4}-\d{2} \}/);
    expect(plan).toContain('name: "FILL IN: name of the chair"');
  });

  it('refuses to write into a folder with a plan, listing what is in the way, and changes nothing', () => {
    const dir = fresh();
    expect(cjoip(['init', dir, ...FLAGS]).code).toBe(0);
    writeFileSync(path.join(dir, 'cjoip.yaml'), '# my edited plan\n');
    const before = Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    const mtimes = listFiles(dir).map((f) => statSync(path.join(dir, f)).mtimeMs);
    const r = cjoip(['init', dir, ...FLAGS, '--name', 'Another']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already has a plan');
    expect(r.stderr).toMatch(/cjoip\.yaml/);
    expect(r.stderr).toMatch(/narrative\/foreword\.md/);
    expect(r.stderr).toContain('--force');
    for (const [f, content] of Object.entries(before)) expect(readFileSync(path.join(dir, f)).equals(content), f).toBe(true);
    expect(listFiles(dir).map((f) => statSync(path.join(dir, f)).mtimeMs)).toEqual(mtimes);
    const forced = cjoip(['init', dir, ...FLAGS, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, 'cjoip.yaml'), 'utf8')).not.toBe('# my edited plan\n');
  });

  it('--dry-run lists create / overwrite / unchanged and writes nothing', () => {
    const dir = fresh();
    const r = cjoip(['init', dir, ...FLAGS, '--dry-run']);
    expect(r.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(r.stdout).toMatch(/^create\s+.*cjoip\.yaml$/m);
    cjoip(['init', dir, ...FLAGS]);
    writeFileSync(path.join(dir, 'README.md'), 'changed\n');
    const again = cjoip(['init', dir, ...FLAGS, '--dry-run']);
    expect(again.stdout).toMatch(/^unchanged\s+.*cjoip\.yaml$/m);
    expect(again.stdout).toMatch(/^overwrite\s+.*README\.md$/m);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('changed\n');
  });

  it('CI=true with a missing flag exits 2 promptly, listing the flags, with stdin left open', async () => {
    const dir = fresh();
    const child = spawn(process.execPath, [BIN, 'init', dir, '--areas', 'Fife'], { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 10_000);
      child.on('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    child.stdin.end();
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stderr).toContain('--name is missing');
    expect(stderr).toContain('--name <partnership name>');
    expect(existsSync(dir)).toBe(false);
  });

  it('a bad flag value is refused before anything is written', () => {
    const dir = fresh();
    const r = cjoip(['init', dir, ...FLAGS, '--areas', 'Atlantis']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'Atlantis' is not a Scottish council area");
    expect(existsSync(dir)).toBe(false);
  });

  it('what it writes comes from templates/init', () => {
    expect(readFileSync(path.join(ROOT, 'templates', 'init', 'cjoip.yaml.hbs'), 'utf8')).toContain('FILL IN');
  });
});
