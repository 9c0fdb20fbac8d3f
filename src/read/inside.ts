import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** Size limits, checked before a file is read. */
export const LIMITS = {
  /** A narrative Markdown file: a long foreword is 50 KB. */
  text: 2 * 1024 * 1024,
  /** A framework file: the shipped ones are about 40 KB. */
  framework: 5 * 1024 * 1024,
  /** A data file: a 1,000,000-row statistics.gov.scot extract is about 150 MB. */
  data: 1024 * 1024 * 1024,
} as const;

export type InsideProblem = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable' | 'loop' | 'bad-name';

export type InsideCheck = { ok: true; file: string; size: number } | { ok: false; problem: InsideProblem; detail: string };

const kindOf = (st: Stats) =>
  st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

/** A file-system error in the words of a message, and its kind: a loop, no permission, a bad name, or missing. */
export function fsProblem(e: unknown): { problem: InsideProblem; detail: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return { problem: 'loop', detail: 'it is a symbolic link that leads round in a loop' };
  if (code === 'EACCES' || code === 'EPERM') return { problem: 'unreadable', detail: 'permission to read it is denied' };
  if (code === 'ENAMETOOLONG') return { problem: 'bad-name', detail: 'the name is too long' };
  if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'missing', detail: 'it does not exist' };
  return { problem: 'unreadable', detail: (e as Error).message };
}

/**
 * Check that `rel` names a readable regular file inside `dir` once symlinks are followed, no larger
 * than `maxBytes`. Nothing is read; folders, pipes and devices are refused on their type alone.
 */
export function checkInside(dir: string, rel: string, maxBytes: number): InsideCheck {
  if (rel.includes('\u0000')) return { ok: false, problem: 'bad-name', detail: 'the name contains a NUL character' };
  const abs = path.resolve(dir, rel);
  const within = (p: string, root: string) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  if (path.isAbsolute(rel) || !within(abs, dir)) return { ok: false, problem: 'outside', detail: 'it is outside the plan folder' };
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(abs);
    st = statSync(real);
  } catch (e) {
    return { ok: false, ...fsProblem(e) };
  }
  let realDir: string;
  try {
    realDir = realpathSync(dir);
  } catch {
    realDir = dir;
  }
  if (!within(real, realDir)) return { ok: false, problem: 'outside', detail: 'it is a link to a file outside the plan folder' };
  if (!st.isFile()) return { ok: false, problem: 'not-a-file', detail: `it is ${kindOf(st)}, not a file` };
  if (st.size > maxBytes) return { ok: false, problem: 'too-large', detail: `it is ${mb(st.size)}; the limit is ${mb(maxBytes)}` };
  try {
    accessSync(real, constants.R_OK);
  } catch {
    return { ok: false, problem: 'unreadable', detail: 'permission to read it is denied' };
  }
  return { ok: true, file: real, size: st.size };
}

/** The fix for each problem, as a hint. */
export function insideHint(problem: InsideProblem, what: string): string {
  switch (problem) {
    case 'outside':
      return `Keep ${what} inside the plan folder (copy the file in rather than linking to it).`;
    case 'missing':
      return 'Create the file, or fix the path (relative to cjoip.yaml).';
    case 'not-a-file':
      return 'Give the path of a file here.';
    case 'too-large':
      return `Check that this is the right file; split it if it really is this large.`;
    case 'unreadable':
      return 'Give your user permission to read it (e.g. chmod a+r), or copy it into the plan folder.';
    case 'loop':
      return 'Replace the link with the file itself.';
    case 'bad-name':
      return 'Rename the file.';
  }
}
