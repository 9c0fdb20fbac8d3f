import type { AreaIndex } from '../core/areas.js';
import { labelKey } from './notes.js';

/** Labels published beside council areas that are none: "Other" (postcodes outside Scotland), "Unknown", courts. */
export const NOT_AN_AREA = /^(other|others|unknown|not known|no fixed abode|nfa|outwith scotland|outside scotland|rest of (the )?uk|england( and wales)?|wales|northern ireland|high court|.+ sheriff court|sheriff courts?|.+ justice of the peace court|justice of the peace courts?|not recorded|missing)$/i;

/** A label without the footnote digits a publisher sticks on ("Other2", "Glasgow City3", "Unknown 1,4"). */
export const withoutFootnote = (s: string) => s.trim().replace(/(?<=[A-Za-z)])\s*\d+(,\s*\d+)*$/, '').trim();

/** A council area (or Scotland) by its code or name, with or without footnote digits. */
export function resolveArea(areas: AreaIndex, label: string): string | undefined {
  return areas.resolve(label) ?? (/^[A-Z]\d{8}$/.test(label.trim()) ? undefined : areas.resolve(withoutFootnote(label)));
}

/** The code a group of council areas is filed under: its areas' codes, sorted. */
export const groupCode = (codes: string[]) => `group:${[...codes].sort().join('+')}`;
export const isGroupCode = (code: string) => code.startsWith('group:');

/** A data source's `area_groups:`, by label key: the label as written and its areas' codes (unknown names left out). */
export function areaGroups(groups: Record<string, string[]> | undefined, areas: AreaIndex): Map<string, { label: string; codes: string[] }> {
  const out = new Map<string, { label: string; codes: string[] }>();
  for (const [label, names] of Object.entries(groups ?? {})) {
    const codes = names.map((n) => resolveArea(areas, n)).filter((c): c is string => !!c && !areas.isScotland(c));
    out.set(labelKey(withoutFootnote(label)), { label, codes: [...new Set(codes)] });
  }
  return out;
}

/**
 * The council areas a group row seems to stand for, from its words: "Ayrshire, East, North and South"
 * and "East, North and South Ayrshire" are East, North and South Ayrshire; "Lanarkshire, North and
 * South" is North and South Lanarkshire. Undefined unless every part names a council area.
 */
export function guessGroup(label: string, areas: AreaIndex): string[] | undefined {
  const t = withoutFootnote(label).replace(/\s+/g, ' ').trim();
  const tryAll = (names: string[]) => {
    const codes = names.map((n) => areas.resolve(n));
    return names.length >= 2 && codes.every((c) => c && !areas.isScotland(c)) ? names.map((n) => areas.name(areas.resolve(n)!)) : undefined;
  };
  const split = (s: string) => s.split(/\s*,\s*|\s+(?:and|&)\s+/i).map((x) => x.trim()).filter(Boolean);
  // "Ayrshire, East, North and South": the place first, then its parts.
  const first = /^([A-Za-z' -]+?),\s*(.+)$/.exec(t);
  if (first) {
    const r = tryAll(split(first[2]).map((p) => `${p} ${first[1]}`));
    if (r) return r;
  }
  // "East, North and South Ayrshire": the parts, then the place.
  const last = /^(.+\b(?:and|&)\s+)?(\w+)\s+([A-Za-z' -]+)$/.exec(t);
  if (last && /,|\band\b|&/.test(t)) {
    const words = t.split(' ');
    const place = words[words.length - 1];
    const r = tryAll(split(t.slice(0, t.length - place.length)).map((p) => `${p} ${place}`));
    if (r) return r;
  }
  // "East Ayrshire, North Ayrshire and South Ayrshire": areas named in full.
  return tryAll(split(t));
}
