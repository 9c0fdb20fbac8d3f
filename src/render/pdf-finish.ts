import { deflate as deflateCallback } from 'node:zlib';
import { promisify } from 'node:util';
import { PdfFile, pageContents, parsedPdf } from './pdf-file.js';
import { contentsNumberPatches, type ContentsPatches } from './pdf-pages.js';

const deflate = promisify(deflateCallback);

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

/** The page (1-based) each named destination points at: where Chromium put each element linked to by `#id`. */
export function readDestinations(pdf: Uint8Array | PdfFile): Map<string, number> {
  const f = parsedPdf(pdf);
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

/** A content stream's operators that matter here, by kind: marked content opens and closes, and text objects. */
const enum Op {
  Open,
  Close,
  BeginText,
  EndText,
}

/**
 * Where each marked-content (`BDC`, `BMC`, `EMC`) and text-object (`BT`, `ET`) operator of a content
 * stream starts, in one pass that skips strings, names and dictionaries so that their bytes are never
 * read as operators. Other operators are passed over without being copied out.
 */
function markingOperators(s: string): { kinds: Op[]; at: number[] } {
  const kinds: Op[] = [];
  const at: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x28 /* ( */) {
      let depth = 1;
      for (i++; i < n && depth > 0; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29) depth--;
      }
    } else if (c === 0x3c /* < */) {
      const dict = s.charCodeAt(i + 1) === 0x3c;
      const close = s.indexOf(dict ? '>>' : '>', i + 1);
      i = close < 0 ? n : close + (dict ? 2 : 1);
    } else if (c === 0x2f /* / */) {
      i++;
      while (i < n && !NAME_END[s.charCodeAt(i)]) i++;
    } else if (OP_START[c] && (i === 0 || OP_AFTER[s.charCodeAt(i - 1)])) {
      let j = i + 1;
      while (j < n && OP_PART[s.charCodeAt(j)]) j++;
      const kind = opKind(s, i, j - i);
      if (kind !== undefined) {
        kinds.push(kind);
        at.push(i);
      }
      i = j;
    } else i++;
  }
  return { kinds, at };
}

/** The kind of a two- or three-letter operator at `i`, if it is one of those that matter here. */
function opKind(s: string, i: number, length: number): Op | undefined {
  if (length === 2) return s.startsWith('BT', i) ? Op.BeginText : s.startsWith('ET', i) ? Op.EndText : undefined;
  if (length === 3) return s.startsWith('BDC', i) || s.startsWith('BMC', i) ? Op.Open : s.startsWith('EMC', i) ? Op.Close : undefined;
  return undefined;
}

/** Character classes of content-stream tokens, by character code (Latin-1). */
const charTable = (test: (ch: string) => boolean) => Uint8Array.from({ length: 256 }, (_, k) => (test(String.fromCharCode(k)) ? 1 : 0));
const NAME_END = charTable((ch) => /[\s/[\]<>()]/.test(ch));
const OP_START = charTable((ch) => /[A-Za-z'"*]/.test(ch));
const OP_PART = charTable((ch) => /[A-Za-z0-9'"*]/.test(ch));
const OP_AFTER = charTable((ch) => /[\s\]>)]/.test(ch));

/** Wrap every text object drawn outside marked content (the page-margin boxes) as a pagination artifact. */
export function wrapUntaggedText(content: string): string | undefined {
  const { kinds, at } = markingOperators(content);
  const pieces: string[] = [];
  let from = 0;
  let depth = 0;
  for (let i = 0; i < kinds.length; i++) {
    const op = kinds[i];
    if (op === Op.Open) depth++;
    else if (op === Op.Close) depth = Math.max(0, depth - 1);
    else if (op === Op.BeginText && depth === 0) {
      let et = i + 1;
      while (et < kinds.length && kinds[et] !== Op.EndText) et++;
      if (et >= kinds.length) break;
      const end = at[et] + 2;
      pieces.push(content.slice(from, at[i]), '/Artifact <</Type /Pagination>> BDC\n', content.slice(at[i], end), '\nEMC');
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
 * `contentsPages` (the page of each contents entry, in order, or the patches already worked out from
 * them), the placeholders the contents were printed with are replaced by those numbers first;
 * `patched` says whether that was done (when the placeholders are not found as expected, nothing is
 * changed and the caller prints again).
 */
export async function finishPdf(printed: Uint8Array | PdfFile, headings: string[] = [], contentsPages?: number[] | ContentsPatches): Promise<FinishReport & { patched?: boolean }> {
  const f = parsedPdf(printed);
  const pdf = printed instanceof PdfFile ? printed.buf : printed;
  if (!f.ok) return { pdf, pages: 0, bookmarks: 0, patched: false };
  const replaced = new Map<number, Buffer>();
  const size = Number(/\/Size (\d+)/.exec(f.trailer)?.[1]);
  const patches = Array.isArray(contentsPages) ? contentsNumberPatches(f, contentsPages) : contentsPages;
  if (contentsPages && !patches) return { pdf, pages: 0, bookmarks: 0, patched: false };

  let pages = 0;
  const rewritten: Promise<void>[] = [];
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
      // Compressed on the worker threads, every page at once.
      rewritten.push(
        deflate(Buffer.from(wrapped, 'latin1')).then((data) => {
          replaced.set(num, Buffer.concat([Buffer.from(`${num} 0 obj\n<<${s.dict.replace(/\/Length \d+/, `/Length ${data.length}`)}>> stream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
        }),
      );
      marked = true;
    }
    if (marked) pages++;
  }
  await Promise.all(rewritten);

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

/** The text of each heading of an HTML document, in order, as a reader sees it. */
export function headingTexts(html: string): string[] {
  const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e]!);
  return [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => decode(m[2].replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim());
}
