import type { Browser, Page } from 'puppeteer-core';
import { CjoipError } from '../core/errors.js';
import { finishPdf, headingTexts, readDestinations } from './pdf-finish.js';

/** HTML for the PDF, given the page of each contents entry (or placeholders while they are not known). */
export type HtmlForPages = (pages: Record<string, number> | 'placeholder') => string;

/** One headless browser for a whole run, started on first use and closed on every path. */
export class PdfPrinter {
  private browser?: Browser;
  constructor(private executablePath: string) {}

  private async open(): Promise<Browser> {
    if (this.browser) return this.browser;
    const { launch } = await import('puppeteer-core');
    try {
      this.browser = await launch({
        executablePath: this.executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
        ],
      });
    } catch (e) {
      throw new CjoipError('browser-failed', `Could not start the browser at ${this.executablePath}: ${(e as Error).message.split('\n')[0]}`, 'Check that it is Chrome, Chromium or Edge and that it runs on this machine.');
    }
    return this.browser;
  }

  private async printPage(page: Page, html: string): Promise<Uint8Array> {
    await page.setContent(html, { waitUntil: 'load' });
    return page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '18mm', bottom: '16mm', left: '18mm', right: '18mm' },
      tagged: true,
      outline: true,
      timeout: 120_000,
    });
  }

  /**
   * Print self-contained HTML to a PDF. Every network request is refused. The contents get their
   * page numbers by printing twice: the first print says on which page each heading landed (its
   * named destination), the second prints those numbers in the contents, whose layout does not
   * change because the numbers take the place of placeholders of the same width.
   */
  async print(html: HtmlForPages | string): Promise<Uint8Array> {
    const browser = await this.open();
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
        else void req.abort('blockedbyclient');
      });
      await page.emulateMediaType('print');
      const render = typeof html === 'string' ? () => html : html;
      let source = render('placeholder');
      let pdf = await this.printPage(page, source);
      if (typeof html !== 'string') {
        for (let pass = 0; pass < 2; pass++) {
          const pages = Object.fromEntries(readDestinations(pdf));
          const next = render(pages);
          if (next === source) break;
          source = next;
          pdf = await this.printPage(page, source);
        }
      }
      return finishPdf(pdf, headingTexts(source)).pdf;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    await b?.close().catch(() => undefined);
  }
}
