import type { MeasureView } from './model.js';

/** Scottish Government Design System categorical data-visualisation palette, in its order. */
export const SG_PALETTE = ['#002d54', '#2b9c93', '#6a2063', '#e5682a', '#0b4c0b', '#5d9f3c', '#592c20', '#ca72a2'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round a maximum up to a "nice" axis top and step. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
const SHAPES: Shape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

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

const fmt = (v: number, unit: string) => (unit === 'percent' ? `${Number.isInteger(v) ? v : v.toFixed(1)}%` : v.toLocaleString('en-GB'));

/**
 * An SVG line chart of a measure: the partnership, its areas and (for rates and percentages)
 * Scotland. Lines are labelled directly, each with its own marker shape, so colour is never the
 * only cue. Title and description are inside the SVG for assistive technology.
 */
export function renderLineChart(m: MeasureView, partnershipName: string): string {
  const W = 680;
  const H = 300;
  const left = 64;
  const right = 190;
  const top = 16;
  const bottom = 44;
  const lines: { name: string; values: (number | undefined)[]; width: number }[] = [];
  const multi = m.series[0]?.areas.length > 1;
  if (multi) lines.push({ name: partnershipName, values: m.series.map((p) => p.partnership.value), width: 3.5 });
  for (const [i, a] of (m.series[0]?.areas ?? []).entries()) lines.push({ name: a.name, values: m.series.map((p) => p.areas[i].figure.value), width: 2 });
  if (m.scotlandDrawn) lines.push({ name: 'Scotland', values: m.series.map((p) => p.scotland?.value), width: 2 });
  const drawn = lines.filter((l) => l.values.some((v) => v !== undefined));
  const max = Math.max(0, ...drawn.flatMap((l) => l.values.filter((v): v is number => v !== undefined)));
  const { top: yTop, step } = m.unit === 'percent' && max > 60 ? { top: 100, step: 20 } : niceScale(max);
  const n = m.series.length;
  const x = (i: number) => left + (n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / yTop);
  const titleId = `chart-${m.key}-title`;
  const descId = `chart-${m.key}-desc`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" font-family="Arial, Helvetica, sans-serif" font-size="13">`,
    `<title id="${titleId}">${esc(`${m.title} (${m.indicator})`)}</title>`,
    `<desc id="${descId}">${esc(m.sentence)}</desc>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  for (let v = 0; v <= yTop + 1e-9; v += step) {
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d9d9d9" stroke-width="1"/>`);
    out.push(`<text x="${left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#333333">${esc(fmt(Math.round(v * 100) / 100, m.unit))}</text>`);
  }
  out.push(`<line x1="${left}" x2="${W - right}" y1="${y(0)}" y2="${y(0)}" stroke="#333333" stroke-width="1"/>`);
  m.series.forEach((p, i) => {
    const lbl = `${p.year}-${String((p.year + 1) % 100).padStart(2, '0')}`;
    out.push(`<text x="${x(i).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle" fill="#333333">${n > 6 ? lbl.slice(2) : lbl}</text>`);
  });
  const labels: { y: number; text: string; colour: string; x: number }[] = [];
  drawn.forEach((l, li) => {
    const colour = SG_PALETTE[li % SG_PALETTE.length];
    const shape = SHAPES[li % SHAPES.length];
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
    out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="${l.width}" stroke-linejoin="round"/>`);
    l.values.forEach((v, i) => v !== undefined && out.push(marker(shape, Number(x(i).toFixed(1)), Number(y(v).toFixed(1)), colour)));
    const lastI = l.values.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0).pop()!;
    labels.push({ y: y(l.values[lastI]!), text: l.name, colour, x: x(lastI) });
  });
  // Direct labels at the line ends, nudged apart so they never overlap.
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) if (labels[i].y - labels[i - 1].y < 15) labels[i].y = labels[i - 1].y + 15;
  for (const l of labels) out.push(`<text x="${W - right + 12}" y="${(l.y + 4).toFixed(1)}" fill="${l.colour}" font-weight="bold">${esc(l.text)}</text>`);
  if (!drawn.length) out.push(`<text x="${(W - right + left) / 2}" y="${H / 2}" text-anchor="middle" fill="#333333">No figures to draw</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
