import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { CjoipError } from '../core/errors.js';
import { isPrecompiled } from './compiled-templates.js';
import { formatFinancialYear } from '../core/years.js';
import type { Figure, SeriesPoint } from '../data/aggregate.js';
import type { Unit } from '../data/cells.js';
import type { ReportModel, StructureNode } from '../report/types.js';
import { capital, formatFigure, plural } from '../report/sections/format.js';

export type TemplateSet = { report: string; partials: Record<string, string>; css?: string };

/** Read a format's templates: the shipped ones, each replaced by a file of the same name in the override folder. */
export function readTemplates(shipped: string | string[], format: 'md' | 'html', overrideDir?: string): TemplateSet {
  const shippedDirs = typeof shipped === 'string' ? [shipped] : shipped;
  const shippedDir = shippedDirs[shippedDirs.length - 1];
  if (overrideDir !== undefined) {
    if (overrideDir.includes('\u0000')) throw new CjoipError('bad-templates', '--templates: the path contains a NUL character.', 'Give the folder of your templates.');
    let st;
    try {
      st = statSync(overrideDir);
    } catch {
      throw new CjoipError('bad-templates', `--templates ${overrideDir}: no such folder.`, 'Give a folder holding html/ and/or md/ with the templates to override.');
    }
    if (!st.isDirectory()) throw new CjoipError('bad-templates', `--templates ${overrideDir} is a file, not a folder.`, 'Give a folder holding html/ and/or md/ with the templates to override.');
    if (!existsSync(path.join(overrideDir, 'html')) && !existsSync(path.join(overrideDir, 'md')))
      throw new CjoipError('bad-templates', `--templates ${overrideDir} has neither an html/ nor an md/ folder, so it would change nothing.`, 'Put overriding templates in html/ (for HTML and PDF) or md/ (for Markdown), named as the shipped ones.');
  }
  const files = new Map<string, string>();
  for (const dir of [...shippedDirs.map((d) => path.join(d, format)), ...(overrideDir ? [path.join(overrideDir, format)] : [])]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.hbs') || f.endsWith('.css')) files.set(f, path.join(dir, f));
  }
  if (!files.has('report.hbs')) throw new CjoipError('no-templates', `No ${format}/report.hbs template found in ${shippedDir}.`, 'Reinstall cjoip, or give --templates a folder with html/ and md/ templates.');
  const read = (f: string) => {
    const file = files.get(f)!;
    let text: string;
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > 1024 * 1024) throw new Error(st.isFile() ? 'it is larger than 1 MB' : 'it is not a file');
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CjoipError('bad-template', `The template ${file} cannot be read: ${(e as Error).message}.`, 'Fix or remove the file.');
    }
    try {
      // A shipped template, unchanged, was compiled when cjoip was built.
      if (f.endsWith('.hbs') && !isPrecompiled(text, format)) Handlebars.parse(text);
    } catch (e) {
      throw new CjoipError('bad-template', `The template ${file} has an error: ${describeTemplateError((e as Error).message)}`, 'Fix the template (Handlebars syntax), or remove it to use the shipped one.');
    }
    return text;
  };
  const partials: Record<string, string> = {};
  for (const f of files.keys()) if (f.endsWith('.hbs') && f !== 'report.hbs') partials[f.slice(0, -4)] = read(f);
  return { report: read('report.hbs'), partials, css: files.has('report.css') ? read('report.css') : undefined };
}

/** A Handlebars error as one line with its position: "line 3: if doesn't match each". */
function describeTemplateError(message: string): string {
  const parse = /^Parse error on line (\d+):[\s\S]*?\n(Expecting[^\n]*|got[^\n]*)?/.exec(message);
  if (parse) return `line ${parse[1]}: ${(parse[2] ?? 'syntax error').replace(/, got/, '; found')}.`;
  const close = /^(.*) - (\d+):(\d+)$/.exec(message.split('\n')[0]);
  if (close) return `line ${close[2]}, column ${Number(close[3]) + 1}: ${close[1]}.`;
  return `${message.split('\n')[0]}.`;
}

/** Run a compiled template, turning its errors (a missing partial, a helper misused) into a message naming the template. */
export function runTemplate<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CjoipError) throw e;
    throw new CjoipError('template-failed', `The ${what} template failed: ${describeTemplateError((e as Error).message)}`, 'Check templates given with --templates against the shipped ones (templates/ in cjoip).');
  }
}

/** Helpers every template set has, Markdown and HTML alike. */
export function registerCommon(hb: typeof Handlebars) {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('anyHas', (xs: unknown, key: string) => Array.isArray(xs) && xs.some((x) => (x as Record<string, unknown>)?.[key] !== undefined && (x as Record<string, unknown>)[key] !== ''));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('add', (a: number, b: number) => a + b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find((x) => (Array.isArray(x) ? x.length : x)));
  hb.registerHelper('join', (xs: unknown, sep: unknown) => (Array.isArray(xs) ? xs.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('concat', (...xs: unknown[]) => xs.slice(0, -1).join(''));
  hb.registerHelper('pluck', (xs: unknown, key: string) => (Array.isArray(xs) ? xs.map((x) => (x as Record<string, unknown>)[key]) : []));
  hb.registerHelper('fy', (y: number) => (typeof y === 'number' ? formatFinancialYear(y) : ''));
  hb.registerHelper('first', (series: SeriesPoint[]) => series?.[0]?.year);
  hb.registerHelper('last', (xs: unknown[]) => (Array.isArray(xs) ? xs[xs.length - 1] : ''));
  hb.registerHelper('fig', (f: Figure | undefined, unit: Unit) => formatFigure(f, unit));
  hb.registerHelper('capital', capital);
  hb.registerHelper('lower', (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : ''));
  hb.registerHelper('plural', (s: string) => plural(s ?? 'item'));
  hb.registerHelper('pluralAll', (xs: string[]) => (xs ?? []).map(plural));
  hb.registerHelper('childLevel', function (this: unknown, n: StructureNode, options: Handlebars.HelperOptions) {
    return (options.data.root as ReportModel).plan.levels[n.depth] ?? 'item';
  });
}
