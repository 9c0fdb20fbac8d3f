import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvParseOptions, quickCsv } from '../src/data/quick-csv.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function csvFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const f = path.join(dir, name);
    if (statSync(f).isDirectory()) csvFiles(f, out);
    else if (/\.csv$/i.test(name)) out.push(f);
  }
  return out;
}

/** csv-parse with cjoip's options (a table's reading also relaxes quotes), or the error it throws. */
function csvParse(text: string, delimiter: string, relaxQuotes: boolean): unknown {
  try {
    const records = parse(text, { ...csvParseOptions(delimiter), relax_quotes: relaxQuotes }) as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ record: r.record, info: { lines: r.info.lines } }));
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

/** Whenever the quick reading gives records, csv-parse gives the same, with or without relaxed quotes. */
function agrees(text: string, delimiter = ','): boolean {
  const quick = quickCsv(text, delimiter);
  if (!quick) return false;
  expect(quick, JSON.stringify(text)).toStrictEqual(csvParse(text, delimiter, false));
  expect(quick, JSON.stringify(text)).toStrictEqual(csvParse(text, delimiter, true));
  return true;
}

/** A small seeded generator, so that every run tries the same variants. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the quick CSV reading', () => {
  it('reads every CSV file of the examples and tests as csv-parse does', () => {
    const files = [...csvFiles(path.join(ROOT, 'examples')), ...csvFiles(path.join(ROOT, 'test'))];
    let quick = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const d of [',', ';', '\t']) if (agrees(text, d) && d === ',') quick++;
    }
    // Most files are read quickly: the examples' data among them.
    expect(quick).toBeGreaterThan(files.length / 2);
    for (const f of csvFiles(path.join(ROOT, 'examples', 'ayrshire-2024-29', 'data'))) expect(quickCsv(readFileSync(f, 'utf8'), ','), f).toBeDefined();
  });

  it('leaves every irregular shape to csv-parse, and reads the regular ones as it does', () => {
    const regular = ['a,b\n1,2\n', 'a,b\r\n1,2\r\n', '\ufeffa,b\n1,2', 'a,b\n\n\n1,2\n\n', 'a,"b ""c"", d",e\n', '"",x,""\n', 'a,\n,b\n,,\n', '  \nx', '"a,b",c', 'x,"y"'];
    for (const t of regular) expect(agrees(t), JSON.stringify(t)).toBe(true);
    // Stray or trailing quotes, a line break inside quotes, lone or mixed \r: csv-parse's own reading (or error) stands.
    const irregular = ['a,b"c\n', 'a,"b"c\n', ' "b",c', '"a" ,b', '"a\nb",c\nd', '"open,x\n', 'a,b\r\n1,2\n3,4', 'a,b\n1,2\r\n3,4', 'a\rb\rc', 'a,b\r\r\nc'];
    for (const t of irregular) expect(quickCsv(t, ','), JSON.stringify(t)).toBeUndefined();
  });

  it('agrees with csv-parse on 3,000 seeded variants, whenever it reads one', () => {
    const next = random(20261201);
    const pieces = ['a', 'b c', '12', '3.5', '', ' ', '"', '""', '"x"', '"x,y"', '"q""r"', ',', ';', '\t', '\n', '\r\n', '\r', '\ufeff', 'é', '[x]'];
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = 1 + Math.floor(next() * 24);
      for (let j = 0; j < n; j++) text += pieces[Math.floor(next() * pieces.length)];
      for (const d of [',', ';', '\t']) if (agrees(text, d)) read++;
    }
    // The variants are not all left to csv-parse.
    expect(read).toBeGreaterThan(800);
  });
});
