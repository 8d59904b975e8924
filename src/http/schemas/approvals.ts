/** HTTP shapes of four eyes (issue 13): proposals and decisions. */
import { z } from 'zod';
import { APPROVAL_KINDS, APPROVAL_STATUSES } from '../../persistence/schema/index.ts';

export const approvalSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(APPROVAL_KINDS),
    subject: z.string().meta({ description: 'What the act is about, e.g. `SP-01/2027/v3`, `SP-01/2027/derived` or `black-2026-10-31`.' }),
    payload: z.record(z.string(), z.unknown()).meta({ description: 'What the act needs to run when approved.' }),
    proposedBy: z.string().meta({ description: 'The proposing admin (a staff account, never a natural person outside the bureau).' }),
    proposedAt: z.string(),
    status: z.enum(APPROVAL_STATUSES),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'Approval' });
export const proposedSchema = z.object({ status: z.literal('proposed'), approval: approvalSchema }).meta({ id: 'ProposedAct' });
export const approvalListQuerySchema = z.object({ status: z.enum(APPROVAL_STATUSES).optional(), before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const approvalParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(2147483647) });
export const decisionBodySchema = z.object({ reason: z.string().max(500).optional() }).strict().meta({ id: 'ApprovalDecision' });

