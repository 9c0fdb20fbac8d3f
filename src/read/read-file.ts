import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { CjoipError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { fsProblem } from './inside.js';

/** Plans larger than this are refused: a real plan is well under 1 MB. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

const statOrUndefined = (p: string) => statSync(p, { throwIfNoEntry: false });

// Plans are small and read once: synchronous reads keep `validate` quick to start and finish.

/** Resolve a CLI path to a plan file: a folder means its cjoip.yaml. Throws when nothing is there. */
export async function resolvePlanPath(p: string): Promise<string> {
  if (p.includes('\u0000')) throw new CjoipError('bad-path', `${JSON.stringify(p).slice(0, 80)}: a path cannot contain a NUL character.`, 'Check the path given on the command line.');
  const abs = path.resolve(p);
  let st;
  try {
    st = statOrUndefined(abs);
  } catch (e) {
    throw new CjoipError('bad-path', `${p}: cannot be opened: ${fsProblem(e).detail}.`, 'Give the path of a plan file or of the folder holding cjoip.yaml.');
  }
  if (!st) {
    throw new CjoipError('file-not-found', `${p}: no such file or folder.`, 'Check the path, or run `cjoip init` to scaffold a plan.');
  }
  if (st.isDirectory()) {
    const plan = path.join(abs, 'cjoip.yaml');
    const pst = statOrUndefined(plan);
    if (!pst?.isFile()) {
      throw new CjoipError('no-plan-in-folder', `${p}: this folder has no cjoip.yaml.`, 'Give the path of a plan file, or run `cjoip init` in this folder.');
    }
    return plan;
  }
  return abs;
}

/** Read a text file for parsing, or return a finding when it is too large to be a plan. */
export async function readPlanText(file: string, display: string): Promise<{ text?: string; finding?: Finding }> {
  const read = readTextFile(file, MAX_PLAN_BYTES);
  if ('text' in read) return { text: read.text.replace(/^\uFEFF/, '') };
  const large = read.tooLarge === true;
  return {
    finding: {
      severity: 'error',
      code: large ? 'plan-too-large' : 'plan-unreadable',
      message: large ? `The plan cannot be used: ${read.problem}; plans are limited to ${MAX_PLAN_BYTES / 1024 / 1024} MB.` : `The plan cannot be read: ${read.problem}.`,
      hint: large ? 'Keep long text in Markdown files referenced with { file: … } and data in CSV files.' : read.hint,
      file: display,
      line: 1,
      column: 1,
    },
  };
}

/** A text file read whole, or why it cannot be: not a file, too large, binary, or not in UTF-8. */
export type TextRead = { text: string } | { problem: string; hint: string; tooLarge?: true };

/** Whether findings say a plan could not be read at all (not a text file, binary, too large): "could not run", as a missing plan is. */
export const planUnreadable = (findings: { code: string }[]) => findings.some((f) => f.code === 'plan-unreadable' || f.code === 'plan-too-large');

/**
 * Read a text file, bounded: only regular files (never a pipe or a device such as /dev/zero), at
 * most `limit` bytes even if the file grows while it is read; UTF-8 (a byte order mark dropped) or
 * UTF-16 with its byte order mark (Windows' "Unicode text"); a binary file or one in another
 * encoding (Windows-1252) is named as such, never turned into replacement characters.
 */
export function readTextFile(file: string, limit: number): TextRead {
  let fd: number | undefined;
  try {
    // Looked at before it is opened (opening a named pipe would wait for a writer), and opened without waiting.
    const before = statSync(file);
    if (!before.isFile()) return notText(before);
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return notText(st);
    if (st.size > limit) return tooLarge(limit);
    const buf = Buffer.alloc(Math.min(limit, st.size) + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, n);
    if (n > limit) return tooLarge(limit);
    return decodeText(buf.subarray(0, n));
  } catch (e) {
    return { problem: `it cannot be read: ${fsProblem(e).detail}`, hint: 'Check the path, and that your user may read the file.' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const notText = (st: Stats) => ({ problem: `it is ${st.isFIFO() ? 'a named pipe' : st.isDirectory() ? 'a folder' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file'}, not a text file`, hint: 'Give the path of a text file.' });

const tooLarge = (limit: number) => ({ tooLarge: true as const, problem: `it is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${Math.round(limit / 1024)} KB`}`, hint: 'Check that this is the file you meant.' });

/** Bytes as text: UTF-16 by its byte order mark, else UTF-8; binary and other encodings named. */
export function decodeText(bytes: Uint8Array): TextRead {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (looksBinary(bytes)) return { problem: 'it is a binary file, not text', hint: 'Give a text file (UTF-8); a document or a spreadsheet saved as something else cannot be read here.' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: 'it is not UTF-8 text (it looks like Windows-1252 or another older encoding)', hint: 'Save it as UTF-8: in Notepad, Save as › Encoding › UTF-8; in Excel, CSV UTF-8.' };
  }
}

/** Binary: NULs or other control bytes (not tab, line ends or form feed) in more than 1 in 100 of the first 8 KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  let odd = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) odd++;
  return odd > Math.max(1, head.length / 100);
}
