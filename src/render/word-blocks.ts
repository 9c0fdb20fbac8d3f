import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageOrientation,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { estimatePageNumbersWith } from 'docx/layout';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { clip } from '../core/words.js';
import type { SourceView } from '../report/types.js';
import { capital as cap } from '../report/sections/format.js';

export type Block = Paragraph | Table | TableOfContents;
/** Blocks laid on pages of their own in landscape (wide tables), between portrait pages. */
export type Landscape = { landscape: Block[] };

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const mm = (x: number) => Math.round(x * 56.7);
/** A4 with the report's margins: the width text has, in twips, on portrait and landscape pages. */
const PAGE = { width: mm(210), height: mm(297), side: mm(18) };
/** Paragraph spacing in the explicit form every reader lays out alike: 1.15 lines, as a multiple (auto), never an exact height. */
const space = (before: number, after: number) => ({ before, after, line: 276, lineRule: LineRuleType.AUTO });
/** The layout pass: where it cannot lay out as Word does, it takes its best guess rather than leave a number blank. */
const PAGE_NUMBERS = estimatePageNumbersWith({ guess: true });
const TEXT_WIDTH = { portrait: PAGE.width - 2 * PAGE.side, landscape: PAGE.height - 2 * PAGE.side };

/** A heading at an HTML-like level (1 = the title), in Word's built-in heading styles. */
export const heading = (text: string, level: number, opts: { pageBreakBefore?: boolean } = {}) => new Paragraph({ heading: HEADINGS[Math.min(6, level) - 1], pageBreakBefore: opts.pageBreakBefore, children: [new TextRun(text)] });
/** The title of the contents, on a page of its own after the cover; not itself a heading, so not listed in the contents. */
export const contentsTitle = () => new Paragraph({ style: 'ContentsTitle', pageBreakBefore: true, children: [new TextRun('Contents')] });
export const para = (text: string, style?: string) => new Paragraph({ style, children: [new TextRun(text)] });
export const runs = (parts: (string | { bold: string })[]) => new Paragraph({ children: parts.map((p) => (typeof p === 'string' ? new TextRun(p) : new TextRun({ text: p.bold, bold: true }))) });

/** User Markdown as Word paragraphs: headings shifted below the section, lists, bold, italic and code; links keep their text. */
export class MarkdownToWord {
  private md = new MarkdownIt({ html: false, linkify: false });
  private lists = 0;

  blocks(text: string | undefined, base: number): Block[] {
    if (!text?.trim()) return [];
    const tokens = this.md.parse(text, {});
    const out: Block[] = [];
    const stack: { ordered: boolean; instance: number }[] = [];
    let pendingHeading: number | undefined;
    for (const t of tokens) {
      if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') stack.push({ ordered: t.type === 'ordered_list_open', instance: ++this.lists });
      else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') stack.pop();
      else if (t.type === 'heading_open') pendingHeading = Number(t.tag.slice(1)) + base;
      else if (t.type === 'inline') {
        const children = this.inline(t.children ?? []);
        const list = stack[stack.length - 1];
        if (pendingHeading !== undefined) out.push(new Paragraph({ heading: HEADINGS[Math.min(6, pendingHeading) - 1], children }));
        else if (list) out.push(new Paragraph({ children, ...(list.ordered ? { numbering: { reference: 'numbers', level: Math.min(stack.length - 1, 2), instance: list.instance } } : { bullet: { level: Math.min(stack.length - 1, 2) } }) }));
        else out.push(new Paragraph({ children }));
        pendingHeading = undefined;
      } else if (t.type === 'fence' || t.type === 'code_block') out.push(new Paragraph({ children: [new TextRun({ text: t.content.trimEnd(), font: 'Courier New' })] }));
    }
    return out;
  }

  private inline(tokens: { type: string; content: string }[]): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    let bold = false;
    let italics = false;
    for (const t of tokens) {
      if (t.type === 'strong_open' || t.type === 'strong_close') bold = t.type === 'strong_open';
      else if (t.type === 'em_open' || t.type === 'em_close') italics = t.type === 'em_open';
      else if (t.type === 'text') out.push(new TextRun({ text: t.content, bold, italics }));
      else if (t.type === 'code_inline') out.push(new TextRun({ text: t.content, font: 'Courier New' }));
      else if (t.type === 'softbreak') out.push(new TextRun(' '));
      else if (t.type === 'hardbreak') out.push(new TextRun({ break: 1 }));
    }
    return out;
  }
}

/** A cell of a table: plain text, or paragraphs (with the text they hold, to size the column; prose when not given). */
export type CellContent = string | Paragraph[] | { blocks: Paragraph[]; text: string };

/** Twips of a character of 11-point Arial, on average and in bold; and of a cell's padding. */
const CHAR = 116;
const BOLD_CHAR = 136;
const PADDING = 260;

/**
 * Column widths that follow the content, as a browser lays out a table: each column at least as
 * wide as its longest word (so no word breaks inside a cell, headers included), and the width left
 * shared out by how much text each column holds. Short columns (numbers, statuses) stay narrow.
 */
export function columnWidths(header: string[], rows: CellContent[][], total: number): number[] {
  const min = minimumWidths(header, rows);
  const pref = header.map((h, i) => {
    const lengths = [h.length * BOLD_CHAR, ...rows.map((r) => Math.min(90, textOf(r[i])?.length ?? 90) * CHAR)];
    return Math.max(min[i], Math.max(...lengths) + PADDING);
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (sum(pref) <= total) widths = pref.map((p) => (p * total) / sum(pref));
  else if (sum(min) >= total) widths = min.map((m) => (m * total) / sum(min));
  else {
    const spare = (total - sum(min)) / (sum(pref) - sum(min));
    widths = min.map((m, i) => m + (pref[i] - m) * spare);
  }
  return widths.map(Math.floor);
}

const textOf = (x: CellContent) => (typeof x === 'string' ? x : Array.isArray(x) ? undefined : x.text);
const longestWord = (t: string) => Math.max(0, ...t.split(/[\s/]+|(?<=-)/).map((w) => w.length));

/** Each column's width for its longest word (header words in bold; prose of unknown words as 12 letters). */
function minimumWidths(header: string[], rows: CellContent[][]): number[] {
  return header.map((h, i) => Math.max(longestWord(h) * BOLD_CHAR, ...rows.map((r) => (textOf(r[i]) === undefined ? 12 : longestWord(textOf(r[i])!)) * CHAR)) + PADDING);
}

/** Whether a table's words cannot fit across a portrait page, so it goes on a landscape one. */
export function needsLandscape(header: string[], rows: CellContent[][]): boolean {
  return minimumWidths(header, rows).reduce((a, b) => a + b, 0) > TEXT_WIDTH.portrait;
}

/** A table with a caption above it, columns sized to their content, and a header row that repeats on every page. */
export function table(caption: string, header: string[], rows: CellContent[][], numeric: boolean[] = [], opts: { landscape?: boolean } = {}): Block[] {
  const widths = columnWidths(header, rows, opts.landscape ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait);
  const cell = (x: CellContent, i: number, head = false) => {
    const blocks = typeof x === 'string' ? [new Paragraph({ alignment: numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: x, bold: head })] })] : Array.isArray(x) ? x : x.blocks;
    return new TableCell({ width: { size: widths[i], type: WidthType.DXA }, children: blocks.length ? blocks : [new Paragraph('')] });
  };
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(caption)] }),
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, true)) }), ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, i) => cell(x, i)) }))],
    }),
  ];
}

/** One source in the numbered list of sources: publisher, title, status, date, licence, address, note. */
export const sourceParagraph = (s: SourceView) =>
  new Paragraph({ numbering: { reference: 'numbers', level: 0, instance: 0 }, children: [...(s.publisher ? [new TextRun(`${s.publisher}, `)] : []), new TextRun({ text: s.title, italics: true }), new TextRun(`${s.date ? `, ${s.date}` : ''}.${s.kind ? ` ${s.kind}` : ''}${s.licence ? ` ${s.licence}.` : ''}${s.url ? ` ${s.url}` : ''}${s.note ? ` ${s.note}` : ''}`)] });

/** A chart as a PNG at print resolution, rasterised from the same SVG as the HTML; its description is the alt text. */
export function chartImage(svg: string, title: string, alt: string, name: string, width = 440): Paragraph {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: Math.round(width * (1440 / 440)) }, font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' } }).render();
  const height = Math.round((width * rendered.height) / rendered.width);
  return new Paragraph({
    keepNext: true,
    children: [new ImageRun({ type: 'png', data: rendered.asPng(), transformation: { width, height }, altText: { name, title, description: alt } })],
  });
}

/** A bulleted paragraph. */
export const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] });

/** The house Word document: A4, the report's styles and numbering, running header, "Page X of Y", title and language. */
export async function wordDocument(d: { title: string; creator: string; description: string; subject: string; lang: string; header: string; body: (Block | Landscape)[] }): Promise<Uint8Array> {
  const furniture = (text: string) => new Paragraph({ style: 'Furniture', children: [new TextRun(clip(text, 140))] });
  const doc = new Document({
    title: d.title,
    creator: d.creator,
    lastModifiedBy: d.creator,
    description: d.description,
    subject: d.subject,
    // The contents and page numbers are laid out as Word lays them out and written with the document, so a\n    // reader that does not update fields (LibreOffice, a preview pane, a web viewer) shows them; Word can still update them.
    pageNumbers: PAGE_NUMBERS,
    numbering: { config: [{ reference: 'numbers', levels: [0, 1, 2].map((level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: mm(7 * (level + 1)), hanging: mm(5) } } } })) }] },
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 22, language: { value: d.lang } }, paragraph: { spacing: space(0, 120) } },
        title: { run: { font: 'Arial', color: '002D54', bold: true } },
        heading1: { run: { font: 'Arial', size: 48, bold: true, color: '002D54' }, paragraph: { spacing: space(240, 160), keepNext: true } },
        heading2: { run: { font: 'Arial', size: 34, bold: true, color: '002D54' }, paragraph: { spacing: space(360, 120), keepNext: true } },
        heading3: { run: { font: 'Arial', size: 28, bold: true, color: '002D54' }, paragraph: { spacing: space(240, 120), keepNext: true } },
        heading4: { run: { font: 'Arial', size: 24, bold: true, color: '002D54' }, paragraph: { spacing: space(200, 100), keepNext: true } },
        heading5: { run: { font: 'Arial', size: 22, bold: true, color: '002D54' }, paragraph: { keepNext: true } },
        heading6: { run: { font: 'Arial', size: 22, bold: true, italics: true, color: '002D54' }, paragraph: { keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Caption', name: 'Caption', basedOn: 'Normal', next: 'Normal', run: { bold: true, size: 20 }, paragraph: { spacing: space(120, 60), keepNext: true } },
        { id: 'Source', name: 'Source', basedOn: 'Normal', next: 'Normal', run: { size: 18, color: '4B4B4B' } },
        { id: 'Small', name: 'Small', basedOn: 'Normal', next: 'Normal', run: { size: 18, color: '4B4B4B' }, paragraph: { spacing: space(0, 0) } },
        { id: 'Notice', name: 'Notice', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: mm(4) }, border: { left: { style: 'single', size: 24, color: 'C05000', space: 8 } } } },
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 28, italics: true, color: '002D54' } },
        { id: 'Kicker', name: 'Kicker', basedOn: 'Normal', next: 'Normal', run: { bold: true, allCaps: true, color: '4B4B4B' } },
        { id: 'DraftMark', name: 'Draft mark', basedOn: 'Normal', next: 'Normal', run: { bold: true, color: 'B10E1E', size: 28 } },
        { id: 'ContentsTitle', name: 'Contents title', basedOn: 'Normal', next: 'Normal', run: { font: 'Arial', size: 34, bold: true, color: '002D54' }, paragraph: { spacing: space(0, 240), keepNext: true } },
        { id: 'Furniture', name: 'Header and footer', basedOn: 'Normal', run: { size: 16, color: '4B4B4B' } },
      ],
    },
    sections: sectionsOf(d.body).map(({ blocks, landscape }, i) => ({
      properties: {
        titlePage: i === 0,
        page: {
          size: { width: PAGE.width, height: PAGE.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: mm(18), bottom: mm(16), left: PAGE.side, right: PAGE.side, header: mm(8), footer: mm(8) },
        },
      },
      headers: { ...(i === 0 ? { first: new Header({ children: [new Paragraph('')] }) } : {}), default: new Header({ children: [furniture(d.header)] }) },
      footers: {
        ...(i === 0 ? { first: new Footer({ children: [new Paragraph('')] }) } : {}),
        default: new Footer({ children: [new Paragraph({ style: 'Furniture', alignment: AlignmentType.RIGHT, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }),
      },
      children: blocks,
    })),
  });
  return withLanguage(new Uint8Array(await Packer.toBuffer(doc)), d.lang);
}

/** Portrait and landscape runs of blocks, in order. */
function sectionsOf(body: (Block | Landscape)[]): { blocks: Block[]; landscape: boolean }[] {
  const out = [{ blocks: [] as Block[], landscape: false }];
  for (const b of body) {
    // A section ends with a paragraph holding its page set-up: one after a closing table keeps the table in it.
    if ('landscape' in b) out.push({ blocks: [...b.landscape, new Paragraph('')], landscape: true }, { blocks: [], landscape: false });
    else out[out.length - 1].blocks.push(b);
  }
  return out.filter((x, i) => x.blocks.length || i === 0);
}

/** The docx library sets the language of the text but not of the document: add dc:language to its core properties. */
function withLanguage(docx: Uint8Array, lang: string): Uint8Array {
  const files = unzipSync(docx);
  const core = strFromU8(files['docProps/core.xml']);
  if (core.includes('<dc:language>')) return docx;
  files['docProps/core.xml'] = strToU8(core.replace('</cp:coreProperties>', `<dc:language>${lang}</dc:language></cp:coreProperties>`));
  return zipSync(files);
}
