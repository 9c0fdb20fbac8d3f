import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cjoip, fixture } from './helpers.js';

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
