/**
 * The shapes a verifier accepts: draw records, envelopes, receipts, key sets and log
 * inclusion proofs (spec sections 9 and 11). A document that does not fit fails the
 * `format` check with the path of the first problem, instead of crashing a check.
 */
import { z } from 'zod';
import { entropySourceSchema } from '../draw/entropy-source.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters');
const ticket = z.string().regex(/^0\.[0-9]{64,78}$/, 'expected a ticket "0." followed by 64-78 digits');
const count = z.number().int().nonnegative();
/** draw/v1.1 carries the source as an object; records and commitments made before, as text. */
const announcedEntropySource = z.union([z.string(), entropySourceSchema]);
const salt = z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lowercase hex characters');
const conflictSchema = z.object({ badge: z.string(), code: z.string() });

/** The public inspector snapshot (draw/v1.1 section 8.1). */
export const inspectorSnapshotSchema = z.object({
  qualification: z.string(),
  departments: z.array(z.object({ department: z.string(), teamSize: z.number().int() })),
  inspectors: z.array(z.object({ badge: z.string(), department: z.string(), qualifications: z.array(z.string()), active: z.boolean() })),
});

export const recordSchema = z.object({
  format: z.literal('suiji.draw-record/1'),
  algorithm: z.literal('draw/v1'),
  assignment: z.literal('assign/v1').optional(),
  visibility: z.enum(['open', 'sealed']),
  task: z.object({
    code: z.string().min(1),
    name: z.string().optional(),
    year: z.number().int().optional(),
    round: z.number().int().optional(),
    items: z.array(z.string()).optional(),
    departments: z.array(z.string()).optional(),
    trigger: z.enum(['planned', 'complaint', 'referral', 'superior_assigned']).optional(),
  }),
  frozenAt: z.string().optional(),
  poolRoot: hex64.optional(),
  nonceCommitment: hex64.optional(),
  entropySource: announcedEntropySource.optional(),
  entropyAt: z.string().optional(),
  notice: count.optional(),
  exclusions: z.array(z.object({ reason: z.string(), count })).optional(),
  nonce: z.string().optional(),
  entropy: z.string().optional(),
  seed: z.string(),
  drawnAt: z.string().optional(),
  // Sealed draws of draw/v1.1 publish totals and per-stratum commitments instead of N and k.
  poolSize: count.optional(),
  sampleSize: count.optional(),
  strata: z.array(
    z.object({
      label: z.string().min(1),
      N: count.optional(),
      ratio: z.string(),
      minimum: count,
      k: count.optional(),
      threshold: ticket.optional(),
      thresholdCode: z.string().optional(),
      salt: salt.optional(),
      sizeCommitment: hex64.optional(),
      commitment: hex64.optional(),
      // Checked by hand: a zod object per member costs more than the whole draw at 10^6.
      members: z.array(z.unknown()).optional(),
    }),
  ),
  selected: z.array(z.object({ code: z.string(), name: z.string().optional(), stratum: z.string().optional(), ticket })),
  assignments: z.array(z.object({ code: z.string(), team: z.array(z.object({ department: z.string(), badge: z.string() })) })).optional(),
  inspectorSnapshot: inspectorSnapshotSchema.extend({ conflicts: z.array(conflictSchema).optional() }).optional(),
  conflictsCommitment: hex64.optional(),
  conflictsOpening: z.object({ salt: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lowercase hex characters'), conflicts: z.array(conflictSchema) }).optional(),
});

export const envelopeSchema = z.object({
  record: z.unknown(),
  recordHash: z.string(),
  signature: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), value: z.string() }),
});

export const receiptSchema = z.object({
  format: z.literal('suiji.receipt/1'),
  task: z.string(),
  code: z.string(),
  stratum: z.string(),
  salt,
  ticket,
  threshold: ticket.optional(),
  thresholdCode: z.string().optional(),
  N: count.optional(),
  k: count.optional(),
  stratumSalt: salt.optional(),
  selected: z.boolean(),
  leafIndex: count,
  treeSize: count,
  proof: z.array(hex64),
  poolRoot: hex64,
});

/** A freeze commitment `suiji.draw-commitment/1` (draw/v1 section 3). */
export const commitmentSchema = z.object({
  format: z.literal('suiji.draw-commitment/1'),
  algorithm: z.literal('draw/v1'),
  visibility: z.enum(['open', 'sealed']),
  task: z.object({ code: z.string().min(1) }).loose(),
  frozenAt: z.string(),
  poolRoot: hex64,
  nonceCommitment: hex64,
  entropySource: announcedEntropySource,
  entropyAt: z.string().optional(),
  notice: count.optional(),
  poolSize: count.optional(),
  sampleSize: count.optional(),
  strata: z.array(z.object({ label: z.string().min(1), N: count.optional(), ratio: z.string(), minimum: count, k: count.optional(), sizeCommitment: hex64.optional() })),
  exclusions: z.array(z.object({ reason: z.string(), count })),
  inspectorSnapshot: inspectorSnapshotSchema.optional(),
  conflictsCommitment: hex64.optional(),
});

export const keySetSchema = z.object({
  keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKey: z.string() })),
});

/**
 * An RFC 6962 inclusion proof of a document's 32-byte digest in the publication log, as the
 * log serves it: with the signed head of its tree (`treeHead`), and the head signed when the
 * leaf was appended with the consistency proof from it (checked in check-log.ts).
 */
export const logInclusionSchema = z.object({
  leafIndex: count,
  treeSize: count,
  proof: z.array(hex64),
  rootHash: hex64,
  treeHead: z.unknown().optional(),
  appendedTreeHead: z.unknown().optional(),
  appendedConsistencyProof: z.array(hex64).optional(),
});

export type LogInclusionProof = z.infer<typeof logInclusionSchema>;

/** "strata[0].N: expected a number" from a zod error. */
export function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `${path.replace(/^\./, '') || '(root)'}: ${issue.message}`;
}
