import { Transform, type TransformCallback } from 'node:stream';
import type { DataSourceSpec } from '../core/plan-schema.js';
import { norm } from './cells.js';

/**
 * Which lines of a statistics.gov.scot extract could hold a figure the plan asks for, decided
 * before the line is split into fields: a line is kept when, for some `measures:` entry, every
 * value of its `where:` is in the line as a whole field (between delimiters, quotes or spaces), as
 * many times as the entry names it. The test never drops a line that matches (a value found in
 * another column, or inside a quoted field, only keeps more lines); a line it cannot judge (a tab,
 * a no-break space or a run of spaces, which the comparison folds) is kept. `seen` collects the values met as whole fields, kept or not, for the plan-line check.
 */
export function wherePrefilter(source: DataSourceSpec, delimiter: string): { keep: (line: string) => boolean; seen: Set<string> } | undefined {
  if (source.layout !== 'statistics-gov-scot' || !source.measures?.length) return undefined;
  const rules = source.measures.map((m) => {
    const counts = new Map<string, number>();
    for (const v of Object.values(m.where ?? {})) counts.set(norm(v), (counts.get(norm(v)) ?? 0) + 1);
    return [...counts];
  });
  // A rule without where: takes every line; a value holding a quote or the delimiter cannot be found this way.
  if (rules.some((r) => !r.length || r.some(([v]) => !v || v.includes('"') || v.includes(delimiter))) || /\s/.test(delimiter)) return undefined;
  const values = [...new Set(rules.flatMap((r) => r.map(([v]) => v)))];
  const seen = new Set<string>();
  const bound = (ch: string | undefined) => ch === undefined || ch === delimiter || ch === '"' || ch === ' ' || ch === '\r' || ch === '\t';
  const occurrences = (line: string, v: string) => {
    let n = 0;
    for (let i = line.indexOf(v); i >= 0; i = line.indexOf(v, i + 1)) if (bound(i === 0 ? undefined : line[i - 1]) && bound(line[i + v.length])) n++;
    return n;
  };
  return {
    seen,
    keep: (raw) => {
      // Whitespace a field's comparison folds (a tab, a no-break space, a run of spaces): judged by the parser.
      if (/[^\S ]|  /.test(raw)) return true;
      const line = raw.toLowerCase();
      const found = new Map<string, number>();
      for (const v of values) {
        const n = occurrences(line, v);
        found.set(v, n);
        if (n) seen.add(v);
      }
      return rules.some((r) => r.every(([v, k]) => (found.get(v) ?? 0) >= k));
    },
  };
}

/**
 * Lines a prefilter does not keep are passed on empty (so every later line keeps its number, and
 * the CSV parser skips them without splitting them), counted in `skipped`. The first line with text
 * (the header) always passes, and so does every line of a record whose quotes span lines.
 */
export class SkipLines extends Transform {
  skipped = 0;
  private rest = '';
  private header = false;
  private inQuotes = false;

  constructor(private keep: (line: string) => boolean) {
    super({ readableObjectMode: false, writableObjectMode: false, decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(chunk: string | Buffer, _: BufferEncoding, done: TransformCallback): void {
    let text = this.rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    if (!this.header && !this.rest && text.startsWith('\uFEFF')) text = text.slice(1);
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.rest = text;
      return done();
    }
    this.rest = text.slice(end + 1);
    done(null, this.sift(text.slice(0, end + 1)));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.rest ? this.sift(this.rest) : '');
  }

  private sift(block: string): string {
    const out: string[] = [];
    let from = 0;
    while (from < block.length) {
      let nl = block.indexOf('\n', from);
      if (nl < 0) nl = block.length - 1;
      const line = block.slice(from, nl + 1);
      from = nl + 1;
      const quotes = line.split('"').length - 1;
      if (this.inQuotes || quotes % 2 === 1 || !this.header) {
        if (quotes % 2 === 1) this.inQuotes = !this.inQuotes;
        if (line.trim()) this.header = true;
        out.push(line);
      } else if (this.keep(line.replace(/\r?\n$/, ''))) out.push(line);
      else {
        this.skipped++;
        out.push(line.endsWith('\n') ? '\n' : '');
      }
    }
    return out.join('');
  }
}
