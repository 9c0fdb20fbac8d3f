import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { decodePdfString, encodePdfString, finishPdf, headingTexts, readDestinations, wrapUntaggedText } from '../src/render/pdf-finish.js';

/** A small classic-xref PDF: one page whose content stream is given, an outline item and named destinations. */
function tinyPdf(content: string, title = '(Heading onetwo)'): Buffer {
  const stream = deflateSync(Buffer.from(content, 'latin1'));
  const objs = [
    '<</Type /Catalog /Pages 2 0 R /Dests 6 0 R /Outlines 7 0 R /StructTreeRoot 9 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page\n/Contents 4 0 R\n/Parent 2 0 R>>',
    null,
    '<<>>',
    '<</main [3 0 R /XYZ 0 800 0]\n/outcome-O1 [3 0 R /XYZ 0 400 0]>>',
    '<</Type /Outlines /First 8 0 R /Last 8 0 R /Count 1>>',
    `<</Title ${title}\n/Parent 7 0 R\n/Dest [3 0 R /XYZ 0 800 0]>>`,
    '<</Type /StructTreeRoot\n/K 5 0 R>>',
  ];
  let out = Buffer.from('%PDF-1.4\n', 'latin1');
  objs.forEach((o, i) => {
    const n = i + 1;
    out = Buffer.concat([out, n === 4 ? Buffer.concat([Buffer.from(`4 0 obj\n<</Filter /FlateDecode\n/Length ${stream.length}>> stream\n`, 'latin1'), stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]) : Buffer.from(`${n} 0 obj\n${o}\nendobj\n`, 'latin1')]);
  });
  return Buffer.concat([out, Buffer.from(`xref\n0 10\n0000000000 65535 f \ntrailer\n<</Size 10\n/Root 1 0 R>>\nstartxref\n${out.length}\n%%EOF`, 'latin1')]);
}

describe('finishing the PDF', () => {
  it('wraps each text object outside marked content as a pagination artifact, wherever it is drawn', () => {
    const content = 'q BT (Header \\) ET Q) Tj ET Q\nq\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\nq BT <0033> Tj ET Q\n';
    expect(wrapUntaggedText(content)).toBe('q /Artifact <</Type /Pagination>> BDC\nBT (Header \\) ET Q) Tj ET\nEMC Q\nq\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\nq /Artifact <</Type /Pagination>> BDC\nBT <0033> Tj ET\nEMC Q\n');
    expect(wrapUntaggedText('q /P <</MCID 0>> BDC BT (x) Tj ET EMC Q')).toBeUndefined();
  });
  it('reads the page of each named destination', () => {
    expect(Object.fromEntries(readDestinations(tinyPdf('BT (x) Tj ET')))).toEqual({ main: 1, 'outcome-O1': 1 });
  });
  it('appends one incremental update: artifacts, a role map, and bookmark titles equal to the headings', async () => {
    const pdf = tinyPdf('/P <</MCID 0>> BDC BT (x) Tj ET EMC BT (Page 1) Tj ET');
    const { pdf: out, pages, bookmarks } = await finishPdf(pdf, ['Heading one two']);
    expect(pages).toBe(1);
    expect(bookmarks).toBe(1);
    expect(Buffer.from(out).subarray(0, pdf.length).equals(pdf)).toBe(true);
    const text = Buffer.from(out).toString('latin1');
    expect(text).toMatch(/trailer\n<<\/Size 10 \/Root 1 0 R \/Prev \d+>>\nstartxref\n\d+\n%%EOF\n$/);
    expect(text).toContain('/RoleMap <</Strong /Span /Em /Span');
    expect(text).toContain(`/Title ${encodePdfString('Heading one two')}`);
    const at = Number(/xref\n4 1\n(\d{10}) 00000 n/.exec(text)![1]);
    expect(text.slice(at, at + 9)).toBe('4 0 obj\n<');
  });
  it('decodes and encodes PDF text strings', () => {
    expect(decodePdfString('(A \\(b\\) \\101)')).toBe('A (b) A');
    expect(decodePdfString(encodePdfString('Progress on last year’s'))).toBe('Progress on last year’s');
    expect(headingTexts('<h2 id="x">Outcome <span>O1:</span>\n More &amp; more</h2>')).toEqual(['Outcome O1: More & more']);
  });
  it('returns a file it does not understand unchanged', async () => {
    const odd = new Uint8Array(Buffer.from('%PDF-1.7 with an xref stream only', 'latin1'));
    expect((await finishPdf(odd)).pdf).toBe(odd);
  });
});

describe('page numbers written into the one print', () => {
  it('a placeholder of the contents becomes its page number, right-aligned; too long a number or a count that does not match changes nothing', async () => {
    const { launch } = await import('puppeteer-core');
    const { findBrowser } = await import('../src/render/find-browser.js');
    const { contentsEntryIds } = await import('../src/render/print-html.js');
    const browser = await launch({ executablePath: findBrowser(undefined, process.env), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    let raw: Uint8Array;
    const entry = (id: string, text: string) => `<a href="#${id}"><span class="toc-text">${text}</span><span class="toc-dots"></span><span class="toc-page">00</span></a>`;
    const html = `<!DOCTYPE html><html lang="en"><head><title>t</title><style>a { display: block; position: relative; } .toc-page { position: absolute; right: 0; font-variant-numeric: tabular-nums; }</style></head><body><nav>${entry('one', 'First part')}${entry('two', 'Second part')}</nav><p>Figures 0123456789</p><h2 id="one" style="break-before: page">First part</h2><h2 id="two" style="break-before: page">Second part</h2><p style="break-before: page">More</p></body></html>`;
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      raw = await page.pdf({ format: 'A4', tagged: true, outline: true });
    } finally {
      await browser.close();
    }
    expect(contentsEntryIds(html)).toEqual(['one', 'two']);
    const dests = readDestinations(raw);
    expect([dests.get('one'), dests.get('two')]).toEqual([2, 3]);
    const text = (pdf: Uint8Array) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'cjoip-pdf-')), 'p.pdf');
      writeFileSync(file, pdf);
      return execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    };
    const done = await finishPdf(raw, [], [2, 13]);
    expect(done.patched).toBe(true);
    const first = text(done.pdf);
    expect(first).toMatch(/First part\s+2\n/);
    expect(first).toMatch(/Second part\s+13\n/);
    // The one-digit number sits where the placeholder's last digit was: right-aligned like the two-digit one.
    const lines = first.split('\n').filter((l) => /part/.test(l));
    expect(lines[0].length).toBe(lines[1].length);
    expect((await finishPdf(raw, [], [2, 100])).patched).toBe(false);
    expect((await finishPdf(raw, [], [2])).patched).toBe(false);
  }, 60_000);
});
