import type { MarkerMeaning } from './plan-schema.js';

/**
 * Markers understood when a source declares none. `*` is left out on purpose: in older Justice
 * Social Work tables it means "percentage under 0.5%", elsewhere a suppressed count; declare it.
 */
export const DEFAULT_MARKERS: Record<string, MarkerMeaning> = {
  '[c]': 'suppressed',
  '[x]': 'not-available',
  '[z]': 'not-applicable',
  '[low]': 'low',
  c: 'suppressed',
  x: 'not-available',
  z: 'not-applicable',
  low: 'low',
  '..': 'not-available',
  ':': 'not-available',
  '-': 'nil',
};

/** One label per meaning, used in every table of the report. */
export const MARKER_LABELS: Record<MarkerMeaning, string> = {
  suppressed: 'suppressed',
  'not-available': 'not available',
  'not-applicable': 'not applicable',
  nil: 'nil',
  low: 'low',
};

/** What each label means, for the report's notes on the figures. */
export const MARKER_MEANINGS: Record<MarkerMeaning, string> = {
  suppressed: 'withheld by the publisher to protect confidentiality',
  'not-available': 'not collected or not published',
  'not-applicable': 'the measure does not apply',
  nil: 'none',
  low: 'under 0.5%; the exact figure is not published',
};

export type ParsedCell = { kind: 'number'; value: number } | { kind: 'marker'; marker: MarkerMeaning; symbol: string } | { kind: 'empty' } | { kind: 'invalid'; text: string };

/** Read a figure as spreadsheets export it: "1,234", "12.5%", " 7 ", or a marker. */
export function parseCell(raw: string | undefined, markers: Record<string, MarkerMeaning>): ParsedCell {
  const text = (raw ?? '').trim();
  if (text === '') return markers[''] ? { kind: 'marker', marker: markers[''], symbol: '' } : { kind: 'empty' };
  const m = markers[text] ?? markers[text.toLowerCase()];
  if (m) return { kind: 'marker', marker: m, symbol: text };
  const cleaned = text.replace(/%$/, '').replace(/^\u00a3/, '').trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)) return { kind: 'number', value: Number(cleaned.replace(/,/g, '')) };
  if (/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) {
    const value = Number(cleaned);
    // 1e309 is Infinity to JavaScript: a figure no table holds, never published or summed.
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid', text };
  }
  return { kind: 'invalid', text };
}
