import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { builtFile, requireBuilt } from '../read/load-reference.js';

/*
 * The shipped templates are compiled once, when cjoip is built (`dist/templates.cjs`), not on every
 * run. A template is looked up by a hash of its text and the options it is compiled with, so a
 * template given with --templates, or a shipped file edited since the build, is compiled as it is read.
 */

export type Format = 'md' | 'html';

/** How each format's templates are compiled: Markdown is not HTML-escaped. */
export const COMPILE_OPTIONS: Record<Format, CompileOptions> = { html: { strict: false }, md: { noEscape: true, strict: false } };

/** The text compiled for a template: in HTML, `{{tid}}` (the table's caption id) is the wrapper's data. */
export const compiledText = (text: string, format: Format) => (format === 'html' ? text.replace(/\{\{tid\}\}/g, '{{@tid}}') : text);

const keyOf = (text: string, format: Format) => createHash('sha256').update(format).update('\u0000').update(compiledText(text, format)).digest('base64url').slice(0, 24);

export const PRECOMPILED_FILE = builtFile('templates.cjs');

let shipped: Record<string, TemplateSpecification> | null | undefined;

function shippedSpecs(): Record<string, TemplateSpecification> | null {
  // Not built (a run from the sources): every template is compiled as it is read.
  if (shipped === undefined) shipped = requireBuilt<Record<string, TemplateSpecification>>('templates.cjs') ?? null;
  return shipped;
}

/** Whether a template's text is one compiled at build time (so known to be good). */
export const isPrecompiled = (text: string, format: Format) => Boolean(shippedSpecs()?.[keyOf(text, format)]);

/** A template of the given format, from the build when it is a shipped one, else compiled now. */
export function compileTemplate(hb: typeof Handlebars, text: string, format: Format): HandlebarsTemplateDelegate {
  const spec = shippedSpecs()?.[keyOf(text, format)];
  return spec ? hb.template(spec) : hb.compile(compiledText(text, format), COMPILE_OPTIONS[format]);
}

/** The module of every shipped template compiled (run by the build): `templates/**\/{html,md}/*.hbs`. */
export function precompileShipped(templatesDir: string): string {
  const entries: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.hbs') && (path.basename(dir) === 'html' || path.basename(dir) === 'md')) {
        const format = path.basename(dir) as Format;
        const text = readFileSync(file, 'utf8');
        const spec = Handlebars.precompile(compiledText(text, format), COMPILE_OPTIONS[format]) as unknown as string;
        entries.push(`// ${path.relative(templatesDir, file).split(path.sep).join('/')}\n${JSON.stringify(keyOf(text, format))}: ${spec}`);
      }
    }
  };
  walk(templatesDir);
  return `// The shipped templates, compiled by \`npm run build\` (src/render/compiled-templates.ts). Do not edit.\nmodule.exports = {\n${entries.join(',\n')}\n};\n`;
}
