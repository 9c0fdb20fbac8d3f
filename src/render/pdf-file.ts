import { inflateSync } from 'node:zlib';

/** A parsed view of a classic-xref PDF: where each object's newest version starts and ends. */
export class PdfFile {
  readonly text: string;
  private readonly objects = new Map<number, { start: number; end: number }>();
  /** Streams already inflated: the contents' numbers and the finishing read the same page streams. */
  private readonly inflated = new Map<number, { dict: string; data: string } | undefined>();
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
    if (!this.inflated.has(num)) this.inflated.set(num, this.inflate(num));
    return this.inflated.get(num);
  }

  private inflate(num: number): { dict: string; data: string } | undefined {
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

/** The content stream objects of a page. */
export function pageContents(d: string): number[] {
  const one = /\/Contents (\d+) 0 R/.exec(d);
  return one ? [Number(one[1])] : [...(/\/Contents \[([^\]]*)\]/.exec(d)?.[1].matchAll(/(\d+) 0 R/g) ?? [])].map((m) => Number(m[1]));
}

/** A PDF parsed once, however many things are read from it. */
export const parsedPdf = (pdf: Uint8Array | PdfFile): PdfFile => (pdf instanceof PdfFile ? pdf : new PdfFile(Buffer.from(pdf)));
