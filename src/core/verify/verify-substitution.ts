/**
 * Checks a published inspector substitution `suiji.inspector-substitution/1` against the
 * draw record it changes (draw/v1.1 section 8.2): it names that record (its public
 * recordHash), its team before is the draw's team with the earlier substitutions applied,
 * and the replacement is assign/v1's: exactly the first candidate with the declared conflicts
 * (audit record), or the first after some implied recusals without them (public record).
 */
import { nobleSha256, type Sha256 } from '../hash.ts';
import { computeRecordHash, describeSignatureIssue, verifyEnvelopeSignature, type PublicKeySet, type SignedEnvelope } from '../signature.ts';
import { computeConflictsCommitment } from '../draw/inspector-snapshot.ts';
import { toPublicRecord, type DrawRecord } from '../draw/record.ts';
import { applySubstitutions, rankSubstitutes, describeSubstitutionIssue, SUBSTITUTION_FORMAT, SUBSTITUTION_REASONS, type SubstitutionRecord } from '../draw/substitution.ts';
import { z } from 'zod';
import { describeSchemaError, envelopeSchema, keySetSchema, recordSchema } from './record-schema.ts';

export type SubstitutionCheckId = 'substitution-format' | 'substitution-draw' | 'substitution-team' | 'substitution-replacement' | 'substitution-signature';

export interface SubstitutionCheck {
  readonly id: SubstitutionCheckId;
  readonly status: 'passed' | 'failed' | 'not_applicable';
  readonly reason: string;
}

const member = z.object({ department: z.string(), badge: z.string() });

/** The shape of a substitution record. */
export const substitutionSchema = z.object({
  format: z.literal(SUBSTITUTION_FORMAT),
  algorithm: z.literal('assign/v1'),
  task: z.string().min(1),
  drawRecordHash: z.string().regex(/^[0-9a-f]{64}$/),
  number: z.number().int().positive(),
  code: z.string().min(1),
  department: z.string(),
  leaving: z.string(),
  replacement: z.string(),
  reason: z.enum(SUBSTITUTION_REASONS),
  reasonText: z.string().optional(),
  substitutedAt: z.string(),
  teamBefore: z.array(member),
});

export interface VerifySubstitutionInput {
  /** The draw record (public or audit), or its envelope. */
  readonly record: unknown;
  /** The substitution record, or its signed envelope. */
  readonly substitution: unknown;
  /** The task's earlier substitutions (records or envelopes), needed when this one changes a team changed before. */
  readonly earlier?: readonly unknown[];
  readonly keys?: unknown;
  readonly hash?: Sha256;
}

const isEnvelope = (value: unknown): boolean => typeof value === 'object' && value !== null && 'record' in value && 'signature' in value;
const unwrap = (value: unknown): unknown => (isEnvelope(value) ? (value as { record: unknown }).record : value);
const teamText = (team: readonly { department: string; badge: string }[]): string => team.map((entry) => `${entry.department}/${entry.badge}`).join(', ');

/**
 * Every check of one substitution.
 *
 * @example verifySubstitution({ record: publicEnvelope, substitution: substitutionEnvelope, keys }) // [{ id: 'substitution-format', status: 'passed', … }, …]
 */
export function verifySubstitution(input: VerifySubstitutionInput): SubstitutionCheck[] {
  const hash = input.hash ?? nobleSha256;
  const parsedRecord = recordSchema.safeParse(unwrap(input.record));
  if (!parsedRecord.success) return [{ id: 'substitution-format', status: 'failed', reason: `draw record ${describeSchemaError(parsedRecord.error)}` }];
  const parsed = substitutionSchema.safeParse(unwrap(input.substitution));
  if (!parsed.success) return [{ id: 'substitution-format', status: 'failed', reason: `substitution ${describeSchemaError(parsed.error)}` }];
  const record = parsedRecord.data as DrawRecord;
  const substitution = parsed.data as SubstitutionRecord;
  const earlier: SubstitutionRecord[] = [];
  for (const [index, value] of (input.earlier ?? []).entries()) {
    const entry = substitutionSchema.safeParse(unwrap(value));
    if (!entry.success) return [{ id: 'substitution-format', status: 'failed', reason: `earlier substitution ${index + 1} ${describeSchemaError(entry.error)}` }];
    earlier.push(entry.data as SubstitutionRecord);
  }
  if (substitution.reason === 'other' && !substitution.reasonText) return [{ id: 'substitution-format', status: 'failed', reason: 'a substitution for another reason must say it (reasonText)' }];
  const checks: SubstitutionCheck[] = [{ id: 'substitution-format', status: 'passed', reason: `substitution ${substitution.number} of task ${substitution.task}: ${substitution.leaving} leaves ${substitution.code} (${substitution.reason})` }];
  checks.push(checkDraw(record, substitution, hash));
  checks.push(checkTeamBefore(record, substitution, earlier));
  checks.push(checkReplacement(record, substitution, hash));
  checks.push(checkSignature(input.substitution, input.keys, hash));
  return checks;
}

function checkDraw(record: DrawRecord, substitution: SubstitutionRecord, hash: Sha256): SubstitutionCheck {
  const id = 'substitution-draw';
  if (substitution.task !== record.task.code) return { id, status: 'failed', reason: `the substitution is for task ${substitution.task}, the record for ${record.task.code}` };
  // An auditor may hold the audit record: the substitution names the public record made from it.
  const publicHash = computeRecordHash(record.conflictsOpening ? toPublicRecord(record) : record, hash);
  if (publicHash !== substitution.drawRecordHash) return { id, status: 'failed', reason: `the substitution names draw record ${substitution.drawRecordHash}, this record's public hash is ${publicHash}` };
  return { id, status: 'passed', reason: `names this draw record (${publicHash.slice(0, 16)}…)` };
}

function checkTeamBefore(record: DrawRecord, substitution: SubstitutionRecord, earlier: readonly SubstitutionRecord[]): SubstitutionCheck {
  const id = 'substitution-team';
  const drawn = record.assignments?.find((assignment) => assignment.code === substitution.code);
  if (!drawn) return { id, status: 'failed', reason: `the draw record assigns no team to ${substitution.code}` };
  const before = earlier.filter((entry) => entry.task === substitution.task && entry.number < substitution.number);
  const expected = applySubstitutions(drawn.team, before, substitution.code);
  if (teamText(expected) === teamText(substitution.teamBefore)) {
    return { id, status: 'passed', reason: `the team before is the draw's${before.some((entry) => entry.code === substitution.code) ? ' with the earlier substitutions applied' : ''}: ${teamText(expected)}` };
  }
  const hint = before.length === 0 ? '; if an earlier substitution changed this team, give it too' : '';
  return { id, status: 'failed', reason: `the team before is ${teamText(substitution.teamBefore)}, the draw record gives ${teamText(expected)}${hint}` };
}

function checkReplacement(record: DrawRecord, substitution: SubstitutionRecord, hash: Sha256): SubstitutionCheck {
  const id = 'substitution-replacement';
  const snapshot = record.inspectorSnapshot;
  if (!snapshot || !record.assignments) return { id, status: 'failed', reason: 'the draw record carries no inspector snapshot to re-run assign/v1 on' };
  let conflicts = snapshot.conflicts;
  if (record.conflictsOpening) {
    if (record.conflictsCommitment !== computeConflictsCommitment(record.conflictsOpening, hash)) return { id, status: 'failed', reason: 'the declared conflicts do not match conflictsCommitment' };
    conflicts = record.conflictsOpening.conflicts;
  }
  const ranked = rankSubstitutes(
    { seed: record.seed, snapshot, assignments: record.assignments, number: substitution.number, code: substitution.code, leaving: substitution.leaving, teamBefore: substitution.teamBefore, ...(conflicts ? { conflicts } : {}) },
    hash,
  );
  if (!ranked.ok) return { id, status: 'failed', reason: describeSubstitutionIssue(ranked.error) };
  if (ranked.value.department !== substitution.department) return { id, status: 'failed', reason: `the leaving inspector is of ${ranked.value.department}, the substitution says ${substitution.department}` };
  const position = ranked.value.ranked.indexOf(substitution.replacement);
  if (position < 0) return { id, status: 'failed', reason: `${substitution.replacement} is not an eligible candidate (active, qualified, of ${ranked.value.department}, not on the team${conflicts ? ', free of declared conflicts' : ''})` };
  if (conflicts) {
    return position === 0
      ? { id, status: 'passed', reason: `${substitution.replacement} is exactly assign/v1's substitute with the declared conflicts` }
      : { id, status: 'failed', reason: `assign/v1 with the declared conflicts gives ${ranked.value.ranked[0] as string}, not ${substitution.replacement}` };
  }
  return { id, status: 'passed', reason: `${substitution.replacement} is assign/v1's substitute; ${position} recusal(s) assumed; auditors check them against conflictsCommitment` };
}

function checkSignature(value: unknown, keys: unknown, hash: Sha256): SubstitutionCheck {
  const id = 'substitution-signature';
  if (!isEnvelope(value)) return { id, status: 'not_applicable', reason: 'the substitution came without its signed envelope' };
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return { id, status: 'failed', reason: `envelope ${describeSchemaError(envelope.error)}` };
  const computed = computeRecordHash(envelope.data.record, hash);
  if (computed !== envelope.data.recordHash) return { id, status: 'failed', reason: `the canonical substitution hashes to ${computed}, not ${envelope.data.recordHash}` };
  if (keys === undefined) return { id, status: 'not_applicable', reason: 'no key set given to check the signature against' };
  const keySet = keySetSchema.safeParse(keys);
  if (!keySet.success) return { id, status: 'failed', reason: `key set ${describeSchemaError(keySet.error)}` };
  const verified = verifyEnvelopeSignature(envelope.data as SignedEnvelope, keySet.data as PublicKeySet);
  return verified.ok ? { id, status: 'passed', reason: `signed by key ${verified.value.keyId}` } : { id, status: 'failed', reason: describeSignatureIssue(verified.error) };
}
