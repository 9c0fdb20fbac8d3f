import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testTemp: string;
  }
}

/**
 * Every test's temporary folders (example copies, fixtures, outputs) go into one folder for the run
 * (test/temp-folder.ts points TMPDIR at it in each worker), removed when the run ends: the tests
 * leave nothing behind in the system's temporary folder.
 */
export default function setup(project: TestProject): () => void {
  const base = mkdtempSync(path.join(tmpdir(), 'cjoip-tests-'));
  // Open to every user, as the system's own is: one test runs cjoip as an unprivileged user.
  chmodSync(base, 0o755);
  project.provide('testTemp', base);
  return () => rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
