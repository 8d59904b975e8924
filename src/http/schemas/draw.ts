/** HTTP shapes of inspection planning (staff) and of published draws (public, auditors). */
import { z } from 'zod';
import { inclusionProofSchema } from './publication-log.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';

export const taskCodeParamsSchema = z.strictObject({
  code: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, 'is not a task code').meta({ description: 'Task code.', example: '2027-JM-003' }),
});

export const drawIdParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, 'is not a task code').meta({ description: 'The drawn task\'s code.', example: '2027-JM-003' }),
});

export const receiptParamsSchema = z.strictObject({
  id: drawIdParamsSchema.shape.id,
  code: z
    .string()
    .regex(/^[0-9A-Za-z]{18}$/, 'is not a unified social credit code')
    .transform(normaliseCreditCode)
    .meta({ description: 'The enterprise\'s unified social credit code.', example: '91350100M000100Y43' }),
});

export const receiptQuerySchema = z.strictObject({
  receiptCode: z.string().max(64).optional().meta({ description: 'The receipt code printed on the enterprise\'s notification (or send it as the `X-Receipt-Code` header).' }),
});

export const drawRequestSchema = z
  .strictObject({
    entropy: z.string().min(1).max(191).meta({ description: 'The public entropy announced at freeze time: printable ASCII, no spaces, e.g. dice digits joined by ".".', example: '3.6.1.5.2.4' }),
  })
  .meta({ id: 'DrawRequest' });

export const taskListQuerySchema = z.strictObject({
  year: z.coerce.number<string>().int().min(2000).max(2100).optional(),
});

export const policyListQuerySchema = z.strictObject({
  year: z.coerce.number<string>().int().min(2000).max(2100).optional(),
  item: z.string().max(64).optional(),
});

/** Plan documents are validated by src/core/inspection-plan.ts; the API documents them loosely. */
export const planDocumentSchema = z.record(z.string(), z.unknown()).meta({ description: 'See src/core/inspection-plan.ts for the fields.' });
export const planDocumentListSchema = z.array(z.record(z.string(), z.unknown()));

export const freezeSummarySchema = z
  .object({
    task: z.string(),
    frozenAt: z.string(),
    poolRoot: z.string(),
    nonceCommitment: z.string(),
    entropySource: z
      .union([
        z.object({ kind: z.literal('public-event'), description: z.string(), at: z.string() }),
        z.object({ kind: z.literal('drand-quicknet'), round: z.number().int() }),
      ])
      .meta({ description: 'The announced source of public entropy (draw/v1.1 section 3.1).' }),
    entropyAt: z.string().meta({ description: 'When the entropy is taken; the draw is refused before it.', example: '2027-03-02T10:00:00+08:00' }),
    notice: z.number().int().meta({ description: 'Minimum seconds from frozenAt to entropyAt (ENTROPY_NOTICE).' }),
    candidates: z.number().int(),
    poolSize: z.number().int(),
    strata: z.array(z.object({ label: z.string(), N: z.number().int(), ratio: z.string(), minimum: z.number().int() })),
    exclusions: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    notEvaluated: z.number().int(),
    commitmentHash: z.string(),
    tierListVersion: z.number().int().nullable().meta({ description: "The version of the year's approved tier list (分级分类监管清单) the task used; null when the year has none. Internal: not in the commitment." }),
    tierListOverrideReason: z.string().nullable().meta({ description: 'Why the task was frozen from another run than the approved list\'s (also in the activity log).' }),
    policies: z
      .array(z.object({ itemCode: z.string(), version: z.number().int() }))
      .meta({ description: 'The adopted sampling-policy version of each item the freeze used: the newest adopted one (issue 13).' }),
  })
  .meta({ id: 'FreezeSummary' });

export const freezeRequestSchema = z
  .strictObject({
    tierListOverrideReason: z
      .string()
      .max(500)
      .optional()
      .meta({ description: "Why the task is frozen from another evaluation run than the year's approved tier list (issue 17); kept on the task and in the activity log." }),
  })
  .meta({ id: 'FreezeRequest' });

export const drawSummarySchema = z
  .object({
    task: z.string(),
    drawnAt: z.string(),
    seed: z.string(),
    recordHash: z.string(),
    poolSize: z.number().int(),
    selected: z.number().int(),
    strata: z.array(z.object({ label: z.string(), N: z.number().int(), k: z.number().int() })),
  })
  .meta({ id: 'DrawSummary' });

export const drawListSchema = z
  .object({
    items: z.array(
      z.object({
        taskCode: z.string(),
        name: z.string(),
        year: z.number().int(),
        round: z.number().int(),
        visibility: z.string(),
        status: z.enum(['frozen', 'drawn']).meta({ description: '`frozen`: the commitment is published and the draw is still to come.' }),
        frozenAt: z.string().nullable(),
        drawnAt: z.string().nullable(),
        selectedCount: z.number().int().nullable(),
        recordHash: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DrawList' });

export const signedEnvelopeSchema = z
  .object({ record: z.record(z.string(), z.unknown()), recordHash: z.string(), signature: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), value: z.string() }) })
  .meta({ id: 'SignedDrawRecord', description: 'A `suiji.draw-record/1` record in its signed envelope (spec/draw-v1.md section 9).' });

export const signedCommitmentSchema = z
  .object({ record: z.record(z.string(), z.unknown()), recordHash: z.string(), signature: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), value: z.string() }) })
  .meta({ id: 'SignedDrawCommitment', description: 'A `suiji.draw-commitment/1` freeze commitment in its signed envelope (spec/draw-v1.md sections 3 and 9).' });

/** Documents sent to POST /api/public/verify: the same files `suiji verify` takes. */
export const verifyRequestSchema = z
  .strictObject({
    record: z.unknown().meta({ description: 'A draw record or its signed envelope.' }),
    receipt: z.unknown().optional(),
    commitment: z.unknown().optional().meta({ description: 'The freeze commitment (envelope) published before the draw.' }),
    keys: z.unknown().optional().meta({ description: "A key set; without it the bureau's own key set is used." }),
    logProof: z.unknown().optional().meta({ description: "The record's inclusion proof, as GET /api/public/log/proof/inclusion serves it (with treeHead)." }),
    treeHead: z.unknown().optional().meta({ description: 'The signed tree head the log proof is against, when the proof carries none.' }),
    oldTreeHead: z.unknown().optional().meta({ description: 'A signed tree head saved earlier.' }),
    consistencyProof: z.unknown().optional().meta({ description: 'Consistency proof between oldTreeHead and the proof\'s tree head.' }),
    commitmentLogProof: z.unknown().optional().meta({ description: "The freeze commitment's inclusion proof in the same tree as the record's." }),
    requireSignature: z.boolean().optional(),
    noSignature: z.boolean().optional().meta({ description: 'Explicitly skip the signature checks (otherwise an unchecked signature fails).' }),
    requireLog: z.boolean().optional(),
  })
  .meta({ id: 'VerifyRequest' });

export const verifyResponseSchema = z
  .object({
    passed: z.boolean(),
    keysFrom: z.enum(['submitted', 'bureau', 'none']).meta({ description: "Whose key set checked the signatures: the one sent, or the bureau's own." }),
    checks: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['passed', 'failed', 'not_applicable']), reason: z.string() })),
  })
  .meta({ id: 'VerifyResponse' });

export const drawLogProofsSchema = z
  .object({
    record: inclusionProofSchema.optional(),
    commitment: inclusionProofSchema.optional(),
  })
  .meta({ id: 'DrawLogProofs', description: 'Pass to `suiji verify RECORD --commitment COMMITMENT --log-proof THIS_FILE`.' });

export const verificationReportSchema = z
  .object({
    task: z.string(),
    passed: z.boolean(),
    checks: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['passed', 'failed', 'not_applicable']), reason: z.string() })),
  })
  .meta({ id: 'VerificationReport' });

export const receiptSchema = z
  .object({ record: z.record(z.string(), z.unknown()), recordHash: z.string(), signature: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), value: z.string() }) })
  .meta({ id: 'SignedReceipt', description: 'A `suiji.receipt/1` in its signed envelope, signed when served (docs/spec/draw-v1.md sections 7.2, 9 and 11).' });

export const keySetSchema = z
  .object({ keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKey: z.string() })) })
  .meta({ id: 'PublicKeySet' });
