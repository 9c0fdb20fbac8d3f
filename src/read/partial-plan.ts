import { PlanSchema, type Plan } from '../core/plan-schema.js';

type Path = PropertyKey[];

const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The parts of a plan that are valid, when the whole is not: each value the schema refuses is left
 * out (or, when the value is required, the entry holding it is), so the plan rules can check the
 * rest in the same run and the officer fixes everything in one pass. An entry that others refer to
 * by id (an item, a partner, a group) keeps its id and name while its faulty parts are left out, so
 * references to it are not reported as unknown. Undefined when nothing valid can be made of it.
 */
export function validPartOfPlan(raw: unknown): Plan | undefined {
  if (!isObject(raw)) return undefined;
  const value = structuredClone(raw);
  const stubs = new WeakSet<object>();
  // Each round removes something, so the rounds end; the bound keeps a pathological plan cheap.
  for (let round = 0; round < 200; round++) {
    const result = PlanSchema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    // An unknown key is named on the mapping that holds it: the key is left out, not the mapping.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of paths) if (!leaveOut(value, p, stubs)) return undefined;
  }
  return undefined;
}

/** Leave out the value at `path`; where it is missing or required, the entry holding it. */
function leaveOut(root: Record<PropertyKey, unknown>, path: Path, stubs: WeakSet<object>): boolean {
  for (let cut = path.length; cut > 0; cut--) {
    const parent = valueAt(root, path.slice(0, cut - 1));
    const key = path[cut - 1];
    if (!isObject(parent) || !(key in parent)) continue;
    const target = parent[key as string];
    // An entry of a list that others may refer to: keep a stub with its id and name, once.
    if (Array.isArray(parent) && isObject(target) && !Array.isArray(target) && !stubs.has(target) && cut < path.length) {
      const stub: Record<string, unknown> = {};
      if (typeof target.id === 'string' && ID.test(target.id)) stub.id = target.id;
      for (const k of ['title', 'name']) if (typeof target[k] === 'string' && (target[k] as string).length) stub[k] = target[k];
      const missing = path[cut];
      if ((missing === 'title' || missing === 'name') && stub[missing] === undefined) stub[missing] = '…';
      if (Array.isArray(target.items)) stub.items = target.items;
      stubs.add(stub);
      parent[key as number] = stub;
      return true;
    }
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return true;
  }
  return false;
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) v = isObject(v) ? v[k as string] : undefined;
  return v;
}
