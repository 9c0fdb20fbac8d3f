import type { Browser } from 'puppeteer-core';
import { CjoipError } from '../core/errors.js';
import { markPageFurnitureAsArtifacts } from './pdf-artifacts.js';

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

  /** Print self-contained HTML to a PDF. Every network request is refused. */
  async print(html: string, header: { partnership: string; title: string }): Promise<Uint8Array> {
    const browser = await this.open();
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
        else void req.abort('blockedbyclient');
      });
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMediaType('print');
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const cell = 'max-width: 49%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;';
      const style = 'font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #4b4b4b; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;';
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '22mm', bottom: '20mm', left: '18mm', right: '18mm' },
        displayHeaderFooter: true,
        headerTemplate: `<div style="${style}"><span style="${cell}">${esc(header.partnership)}</span><span style="${cell} text-align: right;">${esc(header.title)}</span></div>`,
        footerTemplate: `<div style="${style}"><span></span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        tagged: true,
        outline: true,
        timeout: 120_000,
      });
      return markPageFurnitureAsArtifacts(pdf).pdf;
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
