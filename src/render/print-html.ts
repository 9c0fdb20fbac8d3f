import { PAGE_PLACEHOLDER } from './pdf-pages.js';

/** The ids of the contents entries printed with a page number placeholder, in order. */
export function contentsEntryIds(html: string): string[] {
  return [...html.matchAll(new RegExp(String.raw`<a href="#([^"]+)"><span class="toc-text">(?:(?!<\/a>)[\s\S])*?<span class="toc-page">${PAGE_PLACEHOLDER}<\/span>`, 'g'))].map((m) => m[1]);
}

/** HTML for the PDF, given the page of each contents entry (or placeholders while they are not known). */
export type HtmlForPages = (pages: Record<string, number> | 'placeholder') => string;

/** The only thing the page may load: itself. Inserted first in <head> of whatever HTML is printed. */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' data:; img-src data:; font-src data:; frame-src 'none'; base-uri 'none'; form-action 'none'">`;

/**
 * HTML as the browser may print it: a Content-Security-Policy that allows nothing outside the page,
 * and without resource hints, frames or embedded objects (which could open connections before any
 * request is made). Templates given with --templates pass through here too.
 */
export function offlineHtml(html: string): string {
  const cleaned = html
    .replace(/<link\b[^>]*\brel\s*=\s*["']?[^"'>]*\b(?:preconnect|dns-prefetch|prefetch|preload|prerender|modulepreload|import|manifest|stylesheet)\b[^>]*>/gi, '')
    .replace(/<(iframe|frame|frameset|object|embed|portal|fencedframe|base)\b[^>]*>(?:[\s\S]*?<\/\1\s*>)?/gi, '')
    .replace(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/gi, '');
  return /<head\b[^>]*>/i.test(cleaned) ? cleaned.replace(/<head\b[^>]*>/i, (h) => `${h}${CSP}`) : `${CSP}${cleaned}`;
}
