import * as z from 'zod';

// Each run parses a plan once: compiling zod's fast paths would cost more than it saves. Every schema
// module imports this first, so the setting holds before any schema is built (zod reads it then).
z.config({ jitless: true });
