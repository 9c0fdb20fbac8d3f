/** Colours, markers and scales shared by every chart. */

/** Scottish Government Design System categorical data-visualisation palette, in its order. */
export const SG_PALETTE = ['#002d54', '#2b9c93', '#6a2063', '#e5682a', '#0b4c0b', '#5d9f3c', '#592c20', '#ca72a2'];


/** Relative luminance of a #rrggbb colour (WCAG 2). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of a colour against white. */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** The colour darkened just enough to reach a contrast ratio against white. */
export function darkenTo(hex: string, ratio: number): string {
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let out = hex;
  while (contrastOnWhite(out) < ratio) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.93));
    out = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return out;
}

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
const SHAPES: Shape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

/** The fixed style of a series: the same line colour, text colour and marker in every chart of a report. */
export function seriesStyle(index: number): { line: string; text: string; shape: Shape } {
  const base = SG_PALETTE[index % SG_PALETTE.length];
  return { line: darkenTo(base, 3), text: darkenTo(base, 4.5), shape: SHAPES[index % SHAPES.length] };
}

export function marker(shape: Shape, x: number, y: number, colour: string, r = 4.5): string {
  switch (shape) {
    case 'circle':
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${x} ${y - r - 1}L${x + r + 1} ${y + r}L${x - r - 1} ${y + r}Z" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z" fill="${colour}"/>`;
    default:
      return `<path d="M${x - r} ${y - r}L${x + r} ${y + r}M${x + r} ${y - r}L${x - r} ${y + r}" stroke="${colour}" stroke-width="2.5"/>`;
  }
}

/** Round a maximum up to a "nice" axis top and step. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

/** Spread label positions so that none is closer than `gap` to the next, inside [lo, hi]. */
export function spreadLabels(ys: number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y: Math.min(hi, Math.max(lo, y)), i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) order[k].y = Math.max(order[k].y, order[k - 1].y + gap);
  const over = order.length ? order[order.length - 1].y - hi : 0;
  if (over > 0) for (const o of order) o.y -= over;
  for (let k = order.length - 2; k >= 0; k--) order[k].y = Math.min(order[k].y, order[k + 1].y - gap);
  const out: number[] = [];
  for (const o of order) out[o.i] = o.y;
  return out;
}

/**
 * An axis fitted to figures between `min` and `max` (percentages): four or five nice steps, the
 * bottom at zero only when the figures come near it, the top never above 100.
 */
export function fittedScale(min: number, max: number): { bottom: number; top: number; step: number } {
  if (max <= min) return { bottom: Math.max(0, Math.floor(min / 10) * 10 - 10), top: Math.min(100, Math.floor(min / 10) * 10 + 10), step: 5 };
  const raw = (max - min) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  let bottom = Math.floor(min / step) * step;
  if (bottom <= 2 * step) bottom = 0;
  const top = Math.min(100, Math.ceil(max / step) * step);
  return { bottom, top: top > bottom ? top : bottom + step, step };
}
