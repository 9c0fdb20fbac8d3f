import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Chromium draws the running header and footer of each page after all the tagged body content,
 * outside any marked-content sequence. This wraps each of those text objects in
 * `/Artifact <</Type /Pagination>> BDC … EMC`, so that assistive technology treats them as page
 * furniture, never as body text. The change is written as a PDF incremental update: the original
 * bytes stay as they are and new versions of the page content streams are appended.
 * Returns the input unchanged when the file is not laid out as expected (no classic xref table).
 */
export function markPageFurnitureAsArtifacts(pdf: Uint8Array): { pdf: Uint8Array; pages: number } {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  const trailer = [...text.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref/g)].pop();
  if (!startxref || !trailer || !/\/Root \d+ 0 R/.test(trailer[1])) return { pdf, pages: 0 };
  const size = Number(/\/Size (\d+)/.exec(trailer[1])?.[1]);
  const contents = [...text.matchAll(/\n(\d+) 0 obj\s*<<\/Type \/Page\b[\s\S]*?\/Contents (\d+) 0 R[\s\S]*?endobj/g)].map((m) => Number(m[2]));
  const appended: { num: number; bytes: Buffer }[] = [];
  for (const num of contents) {
    const head = new RegExp(`\\n${num} 0 obj\\s*<<([\\s\\S]*?)>>\\s*stream\\r?\\n`).exec(text);
    if (!head) return { pdf, pages: 0 };
    const dict = head[1];
    const length = Number(/\/Length (\d+)(?! \d+ R)/.exec(dict)?.[1]);
    if (!Number.isFinite(length) || !/\/Filter \/FlateDecode/.test(dict)) return { pdf, pages: 0 };
    const start = head.index + head[0].length;
    const content = inflateSync(buf.subarray(start, start + length)).toString('latin1');
    const marked = wrapTrailingFurniture(content);
    if (marked === undefined) continue;
    const data = deflateSync(Buffer.from(marked, 'latin1'));
    const newDict = dict.replace(/\/Length \d+/, `/Length ${data.length}`);
    appended.push({ num, bytes: Buffer.concat([Buffer.from(`${num} 0 obj\n<<${newDict}>> stream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]) });
  }
  if (!appended.length) return { pdf, pages: 0 };
  const parts: Buffer[] = [buf, Buffer.from(buf[buf.length - 1] === 0x0a ? '' : '\n', 'latin1')];
  let offset = parts[0].length + parts[1].length;
  const xref: string[] = [];
  for (const a of appended) {
    xref.push(`${a.num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
    parts.push(a.bytes);
    offset += a.bytes.length;
  }
  const keep = ['Root', 'Info', 'ID'].map((k) => new RegExp(`/${k}\\s*(\\d+ 0 R|\\[[^\\]]*\\])`).exec(trailer[1])).filter(Boolean).map((m) => m![0]);
  parts.push(Buffer.from(`xref\n${xref.join('')}trailer\n<</Size ${size} ${keep.join(' ')} /Prev ${startxref[1]}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return { pdf: new Uint8Array(Buffer.concat(parts)), pages: appended.length };
}

/** Tokens of a content stream, skipping strings and dictionaries so that their bytes are never read as operators. */
function operatorPositions(s: string, from: number): { op: string; at: number }[] {
  const out: { op: string; at: number }[] = [];
  let i = from;
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
      i = close < 0 ? s.length : close + 1;
    } else if (/[A-Za-z'"*]/.test(c) && (i === 0 || /[\s\]>)]/.test(s[i - 1]))) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9'"*]/.test(s[j])) j++;
      out.push({ op: s.slice(i, j), at: i });
      i = j;
    } else i++;
  }
  return out;
}

/** Mark each text object drawn after the last marked-content sequence (the header and footer) as an artifact. */
export function wrapTrailingFurniture(content: string): string | undefined {
  const lastEmc = content.lastIndexOf('EMC');
  if (lastEmc < 0) return undefined;
  const ops = operatorPositions(content, lastEmc + 3);
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < ops.length; i++) {
    if (ops[i].op !== 'BT') continue;
    const et = ops.findIndex((o, j) => j > i && o.op === 'ET');
    if (et < 0) break;
    const end = ops[et].at + 2;
    pieces.push(content.slice(from, ops[i].at), '/Artifact <</Type /Pagination>> BDC\n', content.slice(ops[i].at, end), '\nEMC');
    from = end;
    i = et;
  }
  if (!pieces.length) return undefined;
  pieces.push(content.slice(from));
  return pieces.join('');
}
