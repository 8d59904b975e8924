/** HTTP shapes of issue 17: corrections of published results, statements and defence, the three lists. */
import { z } from 'zod';
import { INSPECTION_OUTCOMES, LENIENCY_LISTS } from '../../core/credit-record.ts';
import { CORRECTION_KINDS } from '../../core/result-correction.ts';

const resultKeyShape = { taskCode: z.string().min(1).max(64), creditCode: z.string().min(1).max(40), itemCode: z.string().min(1).max(64) };

export const correctionRequestSchema = z
  .object({
    ...resultKeyShape,
    department: z
      .string()
      .max(64)
      .optional()
      .describe("The department whose findings to correct (its code): required when a joint task's item has results of several departments"),
    kind: z.enum(CORRECTION_KINDS).describe('revocation (撤销), supplement (补正) or change (变更)'),
    reason: z.string().max(500),
    corrected: z
      .object({ outcome: z.enum(INSPECTION_OUTCOMES), summary: z.string().max(500), correctiveOrder: z.string().max(200).optional() })
      .strict()
      .optional()
      .describe('The result as it now reads; absent for a revocation'),
  })
  .strict()
  .meta({ id: 'CorrectionRequest' });

export const correctionParamsSchema = z.object({ number: z.coerce.number().int().min(1).max(2147483647) });

export const statementBodySchema = z.object({ taskCode: resultKeyShape.taskCode, itemCode: resultKeyShape.itemCode, statement: z.string().max(4000) }).strict().meta({ id: 'StatementSubmission' });
export const answerBodySchema = z.object({ answer: z.string().max(4000) }).strict().meta({ id: 'StatementAnswer' });
export const statementParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(2147483647) });

export const statementSchema = z
  .object({
    id: z.number().int(),
    ...resultKeyShape,
    statement: z.string(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    answer: z.string().nullable(),
    answeredBy: z.string().nullable(),
    answeredAt: z.string().nullable(),
  })
  .meta({ id: 'ResultStatement' });

export const leniencyEntrySchema = z
  .object({
    code: z.string(),
    list: z.enum(LENIENCY_LISTS).describe('lighter (从轻), mitigated (减轻) or exempt (免予处罚)'),
    item: z.string(),
    legalBasis: z.string(),
    conditions: z.string(),
    firstViolation: z.boolean().describe('The exempt list\'s first-violation case (首违不罚)'),
  })
  .meta({ id: 'LeniencyEntry' });
