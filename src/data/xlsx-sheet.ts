/*
 * One sheet of an XLSX workbook read straight from its parts, cell by cell, without building the
 * whole workbook first: the shared strings, the number formats of the styles, and the sheet's XML,
 * scanned once. It gives the same cells as SheetJS (a test compares them on every workbook fixture)
 * and hands anything it does not read plainly back to SheetJS, by returning undefined: a formula
 * without a stored value, a date-typed cell, an unknown cell type, a cell out of order.
 */

/** A cell as SheetJS gives it (the fields cjoip reads). */
export type SheetCell = { t: string; v?: unknown; w?: string; z?: string; f?: string };

/** The parts of an XLSX workbook, by name inside the zip. */
export type Parts = (name: string) => string | undefined;

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text as its characters: entities, and Excel's own `_xHHHH_` escapes. */
export function xmlText(s: string): string {
  let out = s.indexOf('&') >= 0 ? s.replace(ENTITY, (_, name: string, dec: string, hex: string) => (name ? NAMED[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)))) : s;
  if (out.indexOf('_x') >= 0) out = out.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return out;
}

/** One pattern per attribute name, made once: attributes are read three times a cell. */
const ATTRIBUTES = new Map<string, RegExp>();
const attr = (tag: string, name: string) => {
  let re = ATTRIBUTES.get(name);
  if (!re) ATTRIBUTES.set(name, (re = new RegExp(`\\s${name}="([^"]*)"`)));
  const m = re.exec(tag);
  return m ? xmlText(m[1]) : undefined;
};

/** The text of a string item (`<si>` or `<is>`): its runs joined, phonetic readings left out. */
function runText(xml: string): string {
  const plain = xml.indexOf('<rPh') >= 0 ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of plain.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += m[1] ?? '';
  // As SheetJS reads a string item: a Windows line end is one line break.
  return xmlText(out).replace(/\r\n/g, '\n');
}

/** The sheet's part and the workbook's sheet names, in order. */
export function sheetPart(parts: Parts, name: string): string | undefined {
  const book = parts('xl/workbook.xml');
  const rels = parts('xl/_rels/workbook.xml.rels');
  if (!book || !rels) return undefined;
  const id = [...book.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'name') === name);
  const rid = id && attr(id, 'r:id');
  const rel = rid ? [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'Id') === rid) : undefined;
  const target = rel && attr(rel, 'Target');
  if (!target) return undefined;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
}

/** The number format of each cell style (`s`), as format code. */
function styleFormats(styles: string | undefined, builtIn: (id: number) => string | undefined): string[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId'));
    const code = attr(m[0], 'formatCode');
    if (code !== undefined) custom.set(id, code);
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\b[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    return custom.get(id) ?? builtIn(id) ?? 'General';
  });
}

/** Column number (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  return c - 1;
}

/** The workbook's shared strings and each cell style's number format, read once for every sheet; undefined when they are SheetJS's to read. */
function bookParts(parts: Parts, builtIn: (id: number) => string | undefined): { strings: string[]; formats: string[] } | undefined {
  const sst = parts('xl/sharedStrings.xml');
  if (sst !== undefined && notPlain(sst)) return undefined;
  const strings = sst ? [...sst.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)].map((m) => runText(m[1] ?? '')) : [];
  return { strings, formats: styleFormats(parts('xl/styles.xml'), builtIn) };
}

/** Prefixed element names (<x:c>) and CDATA sections are SheetJS's to read. */
const notPlain = (xml: string) => /<[A-Za-z][\w.-]*:(?:worksheet|sst)\b/.test(xml.slice(0, 4096)) || xml.includes('<![CDATA[');

/**
 * A reader of the workbook's sheets by part name: each sheet's cells, row by row (row r of the sheet
 * at index r - 1), as SheetJS's dense sheet holds them; undefined when the sheet holds something
 * only SheetJS should read.
 */
export function sheetReader(parts: Parts, builtIn: (id: number) => string | undefined): (sheet: string) => SheetCell[][] | undefined {
  let book: ReturnType<typeof bookParts>;
  return (sheet) => {
    const xml = parts(sheet);
    if (xml === undefined || notPlain(xml)) return undefined;
    book ??= bookParts(parts, builtIn);
    return book && sheetCells(xml, book.strings, book.formats);
  };
}

function sheetCells(xml: string, strings: string[], formats: string[]): SheetCell[][] | undefined {
  const data: SheetCell[][] = [];
  let row: SheetCell[] = [];
  let rowIndex = -1;
  let col = -1;
  const cellTag = /<row\b([^>]*?)(\/?)>|<\/row>|<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  const start = xml.indexOf('<sheetData');
  if (start < 0) return undefined;
  cellTag.lastIndex = start;
  for (let m = cellTag.exec(xml); m; m = cellTag.exec(xml)) {
    if (m[0].startsWith('</row')) continue;
    if (m[0].startsWith('<row')) {
      const r = attr(m[0], 'r');
      const next = r === undefined ? rowIndex + 1 : Number(r) - 1;
      if (!(next > rowIndex)) return undefined;
      rowIndex = next;
      row = [];
      data[rowIndex] = row;
      col = -1;
      continue;
    }
    const tag = m[3];
    const ref = attr(tag, 'r');
    const c = ref === undefined ? col + 1 : columnOf(ref);
    if (!(c > col)) return undefined;
    col = c;
    const inner = m[4];
    if (inner === undefined || inner === '') continue; // an empty (styled) cell: SheetJS keeps none
    const t = attr(tag, 't') ?? 'n';
    const v = /<v>([\s\S]*?)<\/v>|<v\/>/.exec(inner);
    const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
    if (f && !v) return undefined; // a formula with no value stored: SheetJS names it
    const s = Number(attr(tag, 's') ?? 0);
    const z = formats[s] ?? 'General';
    const stored = v?.[1] ?? '';
    // Only strings may be empty: an empty number, shared string, boolean or error is left to SheetJS.
    if (stored === '' && t !== 'str' && t !== 'inlineStr') return undefined;
    const cell: SheetCell | undefined = (() => {
      switch (t) {
        case 'n':
          return Number.isNaN(Number(stored)) ? undefined : { t: 'n', v: Number(stored), z };
        case 's':
          return { t: 's', v: strings[Number(stored)] ?? '', z };
        case 'str':
          return { t: 's', v: xmlText(stored), z };
        case 'inlineStr':
          return { t: 's', v: runText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? ''), z };
        case 'b':
          return { t: 'b', v: stored === '1' || stored === 'true', z };
        case 'e':
          return { t: 'e', v: xmlText(stored), w: xmlText(stored), z };
        default:
          return undefined; // a date-typed cell, or a type this reader does not know
      }
    })();
    if (!cell) return undefined;
    if (f) cell.f = xmlText(f[1] ?? '');
    row[c] = cell;
  }
  return data;
}
