/** HTTP shapes of credit records, scoring models and evaluation runs (staff; tiers are internal). */
import { z } from 'zod';
import { CREDIT_RECORD_KINDS } from '../../core/credit-record-row.ts';
import { TIERS } from '../../core/scoring/model.ts';
import { calendarDateSchema } from './calendar-date.ts';

export const recordImportQuerySchema = z.strictObject({
  kind: z
    .string()
    .optional()
    .meta({ description: `Kind of every row of a CSV body (${CREDIT_RECORD_KINDS.join(', ')}, or its Chinese name); JSON elements carry their own \`kind\`.` }),
  encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto').meta({ description: 'Text encoding of a CSV body; `auto` tells UTF-8 from GB18030.' }),
  partial: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'Apply the valid rows and report the rest, instead of all-or-nothing.' }),
});

export const creditRecordItemSchema = z
  .object({
    effectiveDate: z.string().meta({ description: 'The day from which the record can affect an evaluation (an annual report: its due date).' }),
    record: z.record(z.string(), z.unknown()).meta({ description: 'The record: `kind`, `creditCode`, `source` and the fields of its kind.' }),
  })
  .meta({ id: 'CreditRecordItem' });

export const creditRecordListSchema = z.object({ items: z.array(creditRecordItemSchema) }).meta({ id: 'CreditRecordList' });

export const modelSummarySchema = z
  .object({ key: z.string().meta({ example: 'credit-risk/1' }), id: z.string(), version: z.number().int(), description: z.string(), createdAt: z.string() })
  .meta({ id: 'ScoringModelSummary' });

export const modelListSchema = z.object({ items: z.array(modelSummarySchema) }).meta({ id: 'ScoringModelList' });

export const modelParamsSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and -'),
  version: z.coerce.number<string>().int('must be a whole number').positive('must be positive'),
});

export const modelAddedSchema = z
  .object({ key: z.string(), created: z.boolean().meta({ description: 'False when this exact definition was already saved.' }) })
  .meta({ id: 'ScoringModelAdded' });

const tierCountsSchema = z
  .object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), observation: z.number().int() })
  .meta({ id: 'TierCounts' });

export const evaluationRunSchema = z
  .object({
    id: z.number().int(),
    asOf: z.string(),
    modelKey: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    evaluated: z.number().int(),
    counts: tierCountsSchema.nullable().meta({ description: 'Enterprises per tier and in observation, once completed.' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'EvaluationRun' });

export const evaluationRunListSchema = z.object({ items: z.array(evaluationRunSchema) }).meta({ id: 'EvaluationRunList' });

export const evaluationStartSchema = z.strictObject({
  asOf: calendarDateSchema,
  model: z.string().max(100).optional().meta({ description: '`credit-risk/1`, or `credit-risk` for its latest version (the default).' }),
  wait: z.boolean().default(false).meta({ description: 'Answer when the run has completed (small directories) instead of at once with 202.' }),
});

export const runParamsSchema = z.strictObject({ runId: z.coerce.number<string>().int('must be a run id').positive('must be a run id') });

export const runListQuerySchema = z.strictObject({
  limit: z.coerce.number<string>().int().min(1).max(200).default(50).meta({ description: 'Newest runs first.' }),
});

export const changesQuerySchema = z.strictObject({
  since: z.coerce.number<string>().int('must be a run id').positive('must be a run id').meta({ description: 'The earlier run to compare with.' }),
});

const tierOrNone = z.enum(TIERS).nullable().meta({ description: 'null: not in that run (a new or removed enterprise).' });

export const tierChangesSchema = z
  .object({
    runId: z.number().int(),
    sinceRunId: z.number().int(),
    changes: z.array(z.object({ from: tierOrNone, to: tierOrNone, count: z.number().int() })),
  })
  .meta({ id: 'TierChanges' });

export const explainedEvaluationSchema = z
  .object({
    runId: z.number().int(),
    creditCode: z.string(),
    modelKey: z.string(),
    asOf: z.string(),
    score: z.number(),
    scoreTier: z.enum(TIERS),
    tier: z.enum(TIERS).meta({ description: 'After hard rules.' }),
    observation: z.boolean(),
    indicators: z.array(
      z.object({ name: z.string(), family: z.string(), description: z.string(), value: z.number(), neutral: z.number(), contribution: z.number() }),
    ),
    formulas: z.array(z.object({ name: z.string(), description: z.string(), value: z.number() })),
    rulesFired: z.array(z.object({ id: z.string(), description: z.string() })),
  })
  .meta({ id: 'ExplainedEvaluation' });
