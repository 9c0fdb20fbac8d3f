/** Escaping for each context user text is written into: XML and SVG, Markdown, CSS strings. */

import { escapeMarkdownText, withoutControls } from '../core/words.js';

/** Text for XML or SVG content and attribute values, without the characters XML cannot hold. */
export const escapeXml = (s: string) => withoutControls(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text made safe to print in Markdown (shared with the model, which builds a few sentences of Markdown). */
export { escapeMarkdownText };

/** User Markdown made safe to print in a Markdown report: no raw HTML, no unsafe links. */
export function neutraliseMarkdown(s: string): string {
  return s.replace(/<(?=[A-Za-z/!?])/g, '\\<').replace(/\]\(\s*<?\s*(javascript|vbscript|data|file):[^)]*\)/gi, ']()');
}

/**
 * A CSS string literal for user text (running headers). Quotes and backslashes are escaped, and so
 * are `<` and `>` (as CSS hex escapes), so the text can never close the style element it sits in.
 */
export const cssString = (s: string) =>
  `"${s
    .replace(/[\\"]/g, '\\$&')
    .replace(/[<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')}"`;
