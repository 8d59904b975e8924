/**
 * The demo's policy step (issue 7): derives the food-safety item's ratios and frequencies
 * for the county from its pool under the demo's evaluation run and the food department's
 * inspectors, and simulates the item's current policy for five years with a fixed seed.
 * Nothing is adopted: the derivation is shown for staff to review.
 */
import type { Executor } from '../persistence/database.ts';
import { deriveItemPolicy, describePolicyIssue, type ItemDerivation } from './policy-derivation.ts';
import { describeSimulationIssue, simulateItemPolicy, type ItemSimulation } from './policy-simulation.ts';

export const DEMO_POLICY_ITEM = 'SP-01';
/** Inspections an inspector takes part in per round, in teams of two: a county's usual load. */
const DEMO_INSPECTIONS_PER_INSPECTOR = 30;
const DEMO_TEAM_SIZE = 2;
const DEMO_SIMULATION_YEARS = 5;

export interface DemoPolicyResult {
  readonly derivation: ItemDerivation;
  readonly simulation: ItemSimulation;
}

/**
 * Derives and simulates the demo item's policy for a year.
 *
 * @example await runDemoPolicy(db, { seed: 'suiji-demo-county', year: 2026, evaluationRunId: 1 }) // { derivation, simulation }
 */
export async function runDemoPolicy(db: Executor, options: { readonly seed: string; readonly year: number; readonly evaluationRunId: number }): Promise<DemoPolicyResult> {
  const derived = await deriveItemPolicy(db, {
    itemCode: DEMO_POLICY_ITEM,
    year: options.year,
    evaluationRunId: options.evaluationRunId,
    capacity: { per: 'inspectors', inspectionsPerInspectorPerRound: DEMO_INSPECTIONS_PER_INSPECTOR, teamSize: DEMO_TEAM_SIZE },
  });
  if (!derived.ok) throw new Error(`the demo derivation failed: ${describePolicyIssue(derived.error, 'en')}`);
  const simulated = await simulateItemPolicy(db, {
    itemCode: DEMO_POLICY_ITEM,
    year: options.year,
    evaluationRunId: options.evaluationRunId,
    years: DEMO_SIMULATION_YEARS,
    seed: `${options.seed}/what-if`,
  });
  if (!simulated.ok) throw new Error(`the demo simulation failed: ${describeSimulationIssue(simulated.error, 'en')}`);
  return { derivation: derived.value, simulation: simulated.value };
}
