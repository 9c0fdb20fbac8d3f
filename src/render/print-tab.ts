import type { Page } from 'puppeteer-core';
import { offlineHtml } from './print-html.js';

/*
 * A browser tab as cjoip prints in it, and one print in it; and how many prints run at once.
 */

/** Run at most `n` of the given jobs at a time, in the order asked. */
export function limit(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= n) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Set a tab up for printing: no scripts, laid out for print, every request but the page's own refused. */
export async function setUpForPrint(page: Page): Promise<Page> {
  try {
    await page.setJavaScriptEnabled(false);
    // Laid out for print from the start: the print then does not restyle and re-lay out the whole
    // report from screen to print (about a fifth of a report's print; the PDF is the same).
    await page.emulateMediaType('print');
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
      else void req.abort('blockedbyclient');
    });
    return page;
  } catch (e) {
    await page.close().catch(() => undefined);
    throw e;
  }
}

/** Print one pass: A4, tagged, with bookmarks. `asked` is called once the browser has the page and has been asked to print it. */
export async function printPage(page: Page, html: string, asked?: () => void): Promise<Uint8Array> {
  await page.setContent(offlineHtml(html), { waitUntil: 'load' });
  // Print media is what page.pdf lays out; fonts are the system's (nothing is fetched), so there is nothing to wait for.
  const pdf = page.pdf({
    waitForFonts: false,
    format: 'A4',
    printBackground: true,
    margin: { top: '18mm', bottom: '16mm', left: '18mm', right: '18mm' },
    tagged: true,
    outline: true,
    timeout: 120_000,
  });
  asked?.(); // page.pdf sends its request before it first waits
  return pdf;
}
