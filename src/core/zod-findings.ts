import type * as z from 'zod/mini';
import { didYouMean, type PathFinding } from './findings.js';
import { clip, itemName } from './words.js';

type Path = (string | number)[];

/** How findings name the place they are about, e.g. "Output PT3.2.1" for an item of the plan's structure. */
export type PlaceNamer = (path: Path) => { place: string; rest: Path };

export interface ZodFindingOptions {
  /** The schema the value was checked against, to list the keys allowed where an unknown key is found. */
  schema?: z.ZodMiniType;
  /** Names for places in the document; by default the dotted path. */
  name?: PlaceNamer;
}

/** Words people use for a key that has another name here; suggested when the right one is allowed at that place. */
const SYNONYMS: Record<string, string[]> = {
  lead: ['lead_partner', 'lead_partners', 'leads', 'owner', 'owners', 'lead_agency', 'lead_organisation', 'led_by'],
  support: ['supported_by', 'supporting', 'supporters', 'partners_involved', 'contributors'],
  impact: ['evidence', 'outcome_measure', 'expected_impact', 'impacts', 'success'],
  measures: ['measure', 'performance_measures', 'kpis', 'kpi', 'targets'],
  due: ['deadline', 'due_date', 'timescale', 'timescales', 'target_date', 'by', 'when', 'date'],
  items: ['children', 'actions', 'subitems', 'sub_items', 'deliverables', 'outputs'],
  outcomes: ['outcome', 'national_outcomes'],
  priority_actions: ['priority_action', 'priorities'],
  indicators: ['indicator', 'national_indicators'],
  title: ['name', 'heading', 'text'],
  description: ['desc', 'details', 'summary'],
  see: ['see_also', 'related', 'links', 'cross_references'],
  strapline: ['subtitle', 'tagline', 'slogan'],
  responsibility: ['responsible', 'responsibilities'],
  narrative: ['comment', 'comments', 'update', 'commentary'],
  status: ['state', 'rag_status'],
  reports_to: ['parent', 'reports_into'],
};


const dotted: PlaceNamer = (path) => ({ place: path.length ? path.join('.') : 'the top level', rest: [] });

/** Turn zod issues into findings that point at the key or value at fault, with the fix. */
export function findingsFromZod(error: z.core.$ZodError, opts: ZodFindingOptions = {}): PathFinding[] {
  const out: PathFinding[] = [];
  const name = opts.name ?? dotted;
  // One message per fault: a value that breaks two checks (its form, then its calendar) is told once, by the first.
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as Path;
    const at = JSON.stringify(path);
    if (issue.code !== 'unrecognized_keys' && seen.has(at)) continue;
    seen.add(at);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const named = name(path);
        const place = named.rest.length ? `${named.place}: ${named.rest.join('.')}` : named.place;
        const allowed = opts.schema ? keysAt(opts.schema, path) : [];
        for (const key of issue.keys) {
          out.push({
            severity: 'error',
            code: 'unknown-key',
            message: `${place}: unknown key '${clip(key)}'.`,
            hint: unknownKeyHint(key, allowed),
            path: [...path, key],
          });
        }
        break;
      }
      case 'invalid_type': {
        if (input === undefined) {
          const key = String(path[path.length - 1]);
          const { place } = describe(name, path.slice(0, -1));
          out.push({ severity: 'error', code: 'missing-key', message: `${place}: '${key}' is required.`, hint: `Add ${key}: ${sampleOf(key, issue.expected)}.`, path: path.slice(0, -1), at: 'key' });
          break;
        }
        const { place, field } = describe(name, path);
        const what = field ? `${field} must be ${typeWord(issue.expected)}` : `this must be ${typeWord(issue.expected)}`;
        out.push({
          severity: 'error',
          code: 'wrong-type',
          message: `${place}: ${what}, not ${received(input)}.`,
          hint:
            field && /(^|\.)items$/.test(field) && issue.expected === 'array'
              ? 'Write `items:` and, on the lines below it, one entry per item starting `- id: …`, indented further.'
              : field
                ? `Write \`${field}: ${sampleOf(field, issue.expected, input)}\`.`
                : `Write ${typeWord(issue.expected)} here.`,
          path,
          at: 'value',
        });
        break;
      }
      case 'invalid_value': {
        const { place, field } = describe(name, path);
        const shown = typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean' ? ` '${clip(String(input))}'` : '';
        const values = issue.values.map((v) => String(v));
        const near = typeof input === 'string' ? didYouMean(input, values) : undefined;
        out.push({
          severity: 'error',
          code: 'invalid-value',
          message: `${place}: ${field ?? 'the value'}${shown} is not one of the allowed values.`,
          hint: `${near ? `Did you mean '${near}'? ` : ''}Use one of: ${values.join(', ')}.`,
          path,
          at: 'value',
        });
        break;
      }
      case 'invalid_key': {
        const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message ?? 'not a valid key here';
        const { place } = describe(name, path.slice(0, -1));
        out.push({ severity: 'error', code: 'invalid-key', message: `${place}: the key '${clip(String(path[path.length - 1]))}' is not valid: ${inner}.`, hint: 'Rename the key.', path, at: 'key' });
        break;
      }
      default: {
        const { place, field } = describe(name, path);
        const shown = typeof input === 'string' || typeof input === 'number' ? ` '${clip(String(input))}'` : '';
        const ours = issue.code === 'custom' || (issue.code === 'invalid_format' && !/^Invalid/.test(issue.message));
        const reason =
          issue.code === 'too_small'
            ? (issue.origin === 'array' ? 'the list may not be empty' : 'the text may not be empty')
            : issue.code === 'invalid_union'
              ? 'not a valid value here'
              : ours
                ? 'is not valid'
                : issue.message;
        out.push({
          severity: 'error',
          code: 'invalid-value',
          message: ours ? `${place}: ${field ?? 'the value'}${shown} is not valid.` : `${place}: ${field ?? 'the value'}${shown}: ${reason}.`,
          hint: ours ? `${issue.message[0].toUpperCase()}${issue.message.slice(1)}.` : issue.code === 'too_small' ? 'Give at least one entry, or leave the key out.' : 'See `cjoip schema` for the allowed form.',
          path,
          at: 'value',
        });
      }
    }
  }
  return out;
}

/** The place a path is in, and the field (last key) at fault, if any. */
function describe(name: PlaceNamer, path: Path): { place: string; field?: string } {
  const { place, rest } = name(path);
  if (rest.length) return { place, field: rest.join('.') };
  const last = path[path.length - 1];
  if (typeof last === 'string' && path.length > 1) {
    const parent = name(path.slice(0, -1));
    return { place: parent.rest.length ? `${parent.place}: ${parent.rest.join('.')}` : parent.place, field: last };
  }
  return { place };
}

function unknownKeyHint(key: string, allowed: string[]): string {
  if (!allowed.length) return 'Check the spelling; `cjoip schema` prints every allowed key.';
  const lower = key.toLowerCase();
  const synonym = Object.entries(SYNONYMS).find(([target, words]) => allowed.includes(target) && words.includes(lower))?.[0];
  const near = synonym ?? didYouMean(key, allowed) ?? lower.split(/[_\s-]+/).find((part) => allowed.includes(part));
  if (near) return `Did you mean '${near}'?`;
  return `Allowed here: ${allowed.join(', ')}.`;
}

function typeWord(t: string): string {
  if (t === 'array') return 'a list';
  if (t === 'object') return 'a mapping (key: value lines)';
  if (t === 'string') return 'text';
  if (t === 'boolean') return 'true or false';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function received(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'text';
  return typeWord(typeof v);
}

/** What to write for a key, e.g. `[text]` for a list of text; reuses the value given where it fits. */
function sampleOf(key: string, expected: string, given?: unknown): string {
  const ids: Record<string, string> = { outcomes: 'O1', priority_actions: 'PA1', indicators: 'NI1', lead: 'partner-id', support: 'partner-id', see: 'item-id', areas: 'council area', files: 'data/file.csv', levels: 'level' };
  const leaf = key.split('.').pop()!;
  if (expected === 'array') {
    const inner = typeof given === 'string' || typeof given === 'number' ? clip(JSON.stringify(String(given)), 60) : (ids[leaf] ?? 'text');
    return `[${inner}]`;
  }
  if (expected === 'string') return typeof given === 'number' || typeof given === 'boolean' ? JSON.stringify(String(given)) : '"text"';
  if (expected === 'object') return 'then the keys of the mapping on the lines below, indented';
  if (expected === 'boolean') return 'true';
  if (expected === 'number') return '1';
  return '…';
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  in?: z.ZodMiniType;
  options?: z.ZodMiniType[];
  getter?: () => z.ZodMiniType;
}
const defOf = (s: z.ZodMiniType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The keys allowed in the mapping at `path` of a value checked by `schema`. */
export function keysAt(schema: z.ZodMiniType, path: Path): string[] {
  const keys = new Set<string>();
  const go = (s: z.ZodMiniType, i: number, seen: number) => {
    if (seen > 50) return;
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        return go(def.innerType!, i, seen + 1);
      case 'pipe':
        return go(def.in!, i, seen + 1);
      case 'lazy':
        return go(def.getter!(), i, seen + 1);
      case 'union':
        return def.options!.forEach((o) => go(o, i, seen + 1));
      case 'object':
        if (i === path.length) Object.keys(def.shape!).forEach((k) => keys.add(k));
        else if (def.shape![String(path[i])]) go(def.shape![String(path[i])], i + 1, seen + 1);
        return;
      case 'array':
        if (i < path.length && typeof path[i] === 'number') go(def.element!, i + 1, seen + 1);
        return;
      case 'record':
        if (i < path.length) go(def.valueType!, i + 1, seen + 1);
        return;
      default:
        return;
    }
  };
  go(schema, 0, 0);
  return [...keys];
}

/**
 * Names places in a plan as its author knows them: an item of the structure by its level and id
 * ("Output PT3.2.1"), an entry of a list by its id or number ("partnership.partners[nhs-dg]").
 */
export function planPlaceNamer(raw: unknown): PlaceNamer {
  const get = (v: unknown, k: string | number) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined);
  const idOf = (v: unknown) => {
    const id = get(v, 'id');
    return typeof id === 'string' || typeof id === 'number' ? clip(String(id), 40) : undefined;
  };
  return (path) => {
    if (path[0] === 'structure' && typeof path[1] === 'number') {
      const levels = get(get(raw, 'plan'), 'levels');
      const levelAt = (depth: number) => (Array.isArray(levels) && typeof levels[depth - 1] === 'string' ? (levels[depth - 1] as string) : 'item');
      let node = get(get(raw, 'structure'), path[1]);
      let depth = 1;
      let i = 2;
      let name = itemName(levelAt(1), idOf(node), path[1] + 1, get(node, 'title'));
      while (path[i] === 'items' && typeof path[i + 1] === 'number' && get(get(node, 'items'), path[i + 1] as number) !== undefined) {
        const parent = idOf(node) !== undefined ? name : `${levelAt(depth)} '${clip(String(get(node, 'title') ?? ''), 40)}'`;
        node = get(get(node, 'items'), path[i + 1] as number);
        depth++;
        name = itemName(levelAt(depth), idOf(node), (path[i + 1] as number) + 1, get(node, 'title'), parent);
        i += 2;
      }
      return { place: `${name[0].toUpperCase()}${name.slice(1)}`, rest: path.slice(i) };
    }
    let v = raw;
    const parts: string[] = [];
    for (const seg of path) {
      const next = get(v, seg);
      if (typeof seg === 'number') {
        const id = idOf(next);
        parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}${id ? `[${id}]` : ` (entry ${seg + 1})`}`;
      } else parts.push(clip(seg, 40));
      v = next;
    }
    return { place: parts.length ? parts.join('.') : 'the top level', rest: [] };
  };
}
