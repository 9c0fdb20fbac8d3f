import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cjoip, fixture } from './helpers.js';
import { readFrameworkOnce } from '../src/read/read-framework.js';
import { cleanStrings } from '../src/core/words.js';

describe('frameworks as data', () => {
  it('lists the shipped frameworks', () => {
    const r = cjoip(['framework']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cjpf-2023/);
    expect(r.stdout).toMatch(/opif-2016/);
  });
  it('cjpf-2023 holds 9 outcomes, 10 indicators, 4 aims and 13 priority actions with verbatim wording', () => {
    const f = JSON.parse(cjoip(['framework', 'cjpf-2023', '--json']).stdout);
    expect(f.outcomes).toHaveLength(9);
    expect(f.indicators).toHaveLength(10);
    expect(f.aims).toHaveLength(4);
    expect(f.priority_actions).toHaveLength(13);
    // The example plan quotes the strategy's aims and priority actions as its own top two levels.
    const plan = parse(readFileSync('examples/ayrshire-2024-29/cjoip.yaml', 'utf8'));
    const titles = new Map<string, string>();
    const walk = (items: { id: string; title: string; items?: unknown[] }[] = []) => items.forEach((i) => (titles.set(i.id, i.title.replace(/\s+/g, ' ')), walk(i.items as never)));
    walk(plan.structure);
    const letters = (s = '') => s.toLowerCase().replace(/[^a-z]/g, '');
    for (const x of f.priority_actions) expect(letters(titles.get(x.id)).slice(0, 60), x.id).toBe(letters(x.title).slice(0, 60));
    for (const x of f.aims) expect(letters(titles.get(x.id)).slice(0, 30), x.id).toBe(letters(x.title).slice(0, 30));
    expect(f.aims.map((a: { priority_actions: string[] }) => a.priority_actions.length)).toEqual([2, 4, 4, 3]);
    const byId = Object.fromEntries(f.indicators.map((i: { id: string; status: string }) => [i.id, i.status]));
    expect(byId).toMatchObject({ NI1: 'verified', NI2: 'verified', NI3: 'verified', NI4: 'provisional', NI10: 'provisional' });
    const pa = Object.fromEntries(f.priority_actions.map((p: { id: string; outcomes: string[]; outcomes_status: string }) => [p.id, p]));
    expect(pa.PA1).toMatchObject({ outcomes: ['O1'], outcomes_status: 'verified' });
    expect(pa.PA5).toMatchObject({ outcomes: ['O4'], outcomes_status: 'inferred' });
    expect(pa.PA4.outcomes).toEqual([]);
    for (const x of [...f.aims, ...f.priority_actions, ...f.outcomes, ...f.indicators]) expect(x.source).toBeTruthy();
    // Sources are worded for the report's readers: nothing about how the tool's data were compiled.
    expect(JSON.stringify(f)).not.toMatch(/seed|primer|project/i);
    expect(f.indicators.find((i: { id: string }) => i.id === 'NI10').publication_lag).toBe(3);
  });
  it('opif-2016 holds 7 outcomes, structural and person-centric, and 4 priorities', () => {
    const f = JSON.parse(cjoip(['framework', 'opif-2016', '--json']).stdout);
    expect(f.outcomes.map((o: { kind: string }) => o.kind)).toEqual(['structural', 'structural', 'structural', 'structural', 'person-centric', 'person-centric', 'person-centric']);
    expect(f.priority_actions).toHaveLength(4);
  });
  it('shows ids and measures as text', () => {
    const r = cjoip(['framework', 'cjpf-2023']);
    expect(r.stdout).toContain('NI1.commenced');
    expect(r.stdout).toContain('PA13');
    expect(r.stdout).toMatch(/NI4 .*\[provisional\]/);
  });
  it('shows a framework file of the partnership’s own', () => {
    const dir = fixture({ 'my-framework.json': readFileSync('schemas/frameworks/opif-2016.json', 'utf8').replace('"id": "opif-2016"', '"id": "local-2026"') });
    const r = cjoip(['framework', path.join(dir, 'my-framework.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^local-2026: /);
  });
  it('an unknown framework suggests the nearest', () => {
    const r = cjoip(['framework', 'cjpf-2022']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean 'cjpf-2023'");
  });

  it('a framework file is read once while it is unchanged, and read again when it changes (the preview reloads plans as they are saved)', () => {
    const shipped = readFileSync('schemas/frameworks/cjpf-2023.json', 'utf8');
    const file = path.join(fixture({ 'framework.json': shipped }), 'framework.json');
    const first = readFrameworkOnce(file, 'framework.json');
    expect(first.framework?.id).toBe('cjpf-2023');
    expect(readFrameworkOnce(file, 'framework.json')).toBe(first);
    writeFileSync(file, shipped.replace('"id": "cjpf-2023"', '"id": "local-2023"'));
    const second = readFrameworkOnce(file, 'framework.json');
    expect(second).not.toBe(first);
    expect(second.framework?.id).toBe('local-2023');
  });

  it('strings are cleaned of control characters without copying what has none; a key named __proto__ stays a key', () => {
    const clean = { a: ['x', { b: 'y' }], n: 1 };
    expect(cleanStrings(clean)).toBe(clean);
    const dirty = { a: ['x', { b: 'y\u0007' }], keep: { c: 'z' } };
    const out = cleanStrings(dirty);
    expect(out).toEqual({ a: ['x', { b: 'y' }], keep: { c: 'z' } });
    expect(out.keep).toBe(dirty.keep);
    expect(dirty.a[1]).toEqual({ b: 'y\u0007' });
    const odd = JSON.parse('{"__proto__": "bell\\u0007"}');
    const cleaned = cleanStrings(odd);
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.keys(cleaned)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(cleaned, '__proto__')?.value).toBe('bell');
  });
});

describe('the JSON Schema', () => {
  it('the shipped schema is the one generated from the zod schema (no drift)', () => {
    const r = cjoip(['schema']);
    expect(r.code).toBe(0);
    expect(readFileSync('schemas/cjoip-plan.schema.json', 'utf8')).toBe(r.stdout);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.properties.plan.properties.levels.description).toMatch(/own names/);
  });
});
