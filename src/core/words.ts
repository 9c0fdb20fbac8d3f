/** A level or label in the plural: `priority action` → `priority actions`, `key area of focus` → `key areas of focus`. */
export const plural = (s: string): string => {
  const m = /^(.*?)(\S+)( of .*)$/.exec(s);
  if (m) return `${m[1]}${plural(m[2])}${m[3]}`;
  return /y$/.test(s) && !/[aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(s) ? `${s}es` : `${s}s`;
};

/** The first letter in capitals. */
export const capital = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : '');
