import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CjoipError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';

/** Plans larger than this are refused: a real plan is well under 1 MB. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

const statOrUndefined = (p: string) => statSync(p, { throwIfNoEntry: false });

// Plans are small and read once: synchronous reads keep `validate` quick to start and finish.

/** Resolve a CLI path to a plan file: a folder means its cjoip.yaml. Throws when nothing is there. */
export async function resolvePlanPath(p: string): Promise<string> {
  const abs = path.resolve(p);
  const st = statOrUndefined(abs);
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
  const st = statSync(file);
  if (st.size > MAX_PLAN_BYTES) {
    return {
      finding: {
        severity: 'error',
        code: 'file-too-large',
        message: `The file is ${(st.size / 1024 / 1024).toFixed(1)} MB; plans are limited to ${MAX_PLAN_BYTES / 1024 / 1024} MB.`,
        hint: 'Keep long text in Markdown files referenced with { file: … } and data in CSV files.',
        file: display,
        line: 1,
        column: 1,
      },
    };
  }
  const buf = readFileSync(file);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}
