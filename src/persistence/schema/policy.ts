/**
 * Adopted policy derivations (issue 7): when staff adopt a derivation, the new sampling
 * policy version gets one row here with the derivation it came from, the request that
 * produced it, and the signed `suiji.policy/1` record published for it. Insert only.
 */
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { samplingPolicies } from './inspection.ts';

export const policyAdoptions = pgTable('policy_adoptions', {
  policyId: integer('policy_id')
    .primaryKey()
    .references(() => samplingPolicies.id),
  /** The `Derivation` of src/core/policy/derivation.ts, as reviewed and adopted. */
  derivation: jsonb('derivation').notNull(),
  /** What was derived from: run, capacity, bounds, pool, history of results. */
  basis: jsonb('basis').notNull(),
  /** sha256hex(canonical(derivation and basis)): what staff reviewed. */
  derivationHash: text('derivation_hash').notNull(),
  /** The signed envelope of the `suiji.policy/1` record, as JSON text. */
  envelope: text('envelope').notNull(),
  recordHash: text('record_hash').notNull().unique(),
  leafIndex: integer('leaf_index').notNull(),
  adoptedAt: timestamp('adopted_at', { withTimezone: true }).notNull().defaultNow(),
});
