/** A level or label in the plural: `priority action` → `priority actions`, `key area of focus` → `key areas of focus`. */
export const plural = (s: string): string => {
  const m = /^(.*?)(\S+)( of .*)$/.exec(s);
  if (m) return `${m[1]}${plural(m[2])}${m[3]}`;
  return /y$/.test(s) && !/[aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(s) ? `${s}es` : `${s}s`;
};

/** The first letter in capitals. */
export const capital = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : '');

/** Text quoted back in a message is cut to about 80 characters. */
export const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Spreadsheet column letters: 1 → A, 28 → AB. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Characters no report can hold: C0 and C1 controls other than tab and line ends, and the non-characters U+FFFE and U+FFFF. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/** Text without the characters no report can hold. */
export const withoutControls = (s: string) => s.replace(CONTROL_CHARACTERS, '');

/** The first such character, named as a code point ("U+0007"), or undefined. */
export function controlCharacterIn(s: string): string | undefined {
  const m = CONTROL_CHARACTER.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * A value with every string in it cleaned of control characters (plain data: objects, arrays,
 * strings). An object or array with nothing to clean is returned as it is, not copied.
 */
export function cleanStrings<T>(v: T): T {
  if (typeof v === 'string') return (CONTROL_CHARACTER.test(v) ? withoutControls(v) : v) as T;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = cleanStrings(v[i]);
      if (c !== v[i]) (out ??= v.slice())[i] = c;
    }
    return (out ?? v) as T;
  }
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const c = cleanStrings(o[keys[i]]);
      if (c === o[keys[i]]) continue;
      // The first change: a copy, built with fromEntries so that a key such as `__proto__` stays a key.
      return Object.fromEntries(keys.map((k, j) => [k, j < i ? o[k] : j === i ? c : cleanStrings(o[k])])) as T;
    }
  }
  return v;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
export const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/**
 * An item of the plan as messages name it: by its level and number when the plan numbers it
 * ("Action 1.2"), else by its place and its words ("the 3rd action under Outcome WD1: 'Develop an
 * improved…'"), never with a number the plan did not give.
 */
export function itemName(level: string, id: string | undefined, position: number, title: unknown, parent?: string): string {
  if (id !== undefined) return `${capital(level)} ${id}`;
  const words = typeof title === 'string' ? `: '${clip(title, 40)}'` : '';
  return `the ${ordinal(position)} ${level} ${parent ? `under ${parent}` : 'of the plan'}${words}`;
}

/** Control characters a terminal would act on: C0 but tab and line feed, DEL, and C1. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** A colour sequence (SGR), the only control sequence cjoip writes itself. */
const SGR = /^\u001b\[[0-9;]*m/;

/**
 * Text made safe for a terminal: every control character is shown escaped (ESC as \x1B, BEL as
 * \x07, CR as \r), so nothing read from a file can move the cursor, set the title, ring the bell
 * or write over a line. With colours on, colour sequences alone are kept.
 */
export function forTerminal(text: string, colours = false): string {
  return text.replace(TERMINAL_CONTROLS, (c, at: number) => {
    if (colours && c === '\u001b' && SGR.test(text.slice(at, at + 16))) return c;
    return c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Each line cut to `max` characters: a progress line naming a 100,000-letter partnership stays readable. */
export const cutLines = (text: string, max = 1000) => (text.length <= max ? text : text.replace(new RegExp(`[^\\n]{${max + 1},}`, 'g'), (line) => `${line.slice(0, max - 1)}…`));

/** Plain text made safe to print in Markdown: one line, and nothing that starts a table cell, link, emphasis or HTML. */
export function escapeMarkdownText(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+=~-]|\d+[.)])/, (_, sp: string, lead: string) => `${sp}${lead.replace(/^(\d+)?(.)$/, (_m: string, d: string | undefined, c: string) => `${d ?? ''}\\${c}`)}`);
}

/**
 * The number an id stands for where people read it: a plan's own numbering as it is ("1.2", "3a",
 * "WD1"); an id made of its level's initials and a number as the number ("O3" of an outcome, "PA10"
 * of a priority action, "NI4" of a national indicator); a slug ("keep-out-1") has none.
 */
export function publicNumber(id: string | undefined, level = ''): string | undefined {
  if (!id) return undefined;
  if (/^\d+(\.\d+)*[a-z]?$/.test(id)) return id;
  const m = /^([A-Za-z]{1,3})(\d+(?:\.\d+)*[a-z]?)$/.exec(id);
  if (!m) return undefined;
  const words = level.toLowerCase().split(/\s+/).filter(Boolean);
  const initials = new Set([words.map((w) => w[0]).join(''), words[words.length - 1]?.[0] ?? ''].filter(Boolean));
  return initials.has(m[1].toLowerCase()) ? m[2] : id;
}

/** An item named as a reader would: "Outcome 3", "Priority action 10", "National indicator 4"; the level alone when it has no number. */
export const numbered = (level: string, id: string | undefined) => {
  const n = publicNumber(id, level);
  return n ? `${capital(level)} ${n}` : capital(level);
};
