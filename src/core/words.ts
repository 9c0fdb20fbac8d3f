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
