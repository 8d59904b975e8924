/** The verifier's public surface: `verifyRecord` and its types. */
export { allChecksPassed, verifyRecord, type Check, type CheckId, type CheckStatus, type VerifyInput } from './verify-record.ts';
export { verifySubstitution } from './verify-substitution.ts';
