/**
 * Writes the plan file's JSON Schema, `docs/plan.schema.json`, generated from the zod schemas
 * the CLI and the console load plans with (`planFileSchema`), so editors can check a plan as
 * it is written. `test/docs/plan-schema.test.ts` fails when the committed file differs from a
 * fresh generation.
 *
 *   npm run plan-schema
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { planFileSchema } from '../src/core/inspection-plan.ts';

/** Where the schema is committed. */
export const PLAN_SCHEMA_FILE = fileURLToPath(new URL('../docs/plan.schema.json', import.meta.url));

/**
 * The plan file's JSON Schema (draft 2020-12) as the text committed: what a person writes
 * (`io: 'input'`: fields with defaults are optional), two-space indented, one final newline.
 *
 * @example JSON.parse(planSchemaText()).properties.tasks.description // '抽查任务 / Inspection tasks'
 */
export function planSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(planFileSchema, { io: 'input' }), null, 2)}\n`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(PLAN_SCHEMA_FILE, planSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), PLAN_SCHEMA_FILE)}`);
}
