import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CjoipError } from '../core/errors.js';

/** Write a file whole or not at all: write a temporary file beside it, then rename over the target. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CjoipError('write-failed', `Could not write ${file}: ${(e as Error).message}`, 'Check that the folder exists and is writable.');
  }
}

/** Refuse to overwrite existing files unless forced; lists what is in the way. */
export function assertFree(files: string[], force: boolean | undefined, display: (f: string) => string): void {
  if (force) return;
  const taken = files.filter((f) => existsSync(f));
  if (taken.length)
    throw new CjoipError('would-overwrite', `Not overwriting existing file${taken.length === 1 ? '' : 's'}:\n${taken.map((f) => `  ${display(f)}`).join('\n')}`, 'Use --force to replace them, or choose another place.');
}
