/** A problem found in the input: data, not an exception. */
export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** For a workbook: the sheet; `line` is then the sheet's row and `column` its column number. */
  sheet?: string;
}

/** A finding whose position is still a path into the YAML document. */
export interface PathFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
  path: (string | number)[];
  /** Point at the key (default) or at the value. */
  at?: 'key' | 'value';
}

export const errorCount = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').length;
export const warningCount = (fs: Finding[]) => fs.filter((f) => f.severity === 'warning').length;

/** Sort findings by file, then position, so output is stable. */
export function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Suggestions compare at most this many candidates, and only words up to this length: their cost stays bounded. */
const MAX_CANDIDATES = 5000;
const MAX_WORD = 100;

/** The closest candidate to `word`, if close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_WORD) return undefined;
  let best: string | undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let bestD = limit + 1;
  const w = word.toLowerCase();
  let n = 0;
  for (const c of candidates) {
    if (++n > MAX_CANDIDATES) break;
    // A length difference beyond the limit cannot be within it: skip without computing.
    if (Math.abs(c.length - w.length) >= bestD || c.length > MAX_WORD) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** "Did you mean X?" or a short list of valid values. */
export function suggest(word: string, candidates: string[], what: string): string {
  const near = didYouMean(word, candidates);
  if (near) return `Did you mean '${near}'?`;
  const list = candidates.slice(0, 12).join(', ');
  return `Known ${what}: ${list}${candidates.length > 12 ? ', …' : ''}.`;
}

/** Add many items to an array. `push(...items)` passes each as an argument and overflows the stack past about 100,000. */
export function append<T>(to: T[], items: readonly T[]): T[] {
  for (const x of items) to.push(x);
  return to;
}
