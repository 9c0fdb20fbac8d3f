/** Council areas as reference data: GSS codes, names, variants and retired codes. */
export interface AreaRecord {
  code: string;
  name: string;
  variants?: string[];
  retired?: string[];
}

export interface AreaReference {
  scotland: AreaRecord;
  areas: AreaRecord[];
}

export interface AreaIndex {
  /** Current GSS code for a code, retired code or name variant; undefined when unknown. */
  resolve(text: string): string | undefined;
  name(code: string): string;
  isScotland(code: string): boolean;
  names(): string[];
  scotlandCode: string;
}

/** Fold a name so that "&" vs "and", case, punctuation and spacing do not matter. */
export function foldAreaName(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(council|area)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Build a lookup from reference data. */
export function buildAreaIndex(ref: AreaReference): AreaIndex {
  const byKey = new Map<string, string>();
  const names = new Map<string, string>();
  for (const a of [ref.scotland, ...ref.areas]) {
    names.set(a.code, a.name);
    byKey.set(a.code.toUpperCase(), a.code);
    for (const r of a.retired ?? []) byKey.set(r.toUpperCase(), a.code);
    for (const n of [a.name, ...(a.variants ?? [])]) byKey.set(foldAreaName(n), a.code);
  }
  return {
    resolve: (text) => {
      // statistics.gov.scot writes codes as URIs: http://statistics.gov.scot/id/statistical-geography/S12000021
      const t = text.trim().replace(/^https?:\/\/\S*\/(?=[A-Z]\d{8}$)/, '');
      return byKey.get(t.toUpperCase()) ?? byKey.get(foldAreaName(t));
    },
    name: (code) => {
      if (!code.startsWith('group:')) return names.get(code) ?? code;
      // A group row's figure: its areas together ("group:" and their codes).
      const parts = code.slice(6).split('+').map((c) => names.get(c) ?? c);
      return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]} together`;
    },
    isScotland: (code) => code === ref.scotland.code,
    names: () => ref.areas.map((a) => a.name),
    scotlandCode: ref.scotland.code,
  };
}
