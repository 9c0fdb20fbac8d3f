import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type * as YamlLibrary from './yaml-library.js';
import { append, type Finding, type PathFinding } from '../core/findings.js';
import { clip as clipText } from '../core/words.js';
import { requireBuilt } from './load-reference.js';
import { quickYaml } from './quick-yaml.js';

/** Keys that could reach an object's prototype; never accepted from a file. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Aliases allowed in one document: enough for anchors in a plan, too few for an alias bomb. */
export const MAX_ALIASES = 200;
/** Nesting allowed in one document: a plan needs about fifteen levels; more is a mistake or an attack. */
export const MAX_DEPTH = 64;

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

let library: typeof YamlLibrary | undefined;
/**
 * The yaml library, loaded the first time a file is read in full. The build makes it one file
 * (dist/yaml-library.cjs, see yaml-library.ts), which loads several times faster than the package's
 * own files; run from the sources before a build, the package itself is loaded.
 */
function yaml(): typeof YamlLibrary {
  library ??= requireBuilt<typeof YamlLibrary>('yaml-library.cjs') ?? (createRequire(import.meta.url)('yaml') as typeof YamlLibrary);
  return library;
}

/** Parse YAML text into a plain value plus findings with positions. Pure: no IO. */
export function parseYamlText(text: string, file: string): ParsedYaml {
  const findings: Finding[] = [];
  const fail = (code: string, message: string, hint: string, pos?: Position): ParsedYaml => {
    findings.push({ severity: 'error', code, message, hint, file, ...(pos ?? { line: 1, column: 1 }) });
    return { file, value: undefined, findings, locate: () => pos ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }, place: (f) => ({ ...strip(f), file, line: 1, column: 1 }) };
  };

  if (text.trim() === '') return fail('empty-file', 'The file is empty.', 'Write the plan, or run `cjoip init` to scaffold one.');
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return fail('binary-file', 'The file is binary, not YAML text.', 'Point cjoip at the plan file (cjoip.yaml), a text file.');

  // Most plans are plain block YAML with nothing to report: read quickly, and read in full (with
  // every node's position) only when a finding needs a place the quick reading cannot give (a key or
  // a scalar it can). Anything else is read in full now.
  const quick = quickYaml(text, MAX_ALIASES);
  if (quick && !forbiddenKeyPaths(quick.value).length) {
    let full: ParsedYaml | undefined;
    const locate = (p: (string | number)[], which?: 'key' | 'value'): Position => quick.locate(p, which === 'key' ? 'key' : 'value') ?? (full ??= readFully(text, file)).locate(p, which);
    return { file, value: quick.value, findings: [], locate, place: (f) => place(f, file, locate) };
  }
  return readFully(text, file);
}

/** Read YAML text with the yaml library: the value, every finding, and each node's position. Exported for the tests, which compare it with the quick reading. */
export function readFully(text: string, file: string): ParsedYaml {
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const findings: Finding[] = [];
  const lc: LineCounter = new LineCounter();
  const at = (offset: number, endOffset = offset + 1): Position => {
    const s = lc.linePos(offset);
    const e = lc.linePos(Math.max(endOffset, offset + 1));
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
  };

  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
  let tooDeep = false;
  for (const err of doc.errors) {
    if (err.code === 'RESOURCE_EXHAUSTION') {
      // The parser reports running out of stack once per level it unwinds: one finding is enough.
      if (!tooDeep) findings.push(tooDeepFinding(file, at(err.pos[0])));
      tooDeep = true;
      continue;
    }
    let pos = at(err.pos[0], err.pos[1]);
    let { code, message, hint } = describeYamlError(err.code, err.message);
    if (code === 'duplicate-key') {
      const key = /^["']?([^:"'\n]+?)["']?\s*:/.exec(text.slice(err.pos[0]))?.[1];
      if (key) {
        message = `The key '${clipText(key)}' appears twice in the same mapping.`;
        pos = at(err.pos[0], err.pos[0] + key.length);
      }
    } else {
      const better = explainSyntax(err.code, err.message, text, err.pos[0]);
      if (better) {
        ({ code, message, hint } = better);
        if (better.offset !== undefined) pos = at(better.offset, better.endOffset);
      }
    }
    findings.push({ severity: 'error', code, message, hint, file, ...pos });
  }
  for (const w of doc.warnings) {
    findings.push({ severity: 'warning', code: 'yaml-warning', message: firstLine(w.message), file, ...at(w.pos[0], w.pos[1]) });
  }
  if (!doc.errors.length) append(findings, textTraps(doc, text, file, at));

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

  const deepAt = firstTooDeep(doc.contents);
  if (deepAt) {
    findings.push(tooDeepFinding(file, at(deepAt)));
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
  // One path, extended and shortened in place: a copy is made only for a forbidden key.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x && typeof x === 'object') {
        path.push(i);
        forbiddenKeyPaths(x, path, out);
        path.pop();
      }
    }
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) out.push([...path, k]);
      else {
        const x = (v as Record<string, unknown>)[k];
        if (x && typeof x === 'object') {
          path.push(k);
          forbiddenKeyPaths(x, path, out);
          path.pop();
        }
      }
    }
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

function tooDeepFinding(file: string, pos: Position): Finding {
  return {
    severity: 'error',
    code: 'too-deep',
    message: `The file nests lists and mappings more than ${MAX_DEPTH} levels deep.`,
    hint: 'A plan needs only a few levels: check for unclosed [ or { brackets, or indentation that keeps growing.',
    file,
    ...pos,
  };
}

/** Offset of the first node nested deeper than MAX_DEPTH (walked without recursion), if any. */
function firstTooDeep(root: unknown): number | undefined {
  const { isMap, isPair, isSeq } = yaml();
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (!isMap(n) && !isSeq(n)) continue;
    if (depth >= MAX_DEPTH) return (n as Node).range?.[0] ?? 0;
    for (const item of n.items as unknown[]) stack.push([isPair(item) ? item.value : item, depth + 1]);
  }
  return undefined;
}

/** The line of text around an offset, and where that line starts. */
function lineAt(text: string, offset: number): { line: string; start: number } {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', offset);
  return { line: text.slice(start, end < 0 ? text.length : end).replace(/\r$/, ''), start };
}

/** `key: value` on a line (in a mapping or as the first key of a list item). */
const KEY_VALUE = /^(\s*(?:-\s+)?)([^\s:#'"][^:#]*?):\s+(.*?)\s*$/;

/** A clearer message, with the fix, for the YAML mistakes people make most in plan text. */
function explainSyntax(code: string, errMessage: string, text: string, offset: number): { code: string; message: string; hint: string; offset?: number; endOffset?: number } | undefined {
  const { line, start } = lineAt(text, offset);
  const kv = KEY_VALUE.exec(line);
  if ((code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') && kv && /:\s/.test(kv[3]) && !/^["'[{|>]/.test(kv[3])) {
    const [, , key, value] = kv;
    return {
      code: 'colon-in-text',
      message: `The text of '${clipText(key)}' contains ': ', which YAML reads as the start of another key.`,
      hint: `Put the text in quotes: ${clipText(`${key}: ${JSON.stringify(value)}`)}`,
      offset: start + kv[1].length,
      endOffset: start + line.length,
    };
  }
  if (kv && /^'/.test(kv[3]) && code !== 'MISSING_CHAR') {
    const [, , key, value] = kv;
    const inner = value.replace(/^'|'$/g, '');
    if (/'/.test(inner.replace(/''/g, ''))) {
      return {
        code: 'apostrophe-in-quotes',
        message: `An apostrophe inside the single-quoted text of '${clipText(key)}' ends the text early.`,
        hint: `Double the apostrophe (${clipText(`${key}: '${inner.replace(/'+/g, "''")}'`)}) or use double quotes (${clipText(`${key}: ${JSON.stringify(inner.replace(/''/g, "'"))}`)}).`,
        offset: start + kv[1].length,
        endOffset: start + line.length,
      };
    }
  }
  if (code === 'MISSING_CHAR' && /quote/.test(errMessage)) {
    // "Missing closing quote" points at the end of the file; point at where the quote opens instead.
    const open = unclosedQuote(text, offset);
    if (open)
      return {
        code: 'unclosed-quote',
        message: `This quoted text is never closed: the closing ${open.quote} is missing.`,
        hint: `End the text with ${open.quote} on the same line, or quote it as a whole${open.quote === "'" ? "; an apostrophe inside single quotes is written ''" : ''}.`,
        offset: open.offset,
        endOffset: open.offset + 1,
      };
  }
  return undefined;
}

/** The opening quote that a "missing closing quote" error belongs to: the last quote before `offset` that starts a value. */
function unclosedQuote(text: string, offset: number): { quote: string; offset: number } | undefined {
  const re = /(^|[:\-[{,]\s*|^\s*)(["'])/gm;
  let found: { quote: string; offset: number } | undefined;
  for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) {
    const q = m[2];
    const o = m.index + m[1].length;
    // Skip quotes that close on their own line.
    const { line, start } = lineAt(text, o);
    const rest = line.slice(o - start + 1);
    const closes = q === '"' ? /(^|[^\\])"/.test(rest) : /(^|[^'])'(?!')/.test(rest.replace(/''/g, ''));
    if (!closes) found = { quote: q, offset: o };
  }
  return found;
}

/**
 * Text that parses but not as meant: an unquoted flow-list item that a comma split in two, and
 * text cut short by ` #`, which starts a comment.
 */
function textTraps(doc: Document, text: string, file: string, at: (o: number, e?: number) => Position): Finding[] {
  const { isScalar, isSeq, visit } = yaml();
  const out: Finding[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const v = pair.value;
      if (isSeq(v) && v.flow) {
        const items = v.items.filter(isScalar);
        for (let i = 1; i < items.length; i++) {
          const cur = items[i];
          const prev = items[i - 1];
          if (cur.type !== 'PLAIN' || prev.type !== 'PLAIN' || typeof cur.value !== 'string' || typeof prev.value !== 'string') continue;
          if (!/^[a-z]/.test(cur.value) || !/^[A-Z]/.test(prev.value) || !(/\s/.test(cur.value) || /\s/.test(prev.value))) continue;
          // Gather the run of lowercase pieces that belong to the same text.
          let j = i;
          while (j + 1 < items.length && items[j + 1].type === 'PLAIN' && typeof items[j + 1].value === 'string' && /^[a-z]/.test(String(items[j + 1].value))) j++;
          const joined = items.slice(i - 1, j + 1).map((x) => String(x.value)).join(', ');
          out.push({
            severity: 'warning',
            code: 'comma-in-list-item',
            message: `The comma splits '${clipText(joined)}' into ${j - i + 2} entries of ${key || 'this list'}.`,
            hint: `If it is one entry, put it in quotes: ${clipText(`${key ? `${key}: ` : ''}[${[...items.slice(0, i - 1).map((x) => String(x.value)), JSON.stringify(joined), ...items.slice(j + 1).map((x) => String(x.value))].join(', ')}]`, 120)}`,
            file,
            ...at(prev.range![0], items[j].range![1]),
          });
          i = j;
        }
      }
      if (isScalar(v) && v.type === 'PLAIN' && typeof v.value === 'string' && v.range && v.range[1] < v.range[2]) {
        const gap = text.slice(v.range[1], v.range[2]);
        const m = /^([ \t]+)#(.*)/.exec(gap);
        if (m && !m[0].includes('\n') && (/^\S/.test(m[2]) || (m[1] === ' ' && /\s/.test(v.value)))) {
          const whole = `${v.value}${m[0]}`.trimEnd();
          out.push({
            severity: 'warning',
            code: 'hash-in-text',
            message: `Everything after ' #' is read as a comment, so ${key || 'this value'} is only '${clipText(v.value)}'.`,
            hint: `If the # belongs to the text, put the text in quotes: ${clipText(`${key}: ${JSON.stringify(whole)}`)}`,
            file,
            ...at(v.range[0], v.range[2]),
          });
        }
      }
    },
  });
  return out;
}

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
