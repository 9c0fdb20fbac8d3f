import { COLLECTION_STYLE, constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';

/**
 * Nesting the quick reading accepts: a plan needs about fifteen levels, and anything deeper is left to
 * the full reading, which reports too deep a file (MAX_DEPTH) with its position.
 */
const QUICK_DEPTH = 32;

/**
 * Plain text that either reader might take for a number (in any of the forms YAML 1.1 or 1.2 knows:
 * signs, underscores, exponents, hex, octal, binary, infinity) ...
 */
const NUMBER_LIKE = /^[-+]?(?:[\d_]+(?:\.[\d_]*)?|\.[\d_]+)(?:[eE][-+]?\d+)?$|^[-+]?0[xXoObB]|^[-+]?\.(?:inf|nan)$/i;
/** ... and the numbers both read alike: plain decimals of up to fifteen digits before the point. */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/;
/** Keys that are not plain names: null, true and false in any case, ~, and the merge key. */
const SPECIAL_KEY = /^(?:~|null|true|false|<<)$/i;

/**
 * The value of a YAML file read quickly (js-yaml reads a plan in a third of the yaml library's time,
 * and allocates far less), when the file is one plain block document that the full reading
 * (parse-yaml.ts, with the yaml library) would read to the same value with nothing to say about it.
 * Undefined otherwise, and then the full reading decides: any syntax error, duplicate key, tag,
 * alias inside an anchored list or mapping, directive, second document, plain text that either
 * might read as a number of another form than a plain decimal, a key that is null, true, false, a
 * fraction or a list, nesting past QUICK_DEPTH, or text that one of the full reading's warnings looks
 * for (a comment after plain text on its line; in a flow list, a capitalised plain item followed by
 * one in lower case, which a comma may have split). The value comes with where each key and scalar
 * is (see QuickLocate), so that a finding can be placed without the full reading. A test reads
 * hundreds of variants of the example plan both ways and compares values and places.
 */
export function quickYaml(text: string, maxAliases: number): { value: unknown; locate: QuickLocate } | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: QUICK_DEPTH });
  } catch {
    return undefined;
  }
  if (!plainBlockYaml(events, text)) return undefined;
  try {
    const docs = constructFromEvents(events, { source: text, maxAliases, maxTotalMergeKeys: 0 });
    if (docs.length !== 1) return undefined;
    let tree: QuickNode | undefined;
    let lines: number[] | undefined;
    const locate: QuickLocate = (path, which) => {
      const range = locateIn((tree ??= nodeTree(events, text)), path, which);
      if (!range) return undefined;
      lines ??= lineStarts(text);
      const end = linePos(lines, Math.max(range[1], range[0] + 1));
      return { ...linePos(lines, range[0]), endLine: end.line, endColumn: end.column };
    };
    return { value: docs[0], locate };
  } catch {
    return undefined;
  }
}

/** Whether the events are those of one document within the quick reading's plain subset (see quickYaml). */
function plainBlockYaml(events: Event[], text: string): boolean {
  // For each open collection: whether it is a mapping, how many children it has had, whether it or
  // one around it has an anchor, and, for a flow list, whether its last item was a plain scalar
  // starting with a capital letter.
  const open: { mapping: boolean; flow: boolean; children: number; anchored: boolean; capitalBefore: boolean }[] = [];
  let documents = 0;
  for (const e of events) {
    const parent = open[open.length - 1];
    const isKey = parent !== undefined && parent.mapping && parent.children % 2 === 0;
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1 || e.directives.length) return false;
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (parent) parent.children++;
    // An alias is read the same way by both, unless it sits inside an anchored collection: aliases
    // of aliases are how an alias bomb grows, which the full reading counts and refuses.
    if (e.type === EVENT_ID.ALIAS) {
      if (isKey || parent?.anchored) return false;
      continue;
    }
    if (e.tagStart >= 0) return false;
    if (e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.MAPPING) {
      if (isKey) return false;
      const anchored = e.anchorStart >= 0 || parent?.anchored === true;
      open.push({ mapping: e.type === EVENT_ID.MAPPING, flow: e.style === COLLECTION_STYLE.FLOW, children: 0, anchored, capitalBefore: false });
      continue;
    }
    if (e.style !== SCALAR_STYLE.PLAIN) {
      if (parent?.flow) parent.capitalBefore = false;
      continue;
    }
    const source = text.slice(e.valueStart, e.valueEnd);
    if (NUMBER_LIKE.test(source) && !PLAIN_NUMBER.test(source)) return false;
    if (isKey && (source === '' || SPECIAL_KEY.test(source) || (NUMBER_LIKE.test(source) && !/^(?:0|[1-9]\d{0,14})$/.test(source)))) return false;
    // A comment after plain text on the same line: the full reading may warn that it cut the text short.
    let after = e.valueEnd;
    while (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x09) after++;
    if (after > e.valueEnd && text.charCodeAt(after) === 0x23 /* # */) return false;
    if (parent?.flow && !parent.mapping) {
      if (parent.capitalBefore && /^[a-z]/.test(source)) return false;
      parent.capitalBefore = /^[A-Z]/.test(source);
    }
  }
  return documents === 1 && open.length === 0;
}

/**
 * Where the key or value at a path is (lines and columns from 1), exactly as the full reading places
 * it; undefined where the quick reading cannot say (a path that is not there, a list or mapping, a
 * block or empty scalar, an alias): the full reading is made then.
 */
export type QuickLocate = (path: (string | number)[], which: 'key' | 'value') => { line: number; column: number; endLine: number; endColumn: number } | undefined;

type QuickNode = { kind: 'map' | 'seq'; children: QuickNode[] } | { kind: 'scalar'; range?: [number, number]; name: string } | { kind: 'other' };

/** The document's nodes, with each scalar's range as the full reading gives it (quotes included). */
function nodeTree(events: Event[], text: string): QuickNode {
  const root: QuickNode = { kind: 'seq', children: [] };
  const open: QuickNode[] = [root];
  for (const e of events) {
    const parent = open[open.length - 1] as { children: QuickNode[] };
    if (e.type === EVENT_ID.DOCUMENT) continue;
    if (e.type === EVENT_ID.POP) {
      if (open.length > 1) open.pop();
      continue;
    }
    if (e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.MAPPING) {
      const node: QuickNode = { kind: e.type === EVENT_ID.MAPPING ? 'map' : 'seq', children: [] };
      parent.children.push(node);
      open.push(node);
    } else if (e.type === EVENT_ID.SCALAR) {
      const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
      const plain = e.style === SCALAR_STYLE.PLAIN && e.valueEnd > e.valueStart;
      const range: [number, number] | undefined = plain ? [e.valueStart, e.valueEnd] : quoted ? [e.valueStart - 1, e.valueEnd + 1] : undefined;
      parent.children.push({ kind: 'scalar', range, name: plain ? text.slice(e.valueStart, e.valueEnd) : getScalarValue(text, e) });
    } else parent.children.push({ kind: 'other' });
  }
  return root.children[0] ?? { kind: 'other' };
}

function locateIn(root: QuickNode, path: (string | number)[], which: 'key' | 'value'): [number, number] | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (node.kind === 'map') {
      let at = -1;
      for (let k = 0; k < node.children.length; k += 2) {
        const key = node.children[k];
        if (key.kind === 'scalar' && key.name === String(seg)) {
          at = k;
          break;
        }
      }
      if (at < 0) return undefined;
      const key = node.children[at];
      if (i === path.length - 1 && which === 'key') return key.kind === 'scalar' ? key.range : undefined;
      node = node.children[at + 1];
    } else if (node.kind === 'seq' && typeof seg === 'number') {
      const item = node.children[seg];
      if (!item) return undefined;
      node = item;
    } else return undefined;
  }
  return node.kind === 'scalar' ? node.range : undefined;
}

/** Where each line starts, as the yaml library's LineCounter counts them (a line ends at \n). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Line and column (from 1) of an offset, as LineCounter.linePos gives them. */
function linePos(lines: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lines[lo] + 1 };
}
