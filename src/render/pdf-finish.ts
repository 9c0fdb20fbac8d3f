import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Chromium's PDF is nearly what an accessible publication needs. Three things are mended here, in
 * one PDF incremental update that keeps the original bytes and appends new versions of the objects
 * it changes:
 * - running headers and footers (CSS page-margin boxes) are drawn outside any marked content: each
 *   such text object is wrapped in `/Artifact <</Type /Pagination>> BDC … EMC`, so that assistive
 *   technology treats them as page furniture;
 * - structure types that PDF 1.7 does not define (`Strong`, `Em`) are mapped to `Span` in a role map,
 *   so that readers keep their text in the tag tree;
 * - bookmark titles, which Chromium runs together where a heading wraps onto a second line, are
 *   replaced by the heading text itself.
 * A file not laid out as expected (no classic cross-reference table) is returned unchanged.
 */

/** A parsed view of a classic-xref PDF: where each object's newest version starts and ends. */
class PdfFile {
  readonly text: string;
  private readonly objects = new Map<number, { start: number; end: number }>();
  readonly trailer: string;
  readonly startxref: number;

  constructor(readonly buf: Buffer) {
    this.text = buf.toString('latin1');
    const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text);
    const tr = this.text.lastIndexOf('trailer');
    this.startxref = sx ? Number(sx[1]) : -1;
    this.trailer = tr >= 0 ? this.text.slice(tr, this.text.indexOf('startxref', tr)) : '';
    // One pass over the file: the last definition of an object number is its newest version.
    for (const m of this.text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b/g)) {
      const start = m.index! + m[0].length - `${m[1]} 0 obj`.length;
      const end = this.text.indexOf('endobj', start);
      if (end > 0) this.objects.set(Number(m[1]), { start, end: end + 6 });
    }
  }

  get ok(): boolean {
    return this.startxref >= 0 && /\/Root \d+ 0 R/.test(this.trailer);
  }

  /** The dictionary text of an object (between its first `<<` and the stream or `endobj`). */
  dict(num: number): string | undefined {
    const o = this.objects.get(num);
    if (!o) return undefined;
    const body = this.text.slice(o.start, o.end);
    const s = body.indexOf('stream');
    return body.slice(body.indexOf('obj') + 3, s >= 0 ? s : body.length - 6).trim();
  }

  /** The decoded bytes of a Flate stream object. */
  stream(num: number): { dict: string; data: string } | undefined {
    const o = this.objects.get(num);
    if (!o) return undefined;
    const body = this.text.slice(o.start, o.end);
    const head = /^\d+ 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/.exec(body);
    if (!head) return undefined;
    const length = Number(/\/Length (\d+)(?! \d+ R)/.exec(head[1])?.[1]);
    if (!Number.isFinite(length) || !/\/Filter \/FlateDecode/.test(head[1])) return undefined;
    const from = o.start + head[0].length;
    return { dict: head[1], data: inflateSync(this.buf.subarray(from, from + length)).toString('latin1') };
  }

  ref(dict: string | undefined, key: string): number | undefined {
    const m = dict ? new RegExp(`/${key} (\\d+) 0 R`).exec(dict) : null;
    return m ? Number(m[1]) : undefined;
  }

  get root(): number {
    return Number(/\/Root (\d+) 0 R/.exec(this.trailer)![1]);
  }

  /** Page object numbers in page order, walking the page tree. */
  pages(): number[] {
    const out: number[] = [];
    const walk = (num: number, depth: number) => {
      const d = this.dict(num);
      if (!d || depth > 50) return;
      if (/\/Type \/Page\b/.test(d)) out.push(num);
      else for (const k of /\/Kids \[([^\]]*)\]/.exec(d)?.[1].matchAll(/(\d+) 0 R/g) ?? []) walk(Number(k[1]), depth + 1);
    };
    const pagesRoot = this.ref(this.dict(this.root), 'Pages');
    if (pagesRoot !== undefined) walk(pagesRoot, 0);
    return out;
  }
}

/** The page (1-based) each named destination points at: where Chromium put each element linked to by `#id`. */
export function readDestinations(pdf: Uint8Array): Map<string, number> {
  const f = new PdfFile(Buffer.from(pdf));
  const out = new Map<string, number>();
  if (!f.ok) return out;
  const pageNo = new Map(f.pages().map((p, i) => [p, i + 1]));
  const catalog = f.dict(f.root);
  const destsNum = f.ref(catalog, 'Dests');
  const dests = destsNum !== undefined ? f.dict(destsNum) : /\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog ?? '')?.[1];
  for (const m of dests?.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R/g) ?? []) {
    const page = pageNo.get(Number(m[2]));
    if (page) out.set(decodeName(m[1]), page);
  }
  return out;
}

const decodeName = (n: string) => n.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Decode a PDF text string: a literal `(…)` in PDFDocEncoding, or hex UTF-16BE with a byte order mark. */
export function decodePdfString(s: string): string {
  if (s.startsWith('<')) {
    const hex = s.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  const inner = s.slice(1, -1);
  const raw = inner.replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? (/\n/.test(e) ? '' : e),
  );
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return raw;
}

/** A PDF text string for any Unicode text: hex UTF-16BE with a byte order mark. */
export function encodePdfString(s: string): string {
  const le = Buffer.from(s, 'utf16le');
  return `<FEFF${Buffer.from(le).swap16().toString('hex').toUpperCase()}>`;
}

/** Tokens of a content stream, skipping strings and dictionaries so that their bytes are never read as operators. */
function operatorPositions(s: string): { op: string; at: number }[] {
  const out: { op: string; at: number }[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '(') {
      let depth = 1;
      for (i++; i < s.length && depth > 0; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') depth++;
        else if (s[i] === ')') depth--;
      }
    } else if (c === '<') {
      const close = s.indexOf(s[i + 1] === '<' ? '>>' : '>', i + 1);
      i = close < 0 ? s.length : close + (s[i + 1] === '<' ? 2 : 1);
    } else if (c === '/') {
      i++;
      while (i < s.length && !/[\s/[\]<>()]/.test(s[i])) i++;
    } else if (/[A-Za-z'"*]/.test(c) && (i === 0 || /[\s\]>)]/.test(s[i - 1]))) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9'"*]/.test(s[j])) j++;
      out.push({ op: s.slice(i, j), at: i });
      i = j;
    } else i++;
  }
  return out;
}

/** Wrap every text object drawn outside marked content (the page-margin boxes) as a pagination artifact. */
export function wrapUntaggedText(content: string): string | undefined {
  const ops = operatorPositions(content);
  const pieces: string[] = [];
  let from = 0;
  let depth = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i].op;
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth = Math.max(0, depth - 1);
    else if (op === 'BT' && depth === 0) {
      let et = i + 1;
      while (et < ops.length && ops[et].op !== 'ET') et++;
      if (et >= ops.length) break;
      const end = ops[et].at + 2;
      pieces.push(content.slice(from, ops[i].at), '/Artifact <</Type /Pagination>> BDC\n', content.slice(ops[i].at, end), '\nEMC');
      from = end;
      i = et;
    }
  }
  if (!pieces.length) return undefined;
  pieces.push(content.slice(from));
  return pieces.join('');
}

const normaliseTitle = (s: string) => s.replace(/\s+/g, '');

export interface FinishReport {
  pdf: Uint8Array;
  /** Pages whose running header and footer were marked as artifacts. */
  pages: number;
  /** Bookmarks whose title was replaced by the heading text. */
  bookmarks: number;
}

/**
 * Mark page furniture, map non-standard structure types and mend bookmark titles (see above). With
 * `contentsPages` (the page of each contents entry, in order), the placeholders the contents were
 * printed with are replaced by those numbers first; `patched` says whether that was done (when the
 * placeholders are not found as expected, nothing is changed and the caller prints again).
 */
export function finishPdf(pdf: Uint8Array, headings: string[] = [], contentsPages?: number[]): FinishReport & { patched?: boolean } {
  const f = new PdfFile(Buffer.from(pdf));
  if (!f.ok) return { pdf, pages: 0, bookmarks: 0, patched: false };
  const replaced = new Map<number, Buffer>();
  const size = Number(/\/Size (\d+)/.exec(f.trailer)?.[1]);
  const patches = contentsPages ? contentsNumberPatches(f, contentsPages) : undefined;
  if (contentsPages && !patches) return { pdf, pages: 0, bookmarks: 0, patched: false };

  let pages = 0;
  for (const page of f.pages()) {
    const d = f.dict(page)!;
    const contents = pageContents(d);
    let marked = false;
    for (const num of contents) {
      const s = f.stream(num);
      if (!s) continue;
      const numbered = patches?.get(num)?.(s.data);
      const wrapped = wrapUntaggedText(numbered ?? s.data) ?? numbered;
      if (wrapped === undefined) continue;
      const data = deflateSync(Buffer.from(wrapped, 'latin1'));
      replaced.set(num, Buffer.concat([Buffer.from(`${num} 0 obj\n<<${s.dict.replace(/\/Length \d+/, `/Length ${data.length}`)}>> stream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
      marked = true;
    }
    if (marked) pages++;
  }

  const treeRoot = f.ref(f.dict(f.root), 'StructTreeRoot');
  const treeDict = treeRoot !== undefined ? f.dict(treeRoot) : undefined;
  if (treeRoot !== undefined && treeDict && !/\/RoleMap/.test(treeDict)) {
    replaced.set(treeRoot, Buffer.from(`${treeRoot} 0 obj\n${treeDict.replace(/>>\s*$/, '\n/RoleMap <</Strong /Span /Em /Span /Aside /Div /Title /P /FENote /Note /Sub /Span /DocumentFragment /Part>>>>')}\nendobj\n`, 'latin1'));
  }

  let bookmarks = 0;
  const outlines = f.ref(f.dict(f.root), 'Outlines');
  if (outlines !== undefined && headings.length) {
    const items: number[] = [];
    const walk = (num: number | undefined, guard: Set<number>) => {
      while (num !== undefined && !guard.has(num)) {
        guard.add(num);
        items.push(num);
        const d = f.dict(num);
        walk(f.ref(d, 'First'), guard);
        num = f.ref(d, 'Next');
      }
    };
    walk(f.ref(f.dict(outlines), 'First'), new Set());
    let h = 0;
    for (const num of items) {
      const d = f.dict(num)!;
      const t = /\/Title\s*(\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/.exec(d);
      if (!t) continue;
      const current = normaliseTitle(decodePdfString(t[1]));
      const at = headings.findIndex((x, i) => i >= h && normaliseTitle(x) === current);
      if (at < 0) continue;
      h = at + 1;
      if (decodePdfString(t[1]) === headings[at]) continue;
      replaced.set(num, Buffer.from(`${num} 0 obj\n${d.replace(t[0], `/Title ${encodePdfString(headings[at])}`)}\nendobj\n`, 'latin1'));
      bookmarks++;
    }
  }

  if (!replaced.size) return { pdf, pages, bookmarks, ...(patches ? { patched: true } : {}) };
  const parts: Buffer[] = [f.buf, Buffer.from(f.buf[f.buf.length - 1] === 0x0a ? '' : '\n', 'latin1')];
  let offset = parts[0].length + parts[1].length;
  const xref: string[] = [];
  for (const [num, bytes] of [...replaced].sort((a, b) => a[0] - b[0])) {
    xref.push(`${num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
    parts.push(bytes);
    offset += bytes.length;
  }
  const keep = ['Root', 'Info', 'ID'].map((k) => new RegExp(`/${k}\\s*(\\d+ 0 R|\\[[^\\]]*\\])`).exec(f.trailer)).filter(Boolean).map((m) => m![0]);
  parts.push(Buffer.from(`xref\n${xref.join('')}trailer\n<</Size ${size} ${keep.join(' ')} /Prev ${f.startxref}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return { pdf: new Uint8Array(Buffer.concat(parts)), pages, bookmarks, ...(patches ? { patched: true } : {}) };
}

/** The content stream objects of a page. */
const pageContents = (d: string): number[] =>
  /\/Contents (\d+) 0 R/.exec(d) ? [Number(/\/Contents (\d+) 0 R/.exec(d)![1])] : [...(/\/Contents \[([^\]]*)\]/.exec(d)?.[1].matchAll(/(\d+) 0 R/g) ?? [])].map((m) => Number(m[1]));

/** The contents' page numbers are printed as this placeholder, in tabular digits, and written in afterwards. */
export const PAGE_PLACEHOLDER = '00';

/**
 * Where the contents' placeholders are, and how to write each page number in its place: per content
 * stream, a function rewriting it. The placeholders are the text objects in marked content whose
 * whole text (read through the font's ToUnicode map) is the placeholder, in page and paint order,
 * which is the order of the entries. Digits are tabular, so a number of two digits takes the
 * placeholder's glyphs' places and a number of one digit the second place (right-aligned, as the
 * contents are). Undefined when the placeholders are not found one for one, or a number does not
 * fit: then nothing is patched.
 */
function contentsNumberPatches(f: PdfFile, numbers: number[]): Map<number, (data: string) => string> | undefined {
  if (!numbers.length || numbers.some((n) => !Number.isInteger(n) || n < 1 || String(n).length > PAGE_PLACEHOLDER.length)) return undefined;
  const out = new Map<number, (data: string) => string>();
  let k = 0;
  for (const page of f.pages()) {
    if (k >= numbers.length) break;
    const d = f.dict(page)!;
    const fonts = fontMaps(f, d);
    for (const num of pageContents(d)) {
      const s = f.stream(num);
      if (!s) continue;
      const found = placeholderObjects(s.data, fonts);
      if (!found.length) continue;
      const mine = numbers.slice(k, k + found.length);
      if (mine.length < found.length) return undefined;
      k += found.length;
      const edits: { from: number; to: number; text: string }[] = [];
      for (const [i, obj] of found.entries()) {
        const digits = String(mine[i]);
        const glyphs = [...digits].map((ch) => obj.glyphOf.get(ch));
        if (glyphs.some((g) => g === undefined)) return undefined;
        const x = obj.x + obj.advance * (PAGE_PLACEHOLDER.length - digits.length);
        const shows = glyphs.map((g, j) => `${j ? `${obj.advance} 0 Td ` : ''}<${g}> Tj`).join('\n');
        edits.push({ from: obj.from, to: obj.to, text: `BT\n${obj.font}\n${obj.matrix.replace(/\S+(\s+\S+\s+Tm)$/, `${+x.toFixed(5)}$1`)}\n${shows}\nET` });
      }
      out.set(num, (data) => {
        let r = data;
        for (const e of edits.sort((a, b) => b.from - a.from)) r = r.slice(0, e.from) + e.text + r.slice(e.to);
        return r;
      });
    }
  }
  return k === numbers.length ? out : undefined;
}

type Placeholder = { from: number; to: number; font: string; matrix: string; x: number; advance: number; glyphOf: Map<string, string> };

/** Text objects in marked content whose text is the placeholder, drawn glyph by glyph (`<gid> Tj`, `dx 0 Td`). */
function placeholderObjects(data: string, fonts: Map<string, FontMap>): Placeholder[] {
  const out: Placeholder[] = [];
  const re = /BT\s*(\/(\S+) ([\d.]+) Tf)\s*(1 0 0 -1 ([-\d.]+) [-\d.]+ Tm)\s*((?:(?:[-\d.]+ 0 Td\s*)?<[0-9A-Fa-f]+> Tj\s*)+)ET/g;
  let depth = 0;
  let last = 0;
  for (const m of data.matchAll(re)) {
    // Marked content depth at this text object: placeholders are tagged (in the contents' links); page furniture is not.
    const between = data.slice(last, m.index);
    depth += (between.match(/\b(BDC|BMC)\b/g) ?? []).length - (between.match(/\bEMC\b/g) ?? []).length;
    last = m.index!;
    if (depth <= 0) continue;
    const font = fonts.get(m[2]);
    if (!font) continue;
    // Drawn glyph by glyph (`<g> Tj dx 0 Td <g> Tj`), or as one string (`<gg> Tj`, each glyph its own width).
    const parts = [...m[6].matchAll(/(?:([-\d.]+) 0 Td\s*)?<([0-9A-Fa-f]+)> Tj/g)];
    const glyphs = parts.flatMap((p) => p[2].match(/.{4}/g) ?? []);
    const text = glyphs.map((g) => font.toText.get(g.toLowerCase()) ?? '\uFFFD').join('');
    if (text !== PAGE_PLACEHOLDER || parts.some((p) => p[2].length % 4)) continue;
    const advance = parts.length === glyphs.length && parts.length > 1 ? Number(parts[1][1]) : ((font.digitWidth ?? NaN) * Number(m[3])) / 1000;
    if (!Number.isFinite(advance)) continue;
    out.push({ from: m.index!, to: m.index! + m[0].length, font: m[1], matrix: m[4], x: Number(m[5]), advance, glyphOf: font.glyphOf });
  }
  return out;
}

type FontMap = { toText: Map<string, string>; glyphOf: Map<string, string>; digitWidth?: number };

/** For each font of a page: its glyphs' text (from its ToUnicode map), the glyph of each digit, and a digit's width (in thousandths of the size). */
function fontMaps(f: PdfFile, pageDict: string): Map<string, FontMap> {
  const out = new Map<string, FontMap>();
  const resNum = f.ref(pageDict, 'Resources');
  const res = resNum !== undefined ? f.dict(resNum) : /\/Resources\s*(<<[\s\S]*>>)/.exec(pageDict)?.[1];
  const fontRef = res ? f.ref(res, 'Font') : undefined;
  const fontDict = fontRef !== undefined ? f.dict(fontRef) : /\/Font\s*<<([^>]*)>>/.exec(res ?? '')?.[1];
  for (const m of fontDict?.matchAll(/\/(\S+?)\s+(\d+) 0 R/g) ?? []) {
    const cmapNum = f.ref(f.dict(Number(m[2])), 'ToUnicode');
    const cmap = cmapNum !== undefined ? f.stream(cmapNum)?.data : undefined;
    if (!cmap) continue;
    const toText = new Map<string, string>();
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const c of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) toText.set(c[1].toLowerCase().padStart(4, '0'), hex(c[2]));
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const c of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const lo = parseInt(c[1], 16);
        const hi = parseInt(c[2], 16);
        const base = parseInt(c[3], 16);
        for (let g = lo; g <= hi && g - lo < 65536; g++) toText.set(g.toString(16).padStart(4, '0'), String.fromCodePoint(base + g - lo));
      }
    const glyphOf = new Map<string, string>();
    for (const [g, t] of toText) if (/^\d$/.test(t) && !glyphOf.has(t)) glyphOf.set(t, g);
    const zero = glyphOf.get('0');
    out.set(m[1], { toText, glyphOf, digitWidth: zero === undefined ? undefined : glyphWidth(f, f.dict(Number(m[2])), parseInt(zero, 16)) });
  }
  return out;
}

/** The text of each heading of an HTML document, in order, as a reader sees it. */
export function headingTexts(html: string): string[] {
  const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e]!);
  return [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => decode(m[2].replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim());
}

/** A glyph's width in a Type0 font, from its descendant font's /W array (or /DW), in thousandths of the size. */
function glyphWidth(f: PdfFile, fontDict: string | undefined, gid: number): number | undefined {
  const desc = /\/DescendantFonts\s*\[\s*(\d+) 0 R/.exec(fontDict ?? '')?.[1];
  const d = desc !== undefined ? f.dict(Number(desc)) : undefined;
  if (!d) return undefined;
  const wRef = f.ref(d, 'W');
  const w = wRef !== undefined ? f.dict(wRef) : /\/W\s*(\[[\s\S]*\])/.exec(d)?.[1];
  const tokens = (w ?? '').replace(/^\s*\[|\]\s*$/g, '').match(/\[|\]|[-\d.]+/g) ?? [];
  for (let i = 0; i < tokens.length; ) {
    const first = Number(tokens[i]);
    if (tokens[i + 1] === '[') {
      let j = i + 2;
      const widths: number[] = [];
      while (j < tokens.length && tokens[j] !== ']') widths.push(Number(tokens[j++]));
      if (gid >= first && gid < first + widths.length) return widths[gid - first];
      i = j + 1;
    } else {
      if (gid >= first && gid <= Number(tokens[i + 1])) return Number(tokens[i + 2]);
      i += 3;
    }
  }
  const dw = /\/DW\s+([\d.]+)/.exec(d)?.[1];
  return dw !== undefined ? Number(dw) : 1000;
}
