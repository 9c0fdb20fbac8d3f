import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { BIN, cjoip, copyExample, fixture, MINIMAL_PLAN, positionOf, ROOT } from './helpers.js';

const OUT = path.join('reports', '2024-25');

/** A folder with nothing in it, for TMPDIR and HOME, so a test can see what a run leaves behind. */
const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'cjoip-empty-'));

describe('no network, provably', () => {
  it('a PDF run with a hostile --templates folder opens no connection, sends nothing and asks no DNS; it leaves nothing in TMPDIR or HOME', () => {
    const strace = spawnSync('strace', ['-V']);
    expect(strace.status, 'strace must be installed (.ci/run installs it)').toBe(0);
    const dir = copyExample('ayrshire-2024-29');
    const templates = fixture({
      'html/logo.hbs': [
        '<link rel="preconnect" href="https://www.google.com"><link rel="dns-prefetch" href="//example.org">',
        '<link rel="prefetch" href="http://93.184.216.34/x.css"><link rel="stylesheet" href="http://1.1.1.1/a.css">',
        '<iframe src="http://example.com/"></iframe><img src="http://8.8.8.8/p.png" alt=""><object data="http://example.net/o"></object>',
        '<video src="http://example.com/v.mp4"></video><meta http-equiv="refresh" content="0; url=http://example.com/">',
        '<style>@import url("http://example.com/i.css"); body { background: url(http://example.com/b.png) }</style>',
      ].join('\n'),
    });
    const tmp = emptyDir();
    const home = emptyDir();
    const log = path.join(emptyDir(), 'strace.log');
    const r = spawnSync('strace', ['-f', '-qq', '-yy', '-e', 'trace=connect,sendto,sendmsg,sendmmsg,write,writev', '-o', log, process.execPath, BIN, 'report', '--year', '2024', dir, '--format', 'pdf', '--templates', templates], {
      env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, HOME: home },
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, OUT, 'annual-report-2024-25.pdf'))).toBe(true);
    const lines = readFileSync(log, 'utf8').split('\n');
    // Internet sockets show as <TCP…>, <TCPv6…>, <UDP…> or <UDPv6…> with -yy.
    const inet = lines.filter((l) => /\(\d+<(TCP|UDP)v?6?:/.test(l));
    const tcp = inet.filter((l) => /<TCPv?6?:/.test(l));
    const sent = inet.filter((l) => /^\d+ (sendto|sendmsg|sendmmsg|write|writev)\(/.test(l));
    const dns = lines.filter((l) => /htons\(53\)|htons\(853\)/.test(l));
    expect(tcp, 'no TCP connection is attempted').toEqual([]);
    expect(sent, 'no byte is sent on an internet socket').toEqual([]);
    expect(dns, 'no DNS query').toEqual([]);
    // What remains is Chromium's IPv6 route probe: a UDP socket connected (no packet sent) to learn
    // whether an IPv6 route exists. Anything else would be a new kind of contact.
    for (const l of inet) expect(l).toMatch(/connect\(\d+<UDPv6:\[\d+\]>, \{sa_family=AF_INET6, sin6_port=htons\(443\).*"2001:4860:4860::8888"/);
    expect(readdirSync(tmp), 'the browser profile is removed').toEqual([]);
    expect(readdirSync(home), 'nothing is written to HOME').toEqual([]);
  });

  it('SIGTERM while printing: the browser is closed, its profile removed, nothing written, exit 143 with one line', async () => {
    const dir = copyExample('ayrshire-2024-29');
    const tmp = emptyDir();
    const child = spawn(process.execPath, [BIN, 'report', '--year', '2024', dir, '--format', 'md,pdf'], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp } });
    let stderr = '';
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr.on('data', (d) => {
      stderr += String(d);
      if (stderr.includes('printing the PDF')) setTimeout(() => child.kill('SIGTERM'), 300);
    });
    const code = await done;
    expect(code, stderr).toBe(143);
    expect(stderr.trim().split('\n').at(-1)).toBe('cjoip: stopped by SIGTERM; the browser was closed and nothing more was written.');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps).not.toContain(tmp);
  }, 120_000);
});

describe('files stay inside the plan folder', () => {
  const withData = (_: Record<string, string>, data = 'data/*.csv') =>
    MINIMAL_PLAN + `data:\n  - id: d\n    files: [${JSON.stringify(data)}]\n    layout: long\n    provenance: { publisher: Test, title: Test figures, status: illustrative }\n`;

  it('a data file that links outside is refused at its position, and its content is never echoed', () => {
    const secret = fixture({ 'secret.csv': 'indicator,measure,area,year,value\nSECRET-TOKEN,x,y,z,1\n' });
    const text = withData({}, 'data/figures.csv');
    const dir = fixture({ 'cjoip.yaml': text });
    mkdirSync(path.join(dir, 'data'));
    symlinkSync(path.join(secret, 'secret.csv'), path.join(dir, 'data', 'figures.csv'));
    const r = cjoip(['validate', '--format', 'json', dir]);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).find((x: { code: string }) => x.code === 'data-file-outside-plan');
    expect(f.message).toBe("'data/figures.csv' cannot be read: it is a link to a file outside the plan folder.");
    expect(f.line).toBe(positionOf(text, '"data/figures.csv"').line);
    expect(r.stdout + r.stderr).not.toContain('SECRET-TOKEN');
    // Matched by a glob, the same.
    const g = cjoip(['validate', '--format', 'json', fixtureWithLink(secret)]);
    expect(g.code).toBe(1);
    expect(g.stdout).toContain('it is a link to a file outside the plan folder');
    expect(g.stdout + g.stderr).not.toContain('SECRET-TOKEN');
  });

  function fixtureWithLink(secret: string): string {
    const dir = fixture({ 'cjoip.yaml': withData({}) });
    mkdirSync(path.join(dir, 'data'));
    symlinkSync(path.join(secret, 'secret.csv'), path.join(dir, 'data', 'linked.csv'));
    return dir;
  }

  it('a FIFO, a folder and a device named as data or narrative are refused without reading (no hang)', () => {
    const pipe = fixture({ 'cjoip.yaml': withData({}, 'data/pipe.csv') });
    mkdirSync(path.join(pipe, 'data'));
    expect(spawnSync('mkfifo', [path.join(pipe, 'data', 'pipe.csv')]).status).toBe(0);
    const r = cjoip(['validate', '--format', 'json', pipe], { timeout: 20_000 });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).map((f: { message: string }) => f.message)).toContain("'data/pipe.csv' cannot be read: it is a named pipe, not a file.");
    const folder = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('participation: We held three events with third sector partners.', 'participation: { file: narrative/dir.md }') });
    mkdirSync(path.join(folder, 'narrative', 'dir.md'), { recursive: true });
    const f = cjoip(['validate', '--format', 'json', folder]);
    expect(f.code).toBe(1);
    expect(JSON.parse(f.stdout)[0]).toMatchObject({ message: "'narrative/dir.md' cannot be used: it is a folder, not a file.", hint: 'Give the path of a file here.' });
    const dev = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('participation: We held three events with third sector partners.', 'participation: { file: zero.md }') });
    symlinkSync('/dev/zero', path.join(dev, 'zero.md'));
    const d = cjoip(['validate', '--format', 'json', dev], { timeout: 20_000 });
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('it is a link to a file outside the plan folder');
  });

  it('a narrative file over the size limit, and a framework file outside the folder or a folder', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('participation: We held three events with third sector partners.', 'participation: { file: big.md }') });
    writeFileSync(path.join(dir, 'big.md'), Buffer.alloc(3 * 1024 * 1024, 'a'));
    const r = cjoip(['validate', '--format', 'json', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("'big.md' cannot be used: it is 3.0 MB; the limit is 2.0 MB.");
    const outside = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('framework: cjpf-2023', 'framework: ../elsewhere/fw.yaml') });
    const o = cjoip(['validate', '--format', 'json', outside]);
    expect(o.code).toBe(1);
    expect(JSON.parse(o.stdout)[0].message).toBe("The framework file '../elsewhere/fw.yaml' cannot be read: it is outside the plan folder.");
    const folder = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('framework: cjpf-2023', 'framework: ./frameworks'), 'frameworks/readme.txt': 'x' });
    const f = cjoip(['validate', '--format', 'json', folder]);
    expect(f.code).toBe(1);
    expect(JSON.parse(f.stdout)[0].message).toBe("The framework file './frameworks' cannot be read: it is a folder, not a file.");
  });
});

describe("nothing of the user's overwritten, nothing half-written", () => {
  it("a user's own file with a report's name is kept, and the run exits 2 naming it; --force replaces it", () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    mkdirSync(path.join(dir, OUT), { recursive: true });
    const mine = path.join(dir, OUT, 'annual-report-2024-25.md');
    writeFileSync(mine, 'my own notes\n');
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not written, to keep a file that cjoip did not write or that changed since it did:');
    expect(r.stderr).toContain('annual-report-2024-25.md');
    expect(readFileSync(mine, 'utf8')).toBe('my own notes\n');
    expect(existsSync(path.join(dir, OUT, 'annual-report-2024-25.html'))).toBe(false);
    expect(cjoip(['report', '--year', '2024', dir, '--format', 'md,html', '--force']).code).toBe(0);
    expect(readFileSync(mine, 'utf8')).toContain('# Test Partnership');
    // Its own files it replaces freely; one changed by hand since, it keeps.
    expect(cjoip(['report', '--year', '2024', dir, '--format', 'md,html']).code).toBe(0);
    writeFileSync(mine, readFileSync(mine, 'utf8') + '\nA note added by hand.\n');
    const again = cjoip(['report', '--year', '2024', dir, '--format', 'md,html']);
    expect(again.code).toBe(2);
    expect(readFileSync(mine, 'utf8')).toContain('A note added by hand.');
  });

  it('a failed template leaves the previous outputs as they were', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    expect(cjoip(['report', '--year', '2024', dir, '--format', 'md,html']).code).toBe(0);
    const before = readdirSync(path.join(dir, OUT)).map((f) => [f, readFileSync(path.join(dir, OUT, f), 'utf8')]);
    const templates = fixture({ 'html/outcome.hbs': '{{> no-such-partial}}' });
    writeFileSync(path.join(dir, 'cjoip.yaml'), MINIMAL_PLAN.replace('Early intervention', 'Early intervention and diversion'));
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html', '--templates', templates]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The HTML template failed: The partial no-such-partial could not be found.');
    expect(readdirSync(path.join(dir, OUT)).map((f) => [f, readFileSync(path.join(dir, OUT, f), 'utf8')])).toEqual(before);
  });

  it('a browser that dies while printing: that plan is not written, the run says so and exits 2', () => {
    const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync)!;
    const wrapper = path.join(fixture({}), 'dying-browser');
    // Starts the real browser and kills it a second and a half later, while it lays out a long document.
    writeFileSync(wrapper, `#!/bin/sh\n( sleep 1.5; kill -9 $$ ) &\nexec ${chromium} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const long = fixture({ 'html/logo.hbs': Array.from({ length: 8000 }, (_, i) => `<p>Paragraph ${i} of filler text that makes the document take a while to print.</p>`).join('') });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,pdf', '--browser', wrapper, '--templates', long], { timeout: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/The browser stopped while printing|Could not start the browser/);
    expect(r.stderr).not.toContain('internal error');
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('init leaves nothing when a sub-folder name is taken by a file', () => {
    const dir = fixture({ data: 'a file where a folder goes' });
    const r = cjoip(['init', dir, '--yes', '--areas', 'Fife', '--name', 'Test'], { env: { CI: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a file, where a folder is needed');
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('with several plans, says which were written and which not', () => {
    const good = fixture({ 'cjoip.yaml': MINIMAL_PLAN });
    const bad = fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('outcomes: [O1,', 'outcomes: [O99,') });
    const r = cjoip(['report', '--year', '2024', good, bad, '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Reports written for 1 of 2 plans\. Not written: .*cjoip\.yaml \(errors in the plan or data\)\./);
    expect(existsSync(path.join(good, OUT, 'annual-report-2024-25.md'))).toBe(true);
  });
});

describe('clear messages instead of crashes', () => {
  const dir = fixture({ 'cjoip.yaml': MINIMAL_PLAN, 'afile.txt': 'x' });
  const cases: [string, string[], number, RegExp][] = [
    ['an output path that is a file', ['report', '--year', '2024', dir, '--format', 'md', '--out', path.join(dir, 'afile.txt')], 2, /is a file, not a folder; the report cannot be written under it/],
    ['a symlink loop as the plan', ['validate', path.join(dir, 'loop-a')], 2, /cannot be opened: it is a symbolic link that leads round in a loop/],
    ['a broken --templates file, with its line', ['report', '--year', '2024', dir, '--format', 'html', '--templates', fixture({ 'html/report.hbs': '<p>\n{{#if x}}\n{{/each}}' })], 2, /report\.hbs has an error: line 2, column \d+: if doesn't match each/],
    ['--templates pointing at nothing', ['report', '--year', '2024', dir, '--templates', path.join(dir, 'nothing')], 2, /--templates .*nothing: no such folder/],
    ['--templates with neither html/ nor md/', ['report', '--year', '2024', dir, '--templates', fixture({ 'report.hbs': 'x' })], 2, /has neither an html\/ nor an md\/ folder/],
    ['--browser pointing at a text file', ['report', '--year', '2024', dir, '--format', 'pdf', '--browser', path.join(dir, 'afile.txt')], 2, /cannot be run: .*afile\.txt is not executable/],
    ['--browser pointing at a program that is not a browser', ['report', '--year', '2024', dir, '--format', 'pdf', '--browser', '/bin/true'], 2, /Could not start the browser at \/bin\/true/],
    ['a plan that is a named pipe', ['validate', path.join(dir, 'pipe.yaml')], 2, /The plan cannot be read: it is a named pipe/],
  ];
  symlinkSync('loop-b', path.join(dir, 'loop-a'));
  symlinkSync('loop-a', path.join(dir, 'loop-b'));
  spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);

  it.each(cases)('%s', (_, args, code, message) => {
    const r = cjoip(args, { timeout: 60_000 });
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('a NUL byte in a path, given to the in-process main()', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => void err.push(s), color: new Chalk({ level: 0 }), env: {}, cwd: ROOT, stdinIsTTY: false };
    expect(await main(['validate', 'cjoip\u0000.yaml'], io)).toBe(2);
    expect(err.join('')).toContain('a path cannot contain a NUL character');
  });
});

describe('bounded cost', () => {
  it('a huge unknown id, a pathological glob and 100,000 repeated rows finish promptly with bounded output', () => {
    const id = cjoip(['validate', fixture({ 'cjoip.yaml': MINIMAL_PLAN.replace('lead: [council]', `lead: [${'x'.repeat(100_000)}]`) })], { timeout: 30_000 });
    expect(id.code).toBe(1);
    expect(id.stdout.length).toBeLessThan(2_000);
    const names = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`data/${'a'.repeat(200)}${i}/${'a'.repeat(200)}.txt`, 'x']));
    const header = 'indicator,measure,area,year,value,numerator,denominator,marker\n';
    // A fault of each row's own (a negative count); an unknown label would be told once for the file.
    const row = 'NI1,commenced,Clackmannanshire,2024-25,-12,,,\n';
    const source = (files: string) => `data:\n  - id: d\n    files: [${files}]\n    layout: long\n    provenance: { publisher: Test, title: Test, status: illustrative }\n`;
    const glob = cjoip(['validate', fixture({ ...names, 'cjoip.yaml': MINIMAL_PLAN + source('"**/**/**/**/*a*a*a*a*a*a*a*a*a*a*a*a*b"') })], { timeout: 30_000 });
    expect(glob.code).toBe(1);
    expect(glob.stdout).toContain("No data file matches '**/**/**/**/*a*a*a*a*a*a*a*a*a*a*a*a*b'.");
    // 100,000 rows each with a finding: summarised after the first 50 of the kind, under 20 KB.
    const rows = cjoip(['validate', fixture({ 'cjoip.yaml': MINIMAL_PLAN + source('data/rows.csv'), 'data/rows.csv': header + row.repeat(100_000) })], { timeout: 30_000 });
    expect(rows.code).toBe(1);
    expect(rows.stdout).toContain('… and 99950 more findings in this file (99950 errors, 0 warnings) not shown: 99950 ');
    expect(rows.stdout.length).toBeLessThan(20_000);
    // 100,000 copies of one good row: one figure, checked row by row without comparing each with the rest.
    const same = cjoip(['validate', fixture({ 'cjoip.yaml': MINIMAL_PLAN + source('data/rows.csv'), 'data/rows.csv': header + 'NI4,cpo-completed,Clackmannanshire,2024-25,,12,20,\n'.repeat(100_000) })], { timeout: 30_000 });
    expect(same.stdout).toContain('no problems');
  }, 120_000);
});

describe('a fuzz test: mutated plans and data through main()', () => {
  const CSV = 'indicator,measure,area,year,value,numerator,denominator,marker\nNI4,count,Clackmannanshire,2024-25,12,,,\nNI4,count,Scotland,2024-25,1200,,,\n';
  const PLAN = `${MINIMAL_PLAN}data:\n  - id: d\n    files: [data/figures.csv]\n    layout: long\n    provenance: { publisher: Test, title: Test figures, status: illustrative }\n`;
  const TOKENS = [': ', ' #', "'", '"', '[', ']', '{', '}', '\t', '\n', '\n  ', '- ', '*a', '&a ', '!!binary ', '\u0000', '\uFEFF', '2025-02-30', '2024-26', '1e309', '-0', '..', '[c]', ',', ';', '\r\n', '%', '`', '<script>', '~', '? ', '|', '>', '__proto__: 1\n', 'x'.repeat(300)];
  const mutation = fc.record({
    target: fc.constantFrom('plan', 'csv'),
    at: fc.nat(),
    cut: fc.nat({ max: 40 }),
    insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })),
  });
  const apply = (text: string, m: { at: number; cut: number; insert: string }) => {
    const i = m.at % (text.length + 1);
    return text.slice(0, i) + m.insert + text.slice(i + m.cut);
  };

  it('exit codes are 0, 1 or 2 only; never an internal error; output bounded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cjoip-fuzz-'));
    mkdirSync(path.join(dir, 'data'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        let plan = PLAN;
        let csv = CSV;
        for (const m of ms) {
          if (m.target === 'plan') plan = apply(plan, m);
          else csv = apply(csv, m);
        }
        writeFileSync(path.join(dir, 'cjoip.yaml'), plan);
        writeFileSync(path.join(dir, 'data', 'figures.csv'), csv);
        let out = '';
        let err = '';
        const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), color: new Chalk({ level: 0 }), env: {}, cwd: dir, stdinIsTTY: false };
        const code = await main(['validate', '--year', '2024', '--format', runs % 2 ? 'json' : 'stylish', dir], io);
        runs++;
        expect([0, 1, 2]).toContain(code);
        expect(err).not.toContain('internal error');
        expect(out.length + err.length).toBeLessThan(200_000);
      }),
      { numRuns: FUZZ_RUNS, seed: 20261123 },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(runs).toBe(FUZZ_RUNS);
  }, 300_000);
});

/** Cases of the fuzz test in each run of the suite (the README quotes this number). */
const FUZZ_RUNS = 2000;
