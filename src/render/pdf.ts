import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Browser, Page } from 'puppeteer-core';
import { browserTempBase, lastWords, PipeTransport, spawnBrowser } from './browser-process.js';
import { contentsEntryIds, type HtmlForPages } from './print-html.js';
import { limit, printPage, setUpForPrint } from './print-tab.js';
import { findBrowser } from './find-browser.js';
import { CjoipError } from '../core/errors.js';
import { parsedPdf, type PdfFile } from './pdf-file.js';
import { finishPdf, headingTexts, readDestinations } from './pdf-finish.js';
import { contentsNumberPatches, type ContentsPatches } from './pdf-pages.js';

/** Prints under way at once: one laid out while another prints. */
const PRINTS_AT_ONCE = 2;

/**
 * puppeteer-core's `connect`. Its browser build runs the same modules, but its declarations are not
 * the rolled-up ones the rest of cjoip is typed with, and TypeScript takes the two for different types.
 */
type Connect = typeof import('puppeteer-core').connect;

/** One headless browser for a whole run, started as the run begins, with a throw-away profile removed on every exit path. */
export class PdfPrinter {
  private browser?: Browser;
  /** The browser's first process, leader of its group: started before the driver is even loaded. */
  private proc?: ChildProcess;
  private profile?: string;
  private died = false;
  private stopping?: NodeJS.Signals;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C or a stop request: end the browser's processes at once (started or still starting), remove its profile, say so once.
    if (this.stopping) return;
    this.stopping = signal;
    if (this.proc) this.stopNow();
    else this.finish();
  };
  private readonly onExit = () => {
    this.kill();
    this.cleanUp();
  };

  constructor(private executablePath: string) {
    // Installed at once, so that a signal before the browser starts is handled the same way.
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('exit', this.onExit);
  }

  private opening?: Promise<Browser>;
  /** The tab the browser opened with, set up for printing as soon as the browser answers: a new tab costs a new renderer process. */
  private firstTab?: Promise<Page | undefined>;
  /** puppeteer-core, loading from the moment the browser is started. */
  private driver?: Promise<Connect>;

  /** Start the browser now, while the reports are still being built; a failure surfaces at the first print. */
  warmUp(): void {
    this.open().catch(() => undefined);
  }

  /**
   * Called before each plan a run reads. Reading a plan never waits for anything, so the loading of
   * the driver, the browser's connection, the setting up of its first tab and any print under way
   * would otherwise have to wait until every plan was read: each call waits for the driver to have
   * loaded (only the first waits at all), then gives them a turn.
   */
  async keepUp(): Promise<void> {
    await this.driver?.catch(() => undefined);
    await new Promise<void>((go) => setImmediate(go));
  }

  /** The browser, started once however many prints ask for it at the same time. */
  private open(): Promise<Browser> {
    this.opening ??= this.launchBrowser();
    return this.opening;
  }

  private async launchBrowser(): Promise<Browser> {
    if (this.stopping) return new Promise<Browser>(() => this.finish());
    this.profile = mkdtempSync(path.join(browserTempBase(), 'cjoip-browser-'));
    const home = this.profile;
    // The browser writes nothing to the user's home or the shared temporary folder: its home, temp, config and cache are the throw-away folder.
    const env = { ...process.env, HOME: home, TMPDIR: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, XDG_DATA_HOME: home, DBUS_SESSION_BUS_ADDRESS: 'disabled:' };
    // Started now, before the driver is loaded: the browser starts up while the reports are built.
    const { proc, said } = spawnBrowser(this.executablePath, path.join(home, 'profile'), env);
    this.proc = proc;
    // Its browser build: cjoip only connects over the pipe, and this build loads in half the time of
    // the whole (without the launcher, the browser downloader and their dependencies).
    this.driver = import('puppeteer-core/lib/esm/puppeteer/puppeteer-core-browser.js').then((m) => m.connect as unknown as Connect);
    let timer: NodeJS.Timeout | undefined;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (e) => reject(e));
      proc.once('exit', (code, signal) => reject(new Error(lastWords(said()) ?? `it ended at once (${signal ?? `exit code ${code}`})`)));
      timer = setTimeout(() => reject(new Error('it did not answer within 30 seconds')), 30_000);
      timer.unref();
    });
    failed.catch(() => undefined); // a browser that ends while the driver loads is reported below, not as unhandled
    let browser: Browser;
    try {
      const connect = await this.driver!;
      if (this.stopping) return new Promise<Browser>(() => undefined);
      const transport = new PipeTransport(proc.stdio[3] as Writable, proc.stdio[4] as Readable);
      browser = await Promise.race([connect({ transport, protocolTimeout: 180_000 }), failed]);
    } catch (e) {
      clearTimeout(timer);
      if (this.stopping) return new Promise<Browser>(() => undefined);
      this.kill();
      this.cleanUp();
      const known = /chrom|edge|msedge/i.test(path.basename(this.executablePath));
      throw new CjoipError(
        'browser-failed',
        `Could not start the browser at ${this.executablePath}: ${(e as Error).message.split('\n')[0]}`,
        known
          ? `It stopped as it started: check that it runs on this machine (\`"${this.executablePath}" --headless --version\`), that the temporary folder (${browserTempBase()}) is writable, or give another browser with --browser.`
          : 'Check that it is Chrome, Chromium or Edge and that it runs on this machine (or give another with --browser).',
      );
    }
    clearTimeout(timer);
    this.browser = browser;
    // A signal while it started has already ended it (see onSignal), and the run is ending.
    if (this.stopping) return new Promise<Browser>(() => undefined);
    this.firstTab = browser.pages().then(async (pages) => {
      const page = pages.find((p) => p.url() === 'about:blank');
      return page && (await setUpForPrint(page));
    });
    this.firstTab.catch(() => undefined); // a tab that could not be set up is replaced at the first print
    browser.on('disconnected', () => {
      if (this.browser) this.died = true;
    });
    return browser;
  }

  /** Kill the browser, wait (briefly) for it to be gone, then clean up and exit. */
  private stopNow(): void {
    const proc = this.proc;
    this.kill();
    // Finish once every process of the browser's group is gone (killed processes take a moment to be
    // reaped, longer on a busy machine), and in any case after three seconds.
    const pid = proc?.pid;
    const gone = () => {
      if (pid === undefined || process.platform === 'win32') return proc?.exitCode !== null || proc?.signalCode !== null;
      try {
        process.kill(-pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 3000;
    const wait = () => (gone() || Date.now() > deadline ? this.finish() : setTimeout(wait, 20));
    wait();
  }

  private finish(): void {
    const signal = this.stopping ?? 'SIGTERM';
    this.cleanUp();
    process.stderr.write(`\ncjoip: stopped by ${signal}; the browser was closed and nothing more was written.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }

  /**
   * Print self-contained HTML to a PDF, once. Every network request is refused. The contents are
   * printed with same-width placeholders for their page numbers; the page each heading landed on (its
   * named destination in the PDF) is then written in their place in the PDF itself (see finishPdf).
   * `loaded` is called once the browser has the page and is printing it: loading it takes several
   * exchanges with the browser, each of which waits while the run is busy with work of its own.
   */
  print(html: HtmlForPages | string, loaded?: () => void): Promise<Uint8Array> {
    if (this.lastAsked) throw new Error('print() after lastPrintAsked()');
    this.underWay++;
    return this.slots(() => this.printNow(html, loaded));
  }

  /** Two prints at a time: the machine's second core lays out one report while the first prints another. */
  private readonly slots = limit(PRINTS_AT_ONCE);

  private async printNow(html: HtmlForPages | string, loaded?: () => void): Promise<Uint8Array> {
    let released = false;
    const release = () => {
      if (!released) this.browserPartDone();
      released = true;
    };
    let browser: Browser | undefined;
    try {
      // The HTML is made while the browser starts, not after.
      const render = typeof html === 'string' ? () => html : html;
      const source = render('placeholder');
      browser = await this.open();
      const printed = await this.printWith(browser, render, source, loaded);
      release();
      return (await finishPdf(printed.pdf, printed.headings, printed.patches)).pdf;
    } catch (e) {
      // Stopped by a signal: the browser was ended on purpose, and the run is ending (see onSignal).
      if (this.stopping) return new Promise<Uint8Array>(() => undefined);
      if (e instanceof CjoipError) throw e;
      // The browser's part failed because the browser went away (the finishing happens after it is ended).
      if (!released && (this.died || !browser?.connected))
        throw new CjoipError('browser-died', `The browser stopped while printing (${(e as Error).message.split('\n')[0]}).`, 'Run again; if it keeps happening, check the machine has memory to spare, or give another browser with --browser.');
      throw new CjoipError('print-failed', `The PDF could not be printed: ${(e as Error).message.split('\n')[0]}`, 'Run again; with --templates, check the templates for markup the browser cannot lay out.');
    } finally {
      release();
    }
  }

  /** Prints asked for whose browser part is not yet done. */
  private underWay = 0;
  /** Set once no more prints will be asked for: the browser ends when the last one no longer needs it. */
  private lastAsked = false;

  /**
   * No more prints will be asked for. The browser is ended as soon as the prints under way have what
   * they need from it (before their finishing), or at once when none is under way.
   */
  lastPrintAsked(): void {
    this.lastAsked = true;
    if (this.underWay === 0) this.endBrowser();
  }

  private browserPartDone(): void {
    this.underWay--;
    if (this.lastAsked && this.underWay === 0) this.endBrowser();
  }

  /** Tabs set up for printing (no scripts, every request but the page's own refused), kept for the next print. */
  private tabs: Page[] = [];

  /** A tab to print in: one kept from an earlier print, else the one the browser opened with, else a new one. */
  private async tab(browser: Browser): Promise<Page> {
    const kept = this.tabs.pop();
    if (kept) return kept;
    const first = this.firstTab;
    this.firstTab = undefined;
    return (first && (await first.catch(() => undefined))) || setUpForPrint(await browser.newPage());
  }

  private async printWith(browser: Browser, render: (pages: Record<string, number> | 'placeholder') => string, placeholders: string, loaded?: () => void): Promise<Printed> {
    // Each print has a tab to itself; a tab whose print went well is kept for the next (a new tab costs a new renderer process).
    const page = await this.tab(browser);
    let pdf: Printed;
    try {
      pdf = await this.printIn(page, render, placeholders, loaded);
    } catch (e) {
      await page.close().catch(() => undefined);
      throw e;
    }
    this.tabs.push(page);
    return pdf;
  }

  /**
   * The browser's part of a print: the PDF as printed, and how to write the contents' page numbers
   * into it (or, when that cannot be done exactly, the PDF printed again with the numbers).
   */
  private async printIn(page: Page, render: (pages: Record<string, number> | 'placeholder') => string, placeholders: string, loaded?: () => void): Promise<Printed> {
    let source = placeholders;
    const ids = contentsEntryIds(source);
    // Printed once: the contents carry same-width placeholders, and each heading's page, read from
    // the PDF's named destinations, is written in their place in the PDF itself.
    const first = await printPage(page, source, loaded);
    if (!ids.length) return { pdf: first, headings: headingTexts(source) };
    const file = parsedPdf(first); // parsed once, for the destinations and the finishing
    const dests = readDestinations(file);
    const numbers = ids.map((id) => dests.get(id));
    const patches = numbers.every((n) => n !== undefined) ? contentsNumberPatches(file, numbers as number[]) : undefined;
    if (patches) return { pdf: file, headings: headingTexts(source), patches };
    // Otherwise (the placeholders were not found as expected, or a number is too long for them),
    // the numbers the first print measured are printed, until a print confirms them.
    let pdf: Uint8Array = first;
    for (let pass = 0; pass < 3; pass++) {
      const next = render(Object.fromEntries(readDestinations(pdf)));
      if (next === source) break;
      source = next;
      pdf = await printPage(page, source);
    }
    return { pdf, headings: headingTexts(source) };
  }

  /** The browser's processes ended, once they are gone (or after three seconds). */
  private ended?: Promise<void>;

  /**
   * Everything printed is already in hand, so the browser's processes are ended at once rather than
   * shut down one by one (a browser still starting, for a report that was then not printed, too).
   */
  private endBrowser(): void {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    this.kill();
    this.ended = Promise.race([gone, new Promise<void>((r) => setTimeout(r, 3000).unref())]);
  }

  async close(): Promise<void> {
    // Stopped by a signal: the stop ends the browser and the run; a second signal must still find it.
    if (this.stopping) return new Promise<void>(() => undefined);
    // The throw-away folder is removed once the browser's processes are gone.
    this.endBrowser();
    await this.ended;
    await this.opening?.catch(() => undefined);
    // Removed in the background while the run writes its files (a signal or exit meanwhile removes it at once).
    const profile = this.profile;
    if (profile) {
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }).catch(() => undefined);
      if (this.profile === profile) this.profile = undefined;
    }
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('exit', this.onExit);
  }

  /** End the browser and every process it started, at once (from a signal or at exit). */
  private kill(): void {
    const proc = this.proc;
    this.browser = undefined;
    this.proc = undefined;
    if (!proc?.pid) return;
    try {
      // The browser is started as the leader of its own process group: end the whole group.
      process.kill(process.platform === 'win32' ? proc.pid : -proc.pid, 'SIGKILL');
    } catch {
      try {
        proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private cleanUp(): void {
    if (this.profile) {
      try {
        rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
      } catch {
        // A process still writing into it: the temporary folder is left for the system to clear.
      }
    }
    this.profile = undefined;
  }
}

/** What the browser's part of a print hands to the finishing. */
interface Printed {
  pdf: Uint8Array | PdfFile;
  headings: string[];
  /** How to write the contents' page numbers in, when the PDF was printed with placeholders. */
  patches?: ContentsPatches;
}

/** A run's printer, or why there is none. */
export interface StartedPrinter {
  printer?: PdfPrinter;
  browserError?: CjoipError;
}

/**
 * The printer for a run that asked for a PDF, its browser starting at once (while the reports are
 * built). Without a browser the other formats are still written and the run exits 2: the error is
 * returned, to be reported after them.
 */
export function startPrinter(browser: string | undefined, env: NodeJS.ProcessEnv): StartedPrinter {
  try {
    const printer = new PdfPrinter(findBrowser(browser, env));
    printer.warmUp();
    return { printer };
  } catch (e) {
    if (!(e instanceof CjoipError)) throw e;
    return { browserError: e };
  }
}
