import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { Chalk } from 'chalk';
import { CjoipError, EXIT } from './core/errors.js';
import { cutLines, forTerminal } from './core/words.js';
import type { Io } from './commands/io.js';
import type { StartedPrinter } from './render/pdf.js';
import { PACKAGE_ROOT } from './read/load-reference.js';

const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The default Io: the real process, colour only on a terminal and never with NO_COLOR. */
export function processIo(): Io {
  const env = process.env;
  const colour = !('NO_COLOR' in env && env.NO_COLOR !== '') && (Boolean(process.stdout.isTTY) || Boolean(env.FORCE_COLOR));
  // Everything written passes one gate: text from files and plans can never act on the terminal.
  return {
    out: (t) => process.stdout.write(forTerminal(t, colour)),
    err: (t) => process.stderr.write(cutLines(forTerminal(t, colour))),
    color: new Chalk({ level: colour ? 1 : 0 }),
    env,
    cwd: process.cwd(),
    stdinIsTTY: Boolean(process.stdin.isTTY),
  };
}

/**
 * A run that prints a PDF starts its browser first, before the modules that read plans and build
 * reports are loaded (a quarter of a second): the browser's start-up is the longest wait of a PDF.
 * The command checks its options as before, and ends the browser if it then stops.
 */
async function startBrowserEarly(opts: { format?: string; browser?: string }, io: Io): Promise<StartedPrinter | undefined> {
  const formats = (opts.format ?? 'md,html,pdf').split(',').map((f) => f.trim().toLowerCase());
  if (!formats.includes('pdf')) return undefined;
  const { startPrinter } = await import('./render/pdf.js');
  return startPrinter(opts.browser, io.env);
}

/** Run a command that may print, its browser started first and ended however the command ends. */
async function withBrowserFirst(opts: { format?: string; browser?: string }, io: Io, run: (started?: StartedPrinter) => Promise<number>): Promise<number> {
  const started = await startBrowserEarly(opts, io);
  try {
    return await run(started);
  } finally {
    await started?.printer?.close();
  }
}

/** Build the command tree. Each command's module is imported only when it runs. */
function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command('cjoip')
    .description('Community Justice Outcomes Improvement Plans for Scotland: validate plans and data, compile annual reports.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('validate')
    .description('check plans and their indicator data against the framework')
    .argument('[paths...]', 'plan files or folders (a folder means its cjoip.yaml)', [])
    .addOption(new Option('-f, --format <format>', 'output format: stylish for people, github for GitHub Actions annotations, sarif for code scanning, json').choices(['stylish', 'json', 'github', 'sarif']).default('stylish'))
    .option('--strict', 'treat warnings as problems (exit 1)')
    .option('-y, --year <year>', 'also check that the data hold what the report for this year needs')
    .action(async (paths: string[], opts) => {
      const { runValidate } = await import('./commands/validate.js');
      setCode(await runValidate(paths, opts, io));
    });

  program
    .command('report')
    .description('compile the annual report as Markdown, HTML and PDF')
    .requiredOption('-y, --year <year>', 'reporting year: 2024, 2024-25 or 2024/25')
    .argument('[paths...]', 'plan files or folders', [])
    .option('-o, --out <dir>', 'output folder (default: reports/<year>/ beside each plan)')
    .option('--format <formats>', 'comma-separated: md,html,pdf,docx,json', 'md,html,pdf')
    .option('--templates <dir>', 'folder of templates and partials overriding the shipped ones')
    .option('--browser <path>', 'Chrome, Chromium or Edge executable for the PDF')
    .option('--final', 'build the publishable report: refuse (exit 1, nothing written) while statutory content is missing')
    .option('--force', 'replace files in the output folder that cjoip did not write, or that changed since it did')
    .option('--trend-years <n>', 'years with figures each trend shows, ending with the latest (default: the plan’s trend_years, else 10)')
    .action(async (paths: string[], opts) => {
      setCode(await withBrowserFirst(opts, io, async (started) => (await import('./commands/report.js')).runReport(paths, opts, io, started)));
    });

  program
    .command('preview')
    .description('see the report while writing it: build its HTML in memory, serve it on 127.0.0.1, show it again on every save')
    .requiredOption('-y, --year <year>', 'reporting year: 2024, 2024-25 or 2024/25')
    .argument('[path]', 'plan file or folder (default: ./cjoip.yaml)')
    .option('-p, --port <n>', 'port on 127.0.0.1 (default: 0, any free port; the address is printed)')
    .option('--final', 'show what the final report still lacks as problems above it')
    .option('--open', 'open the page in the system’s browser')
    .option('--templates <dir>', 'folder of templates and partials overriding the shipped ones')
    .action(async (p: string | undefined, opts) => {
      const { runPreview } = await import('./commands/preview.js');
      setCode(await runPreview(p, opts, io));
    });

  program
    .command('national')
    .description('compile the national picture from many partnerships’ plans: one report, and a CSV of every figure')
    .requiredOption('-y, --year <year>', 'reporting year: 2024, 2024-25 or 2024/25')
    .argument('<paths...>', 'plan folders or files, or a list of them (a text file, or a folder holding partnerships.txt)')
    .option('-o, --out <dir>', 'output folder (default: reports/<year>/ beside the list, else national-report-<year>/)')
    .option('--format <formats>', 'comma-separated: md,html,pdf,docx,json,ods (the CSV and the XLSX workbook of figures are always written; ods adds the workbook as OpenDocument)', 'md,html,pdf')
    .option('--framework <id>', 'the framework the partnerships are set against', 'cjpf-2023')
    .option('--title <title>', 'title of the national report')
    .option('--browser <path>', 'Chrome, Chromium or Edge executable for the PDF')
    .option('--force', 'replace files in the output folder that cjoip did not write, or that changed since it did')
    .action(async (paths: string[], opts) => {
      setCode(await withBrowserFirst(opts, io, async (started) => (await import('./commands/national.js')).runNational(paths, opts, io, started)));
    });

  program
    .command('init')
    .description('scaffold a new plan in a folder')
    .argument('[dir]', 'folder to create the plan in', '.')
    .option('--name <name>', 'partnership name')
    .option('--areas <areas>', 'council areas, comma-separated names or GSS codes')
    .addOption(new Option('--framework <id>', 'framework').choices(['cjpf-2023', 'opif-2016']))
    .option('--start <year>', 'first financial year, e.g. 2025-26')
    .option('--years <n>', 'number of years the plan runs')
    .option('--chair <name>', 'name of the partnership chair')
    .option('--contact <email>', 'contact email')
    .option('--yes', 'accept defaults for anything not given')
    .option('--force', 'overwrite existing files')
    .option('--dry-run', 'list the files that would be written, write nothing')
    .action(async (dir: string, opts) => {
      const { runInit } = await import('./commands/init.js');
      setCode(await runInit(dir, opts, io));
    });

  program
    .command('framework')
    .description('list frameworks, or show one framework’s aims, priority actions, outcomes and indicators')
    .argument('[id]', 'framework id, e.g. cjpf-2023')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts) => {
      const { runFramework } = await import('./commands/framework.js');
      setCode(await runFramework(id, opts, io));
    });

  program
    .command('schema')
    .description('print the JSON Schema of cjoip.yaml (for editors), or keep a copy beside the plan')
    .option('--write [folder]', 'write cjoip.schema.json into the plan folder (default: the current folder), refreshing an older copy')
    .option('--force', 'replace a file of that name that is not a cjoip schema')
    .action(async (opts) => {
      const { runSchema } = await import('./commands/schema.js');
      setCode(await runSchema(opts, io));
    });

  const data = program.command('data').description('indicator data helpers');
  data
    .command('template')
    .description('write an empty long-format CSV for the plan’s areas, years and indicators')
    .argument('[path]', 'plan file or folder', '.')
    .option('-o, --out <file>', 'CSV file to write (default: data/template.csv beside the plan)')
    .option('--force', 'overwrite an existing file')
    .action(async (p: string, opts) => {
      const { runDataTemplate } = await import('./commands/data-template.js');
      setCode(await runDataTemplate(p, opts, io));
    });
  data
    .command('inspect')
    .description('show how cjoip reads a data file (CSV, XLSX, ODS) and print a data: entry for the plan')
    .argument('<file>', 'the data file')
    .option('--sheet <name>', 'the sheet of a workbook, by name or position (default: the first that holds a table)')
    .option('--header-row <n>', 'the row of column headings (default: found by cjoip)')
    .option('--table <title>', 'on a sheet of several tables one below another: the one to describe, by the start of its title (default: each)')
    .option('--framework <id>', 'the framework whose measures the entry names', 'cjpf-2023')
    .action(async (file: string, opts) => {
      const { runDataInspect } = await import('./commands/data-inspect.js');
      setCode(await runDataInspect(file, opts, io));
    });

  return program;
}

/** Run the CLI with these arguments and return the exit code. Never calls process.exit. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.cannotRun;
    }
    if (e instanceof CjoipError) {
      const { renderError } = await import('./commands/format-findings.js');
      io.err(renderError(e, io.color));
      return e.exitCode;
    }
    io.err(`${io.color.red('internal error')} — this is a bug in cjoip; please report it with the command you ran.\n${(e as Error).stack ?? String(e)}\n`);
    return EXIT.cannotRun;
  }
}
