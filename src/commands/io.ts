import type { ChalkInstance } from 'chalk';

/** What commands need from the outside world; tests may pass fakes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colours for the terminal (a no-colour instance when NO_COLOR is set or output is not a TTY). */
  color: ChalkInstance;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdinIsTTY: boolean;
}
