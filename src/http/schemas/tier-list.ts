/** HTTP shapes of the year's approved tier lists (分级分类监管清单, issue 17): internal, staff only. */
import { z } from 'zod';
import { calendarDateSchema } from './calendar-date.ts';

const yearSchema = z.coerce.number<string>().int().min(2000).max(2100);

export const tierListApprovalSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100).meta({ description: 'The year whose checks the list binds.', example: 2027 }),
    runId: z.number().int().min(1).meta({ description: 'The completed evaluation run to approve.', example: 4 }),
    reason: z.string().max(500).optional().meta({ description: 'Required for every version after the first: why the list is adjusted (动态调整).' }),
    asOf: calendarDateSchema.optional().meta({ description: "The run's evaluation date the bureau states, when it is not 31 December of the previous year; never after today." }),
  })
  .meta({ id: 'TierListApproval' });

export const tierListYearParamsSchema = z.strictObject({ year: yearSchema });
export const tierListVersionParamsSchema = z.strictObject({ year: yearSchema, version: z.coerce.number<string>().int().min(1) });
export const tierListQuerySchema = z.strictObject({ year: yearSchema.optional() });

const tierPolicySchema = z.object({ ratio: z.string(), minimum: z.number().int(), frequency: z.number().int() });

export const tierListSchema = z
  .object({
    year: z.number().int(),
    version: z.number().int(),
    evaluationRunId: z.number().int(),
    asOf: z.string().meta({ description: "The run's evaluation date." }),
    approvedBy: z.string(),
    approvedByRole: z.string(),
    approvedAt: z.string(),
    reason: z.string().nullable(),
    counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), observation: z.number().int() }),
    policies: z.array(
      z.object({
        itemCode: z.string(),
        itemName: z.string(),
        policyVersion: z.number().int(),
        tiers: z.object({ A: tierPolicySchema, B: tierPolicySchema, C: tierPolicySchema, D: tierPolicySchema }),
      }),
    ),
  })
  .meta({ id: 'TierList', description: "A version of a year's approved tier list with its counts per tier and the year's ratio, minimum and frequency per tier and item at approval." });

export const tierListListSchema = z.object({ items: z.array(tierListSchema) }).meta({ id: 'TierListList' });
