import { MARKER_LABELS } from '../../core/markers.js';
import type { Figure } from '../../data/aggregate.js';
import type { Unit } from '../../data/cells.js';

export { capital, plural } from '../../core/words.js';

/** The one word for a figure that is not there, everywhere in the report. */
export const NOT_AVAILABLE = 'not available';

/** A number as the report prints it; never "-0". */
export function formatNumber(v: number, unit: Unit | string, decimals = 1): string {
  const r = unit === 'percent' || unit === 'rate' ? Math.round(v * 10 ** decimals) / 10 ** decimals : v;
  const x = r === 0 ? 0 : r;
  if (unit === 'percent') return `${x.toFixed(decimals)}%`;
  if (unit === 'rate') return x.toFixed(1);
  return x.toLocaleString('en-GB');
}

/** A figure as the report prints it: the number, or what its marker means. */
export function formatFigure(f: Figure | undefined, unit: Unit): string {
  if (!f) return NOT_AVAILABLE;
  if (f.value !== undefined) return formatNumber(f.value, unit, f.decimals) + (f.marker === 'low' ? ' (low)' : '');
  if (f.marker) return MARKER_LABELS[f.marker];
  return NOT_AVAILABLE;
}

/** A change between two figures: "up 32", "down 1.2 percentage points", "unchanged". */
export function formatChange(change: number, unit: Unit): string {
  if (change === 0) return 'unchanged';
  const points = Number.isInteger(change) ? String(Math.abs(change)) : formatNumber(Math.abs(change), 'rate');
  const size = unit === 'percent' ? `${points} percentage point${Math.abs(change) === 1 ? '' : 's'}` : formatNumber(Math.abs(change), unit);
  return `${change > 0 ? 'up' : 'down'} ${size}`;
}
