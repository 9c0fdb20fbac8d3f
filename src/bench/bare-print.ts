/*
 * The peer for the PDF benchmark: bare puppeteer-core printing an HTML file, nothing else —
 * launch, setContent, an A4 PDF, close. `node dist/bench/bare-print.js <html> <pdf> <browser>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const [html, out, executablePath] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.setContent(readFileSync(html, 'utf8'));
writeFileSync(out, await page.pdf({ format: 'A4', printBackground: true }));
await browser.close();
