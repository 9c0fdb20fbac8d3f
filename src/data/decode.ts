import { Transform } from 'node:stream';

/** Windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to U+FFFD). */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

/** Decode Windows-1252 bytes; Node's own 'latin1' gets €, curly quotes and dashes wrong. */
export function decodeWindows1252(buf: Uint8Array): string {
  let out = '';
  for (let i = 0; i < buf.length; i += 8192) {
    const part = buf.subarray(i, i + 8192);
    const codes = new Array<number>(part.length);
    for (let j = 0; j < part.length; j++) {
      const b = part[j];
      codes[j] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Bytes as text in an encoding: a byte order mark is dropped; UTF-16 is Excel's "Unicode text". */
export function decodeBytes(buf: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(buf);
  return new TextDecoder(encoding, { ignoreBOM: false }).decode(buf);
}

/** Guess the encoding from the start of a file: a BOM or valid UTF-8 means UTF-8, otherwise Windows-1252. */
export function detectEncoding(head: Uint8Array): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Drop a possibly cut multi-byte sequence at the end of the sample.
  let end = head.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = head[end - k];
    if ((b & 0xc0) === 0xc0) {
      end -= k;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** A stream that turns bytes into text in the given encoding, dropping a UTF-8 byte order mark. */
export function createDecoder(encoding: Encoding): Transform {
  if (encoding === 'windows-1252') {
    return new Transform({
      transform(chunk: Buffer, _e, cb) {
        cb(null, decodeWindows1252(chunk));
      },
    });
  }
  const td = new TextDecoder(encoding, { ignoreBOM: false });
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      cb(null, td.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, td.decode());
    },
  });
}

/** The delimiter of a CSV header line: comma, semicolon or tab, whichever occurs most outside quotes. */
export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0][1] > 0 ? Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0] : ',') as ',' | ';' | '\t';
}
