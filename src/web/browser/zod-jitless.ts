/**
 * Imported first by every browser entry that validates with zod: zod would otherwise probe
 * `new Function` (and compile parsers with it) when the schemas of src/core are built, which
 * our CSP (no 'unsafe-eval') reports as a violation. Module bodies run in import order, so
 * this runs before any schema exists.
 */
import { config } from 'zod';

config({ jitless: true });
