/**
 * A quick reading of small CSV files in the regular shape exports have: one kind of line ending
 * throughout, each field either plain (no quote in it) or wholly quoted with doubled quotes inside,
 * and no line break inside a field. Such a file is split with the engine's own string functions,
 * which are fast from the first call; csv-parse, which reads a character at a time, is at its
 * slowest when a run has just started, and a run of `validate` reads its files only once.
 *
 * It gives exactly what csv-parse gives with cjoip's options (`bom`, `skip_empty_lines`,
 * `relax_column_count`, `info`): the records, each with the number of its line. Anything else (a
 * stray quote, text after a closing quote, a quoted line break, mixed or lone `\r` line endings)
 * gives `undefined`, and csv-parse reads the file, with its own errors or relaxations
 * (`test/quick-csv.test.ts` compares the two).
 */

export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** cjoip's csv-parse options: each record with its line number, the BOM and blank lines left out, rows of any length. */
export const csvParseOptions = (delimiter: string) => ({ delimiter, info: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as const;

/**
 * The records of a whole CSV text: split quickly when it is regular, else by csv-parse (loaded only
 * then), with `relaxQuotes` keeping a stray quote as text.
 */
export async function csvTextRecords(text: string, delimiter: string, relaxQuotes = false): Promise<CsvRecord[]> {
  return quickCsv(text, delimiter) ?? ((await import('csv-parse/sync')).parse(text, { ...csvParseOptions(delimiter), relax_quotes: relaxQuotes }) as unknown as CsvRecord[]);
}

const LONE_CR = /\r(?!\n)/;
const LONE_LF = /(?<!\r)\n/;

/** The records of `text`, or undefined when csv-parse must read it. */
export function quickCsv(text: string, delimiter: string): CsvRecord[] | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Line endings all \n, or all \r\n (csv-parse keeps to the first kind it meets): no lone \r, and
  // with \r\n, no lone \n.
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  if (LONE_CR.test(body) || (newline === '\r\n' && LONE_LF.test(body))) return undefined;
  const lines = body.split(newline);
  const out: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const record = line.includes('"') ? quotedFields(line, delimiter) : line.split(delimiter);
    if (!record) return undefined;
    out.push({ record, info: { lines: i + 1 } });
  }
  return out;
}

/** The fields of a line with quotes in it, each plain or wholly quoted; undefined for any other shape. */
function quotedFields(line: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line.startsWith('"', at)) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const close = line.indexOf('"', from);
        if (close < 0) return undefined; // not closed on this line: a line break inside, or damage
        value += line.slice(from, close);
        if (line.startsWith('"', close + 1)) {
          value += '"';
          from = close + 2;
          continue;
        }
        at = close + 1;
        break;
      }
      fields.push(value);
      if (at === line.length) return fields;
      if (!line.startsWith(delimiter, at)) return undefined; // text after the closing quote
      at += delimiter.length;
      continue;
    }
    const end = line.indexOf(delimiter, at);
    const value = end < 0 ? line.slice(at) : line.slice(at, end);
    if (value.includes('"')) return undefined; // a quote inside a plain field
    fields.push(value);
    if (end < 0) return fields;
    at = end + delimiter.length;
  }
}
