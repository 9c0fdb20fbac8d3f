import { columnLetters } from '../core/words.js';
import type { ChalkInstance } from 'chalk';
import type { CjoipError } from '../core/errors.js';
import { errorCount, sortFindings, warningCount, type Finding } from '../core/findings.js';

/** A "cannot continue" error as the user sees it: the message, then the hint. */
export function renderError(e: CjoipError, c: ChalkInstance): string {
  return `${c.red('error')} ${e.message}\n${e.hint ? `  ${c.dim('→ ' + e.hint)}\n` : ''}`;
}

export const FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;
export type FindingFormat = (typeof FORMATS)[number];

/** Findings shown per file before the rest are summarised (stylish and github formats). */
export const MAX_FINDINGS_PER_FILE = 200;
/** Findings of one kind shown per file: a flood of one mistake reads as its first few and a count. */
export const MAX_FINDINGS_PER_KIND = 50;

/** Any quoted value in a message is cut to about 80 characters; a whole message to a few lines. */
function clipMessage(text: string): string {
  // A message is one line, and a value quoted in it (a 10 MB cell) is cut before any pattern looks at it.
  const s = (text.length > 4000 ? `${text.slice(0, 3999)}…` : text).replace(/\s*[\r\n]+\s*/g, ' ');
  const quoted = s.replace(/'([^'\n]{81,})'/g, (_, q: string) => `'${q.slice(0, 79)}…'`).replace(/"([^"\n]{81,})"/g, (_, q: string) => `"${q.slice(0, 79)}…"`);
  const words = quoted.replace(/\S{121,}/g, (w) => `${w.slice(0, 119)}…`);
  return words.length > 600 ? `${words.slice(0, 599)}…` : words;
}

/** The first findings of each kind in each file (at most MAX_FINDINGS_PER_FILE in all), and the rest by file. */
function capPerFile(fs: Finding[]): { shown: Finding[]; hidden: Map<string, Finding[]> } {
  const perFile = new Map<string, number>();
  const perKind = new Map<string, number>();
  const shown: Finding[] = [];
  const hidden = new Map<string, Finding[]>();
  for (const f of fs) {
    const kind = `${f.file}\u0000${f.code}`;
    const n = (perFile.get(f.file) ?? 0) + 1;
    const k = (perKind.get(kind) ?? 0) + 1;
    if (n <= MAX_FINDINGS_PER_FILE && k <= MAX_FINDINGS_PER_KIND) {
      perFile.set(f.file, n);
      perKind.set(kind, k);
      shown.push(f);
    } else {
      const list = hidden.get(f.file);
      if (list) list.push(f);
      else hidden.set(f.file, [f]);
    }
  }
  return { shown, hidden };
}

const moreLine = (list: Finding[]) => {
  const e = errorCount(list);
  const w = warningCount(list);
  const byCode = new Map<string, number>();
  for (const f of list) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  const kinds = [...byCode].sort((a, b) => b[1] - a[1]);
  const listed = kinds.slice(0, 8).map(([code, n]) => `${n} ${code}`).join(', ') + (kinds.length > 8 ? `, and ${kinds.length - 8} more kinds` : '');
  return `… and ${list.length} more finding${list.length === 1 ? '' : 's'} in this file (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}) not shown: ${listed}. Fix those above first; --format json lists every finding.`;
};

/** Findings as text in one of the three formats. */
export function renderFindings(findings: Finding[], format: FindingFormat, c: ChalkInstance): string {
  const all = sortFindings(findings).map((f) => ({ ...f, message: clipMessage(f.message), ...(f.hint ? { hint: clipMessage(f.hint) } : {}) }));
  const { shown: fs, hidden } = format === 'json' ? { shown: all, hidden: new Map<string, Finding[]>() } : capPerFile(all);
  if (format === 'json') {
    return JSON.stringify(
      fs.map((f) => ({
        file: f.file,
        line: f.line ?? 1,
        column: f.column ?? 1,
        endLine: f.endLine ?? f.line ?? 1,
        endColumn: f.endColumn ?? f.column ?? 1,
        ...(f.sheet !== undefined ? { sheet: f.sheet, cell: `${f.sheet}!${columnLetters(f.column ?? 1)}${f.line ?? 1}` } : {}),
        severity: f.severity,
        code: f.code,
        message: f.message,
        hint: f.hint ?? '',
      })),
      null,
      2,
    ) + '\n';
  }
  if (format === 'sarif') return renderSarif(all);
  if (format === 'github') {
    const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    return fs
      .map((f) => {
        const props = [`file=${prop(f.file)}`, `line=${f.line ?? 1}`, `col=${f.column ?? 1}`];
        if (f.endLine) props.push(`endLine=${f.endLine}`);
        if (f.endColumn) props.push(`endColumn=${f.endColumn}`);
        props.push(`title=${prop(f.code)}`);
        return `::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${esc(f.message + (f.hint ? ` ${f.hint}` : ''))}\n`;
      })
      .join('') + [...hidden].map(([file, list]) => `::notice file=${prop(file)}::${esc(moreLine(list))}\n`).join('');
  }
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of fs) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, list] of byFile) {
    lines.push(c.underline(file));
    for (const f of list) {
      const pos = (f.sheet !== undefined ? `${f.sheet}!${columnLetters(f.column ?? 1)}${f.line ?? 1}` : `${f.line ?? 1}:${f.column ?? 1}`).padEnd(8);
      const sev = f.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      lines.push(`  ${c.dim(pos)} ${sev}  ${f.message}  ${c.dim(f.code)}`);
      if (f.hint) lines.push(`  ${' '.repeat(8)} ${' '.repeat(7)}  ${c.dim('→ ' + f.hint)}`);
    }
    const more = hidden.get(file);
    if (more) lines.push(`  ${c.bold(moreLine(more))}`);
    lines.push('');
  }
  const e = errorCount(all);
  const w = warningCount(all);
  if (e + w > 0) {
    const summary = `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
    lines.push(e ? c.red.bold(`✖ ${summary}`) : c.yellow.bold(`⚠ ${summary}`));
    return lines.join('\n') + '\n';
  }
  return '';
}

/** Findings as SARIF 2.1.0, for code scanning (GitHub's upload-sarif and other tools). Every finding is kept. */
function renderSarif(fs: Finding[]): string {
  const codes = [...new Set(fs.map((f) => f.code))].sort();
  const uri = (file: string) => file.split(/[\\/]/).join('/');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cjoip', rules: codes.map((id) => ({ id, name: id, shortDescription: { text: id.replace(/-/g, ' ') } })) } },
        results: fs.map((f) => ({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.hint ? `${f.message} ${f.hint}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line ?? 1, startColumn: f.column ?? 1, endLine: f.endLine ?? f.line ?? 1, endColumn: f.endColumn ?? f.column ?? 1 },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** Show what reading a plan for a report found: errors (stylish) on standard output, warnings on standard error. */
export function showPlanFindings(built: { ok: true; warnings: Finding[] } | { ok: false; findings: Finding[] }, io: { out: (t: string) => void; err: (t: string) => void; color: ChalkInstance }): void {
  if (!built.ok) io.out(renderFindings(built.findings, 'stylish', io.color));
  else if (built.warnings.length) io.err(renderFindings(built.warnings, 'stylish', io.color));
}
