/* The peer for the data benchmark: csv-parse alone counting a file's records, streamed. */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let n = 0;
for await (const _ of createReadStream(process.argv[2]).pipe(parse({ bom: true, relax_column_count: true }))) n++;
console.log(n);
