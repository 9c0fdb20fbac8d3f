import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import XLSX from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sheetPart, sheetReader, type SheetCell } from '../src/data/xlsx-sheet.js';
import { ROOT } from './helpers.js';

const builtIn = (id: number) => XLSX.SSF.get_table()[id] as string | undefined;

/** A cell as cjoip reads it: SheetJS's formula strings are strings, an error is its text. */
const seen = (c: SheetCell | undefined) => (c ? JSON.stringify([c.t === 'str' ? 's' : c.t, c.t === 'e' ? c.w : c.v, c.z, c.f]) : '-');

/** Every cell of every sheet, by both readers; the fast one may hand a sheet back (undefined). */
function bothReaders(buf: Uint8Array): { sheet: string; fast: SheetCell[][] | undefined; sheetjs: SheetCell[][] }[] {
  const book = XLSX.read(buf, { type: 'buffer', dense: true, cellFormula: true, cellHTML: false, cellStyles: false, cellNF: true, cellDates: false });
  const parts = unzipSync(buf);
  const text = (p: string) => (parts[p] ? Buffer.from(parts[p]).toString('utf8') : undefined);
  return book.SheetNames.map((sheet) => ({ sheet, fast: sheetReader(text, builtIn)(sheetPart(text, sheet)!), sheetjs: (book.Sheets[sheet] as { '!data'?: SheetCell[][] })['!data'] ?? [] }));
}

function differences(fast: SheetCell[][], sheetjs: SheetCell[][]): string[] {
  const out: string[] = [];
  for (let r = 0; r < Math.max(fast.length, sheetjs.length); r++) {
    const a = fast[r] ?? [];
    const b = sheetjs[r] ?? [];
    for (let c = 0; c < Math.max(a.length, b.length); c++) if (seen(a[c]) !== seen(b[c])) out.push(`${XLSX.utils.encode_cell({ r, c })}: ${seen(a[c])} ≠ ${seen(b[c])}`);
  }
  return out;
}

function workbooks(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? workbooks(p) : /\.xlsx$/i.test(f) ? [p] : [];
  });
}

/** An XLSX made of the given sheet XML and shared strings, as another program might write it. */
function handMade(sheetData: string, sst: string, styles = ''): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="Table &amp; notes" sheetId="1" r:id="rId7"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/worksheets/data.xml': strToU8(`<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheetData}</sheetData></worksheet>`),
    'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst ${ns}>${sst}</sst>`),
    'xl/styles.xml': strToU8(`<?xml version="1.0"?><styleSheet ${ns}>${styles}</styleSheet>`),
  });
}

describe('an XLSX sheet read from its own parts', () => {
  it('gives the cells SheetJS gives, on every workbook fixture', () => {
    const files = workbooks(path.join(ROOT, 'test', 'fixtures'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    let sheets = 0;
    for (const f of files) {
      for (const { sheet, fast, sheetjs } of bothReaders(readFileSync(f))) {
        expect(fast, `${path.basename(f)} ${sheet} is read`).toBeDefined();
        expect(differences(fast!, sheetjs), `${path.basename(f)} ${sheet}`).toEqual([]);
        sheets++;
      }
    }
    expect(sheets).toBeGreaterThanOrEqual(8);
  });

  it('reads what other programs write as SheetJS does: rich text, phonetic runs, escapes, inline strings, gaps, formats', () => {
    const sst = [
      '<si><t>Area</t></si>',
      '<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text &amp; more</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
      '<si><t>Two\r\nlines_x000D_ and a tab_x0009_</t></si>',
      '<si><t/></si>',
      '<si><t>&#233;&#x2014;&lt;b&gt;</t></si>',
    ].join('');
    const styles = '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="3"/></cellXfs>';
    const rows = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c></row>',
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Fife</t></is></c><c r="B2" s="1"><v>0.1234</v></c><c r="C2" s="2"><v>45017</v></c><c r="D2" s="3"><v>1234567</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c></row>',
      '<row r="5"><c r="A5" s="3"/><c r="B5" t="str"><f>A2&amp;"x"</f><v>Fifex</v></c><c r="AA5"><v>-1.5E-3</v></c></row>',
    ].join('');
    const [{ fast, sheetjs }] = bothReaders(handMade(rows, sst, styles));
    expect(fast).toBeDefined();
    expect(differences(fast!, sheetjs)).toEqual([]);
    expect(fast![0][1].v).toBe('Rich text & more');
    expect(fast![0][3].v).toBe('Two\nlines\r and a tab\t');
    expect(fast![4][26].v).toBe(-0.0015);
  });

  it('hands back to SheetJS what it does not read plainly: a formula with no value, a date-typed cell, prefixed names', () => {
    const sst = '<si><t>x</t></si>';
    for (const rows of ['<row r="1"><c r="A1"><f>1+1</f></c></row>', '<row r="1"><c r="A1" t="d"><v>2024-04-01</v></c></row>']) {
      const [{ fast }] = bothReaders(handMade(rows, sst));
      expect(fast, rows).toBeUndefined();
    }
    const prefixed = handMade('', sst);
    const parts = unzipSync(prefixed);
    parts['xl/worksheets/data.xml'] = strToU8('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>');
    const text = (p: string) => (parts[p] ? Buffer.from(parts[p]).toString('utf8') : undefined);
    expect(sheetReader(text, builtIn)(sheetPart(text, 'Table & notes')!)).toBeUndefined();
  });
});
