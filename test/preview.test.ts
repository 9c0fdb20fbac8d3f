import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cjoip, copyExample } from './helpers.js';

interface Preview {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterAll(() => running.forEach((c) => c.kill('SIGKILL')));

/** Start the real binary's preview and wait for the address it prints. */
async function startPreview(args: string[]): Promise<Preview> {
  const child = spawn(process.execPath, [BIN, 'preview', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`preview exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`no address printed: ${err}`)), 30_000);
  });
  return { child, url, port: Number(new URL(url).port), stderr: () => err, exited };
}

/** A raw request, with the path exactly as given (no normalising of `..`). */
function raw(port: number, method: string, p: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: p, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The local addresses listening on a TCP port, from the kernel's own table (Linux). */
function listeners(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[1]?.endsWith(`:${hex}`) && c[3] === '0A')
      .map((c) => c[1]),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Start the preview, open its page in headless Chromium, run the checks, then close both. */
async function inPreview(args: string[], check: (page: import('puppeteer-core').Page, preview: Preview) => Promise<void>): Promise<void> {
  const preview = await startPreview(args);
  const { launch } = await import('puppeteer-core');
  const { findBrowser } = await import('../src/render/find-browser.js');
  const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    await check(await browser.newPage(), preview);
  } finally {
    await browser.close();
    preview.child.kill('SIGTERM');
    await preview.exited;
  }
}

describe('cjoip preview', () => {
  it('shows each save of the foreword on the open page without a reload, within a second', async () => {
    const dir = copyExample('ayrshire-2024-29');
    await inPreview([dir, '--year', '2024', '--port', '0'], async (page, preview) => {
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(preview.url) && !r.url().startsWith('data:')) outside.push(r.url());
      });
      await page.goto(preview.url, { waitUntil: 'load' });
      expect(await page.title()).toBe('Community Justice Ayrshire Partnership: Community Justice Annual Report 2024-25');
      // A mark on the window: a reload would lose it.
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      const foreword = path.join(dir, 'narrative', '2024-25', 'foreword.md');
      const latencies: number[] = [];
      for (const n of [1, 2, 3]) {
        const sentence = `Added while previewing, save number ${n}.`;
        const saved = Date.now();
        appendFileSync(foreword, `\n${sentence}\n`);
        await page.waitForFunction((s) => document.body.innerText.includes(s), { polling: 20, timeout: 10_000 }, sentence);
        latencies.push(Date.now() - saved);
      }
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      expect(median(latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(1000);
      expect(outside).toEqual([]);
      // Nothing was written in the plan folder.
      expect(cjoip(['validate', dir]).code).toBe(0);
    });
  }, 120_000);

  it('listens on 127.0.0.1 only, serves nothing from the disk, answers only GET, and stops on SIGTERM within 2 s', async () => {
    const dir = copyExample('ayrshire-2024-29');
    const preview = await startPreview([dir, '--year', '2024']);
    const addresses = listeners(preview.port);
    expect(addresses).toEqual([`0100007F:${preview.port.toString(16).toUpperCase().padStart(4, '0')}`]);
    expect((await raw(preview.port, 'GET', '/')).status).toBe(200);
    for (const p of ['/cjoip.yaml', '/../cjoip.yaml', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/narrative/2024-25/foreword.md', '/..%2fcjoip.yaml', `/${encodeURIComponent(path.join(dir, 'cjoip.yaml'))}`]) {
      const r = await raw(preview.port, 'GET', p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('version:');
    }
    expect((await raw(preview.port, 'POST', '/')).status).toBe(405);
    expect((await raw(preview.port, 'PUT', '/')).status).toBe(405);
    // A page on another site cannot reach the server under a name of its own (DNS rebinding).
    expect((await raw(preview.port, 'GET', '/', 'attacker.example:80')).status).toBe(403);
    const asked = Date.now();
    preview.child.kill('SIGTERM');
    expect(await preview.exited).toBe(0);
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(listeners(preview.port)).toEqual([]);
  }, 60_000);

  it('puts problems above the report, keeps the last good report when the plan does not parse, and the gap list is live', async () => {
    const dir = copyExample('ayrshire-2024-29');
    const plan = path.join(dir, 'cjoip.yaml');
    const good = readFileSync(plan, 'utf8');
    // A draft without its approval: the gap list names it.
    writeFileSync(plan, good.replace(/^ {4}approved: .*\n/m, ''));
    await inPreview([dir, '--year', '2024'], async (page, preview) => {
      await page.goto(preview.url, { waitUntil: 'load' });
      const text = () => page.evaluate(() => document.body.innerText);
      expect(await text()).toMatch(/Draft: still to complete[\s\S]*approv/i);
      // A plan that does not parse: the error, with its file and line, over the last report.
      writeFileSync(plan, good.replace('reports:\n', 'reports:\n  : [unclosed\n'));
      await page.waitForFunction(() => document.querySelector('#cjoip-preview-problems')?.textContent?.includes('cjoip.yaml:'), { polling: 20, timeout: 10_000 });
      const panel = await page.evaluate(() => document.querySelector('#cjoip-preview-problems')!.textContent!);
      expect(panel).toMatch(/the report below is the last one that built/);
      expect(panel).toMatch(/cjoip\.yaml:\d+:\d+/);
      expect(await text()).toContain('About the partnership');
      expect(preview.stderr()).toMatch(/cjoip\.yaml\s*\n\s*\d+:\d+\s+error/);
      // Fixed, with the approval back: no problems, and the gap is gone from the list.
      writeFileSync(plan, good);
      await page.waitForFunction(() => !document.querySelector('#cjoip-preview-problems'), { polling: 20, timeout: 10_000 });
      expect(await text()).not.toMatch(/Draft: still to complete[\s\S]*approv/i);
    });
  }, 120_000);

  it('a port in use, or not a port, is a clear message and exit 2', async () => {
    const dir = copyExample('ayrshire-2024-29');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = cjoip(['preview', dir, '--year', '2024', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} is in use by another program`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
    const bad = cjoip(['preview', dir, '--year', '2024', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port eighty is not a port number');
  }, 60_000);
});
