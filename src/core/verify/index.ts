/** The verifier's public surface: `verifyRecord` and its types. */
export { allChecksPassed, verifyRecord, type Check, type CheckId, type CheckStatus, type VerifyInput } from './verify-record.ts';
export type { LogInclusionProof } from './record-schema.ts';
export { substitutionSchema, verifySubstitution, type SubstitutionCheck, type SubstitutionCheckId, type VerifySubstitutionInput } from './verify-substitution.ts';
