import type { MeasureView } from '../../report/types.js';
import { chartLines } from '../../report/sections/measures.js';
import { formatNumber } from '../../report/sections/format.js';
import { escapeXml as esc } from '../escape.js';
import { fittedScale, seriesStyle, marker, niceScale, spreadLabels } from './style.js';

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
  // Counts start at zero; a percentage axis is fitted to the figures (said on the chart when it does
  // not start at zero), so lines a few points apart are not pressed into a sliver of a 0–100% axis.
  const { bottom: yBottom, top: yTop, step } = m.unit === 'percent' ? fittedScale(Math.min(...all, max), max) : { bottom: 0, ...niceScale(max) };
  const n = m.series.length;
  const plotW = W - left - right;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - yBottom) / (yTop - yBottom));
  const label = opts.standalone ? `${m.title}. ${m.alt}` : m.alt;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}" font-family="Arial, Helvetica, sans-serif" font-size="${FONT}">`,
    ...(opts.standalone ? [`<title>${esc(label)}</title>`] : []),
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  for (let v = yBottom; v <= yTop + 1e-9; v += step) {
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d9d9d9" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${(y(v) + 5).toFixed(1)}" text-anchor="end" fill="#333333">${esc(formatNumber(Math.round(v * 100) / 100, m.unit === 'percent' && step >= 1 ? 'count' : m.unit) + (m.unit === 'percent' && step >= 1 ? '%' : ''))}</text>`);
  }
  out.push(`<line x1="${left}" x2="${W - right}" y1="${y(yBottom)}" y2="${y(yBottom)}" stroke="#333333" stroke-width="1"/>`);
  if (yBottom > 0) out.push(`<text x="4" y="${H - 4}" fill="#333333">Axis starts at ${yBottom}%</text>`);
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
    // The partnership and Scotland are drawn strongly, the council areas lightly.
    const strong = l.main || l.key === 'scotland';
    out.push(`<path d="${d}" fill="none" stroke="${style.line}" stroke-width="${l.main ? 3.5 : strong ? 2.5 : 1.5}"${l.key === 'scotland' ? ' stroke-dasharray="7 4"' : ''} stroke-linejoin="round"/>`);
    l.values.forEach((v, i) => v !== undefined && out.push(marker(style.shape, Number(x(i).toFixed(1)), Number(y(v).toFixed(1)), style.line, strong ? 4.5 : 3.5)));
    const lastI = l.values.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0).pop()!;
    ends.push({ y: y(l.values[lastI]!), text: l.name, colour: style.text, atEnd: lastI === n - 1, x: x(lastI) });
  }
  // Every label sits in the right margin, spread so that none touches another or a line; a line
  // that stops early is joined to its label by a dotted leader.
  const ys = spreadLabels(ends.map((e) => e.y + 5), FONT + 2, top + FONT, H - bottom);
  ends.forEach((e, i) => {
    if (!e.atEnd) out.push(`<path d="M${(e.x + 6).toFixed(1)} ${e.y.toFixed(1)}L${W - right + 4} ${(ys[i] - 5).toFixed(1)}" stroke="${e.colour}" stroke-width="1" stroke-dasharray="2 3" fill="none"/>`);
    out.push(`<text x="${W - right + 10}" y="${ys[i].toFixed(1)}" fill="${e.colour}" font-weight="bold">${esc(e.text)}</text>`);
  });
  if (!lines.length) out.push(`<text x="${(W - right + left) / 2}" y="${H / 2}" text-anchor="middle" fill="#333333">No figures to draw</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
