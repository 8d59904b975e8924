/** HTTP shapes of policy derivation, adoption and the what-if simulator (staff; adoption admin). */
import { z } from 'zod';
import { taskConditionsSchema } from '../../core/inspection-plan.ts';

export const itemCodeParamsSchema = z.strictObject({
  code: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, 'is not an item code').meta({ description: 'Inspection item code.', example: 'SP-01' }),
});

/** One saved sampling-policy version: item, year, version. */
export const policyVersionParamsSchema = z.strictObject({
  code: itemCodeParamsSchema.shape.code,
  year: z.coerce.number().int().min(2000).max(2100),
  version: z.coerce.number().int().min(1).max(2147483647),
});

const ratio = z.string().max(8).meta({ description: 'Exact decimal, at most 4 places.', example: '0.05' });
const count = z.number().int().min(0);
const perTier = <Schema extends z.ZodType>(schema: Schema) => z.strictObject({ A: schema, B: schema, C: schema, D: schema });
const tierPolicy = z.strictObject({ ratio, minimum: count, frequency: count });
const probability = z.number().min(0).max(1);

const capacitySchema = z
  .discriminatedUnion('per', [
    z.strictObject({ per: z.enum(['year', 'round']), inspections: count }),
    z.strictObject({
      per: z.literal('inspectors'),
      inspectionsPerInspectorPerRound: count,
      teamSize: z.number().int().min(1),
      inspectors: count.optional().meta({ description: 'Default: the active inspectors of the item\'s department.' }),
    }),
  ])
  .meta({ description: 'Inspections a year, a round (× rounds), or from inspectors × inspections each ÷ team size per round.' });

const derivationFields = {
  year: z.number().int().min(2000).max(2100),
  evaluationRunId: z.number().int().min(1),
  capacity: capacitySchema,
  bounds: perTier(z.strictObject({ minRatio: ratio, maxRatio: ratio })).optional(),
  floorRatio: ratio.optional(),
  minimums: perTier(count).optional(),
  frequencyLimits: perTier(count).optional(),
  fallbackWeights: perTier(z.string().max(16)).optional(),
  minimumResults: count.optional(),
  conditions: taskConditionsSchema.optional(),
  resultsOfItemOnly: z.boolean().optional(),
};

export const derivationRequestSchema = z.strictObject(derivationFields).meta({ id: 'DerivationRequest' });

export const adoptionRequestSchema = z
  .strictObject({
    ...derivationFields,
    derivationHash: z.string().regex(/^[0-9a-f]{64}$/).optional().meta({ description: 'The `derivationHash` staff reviewed: adoption refuses if the derivation changed since.' }),
    annualCap: z.number().int().min(1).optional(),
    untiered: tierPolicy.optional(),
    overrideReason: z.string().min(1).max(500).optional(),
  })
  .meta({ id: 'AdoptionRequest' });

export const simulationRequestSchema = z
  .strictObject({
    itemCode: itemCodeParamsSchema.shape.code,
    year: derivationFields.year,
    evaluationRunId: derivationFields.evaluationRunId,
    policyVersion: z.number().int().min(1).optional(),
    proposed: perTier(tierPolicy).optional(),
    annualCap: z.number().int().min(1).optional().meta({ description: 'The annual cap of a proposed policy (a stored version uses its own); absent: no cap.' }),
    years: z.number().int().min(1).max(50),
    seed: z.string().min(1).max(200).optional().meta({ description: 'Same seed, same report; generated and returned when absent.' }),
    transitions: perTier(perTier(probability)).optional().meta({ description: 'Yearly tier transition matrix; default: estimated from the history of evaluation runs.' }),
    teamSize: z.number().int().min(1).optional(),
    conditions: taskConditionsSchema.optional(),
  })
  .refine((value) => value.policyVersion === undefined || value.proposed === undefined, { message: 'give policyVersion or proposed, not both', path: ['proposed'] })
  .refine((value) => value.annualCap === undefined || value.proposed !== undefined, { message: 'annualCap goes with a proposed policy; a stored version has its own', path: ['annualCap'] })
  .meta({ id: 'SimulationRequest' });

/** Derivations, adoptions and reports are documented in docs/derivation.md; the API describes them loosely. */
export const derivationResponseSchema = z.record(z.string(), z.unknown()).meta({ id: 'ItemDerivation', description: '{ basis, derivation, derivationHash }: see docs/derivation.md.' });
export const adoptionResponseSchema = z.record(z.string(), z.unknown()).meta({ id: 'PolicyAdoption', description: '{ policy, derivationHash, envelope (signed suiji.policy/1), leafIndex, treeSize }.' });
export const simulationResponseSchema = z.record(z.string(), z.unknown()).meta({ id: 'ItemSimulation', description: '{ policy, pool, problemRates, transitions, inspectors, report }.' });
