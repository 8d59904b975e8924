/** HTTP shapes of background jobs (staff). */
import { z } from 'zod';
import { JOB_KINDS } from '../../core/jobs.ts';

export const jobParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export const jobSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(['queued', 'running', 'succeeded', 'failed']),
    progress: z
      .object({
        done: z.number(),
        total: z.number(),
        counts: z.record(z.string(), z.number()).optional().meta({ description: 'Counts so far, e.g. an import\'s `rowsRead`, `rowsApplied`, `rowsRejected`.' }),
      })
      .nullable()
      .meta({ description: 'How far it is, in its own unit (enterprises, members, bytes of an imported file).' }),
    counts: z.record(z.string(), z.number()).nullable().meta({ description: 'Counts of the finished job, e.g. tiers of an evaluation.' }),
    result: z.unknown().meta({ description: 'Once succeeded: what the synchronous endpoint would have answered.' }),
    resultLink: z.string().nullable().meta({ description: 'Where the outcome lives, e.g. `/api/evaluations/6`.' }),
    error: z
      .object({ status: z.number().int(), zh: z.string(), en: z.string(), details: z.record(z.string(), z.unknown()).optional() })
      .nullable()
      .meta({ description: 'Why it failed, in Chinese and English, with the status the synchronous endpoint would have answered.' }),
    startedBy: z.string().nullable().meta({ description: 'Who started it (user name, token label or `suiji`).' }),
    attempts: z.number().int(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' });
