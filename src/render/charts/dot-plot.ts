import type { NationalMeasure } from '../../national/types.js';
import { formatNumber } from '../../report/sections/format.js';
import { escapeXml as esc } from '../escape.js';
import { niceScale, seriesStyle } from './style.js';

const FONT = 13;
const LINE = 15;
/** Characters of a partnership's name on one line of the label column. */
const LABEL_CHARS = 34;

/** A name broken into lines of at most LABEL_CHARS characters, at spaces. */
function labelLines(name: string): string[] {
  const lines: string[] = [];
  for (const word of name.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= LABEL_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * A ranked dot plot of one measure: a row per partnership, highest first, a filled dot for the
 * year's figure and an open circle for the year before, joined by a line; Scotland as a dashed line
 * (for percentages and rates). Every row is labelled with its partnership and figure, so it stays
 * readable with thirty partnerships, in colour or not.
 */
export function renderDotPlot(m: NationalMeasure, opts: { standalone?: boolean } = {}): string {
  const rows = m.ranked;
  // Every chart names the partnerships one way: the name the whole report's charts use.
  const labels = rows.map((r) => labelLines(r.label));
  const longest = Math.max(10, ...labels.flat().map((l) => l.length));
  const left = Math.round(longest * FONT * 0.56) + 12;
  const plotW = 320;
  const valueW = 70;
  const W = left + plotW + valueW;
  const top = 40;
  // Each row is as tall as its label; the dot sits level with the label's middle.
  const heights = labels.map((l) => Math.max(24, l.length * LINE + 8));
  const starts = heights.map((_, i) => top + heights.slice(0, i).reduce((a, b) => a + b, 0));
  const bottom = top + (rows.length ? heights.reduce((a, b) => a + b, 0) : 24);
  const H = bottom + 30;
  const scot = m.unit !== 'count' ? m.scotland?.latest.value : undefined;
  const values = rows.flatMap((r) => [r.value, ...(r.previous === undefined ? [] : [r.previous])]).concat(scot === undefined ? [] : [scot]);
  const max = Math.max(0, ...values);
  const { top: xTop, step } = m.unit === 'percent' && max > 60 ? { top: 100, step: 20 } : niceScale(max);
  const x = (v: number) => left + (plotW * v) / xTop;
  const y = (i: number) => starts[i] + heights[i] / 2;
  const main = seriesStyle(0);
  const scotColour = seriesStyle(1).text;
  const label = opts.standalone ? `${m.title}, ${m.year}. ${m.alt}` : m.alt;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}" font-family="Arial, Helvetica, sans-serif" font-size="${FONT}">`,
    ...(opts.standalone ? [`<title>${esc(label)}</title>`] : []),
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  // Key, above the plot.
  const hasPrevious = rows.some((r) => r.previous !== undefined);
  let kx = left;
  out.push(`<circle cx="${kx + 5}" cy="14" r="5" fill="${main.line}"/><text x="${kx + 15}" y="18" fill="#333333">${esc(m.year)}</text>`);
  kx += 90;
  if (hasPrevious) {
    out.push(`<circle cx="${kx + 5}" cy="14" r="4.5" fill="#ffffff" stroke="#505a5f" stroke-width="1.5"/><text x="${kx + 15}" y="18" fill="#333333">${esc(m.previousYear)}</text>`);
    kx += 90;
  }
  if (scot !== undefined) out.push(`<line x1="${kx}" x2="${kx + 16}" y1="14" y2="14" stroke="${scotColour}" stroke-width="2" stroke-dasharray="4 3"/><text x="${kx + 22}" y="18" fill="${scotColour}">Scotland ${esc(formatNumber(scot, m.unit))}</text>`);
  // Value axis: gridlines and their labels.
  for (let v = 0; v <= xTop + 1e-9; v += step) {
    out.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top - 4}" y2="${bottom}" stroke="#d9d9d9" stroke-width="1"/>`);
    const t = m.unit === 'percent' ? `${formatNumber(Math.round(v * 100) / 100, 'count')}%` : formatNumber(Math.round(v * 100) / 100, m.rankedUnit === 'rate' ? 'count' : m.rankedUnit);
    out.push(`<text x="${x(v).toFixed(1)}" y="${bottom + 18}" text-anchor="middle" fill="#333333">${esc(t)}</text>`);
  }
  if (!rows.length) out.push(`<text x="${left + plotW / 2}" y="${top + 16}" text-anchor="middle" fill="#333333">No figures to draw</text>`);
  rows.forEach((r, i) => {
    const cy = y(i).toFixed(1);
    const lines = labels[i];
    const first = y(i) + 4.5 - ((lines.length - 1) * LINE) / 2;
    out.push(`<text x="${left - 8}" y="${first.toFixed(1)}" text-anchor="end" fill="#0b0c0c">${lines.map((l, k) => `<tspan x="${left - 8}" dy="${k ? LINE : 0}">${esc(l)}</tspan>`).join('')}</text>`);
    if (i) out.push(`<line x1="4" x2="${W - 4}" y1="${starts[i]}" y2="${starts[i]}" stroke="#eeeeee" stroke-width="1"/>`);
    if (r.previous !== undefined) {
      out.push(`<line x1="${x(r.previous).toFixed(1)}" x2="${x(r.value).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="#6f777b" stroke-width="2"/>`);
      out.push(`<circle cx="${x(r.previous).toFixed(1)}" cy="${cy}" r="4.5" fill="#ffffff" stroke="#505a5f" stroke-width="1.5"/>`);
    }
    out.push(`<circle cx="${x(r.value).toFixed(1)}" cy="${cy}" r="5.5" fill="${main.line}"/>`);
    out.push(`<text x="${W - 4}" y="${(y(i) + 4.5).toFixed(1)}" text-anchor="end" fill="#0b0c0c" font-weight="bold">${esc(formatNumber(r.value, m.rankedUnit))}</text>`);
  });
  if (scot !== undefined) out.push(`<line x1="${x(scot).toFixed(1)}" x2="${x(scot).toFixed(1)}" y1="${top - 4}" y2="${bottom}" stroke="${scotColour}" stroke-width="2" stroke-dasharray="4 3"/>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
