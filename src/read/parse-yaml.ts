import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Finding, PathFinding } from '../core/findings.js';

/** Keys that could reach an object's prototype; never accepted from a file. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Aliases allowed in one document: enough for anchors in a plan, too few for an alias bomb. */
const MAX_ALIASES = 200;

export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedYaml {
  file: string;
  value: unknown;
  findings: Finding[];
  /** Position of the key (or value) at a path; falls back to the nearest existing parent. */
  locate(path: (string | number)[], at?: 'key' | 'value'): Position;
  /** Turn a finding with a path into one with a file position. */
  place(f: PathFinding): Finding;
}

/** Parse YAML text into a plain value plus findings with positions. Pure: no IO. */
export function parseYamlText(text: string, file: string): ParsedYaml {
  const lc = new LineCounter();
  const findings: Finding[] = [];
  const at = (offset: number, endOffset = offset + 1): Position => {
    const s = lc.linePos(offset);
    const e = lc.linePos(Math.max(endOffset, offset + 1));
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
  };
  const fail = (code: string, message: string, hint: string, pos?: Position): ParsedYaml => {
    findings.push({ severity: 'error', code, message, hint, file, ...(pos ?? { line: 1, column: 1 }) });
    return { file, value: undefined, findings, locate: () => pos ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }, place: (f) => ({ ...strip(f), file, line: 1, column: 1 }) };
  };

  if (text.trim() === '') return fail('empty-file', 'The file is empty.', 'Write the plan, or run `cjoip init` to scaffold one.');
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return fail('binary-file', 'The file is binary, not YAML text.', 'Point cjoip at the plan file (cjoip.yaml), a text file.');

  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
  for (const err of doc.errors) {
    let pos = at(err.pos[0], err.pos[1]);
    let { code, message, hint } = describeYamlError(err.code, err.message);
    if (code === 'duplicate-key') {
      const key = /^["']?([^:"'\n]+?)["']?\s*:/.exec(text.slice(err.pos[0]))?.[1];
      if (key) {
        message = `The key '${key}' appears twice in the same mapping.`;
        pos = at(err.pos[0], err.pos[0] + key.length);
      }
    }
    findings.push({ severity: 'error', code, message, hint, file, ...pos });
  }
  for (const w of doc.warnings) {
    findings.push({ severity: 'warning', code: 'yaml-warning', message: firstLine(w.message), file, ...at(w.pos[0], w.pos[1]) });
  }

  const locateNode = (path: (string | number)[], which: 'key' | 'value'): Position => {
    let node: unknown = doc.contents;
    let last: Position = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const rangeOf = (n: unknown) => (n as Node | null)?.range;
    const r0 = rangeOf(node);
    if (r0) last = at(r0[0], r0[1]);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return last;
        const kr = rangeOf(pair.key);
        const vr = rangeOf(pair.value);
        if (isLast && which === 'key' && kr) return at(kr[0], kr[1]);
        if (vr) last = at(vr[0], vr[1]);
        else if (kr) last = at(kr[0], kr[1]);
        if (isLast && !vr && kr) return at(kr[0], kr[1]);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        const r = rangeOf(item);
        if (!item || !r) return last;
        last = at(r[0], r[1]);
        node = item;
      } else {
        return last;
      }
    }
    return last;
  };

  // A duplicate key leaves a usable document (the first value counts), so later stages still run
  // and report everything else; any other error stops here.
  if (findings.some((f) => f.severity === 'error' && f.code !== 'duplicate-key')) {
    return { file, value: undefined, findings, locate: locateNode, place: (f) => place(f, file, locateNode) };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const firstAlias = text.search(/\*[A-Za-z0-9_-]/);
    findings.push({
      severity: 'error',
      code: 'alias-bomb',
      message: `The file expands aliases too many times (${(e as Error).message}).`,
      hint: `Use at most ${MAX_ALIASES} aliases (*name); write the repeated text out instead.`,
      file,
      ...(firstAlias >= 0 ? at(firstAlias) : { line: 1, column: 1 }),
    });
  }
  // Plain JS keeps `__proto__` as an own key (yaml defines it, never assigns it), so a walk of the
  // value finds forbidden keys more cheaply than visiting the YAML nodes.
  if (value !== undefined) {
    for (const path of forbiddenKeyPaths(value)) {
      const pos = locateNode(path, 'key');
      findings.push({ severity: 'error', code: 'forbidden-key', message: `The key '${String(path[path.length - 1])}' is not allowed.`, hint: 'Rename or remove this key; it could change how the data is read.', file, ...pos });
    }
    if (findings.some((f) => f.code === 'forbidden-key')) value = undefined;
  }
  return { file, value, findings, locate: locateNode, place: (f) => place(f, file, locateNode) };
}

/** Paths of every forbidden key in a plain value. */
function forbiddenKeyPaths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => forbiddenKeyPaths(x, [...path, i], out));
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) out.push([...path, k]);
      else forbiddenKeyPaths((v as Record<string, unknown>)[k], [...path, k], out);
    }
  return out;
}

function strip(f: PathFinding) {
  return { severity: f.severity, code: f.code, message: f.message, hint: f.hint };
}

function place(f: PathFinding, file: string, locate: (p: (string | number)[], at: 'key' | 'value') => Position): Finding {
  return { ...strip(f), file, ...locate(f.path, f.at ?? 'key') };
}

const firstLine = (s: string) => s.split('\n')[0];

function describeYamlError(code: string, message: string): { code: string; message: string; hint: string } {
  switch (code) {
    case 'DUPLICATE_KEY':
      return { code: 'duplicate-key', message: 'This key appears twice in the same mapping.', hint: 'Remove or rename one of the two; YAML keeps only one value per key.' };
    case 'TAB_AS_INDENT':
      return { code: 'tab-indent', message: 'A tab is used for indentation.', hint: 'YAML allows only spaces for indentation: replace tabs with spaces.' };
    default:
      if (/tab/i.test(message)) return { code: 'tab-indent', message: 'A tab is used where YAML allows only spaces.', hint: 'Replace tabs with spaces.' };
      return { code: 'yaml-syntax', message: `YAML syntax error: ${firstLine(message)}`, hint: 'Check indentation, colons and quotes around this point.' };
  }
}
