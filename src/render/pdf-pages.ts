import { PdfFile, pageContents } from './pdf-file.js';

/** The contents' page numbers are printed as this placeholder, in tabular digits, and written in afterwards. */
export const PAGE_PLACEHOLDER = '00';

/** For each content stream holding contents placeholders, how to write the page numbers into it. */
export type ContentsPatches = Map<number, (data: string) => string>;

/**
 * Where the contents' placeholders are, and how to write each page number in its place: per content
 * stream, a function rewriting it. The placeholders are the text objects in marked content whose
 * whole text (read through the font's ToUnicode map) is the placeholder, in page and paint order,
 * which is the order of the entries. Digits are tabular, so a number of two digits takes the
 * placeholder's glyphs' places and a number of one digit the second place (right-aligned, as the
 * contents are). Undefined when the placeholders are not found one for one, or a number does not
 * fit: then nothing is patched.
 */
export function contentsNumberPatches(f: PdfFile, numbers: number[]): ContentsPatches | undefined {
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
      edits.sort((a, b) => a.from - b.from);
      out.set(num, (data) => {
        // Pieced together in one pass: splicing one edit at a time copies the whole stream per edit.
        const pieces: string[] = [];
        let from = 0;
        for (const e of edits) {
          pieces.push(data.slice(from, e.from), e.text);
          from = e.to;
        }
        pieces.push(data.slice(from));
        return pieces.join('');
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
