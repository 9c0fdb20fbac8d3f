import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CjoipError } from '../core/errors.js';
import { displayPath } from '../read/load-plan.js';

/** The record, in each output folder, of the files cjoip wrote there and their SHA-256. */
export const MANIFEST = '.cjoip-outputs.json';

export interface OutputFile {
  /** Path relative to the output folder, with forward slashes. */
  name: string;
  content: string | Uint8Array;
}

interface Manifest {
  about: string;
  files: Record<string, string>;
}

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

function readManifest(dir: string): Manifest['files'] {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    return m.files && typeof m.files === 'object' ? m.files : {};
  } catch {
    return {};
  }
}

/**
 * The files of `outputs` that would replace something cjoip did not write, or something changed
 * since cjoip wrote it. A file already holding exactly the new content is never in the way.
 */
export function filesInTheWay(dir: string, outputs: OutputFile[]): string[] {
  const known = readManifest(dir);
  const out: string[] = [];
  for (const o of outputs) {
    const file = path.join(dir, o.name);
    let st;
    try {
      st = lstatSync(file);
    } catch {
      continue;
    }
    if (!st.isFile()) {
      out.push(file);
      continue;
    }
    const now = sha256(readFileSync(file));
    if (now !== sha256(o.content) && known[o.name] !== now) out.push(file);
  }
  return out;
}

/**
 * Write a set of outputs as one: every file goes to a temporary name first, and only when all are
 * written are they renamed into place, so a failure leaves the previous outputs as they were. The
 * manifest then records what was written.
 */
export function commitOutputs(dir: string, outputs: OutputFile[]): string[] {
  const stamp = `${process.pid}.${Date.now()}`;
  const manifestFile = path.join(dir, MANIFEST);
  // The record must be a file cjoip can replace: anything else there is the user's, and nothing is moved.
  let there;
  try {
    there = lstatSync(manifestFile);
  } catch {
    there = undefined;
  }
  if (there && !there.isFile())
    throw new CjoipError('manifest-not-file', `${displayPath(manifestFile)} is ${there.isDirectory() ? 'a folder' : 'not a file'}; cjoip keeps its record of the files it wrote under that name.`, 'Move it away, or choose another --out. Nothing was written.');
  const staged: { tmp: string; file: string; name: string }[] = [];
  const mtmp = path.join(dir, `.${MANIFEST}.${stamp}.tmp`);
  const record = (names: string[]) => {
    const files = { ...readManifest(dir) };
    for (const o of outputs) if (names.includes(o.name)) files[o.name] = sha256(o.content);
    const manifest: Manifest = { about: 'Files cjoip wrote in this folder, with their SHA-256. cjoip replaces only these, and only while unchanged.', files };
    return JSON.stringify(manifest, null, 2) + '\n';
  };
  const removeTemps = () => {
    for (const t of [...staged.map((x) => x.tmp), mtmp]) rmSync(t, { force: true });
  };
  try {
    for (const o of outputs) {
      const file = path.join(dir, o.name);
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${stamp}.tmp`);
      staged.push({ tmp, file, name: o.name });
      writeFileSync(tmp, o.content);
    }
    // The record is written before anything moves, so a full disk stops the set here, whole.
    writeFileSync(mtmp, record(outputs.map((o) => o.name)));
  } catch (e) {
    removeTemps();
    throw new CjoipError('write-failed', `Could not write into ${displayPath(dir)}: ${(e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : (e as Error).message}. Nothing was written.`, 'Free some space, or check that the output folder is a folder you can write to (--out).');
  }
  const moved: string[] = [];
  try {
    for (const s of staged) {
      renameSync(s.tmp, s.file);
      moved.push(s.name);
    }
  } catch (e) {
    // What was moved stays whole and recorded; the rest is left as it was.
    removeTemps();
    try {
      writeFileSync(mtmp, record(moved));
      renameSync(mtmp, manifestFile);
    } catch {
      rmSync(mtmp, { force: true });
    }
    throw new CjoipError('write-failed', `Could not put ${moved.length ? 'all the files' : 'the files'} in place in ${displayPath(dir)}: ${(e as Error).message}.`, 'Check the output folder; the files already moved are whole and recorded, the others were left as they were.');
  }
  renameSync(mtmp, manifestFile);
  return staged.map((s) => s.file);
}

/** Whether an output folder can be used: absent (it will be made) or a folder. */
export function checkOutputFolder(dir: string): void {
  let cur = dir;
  // The nearest existing ancestor must be a folder.
  while (!existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) return;
    cur = up;
  }
  if (!statSync(cur).isDirectory()) throw new CjoipError('output-not-folder', `${cur} is a file, not a folder; the report cannot be written under it.`, 'Give --out a folder.');
}

/** Why a set was not written: the files kept, and how to go on. Follows "not written, to keep …". */
export function describeKept(inTheWay: string[]): string {
  const one = inTheWay.length === 1;
  return `${one ? 'a file' : `${inTheWay.length} files`} that cjoip did not write or that changed since it did:\n${inTheWay.map((f) => `    ${displayPath(f)}\n`).join('')}  → Move ${one ? 'it' : 'them'} away, choose another --out, or add --force to replace ${one ? 'it' : 'them'}.\n`;
}

/** The files written, the chart files counted rather than listed. */
export function describeWritten(written: string[]): string {
  const isChart = (f: string) => f.includes(`${path.sep}charts${path.sep}`);
  const charts = written.filter(isChart).length;
  return `Wrote:\n${written.filter((f) => !isChart(f)).map((f) => `  ${displayPath(f)}\n`).join('')}${charts ? `  and ${charts} chart files in charts/\n` : ''}`;
}
