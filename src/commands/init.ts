import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Handlebars from 'handlebars';
import { CjoipError, EXIT } from '../core/errors.js';
import { suggest } from '../core/findings.js';
import { frameworkLabels, type Framework } from '../core/framework-schema.js';
import { financialYearOfDate, formatFinancialYear, parseFinancialYear } from '../core/years.js';
import { FIRST_YEAR, LAST_YEAR } from '../core/plan-schema.js';
import { plural } from '../core/words.js';
import { PLAN_SCHEMA_COPY, renderPlanJsonSchema } from './schema.js';
import { renderDataTemplate } from '../data/template.js';
import { displayPath } from '../read/load-plan.js';
import { readAreaIndex, TEMPLATES_DIR } from '../read/load-reference.js';
import { readBuiltInFramework } from '../read/read-framework.js';
import { writeFileAtomic } from '../write/write-atomic.js';
import type { Io } from './io.js';

export interface InitOptions {
  name?: string;
  areas?: string;
  framework?: string;
  start?: string;
  years?: string;
  chair?: string;
  contact?: string;
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface InitAnswers {
  name: string;
  areas: string[];
  framework: string;
  start: number;
  years: number;
  chair: string;
  contact: string;
}

/** A question asked on the terminal; returns the typed line. */
export type Ask = (question: string) => Promise<string>;

const FLAGS: Record<keyof InitAnswers, string> = {
  name: '--name <partnership name>',
  areas: '--areas <council areas, comma-separated>',
  framework: '--framework <cjpf-2023|opif-2016>',
  start: '--start <first financial year, e.g. 2025-26>',
  years: '--years <number of years>',
  chair: '--chair <name>',
  contact: '--contact <email>',
};

/** Check a comma-separated list of council areas; returns their names or a message saying which are unknown. */
export function parseAreas(text: string): { names?: string[]; error?: string } {
  const idx = readAreaIndex();
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return { error: 'Give at least one council area.' };
  const bad = parts.filter((p) => {
    const c = idx.resolve(p);
    return !c || idx.isScotland(c);
  });
  if (bad.length) return { error: bad.map((b) => `'${b}' is not a Scottish council area. ${suggest(b, idx.names(), 'council areas')}`).join(' ') };
  return { names: [...new Set(parts.map((p) => idx.name(idx.resolve(p)!)))] };
}

/** Validators for each answer: a value, or an error message to show before asking again. */
const CHECK: { [K in keyof InitAnswers]: (s: string) => { value?: InitAnswers[K]; error?: string } } = {
  name: (s) => (oneLine(s) ? { value: oneLine(s) } : { error: 'The partnership needs a name.' }),
  areas: (s) => {
    const r = parseAreas(s);
    return r.names ? { value: r.names } : { error: r.error };
  },
  framework: (s) => (['cjpf-2023', 'opif-2016'].includes(s.trim()) ? { value: s.trim() } : { error: 'Choose cjpf-2023 or opif-2016.' }),
  start: (s) => {
    const y = parseFinancialYear(s);
    if (y === undefined || !/^\d{4}([-/]\d{2,4})?$/.test(s.trim())) return { error: 'Write the first financial year as 2025-26.' };
    if (y < FIRST_YEAR || y > LAST_YEAR) return { error: `Plans run in financial years ${formatFinancialYear(FIRST_YEAR)} to ${formatFinancialYear(LAST_YEAR)}; give a start year in that range.` };
    return { value: y };
  },
  years: (s) => {
    const n = Number(s);
    return Number.isInteger(n) && n >= 1 && n <= 10 ? { value: n } : { error: 'Give a whole number of years from 1 to 10.' };
  },
  chair: (s) => ({ value: oneLine(s) || 'FILL IN: name of the chair' }),
  contact: (s) => ({ value: oneLine(s) || 'FILL IN: contact email' }),
};

/** Text typed for a name is one line: line breaks, tabs and runs of spaces become one space. */
function oneLine(s: string): string {
  return s.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

const ORDER: (keyof InitAnswers)[] = ['name', 'areas', 'framework', 'start', 'years', 'chair', 'contact'];
const PROMPTS: Record<keyof InitAnswers, string> = {
  name: 'Partnership name',
  areas: 'Council areas (names or GSS codes, comma-separated)',
  framework: 'Framework (cjpf-2023 or opif-2016)',
  start: 'First financial year',
  years: 'Number of years the plan runs',
  chair: 'Chair of the partnership (name)',
  contact: 'Contact email',
};

/**
 * Gather answers: flags first; then, on a terminal, questions (asked again until the answer is
 * valid), or defaults with --yes; without a terminal, defaults, and an error for what has none.
 */
export async function gatherAnswers(opts: InitOptions, canAsk: boolean, ask: Ask, say: (s: string) => void, today: string): Promise<InitAnswers> {
  const defaults: Partial<Record<keyof InitAnswers, string>> = {
    framework: 'cjpf-2023',
    start: formatFinancialYear((financialYearOfDate(today) ?? 2025) + 1),
    years: '5',
    chair: '',
    contact: '',
  };
  const given: Partial<Record<keyof InitAnswers, string>> = { name: opts.name, areas: opts.areas, framework: opts.framework, start: opts.start, years: opts.years, chair: opts.chair, contact: opts.contact };
  const answers: Record<string, unknown> = {};
  const missing: (keyof InitAnswers)[] = [];
  for (const key of ORDER) {
    const def = defaults[key];
    if (given[key] !== undefined) {
      const r = CHECK[key](given[key]!);
      if (r.error) throw new CjoipError('bad-option', `${FLAGS[key].split(' ')[0]}: ${r.error}`, `Give ${FLAGS[key]}.`);
      answers[key] = r.value;
    } else if (def !== undefined && (opts.yes || !canAsk)) {
      answers[key] = CHECK[key](def).value;
    } else if (!canAsk) {
      missing.push(key);
    } else {
      for (;;) {
        const line = await ask(`${PROMPTS[key]}${def ? ` [${def}]` : ''}: `);
        const r = CHECK[key](line.trim() === '' && def !== undefined ? def : line);
        if (r.value !== undefined) {
          answers[key] = r.value;
          break;
        }
        say(`  ${r.error} Please try again.\n`);
      }
    }
  }
  const a = answers as unknown as InitAnswers;
  if (a.start !== undefined && a.years !== undefined && a.start + a.years - 1 > LAST_YEAR)
    throw new CjoipError('bad-option', `A plan of ${a.years} years from ${formatFinancialYear(a.start)} would end after ${formatFinancialYear(LAST_YEAR)}.`, `Give fewer --years, or an earlier --start.`);
  if (missing.length)
    throw new CjoipError(
      'missing-answers',
      `cjoip init cannot ask questions here (standard input is not a terminal, or CI is set), and ${missing.map((m) => FLAGS[m].split(' ')[0]).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
      `Give ${missing.map((m) => FLAGS[m]).join(' ')}. Everything else has a default: ${ORDER.filter((k) => defaults[k] !== undefined).map((k) => FLAGS[k].split(' ')[0]).join(', ')}.`,
    );
  return answers as unknown as InitAnswers;
}

interface InitNode {
  id: string;
  title?: string;
  towards?: string;
  priorityActions?: string[];
  outcomes?: string[];
  children?: InitNode[];
}

/**
 * The placeholder structure, each item under the level whose name it is given: for the 2023
 * framework, one action under each aim's priority actions; for the 2016 framework (no aims), one
 * action under each outcome, linked to the priorities that serve it.
 */
export function buildInitStructure(f: Framework): { levels: string[]; nodes: InitNode[]; under: string } {
  const L = frameworkLabels(f);
  if (f.aims.length) {
    const paNode = (id: string): InitNode => {
      const pa = f.priority_actions.find((p) => p.id === id)!;
      return { id: pa.id, title: pa.title, priorityActions: [pa.id], children: [{ id: `${pa.id}.1`, towards: `${L.priority_action} ${pa.id}` }] };
    };
    return {
      levels: [L.aim, L.priority_action, 'action'],
      nodes: f.aims.map((a) => ({ id: a.id, title: a.title, children: a.priority_actions.map(paNode) })),
      under: L.priority_action,
    };
  }
  return {
    levels: [L.outcome, 'action'],
    nodes: f.outcomes.map((o) => {
      const serving = f.priority_actions.filter((p) => p.outcomes.includes(o.id)).map((p) => p.id);
      return { id: o.id, title: o.title, outcomes: [o.id], ...(serving.length ? { priorityActions: serving } : {}), children: [{ id: `${o.id}.1`, towards: `${L.outcome} ${o.id}` }] };
    }),
    under: L.outcome,
  };
}

/** An id from a name: `Perth and Kinross` → `perth-and-kinross` (the same ids the template gives council partners). */
const slugify = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every file the scaffold consists of, rendered from templates/init. Pure apart from reading the templates. */
export function renderScaffold(a: InitAnswers, dir: string): { file: string; content: string }[] {
  const f = readBuiltInFramework(a.framework)!;
  const idx = readAreaIndex();
  const hb = Handlebars.create();
  hb.registerHelper('q', (s: unknown) => JSON.stringify(String(s)));
  hb.registerHelper('concat', (...xs: unknown[]) => xs.slice(0, -1).join(''));
  hb.registerHelper('join', (xs: unknown[], sep: string) => (Array.isArray(xs) ? xs.join(sep) : ''));
  hb.registerHelper('slug', slugify);
  const initDir = path.join(TEMPLATES_DIR, 'init');
  hb.registerPartial('node', readFileSync(path.join(initDir, 'node.yaml.hbs'), 'utf8'));
  const { levels, nodes, under } = buildInitStructure(f);
  const firstYear = formatFinancialYear(a.start);
  const lastYear = formatFinancialYear(a.start + a.years - 1);
  const label = frameworkLabels(f).priority_action;
  const view = {
    ...a,
    areaNames: a.areas,
    firstYear,
    lastYear,
    /** "2025-26 to 2029-30", or "2025-26" for a plan of one year. */
    periodWords: a.years > 1 ? `${firstYear} to ${lastYear}` : firstYear,
    framework: { id: f.id, title: f.title, label, labels: plural(label), under },
    levels,
    structure: nodes,
    leadId: `${slugify(a.areas[0])}-council`,
    schemaPath: PLAN_SCHEMA_COPY,
  };
  const render = (name: string) => hb.compile(readFileSync(path.join(initDir, name), 'utf8'), { noEscape: true })(view);
  const files = [
    { file: 'cjoip.yaml', content: render('cjoip.yaml.hbs') },
    { file: 'README.md', content: render('README.md.hbs') },
    ...readdirSync(path.join(initDir, 'narrative'))
      .filter((n) => n.endsWith('.md.hbs'))
      .sort()
      .map((n) => ({ file: `narrative/${n.slice(0, -4)}`, content: render(`narrative/${n}`) })),
    { file: 'data/indicators.csv', content: renderDataTemplate(f, [...a.areas, idx.name(idx.scotlandCode)], Array.from({ length: a.years }, (_, i) => a.start + i)) },
    { file: PLAN_SCHEMA_COPY, content: renderPlanJsonSchema() },
  ];
  return files;
}

/** What stops the scaffold being written: a path in the way that is a file where a folder is needed, or the reverse. */
function scaffoldBlockers(dir: string, files: string[]): string[] {
  const out = new Set<string>();
  const kind = (p: string) => {
    try {
      const st = statSync(p);
      return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? 'none' : code === 'ENOTDIR' ? 'under-file' : 'unreadable';
    }
  };
  for (const f of files) {
    for (let up = path.dirname(f); ; up = path.dirname(up)) {
      const k = kind(up);
      if (k === 'folder') break;
      if (k !== 'none') out.add(`${displayPath(up)} is ${k === 'file' ? 'a file' : k === 'unreadable' ? 'not readable' : 'not a folder'}, where a folder is needed`);
      if (path.dirname(up) === up || k !== 'none') break;
    }
    const k = kind(f);
    if (k === 'folder' || k === 'other') out.add(`${displayPath(f)} is ${k === 'folder' ? 'a folder' : 'not a regular file'}, where the file ${path.relative(dir, f)} goes`);
  }
  return [...out];
}

/** Questions on a terminal, reading answers line by line (typed-ahead lines are kept, not lost). */
function terminalAsk(io: Io): { ask: Ask; close: () => void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    ask: async (q) => {
      io.err(q);
      const r = await lines.next();
      if (r.done) throw new CjoipError('input-closed', 'Standard input closed before every question was answered.', 'Give the answers as flags instead (see cjoip init --help).');
      return r.value as string;
    },
    close: () => rl.close(),
  };
}

/** `cjoip init`: scaffold a plan folder that validates and renders at once. */
export async function runInit(dirArg: string, opts: InitOptions, io: Io, today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const dir = path.resolve(io.cwd, dirArg);
  const canAsk = io.stdinIsTTY && !io.env.CI;
  const term = canAsk ? terminalAsk(io) : undefined;
  let answers: InitAnswers;
  try {
    answers = await gatherAnswers(opts, canAsk, term?.ask ?? (async () => ''), io.err, today);
  } finally {
    term?.close();
  }
  const files = renderScaffold(answers, dir).map((f) => ({ ...f, abs: path.join(dir, f.file) }));
  // Everything is checked before the first file is written: the folder, each sub-folder and each name.
  const blocked = scaffoldBlockers(dir, files.map((f) => f.abs));
  if (blocked.length)
    throw new CjoipError('cannot-scaffold', `cjoip init cannot write the plan in ${displayPath(dir) || '.'}; nothing was written:\n${blocked.map((b) => `  ${b}`).join('\n')}`, 'Choose another folder, or move these out of the way.');
  const state = files.map((f) => ({ ...f, state: !existsSync(f.abs) ? 'create' : readFileSync(f.abs, 'utf8') === f.content ? 'unchanged' : 'overwrite' }));

  if (opts.dryRun) {
    for (const f of state) io.out(`${f.state.padEnd(10)} ${displayPath(f.abs)}\n`);
    io.err('Dry run: nothing was written.\n');
    return EXIT.ok;
  }
  const inTheWay = state.filter((f) => f.state !== 'create');
  if (inTheWay.length && !opts.force) {
    throw new CjoipError(
      'would-overwrite',
      `${displayPath(dir) || '.'} already has ${existsSync(path.join(dir, 'cjoip.yaml')) ? 'a plan' : 'files cjoip init would write'}; nothing was written. In the way:\n${inTheWay.map((f) => `  ${displayPath(f.abs)}`).join('\n')}`,
      'Choose an empty folder, or add --force to replace these files.',
    );
  }
  const made: string[] = [];
  try {
    for (const f of state) {
      if (f.state === 'unchanged') continue;
      writeFileAtomic(f.abs, f.content);
      if (f.state === 'create') made.push(f.abs);
    }
  } catch (e) {
    // A failure part-way (a full disk) takes back the files this run created, so no half scaffold is left.
    for (const m of made) rmSync(m, { force: true });
    throw e;
  }
  const fw = readBuiltInFramework(answers.framework)!;
  io.err(`Created the plan for ${answers.name} in ${displayPath(dir) || '.'}, on the ${fw.title} (${fw.id}):\n${state.map((f) => `  ${f.state.padEnd(10)} ${f.file}`).join('\n')}\n\n`);
  const cd = path.relative(io.cwd, dir);
  const next: [string, string][] = [
    ...(cd ? [[`cd ${/[^\w./-]/.test(cd) ? JSON.stringify(cd) : cd}`, ''] as [string, string]] : []),
    ['cjoip validate', 'lists every FILL IN still to do'],
    [`cjoip report --year ${formatFinancialYear(answers.start)}`, 'the annual report, with its gaps shown'],
  ];
  const width = Math.max(...next.map(([c]) => c.length)) + 2;
  io.err(`Next:\n${next.map(([c, why]) => `  ${why ? `${c.padEnd(width)}# ${why}` : c}`).join('\n')}\n`);
  return EXIT.ok;
}
