import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod's mini build: the same checks and messages as its classic one (the English messages are set
// here), with far less to load and build at each start.
// Each run parses a plan once: compiling zod's fast paths would cost more than it saves. Every schema
// module imports this first, so the setting holds before any schema is built (zod reads it then).
z.config({ ...en(), jitless: true });
