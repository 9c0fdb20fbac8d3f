import { inject } from 'vitest';

// The run's own temporary folder (see global-setup.ts): os.tmpdir() reads TMPDIR on every call.
process.env.TMPDIR = inject('testTemp');
