import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { CjoipError, EXIT } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { describeFinancialYear, formatFinancialYear } from '../core/years.js';
import { clip } from '../core/words.js';
import { TEMPLATES_DIR } from '../read/load-reference.js';
import { resolvePlanPath } from '../read/read-file.js';
import { modelOfPlan } from '../report/plan-model.js';
import { escapeXml } from '../render/escape.js';
import { renderReportHtml } from '../render/html.js';
import { readTemplates } from '../render/templates.js';
import { renderFindings } from './format-findings.js';
import type { Io } from './io.js';
import { parseYearOption } from './validate.js';

export interface PreviewOptions {
  year: string;
  port?: string;
  final?: boolean;
  open?: boolean;
  templates?: string;
}

/** What the page shows: the last report that built, and the problems of the latest build. */
interface State {
  version: number;
  html?: string;
  problems: Finding[];
  /** Whether the latest build failed, so the report shown is an earlier one. */
  stale: boolean;
}

const LIVE_PATH = '/__cjoip/live.js';
const EVENTS_PATH = '/__cjoip/events';
/** Nothing outside the page, the server's own script and its event stream. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Saves come in bursts (an editor writes, renames, touches): one rebuild after the burst settles. */
const SETTLE_MS = 60;

/** The page's script: on each new version, fetch the page and swap its body in place, keeping the scroll position. */
const LIVE_JS = `(() => {
  const events = new EventSource('${EVENTS_PATH}');
  let shown = Number(document.documentElement.dataset.cjoipVersion || 0);
  events.addEventListener('version', async (e) => {
    const v = Number(e.data);
    if (v === shown) return;
    const res = await fetch('/', { cache: 'no-store' });
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const y = window.scrollY;
    document.title = doc.title;
    const style = document.querySelector('style'), next = doc.querySelector('style');
    if (style && next && style.textContent !== next.textContent) style.textContent = next.textContent;
    document.body.replaceWith(document.adoptNode(doc.body));
    document.documentElement.dataset.cjoipVersion = String(v);
    shown = v;
    window.scrollTo(0, y);
  });
})();
`;

/** The problems of the latest build, above the report: each with its file and position, its message and its fix. */
function problemsPanel(state: State): string {
  if (!state.problems.length && !state.stale) return '';
  const item = (f: Finding) =>
    `<li><strong>${f.severity === 'error' ? 'Error' : 'Warning'}</strong> <code>${escapeXml(clip(`${f.file ?? ''}${f.line ? `:${f.line}:${f.column ?? 1}` : ''}`, 200))}</code> ${escapeXml(f.message)}${f.hint ? ` <em>${escapeXml(f.hint)}</em>` : ''}</li>`;
  const errors = state.problems.filter((f) => f.severity === 'error').length;
  const heading = state.stale ? (state.html ? 'The plan has errors: the report below is the last one that built' : 'The plan has errors: no report could be built yet') : `${state.problems.length} problem${state.problems.length === 1 ? '' : 's'} to look at`;
  return `<aside id="cjoip-preview-problems" role="status" aria-label="Problems found by cjoip" style="border:3px solid ${errors ? '#b10e1e' : '#c05000'};background:#fff;color:#1b1b1b;padding:0.75rem 1rem;margin:0;font:16px/1.5 Arial,sans-serif;max-height:40vh;overflow:auto"><p style="margin:0 0 0.5rem;font-weight:bold">${escapeXml(heading)}</p><ul style="margin:0;padding-left:1.25rem">${state.problems.slice(0, 200).map(item).join('')}</ul>${state.problems.length > 200 ? `<p>and ${state.problems.length - 200} more (cjoip validate lists them all)</p>` : ''}</aside>`;
}

/** The page served: the report's own HTML with the problems above it and the live script; or the problems alone. */
function page(state: State): string {
  const panel = problemsPanel(state);
  const script = `<script src="${LIVE_PATH}" defer></script>`;
  if (!state.html) return `<!DOCTYPE html><html lang="en-GB" data-cjoip-version="${state.version}"><head><meta charset="utf-8"><title>cjoip preview</title><style></style>${script}</head><body>${panel}</body></html>`;
  return state.html
    .replace(/<html\b([^>]*)>/i, (_m, attrs: string) => `<html${attrs} data-cjoip-version="${state.version}">`)
    .replace(/<\/head>/i, `${script}</head>`)
    .replace(/<body\b([^>]*)>/i, (m) => `${m}${panel}`);
}

/** `cjoip preview`: the report's HTML built in memory, served on 127.0.0.1, rebuilt and shown again on every save. */
export async function runPreview(p: string | undefined, opts: PreviewOptions, io: Io, stop: Promise<string> = signalled()): Promise<number> {
  const year = parseYearOption(opts.year);
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CjoipError('bad-option', `--port ${clip(String(opts.port))} is not a port number.`, 'Give a port from 1024 to 65535, or 0 for any free port.');
  const file = await resolvePlanPath(p ?? 'cjoip.yaml');
  const dir = path.dirname(file);
  const templates = readTemplates(TEMPLATES_DIR, 'html', opts.templates);
  io.err(`Reporting year ${formatFinancialYear(year)}: ${describeFinancialYear(year)}\n`);

  const state: State = { version: 0, problems: [], stale: false };
  const clients = new Set<ServerResponse>();
  let shownProblems = '';

  const build = async () => {
    let problems: Finding[];
    let html: string | undefined;
    try {
      const built = await modelOfPlan(file, year, { draft: !opts.final }, () => {});
      if (!built.ok) problems = built.findings;
      else {
        const gaps: Finding[] = opts.final ? built.model.gaps.map((g) => built.loaded.parsed!.place({ severity: 'error', code: 'final-gap', message: `Missing for the final report: ${g.message}.`, hint: g.fix, path: g.path, at: 'key' })) : [];
        problems = [...gaps, ...built.warnings];
        html = renderReportHtml(built.model, templates);
      }
    } catch (e) {
      if (!(e instanceof CjoipError)) throw e;
      problems = [{ severity: 'error', code: e.code, message: e.message, hint: e.hint, file: path.relative(io.cwd, file) || file }];
    }
    const stale = html === undefined;
    const changed = (html !== undefined && html !== state.html) || stale !== state.stale || JSON.stringify(problems) !== JSON.stringify(state.problems);
    if (html !== undefined) state.html = html;
    state.problems = problems;
    state.stale = stale;
    if (!changed) return;
    state.version++;
    const text = problems.length ? renderFindings(problems, 'stylish', io.color) : '';
    if (text !== shownProblems) io.err(text || `${io.color.green('✔')} no problems\n`);
    shownProblems = text;
    io.err(`${io.color.dim('›')} ${stale ? 'not rebuilt: the last report that built stays on the page' : 'report rebuilt'}\n`);
    for (const c of clients) c.write(`event: version\ndata: ${state.version}\n\n`);
  };
  await build();

  const server = createServer((req, res) => serve(req, res));
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // Only this machine's own pages may ask: a page elsewhere cannot reach the server under another name.
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/i.test(host)) return send(403, 'text/plain; charset=utf-8', 'Forbidden\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'Only GET is answered.\n', { Allow: 'GET, HEAD' });
    // Nothing is served from the disk: the report is in memory, and every other path is unknown.
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    if (pathname === '/' || pathname === '/index.html') return send(200, 'text/html; charset=utf-8', page(state));
    if (pathname === LIVE_PATH) return send(200, 'text/javascript; charset=utf-8', LIVE_JS);
    if (pathname === EVENTS_PATH && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.write(`retry: 500\nevent: version\ndata: ${state.version}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    return send(404, 'text/plain; charset=utf-8', 'Not found\n');
  };

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${port} is in use by another program` : err.code === 'EACCES' ? `port ${port} is not allowed for this user` : err.message;
    throw new CjoipError('preview-port', `The preview cannot listen on 127.0.0.1:${port}: ${why}.`, 'Give another port with --port, or --port 0 for any free port.');
  }
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
  io.out(`${url}\n`);
  io.err(`Previewing ${path.relative(io.cwd, file) || file} at ${url} (listening on this computer only). Save a file to see the report again; Ctrl-C stops.\n`);
  if (opts.open) openInBrowser(url, io);

  // The plan folder is watched whole: the plan, its narrative files and its data files all live in it.
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> = Promise.resolve();
  const onChange = (_e: string, name: string | Buffer | null) => {
    const rel = String(name ?? '');
    if (rel.split(/[\\/]/).some((part) => part === 'node_modules' || part === '.git' || part === 'reports')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      building = building.then(build).catch((e) => io.err(`${io.color.red('✖')} the preview could not rebuild: ${(e as Error).message}\n`));
    }, SETTLE_MS);
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true }, onChange);
  } catch {
    watcher = watch(dir, onChange);
  }
  watcher.on('error', () => {});

  const signal = await stop;
  clearTimeout(timer);
  watcher.close();
  for (const c of clients) c.end();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await building;
  io.err(`Preview stopped (${signal}).\n`);
  return EXIT.ok;
}

/** Resolves with the name of the first stop signal. */
function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Open the page in the system's browser, when asked (--open); a failure is said, never fatal. */
function openInBrowser(url: string, io: Io): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => io.err(`Could not open a browser; open ${url} yourself.\n`));
    child.unref();
  } catch {
    io.err(`Could not open a browser; open ${url} yourself.\n`);
  }
}
