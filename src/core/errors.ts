/** Exit codes documented in the README. */
export const EXIT = { ok: 0, problems: 1, cannotRun: 2 } as const;

/** The one error type for "cannot continue": a stable code, a hint for the user and an exit code. */
export class CjoipError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT.cannotRun,
  ) {
    super(message);
    this.name = 'CjoipError';
  }
}
