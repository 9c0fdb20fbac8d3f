import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, parseYamlText, readFully } from '../src/read/parse-yaml.js';
import { quickYaml } from '../src/read/quick-yaml.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Every YAML file shipped or used by the tests. */
function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const f = path.join(dir, name);
    if (statSync(f).isDirectory()) yamlFiles(f, out);
    else if (/\.ya?ml$/.test(name)) out.push(f);
  }
  return out;
}

/**
 * Whenever the quick reading gives a value, the full reading (the yaml library, with positions,
 * warnings and errors) must give the same value and have nothing at all to say.
 */
function agrees(text: string, places = true): boolean {
  const quick = quickYaml(text, MAX_ALIASES);
  if (!quick) return false;
  const full = readFully(text, 'plan.yaml');
  expect(full.findings, text).toEqual([]);
  expect(quick.value, text).toStrictEqual(full.value);
  if (!places) return true;
  // Every key and value is placed where the full reading places it, and so is a path that is not there.
  const parsed = parseYamlText(text, 'plan.yaml');
  for (const p of [...paths(full.value), ['plan', 'no such key'], ['data', 99]])
    for (const which of ['key', 'value', undefined] as const) expect(parsed.locate(p, which), `${JSON.stringify(p)} ${which}`).toEqual(full.locate(p, which));
  return true;
}

/** Every path to a key or item of a plain value. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...at, i]), paths(x, [...at, i], out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push([...at, k]), paths(x, [...at, k], out));
  return out;
}

/** A small seeded generator, so that every run tries the same variants. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const EXAMPLE = readFileSync(path.join(ROOT, 'examples', 'ayrshire-2024-29', 'cjoip.yaml'), 'utf8');

describe('the quick reading of plain YAML', () => {
  it('reads the example plans quickly, to the value the full reading gives', () => {
    const files = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test'))];
    expect(files.length).toBeGreaterThan(3);
    const quick = files.filter((f) => agrees(readFileSync(f, 'utf8')));
    expect(quick).toContain(path.join(ROOT, 'examples', 'ayrshire-2024-29', 'cjoip.yaml'));
  });

  it('scalars as values and as keys: read alike, or left to the full reading', () => {
    const scalars = [
      '1', '0', '-3', '+3', '007', '1.5', '-0.25', '.5', '1.', '1e3', '1E-2', '1_000', '0x1F', '0o17', '0b101', '017', '1:20', '12345678901234567890',
      '.inf', '-.Inf', '.NaN', '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'yes', 'No', 'on', 'off', 'y', 'n',
      '2024-25', '2025-09-30', '2025-09-30T10:00:00Z', '30 September 2025', '<<', '=', '-', 'a - b', 'x: y', "'q'", '"d"', '"\\u00e9"', "'it''s'",
      'text # comment', 'two words # a note', 'text #note', 'text#hash', '', 'a, b', '[A b, c d]', '[East Ayrshire, North Ayrshire]', '[Big town, small place]', '{a: 1}', '&x 1', '*x', '!!str 1', '!local x', '|\n  block\n', '>\n  folded\n  text\n',
      'é', '💡', '#', '@at', '`tick`', '%pct', 'a\tb',
    ];
    let quick = 0;
    for (const s of scalars) {
      for (const doc of [`key: ${s}\n`, `${s}: value\n`, `list:\n  - ${s}\n  - two\n`, `flow: [${s}, other]\n`]) if (agrees(doc)) quick++;
    }
    expect(quick).toBeGreaterThan(scalars.length);
  });

  it('hundreds of variants of the example plan: read alike, or left to the full reading', () => {
    const next = random(20261201);
    const lines = EXAMPLE.split('\n');
    const snippets = [' # note', '#x', ': x', '\t', '"', "'", ' [a, b]', ' [Aa b, cc d]', '- ', '&a ', '*a', '!tag ', '0x1F', '1_000', '1e3', '.5', '~', 'Yes', 'null', '2024-25', '<<: ', '? ', '{a: 1}', '---', '%YAML 1.1', 'key: 1', '  ', '\\', '|', '>', ',', '[', ']', '{', '}', '%', '@', '`', '\r', '\u00a0', '\ufeff'];
    let quick = 0;
    const tries = 400;
    for (let i = 0; i < tries; i++) {
      const copy = [...lines];
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * copy.length);
        const line = copy[at];
        const col = Math.floor(next() * (line.length + 1));
        const kind = next();
        if (kind < 0.6) copy[at] = line.slice(0, col) + snippets[Math.floor(next() * snippets.length)] + line.slice(col);
        else if (kind < 0.75) copy[at] = line.slice(0, col) + line.slice(col + 1);
        else if (kind < 0.85) copy.splice(at, 0, line);
        else if (kind < 0.95) copy[at] = line.replace(/^ {2}/, next() < 0.5 ? '' : '    ');
        else copy.splice(at, 1);
      }
      // Every fourth variant is placed path by path too (each takes a full reading per path).
      if (agrees(copy.join(next() < 0.1 ? '\r\n' : '\n'), i % 4 === 0)) quick++;
    }
    // The variants are near misses of a plan: many stay plain enough to be read quickly.
    expect(quick).toBeGreaterThan(tries / 4);
  });

  it('places most keys and values of the example plan itself, without the full reading', () => {
    const quick = quickYaml(EXAMPLE, MAX_ALIASES)!;
    const all = paths(quick.value);
    const placed = all.filter((p) => quick.locate(p, 'key') !== undefined || quick.locate(p, 'value') !== undefined);
    expect(placed.length).toBeGreaterThan(all.length * 0.8);
  });

  it('a plan read quickly still places a finding where the full reading would', () => {
    const text = 'plan:\n  name: Example\n  areas: [Dundee City]\n';
    expect(quickYaml(text, MAX_ALIASES)).toBeDefined();
    const parsed = parseYamlText(text, 'cjoip.yaml');
    expect(parsed.locate(['plan', 'areas', 0], 'value')).toEqual(readFully(text, 'cjoip.yaml').locate(['plan', 'areas', 0], 'value'));
    expect(parsed.place({ severity: 'error', code: 'x', message: 'm', path: ['plan', 'name'], at: 'value' })).toMatchObject({ file: 'cjoip.yaml', line: 2, column: 9 });
  });
});
