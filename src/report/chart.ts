import type { MeasureView } from './model.js';
import { chartLines } from './sections/measures.js';
import { formatNumber } from './sections/format.js';

/** Scottish Government Design System categorical data-visualisation palette, in its order. */
export const SG_PALETTE = ['#002d54', '#2b9c93', '#6a2063', '#e5682a', '#0b4c0b', '#5d9f3c', '#592c20', '#ca72a2'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
const SHAPES: Shape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

/** The fixed style of a series: the same line colour, text colour and marker in every chart of a report. */
export function seriesStyle(index: number): { line: string; text: string; shape: Shape } {
  const base = SG_PALETTE[index % SG_PALETTE.length];
  return { line: darkenTo(base, 3), text: darkenTo(base, 4.5), shape: SHAPES[index % SHAPES.length] };
}

function marker(shape: Shape, x: number, y: number, colour: string): string {
  const r = 4.5;
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

const FONT = 15;

/**
 * An SVG line chart of a measure: the partnership, its areas and (for rates and percentages)
 * Scotland, each always in its own colour and marker. Lines are labelled directly at their last
 * point, so colour is never the only cue. The accessible name describes what is drawn.
 */
export function renderLineChart(m: MeasureView, who: string, opts: { standalone?: boolean } = {}): string {
  const W = 480;
  const H = 240;
  const left = 58;
  const right = 162;
  const top = 14;
  const bottom = 40;
  const areas = m.series[0]?.areas ?? [];
  // Every series has a fixed place: the partnership first, then each area, then Scotland.
  const order = [...(areas.length > 1 ? ['partnership'] : []), ...areas.map((a) => a.code), 'scotland'];
  const lines = chartLines(m, who);
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== undefined));
  const max = Math.max(0, ...all);
  const { top: yTop, step } = m.unit === 'percent' && max > 60 ? { top: 100, step: 20 } : niceScale(max);
  const n = m.series.length;
  const plotW = W - left - right;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / yTop);
  const label = opts.standalone ? `${m.title}. ${m.alt}` : m.alt;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}" font-family="Arial, Helvetica, sans-serif" font-size="${FONT}">`,
    ...(opts.standalone ? [`<title>${esc(label)}</title>`] : []),
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  for (let v = 0; v <= yTop + 1e-9; v += step) {
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d9d9d9" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${(y(v) + 5).toFixed(1)}" text-anchor="end" fill="#333333">${esc(formatNumber(Math.round(v * 100) / 100, m.unit === 'percent' && step >= 1 ? 'count' : m.unit) + (m.unit === 'percent' && step >= 1 ? '%' : ''))}</text>`);
  }
  out.push(`<line x1="${left}" x2="${W - right}" y1="${y(0)}" y2="${y(0)}" stroke="#333333" stroke-width="1"/>`);
  // Year labels: as many as fit without touching.
  const every = Math.max(1, Math.ceil(46 / (n > 1 ? plotW / (n - 1) : plotW)));
  m.series.forEach((p, i) => {
    if ((n - 1 - i) % every) return;
    const lbl = `${p.year}-${String((p.year + 1) % 100).padStart(2, '0')}`;
    out.push(`<text x="${x(i).toFixed(1)}" y="${H - bottom + 20}" text-anchor="middle" fill="#333333">${n > 4 ? lbl.slice(2) : lbl}</text>`);
  });
  const ends: { y: number; text: string; colour: string; atEnd: boolean; x: number }[] = [];
  for (const l of lines) {
    const style = seriesStyle(Math.max(0, order.indexOf(l.key)));
    let d = '';
    let pen = false;
    l.values.forEach((v, i) => {
      if (v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = true;
    });
    out.push(`<path d="${d}" fill="none" stroke="${style.line}" stroke-width="${l.main ? 3.5 : 2}" stroke-linejoin="round"/>`);
    l.values.forEach((v, i) => v !== undefined && out.push(marker(style.shape, Number(x(i).toFixed(1)), Number(y(v).toFixed(1)), style.line)));
    const lastI = l.values.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0).pop()!;
    ends.push({ y: y(l.values[lastI]!), text: l.name, colour: style.text, atEnd: lastI === n - 1, x: x(lastI) });
  }
  // Labels of lines that reach the last year sit in the right margin, spread so they never touch;
  // a line that stops early is labelled at its own last point.
  const atEnd = ends.filter((e) => e.atEnd);
  const ys = spreadLabels(atEnd.map((e) => e.y + 5), FONT + 2, top + FONT, H - bottom);
  atEnd.forEach((e, i) => out.push(`<text x="${W - right + 10}" y="${ys[i].toFixed(1)}" fill="${e.colour}" font-weight="bold">${esc(e.text)}</text>`));
  for (const e of ends.filter((x) => !x.atEnd))
    out.push(`<text x="${(e.x + 8).toFixed(1)}" y="${(e.y - 9).toFixed(1)}" fill="${e.colour}" font-weight="bold" stroke="#ffffff" stroke-width="4" paint-order="stroke">${esc(e.text)}</text>`);
  if (!lines.length) out.push(`<text x="${(W - right + left) / 2}" y="${H / 2}" text-anchor="middle" fill="#333333">No figures to draw</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
