import type { MeasureView } from '../../report/types.js';
import { chartLines } from '../../report/sections/measures.js';
import { formatNumber } from '../../report/sections/format.js';
import { escapeXml as esc } from '../escape.js';
import { seriesStyle, marker, niceScale, spreadLabels } from './style.js';

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
