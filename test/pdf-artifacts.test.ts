import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { markPageFurnitureAsArtifacts, wrapTrailingFurniture } from '../src/report/pdf-artifacts.js';

describe('page furniture as artifacts', () => {
  it('wraps each text object after the last marked content, whatever the q/Q nesting around it', () => {
    const content = 'q\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\nBT (Header \\) ET Q) Tj ET Q Q\nq 0 0 9 9 re W n q BT <0033> Tj ET Q Q\n';
    const out = wrapTrailingFurniture(content)!;
    expect(out).toBe('q\n/P <</MCID 0>> BDC\nBT (Body) Tj ET\nEMC\n/Artifact <</Type /Pagination>> BDC\nBT (Header \\) ET Q) Tj ET\nEMC Q Q\nq 0 0 9 9 re W n q /Artifact <</Type /Pagination>> BDC\nBT <0033> Tj ET\nEMC Q Q\n');
  });
  it('leaves pages without trailing text alone', () => {
    expect(wrapTrailingFurniture('q /P <</MCID 0>> BDC BT (x) Tj ET EMC Q')).toBeUndefined();
    expect(wrapTrailingFurniture('BT (x) Tj ET')).toBeUndefined();
  });
  it('appends an incremental update and keeps the original bytes', () => {
    const stream = deflateSync(Buffer.from('q /P <</MCID 0>> BDC BT (x) Tj ET EMC BT (Page 1) Tj ET Q', 'latin1'));
    const head = '%PDF-1.4\n1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages /Kids [3 0 R] /Count 1>>\nendobj\n3 0 obj\n<</Type /Page\n/Contents 4 0 R\n/Parent 2 0 R>>\nendobj\n';
    const body = Buffer.concat([Buffer.from(`${head}4 0 obj\n<</Filter /FlateDecode\n/Length ${stream.length}>> stream\n`, 'latin1'), stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    const xrefAt = body.length;
    const pdf = Buffer.concat([body, Buffer.from(`xref\n0 5\n0000000000 65535 f \ntrailer\n<</Size 5\n/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF`, 'latin1')]);
    const { pdf: out, pages } = markPageFurnitureAsArtifacts(pdf);
    expect(pages).toBe(1);
    const text = Buffer.from(out).toString('latin1');
    expect(Buffer.from(out).subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(text).toMatch(new RegExp(`trailer\\n<</Size 5 /Root 1 0 R /Prev ${xrefAt}>>\\nstartxref\\n\\d+\\n%%EOF\\n$`));
    const at = Number(/xref\n4 1\n(\d{10}) 00000 n/.exec(text)![1]);
    expect(text.slice(at, at + 9)).toBe('4 0 obj\n<');
  });
  it('returns a file it does not understand unchanged', () => {
    const odd = new Uint8Array(Buffer.from('%PDF-1.7 with an xref stream only', 'latin1'));
    expect(markPageFurnitureAsArtifacts(odd).pdf).toBe(odd);
  });
});
