import { readFileSync, statSync } from 'node:fs';
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
  const problem = (message: string, hint: string, code = 'plan-unreadable') => ({ finding: { severity: 'error' as const, code, message, hint, file: display, line: 1, column: 1 } });
  const st = statSync(file);
  if (!st.isFile()) return problem(`The plan cannot be read: it is ${st.isFIFO() ? 'a named pipe' : 'not a regular file'}.`, 'Give the path of cjoip.yaml, a text file.');
  if (st.size > MAX_PLAN_BYTES)
    return problem(`The file is ${(st.size / 1024 / 1024).toFixed(1)} MB; plans are limited to ${MAX_PLAN_BYTES / 1024 / 1024} MB.`, 'Keep long text in Markdown files referenced with { file: … } and data in CSV files.', 'file-too-large');
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    return problem(`The plan cannot be read: ${fsProblem(e).detail}.`, 'Give your user permission to read it (e.g. chmod a+r cjoip.yaml).');
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}
