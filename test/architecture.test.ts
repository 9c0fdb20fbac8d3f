import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

/** Every TypeScript source file under src/, relative to it, with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [path.relative(SRC, p).split(path.sep).join('/')] : [];
  });
}

/** The project files a source file imports, statically, as types, or dynamically. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s.replace(/\.js$/, '.ts'))));
}

/** Strongly connected components of more than one file (or a file importing itself): the import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the layout of the source', () => {
  const files = sourceFiles();
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('every import names a file that exists', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${f} → ${d}`));
    expect(missing).toEqual([]);
  });

  it('has no import cycle between any source files, type imports included', () => {
    // A cycle made on purpose fails the check, so the check itself is real.
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(graph)).toEqual([]);
  });

  it('has no source file over 400 lines', () => {
    const long = files.map((f) => ({ f, lines: readFileSync(path.join(SRC, f), 'utf8').split('\n').length })).filter((x) => x.lines > 400);
    expect(long).toEqual([]);
  });

  it('writes each output format in one place, for the partnership report and the national picture alike', () => {
    const formatFiles = ['render/markdown.ts', 'render/html.ts', 'render/pdf.ts', 'render/word.ts', 'render/csv.ts', 'render/charts/line.ts', 'render/charts/dot-plot.ts', 'render/escape.ts'];
    for (const f of formatFiles) expect(files).toContain(f);
    // No format file outside render/, and no second file of a format's name anywhere.
    const formatNames = /(^|\/)(docx|word|chart|charts|render|markdown|html|pdf)\.ts$/;
    expect(files.filter((f) => !f.startsWith('render/') && formatNames.test(f))).toEqual([]);
    // Both reports reach each format through the same file.
    for (const f of ['render/markdown.ts', 'render/html.ts', 'render/word.ts']) {
      const text = readFileSync(path.join(SRC, f), 'utf8');
      expect(text).toMatch(/export (async )?function renderReport/);
      expect(text).toMatch(/export (async )?function renderNational/);
    }
    // The stages that build models import no format, and no command.
    const builders = files.filter((f) => /^(report|national|data|check|read|core)\//.test(f));
    const wrong = builders.flatMap((f) => graph.get(f)!.filter((d) => d.startsWith('render/') || d.startsWith('commands/')).map((d) => `${f} → ${d}`));
    expect(wrong).toEqual([]);
  });
});

describe('the built files', () => {
  it('`validate` loads only ASCII: a file with one other character is read and parsed as two-byte text, slower at every start', () => {
    const dist = path.join(ROOT, 'dist');
    const start = ['cli.js', ...readdirSync(dist).filter((f) => /^validate-[A-Z0-9]+\.js$/.test(f))];
    expect(start).toHaveLength(2);
    // The files `validate` loads: the command line, the command, and what they import statically.
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const m of readFileSync(path.join(dist, f), 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gm)) visit(m[1] ?? m[2]);
    };
    start.forEach(visit);
    expect(seen.size).toBeGreaterThan(10);
    const other = [...seen].flatMap((f) => {
      const text = readFileSync(path.join(dist, f), 'utf8');
      const i = text.search(/[^\x00-\x7f]/);
      return i < 0 ? [] : [`${f}: …${text.slice(Math.max(0, i - 40), i + 10)}…`];
    });
    expect(other).toEqual([]);
  });
});
