/**
 * The demo county: a deterministic synthetic directory (and, as later parts land, its
 * credit records, inspection items and a draw), loaded through the same use cases staff
 * use, so the demo exercises the real paths.
 */
import { generateDirectoryCsv } from '../core/synthetic/directory-csv.ts';
import { generateCreditRecords } from '../core/synthetic/credit-records.ts';
import { generateEnterprises } from '../core/synthetic/enterprises.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { runDemoCorrections, type DemoCorrectionsResult } from './demo-corrections.ts';
import { runDemoDraw, type DemoDrawResult } from './demo-draw.ts';
import { runDemoPublication, type DemoPublicationResult } from './demo-publication.ts';
import { runDemoSelfInspection, type DemoSelfInspectionResult } from './demo-self-inspection.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { runDemoPolicy, type DemoPolicyResult } from './demo-policy.ts';
import { runDemoTierLists } from './demo-tier-list.ts';
import type { TierListRow } from './tier-list.ts';
import { evaluateAll, type EvaluationRunSummary } from './evaluate-all.ts';
import { importCreditRecords } from './import-credit-records.ts';
import { importDirectory, type ImportProgress, type ImportReport } from './import-directory.ts';

export interface DemoOptions {
  /** Seeds every generator: the same seed gives the same county. */
  readonly seed: string;
  readonly enterprises: number;
  /** The county's "today" (YYYY-MM-DD). */
  readonly asOf: string;
  readonly onProgress?: (step: string, progress?: ImportProgress) => void;
  /** With the bureau's keys, the demo also plans, freezes and draws an inspection task. */
  readonly bureauKeys?: BureauKeys;
}

export const DEFAULT_DEMO_OPTIONS = { seed: 'suiji-demo-county', enterprises: 20_000, asOf: '2026-11-01' } as const;

export interface DemoSummary {
  readonly directory: ImportReport;
  readonly records: ImportReport;
  /** The evaluation run as of the demo's date (tiers are internal: staff see them, the public never). */
  readonly evaluation: EvaluationRunSummary;
  /** The year's current tier list: the January list's adjustment to the demo's evaluation, approved before the freeze. */
  readonly tierList?: TierListRow;
  readonly draw?: DemoDrawResult;
  /** A derivation for the county's food-safety item and a simulation of its policy (not adopted). */
  readonly policy?: DemoPolicyResult;
  /** Results of the demo draw, and one black and one red list edition, published. */
  readonly publication?: DemoPublicationResult;
  /** The three lists with penalties citing them, and one result corrected after a statement and its answer (issue 17). */
  readonly corrections?: DemoCorrectionsResult;
  /** A self-inspection task for tier A with reports (one returned and resubmitted), its on-site follow-up drawn, its 自查 results published (issue 17). */
  readonly selfInspection?: DemoSelfInspectionResult;
}

/**
 * Loads the demo county into the database. Idempotent: running it again updates the same
 * enterprises in place.
 *
 * @example await loadDemoCounty(database, DEFAULT_DEMO_OPTIONS) // { directory: { inserted: 20000, … } }
 */
export async function loadDemoCounty(database: DatabaseHandle, options: DemoOptions): Promise<DemoSummary> {
  options.onProgress?.('directory');
  const lines = generateDirectoryCsv(generateEnterprises({ seed: options.seed, count: options.enterprises, asOf: options.asOf }));
  const csv = [...lines].join('');
  const directory = await importDirectory(
    database,
    { content: new TextEncoder().encode(csv), format: 'csv', encoding: 'utf-8', sourceName: 'demo-county.csv' },
    { onProgress: (progress) => options.onProgress?.('directory', progress) },
  );
  if (!directory.applied || directory.rejected.length > 0) {
    throw new Error(`the demo directory was rejected: ${directory.rejected.slice(0, 3).map((row) => `line ${row.line}: ${row.reason}`).join('; ')}`);
  }
  options.onProgress?.('credit records');
  const generated = generateCreditRecords(generateEnterprises({ seed: options.seed, count: options.enterprises, asOf: options.asOf }), options);
  const records = await importCreditRecords(database, { content: new TextEncoder().encode(JSON.stringify([...generated].flat())), format: 'json' });
  if (!records.applied) throw new Error(`the demo records were rejected: ${records.rejected.slice(0, 3).map((row) => `element ${row.line}: ${row.reason}`).join('; ')}`);
  options.onProgress?.('evaluation');
  const evaluated = await evaluateAll(database, { asOf: options.asOf });
  if (!evaluated.ok) throw new Error(`the demo evaluation failed: ${evaluated.error.message}`);
  const evaluation = evaluated.value;
  if (!options.bureauKeys) return { directory, records, evaluation };
  options.onProgress?.('inspection plan, tier lists, freeze and draw');
  let tierList: TierListRow | undefined;
  const approveTierLists = async () => {
    tierList = (await runDemoTierLists(database, { year: Number(options.asOf.slice(0, 4)), asOf: options.asOf, adjustedRunId: evaluation.id })).current;
  };
  const conflictCodes: string[] = [];
  for (const enterprise of generateEnterprises({ seed: options.seed, count: options.enterprises, asOf: options.asOf })) {
    conflictCodes.push(enterprise.creditCode);
    if (conflictCodes.length === 3) break;
  }
  const draw = await runDemoDraw(database, options.bureauKeys, { seed: options.seed, year: Number(options.asOf.slice(0, 4)), conflictCodes, evaluationRunId: evaluation.id, beforeFreeze: approveTierLists });
  // Right after the joint draw, on the simulated calendar: the later parts publish on the real clock, and log tree heads never go back in time.
  options.onProgress?.('self-inspection by commitment and its follow-up draw');
  const selfInspection = await runDemoSelfInspection(database, options.bureauKeys, { year: Number(options.asOf.slice(0, 4)), evaluationRunId: (await findTask(database.db, draw.taskCode))?.evaluationRunId ?? null });
  options.onProgress?.('policy derivation and simulation');
  const policy = await runDemoPolicy(database.db, { seed: options.seed, year: Number(options.asOf.slice(0, 4)), evaluationRunId: evaluation.id });
  options.onProgress?.('results and lists');
  const publication = await runDemoPublication(database, options.bureauKeys, { taskCode: draw.taskCode, asOf: options.asOf });
  options.onProgress?.('three lists, a statement and a correction');
  const corrections = await runDemoCorrections(database, options.bureauKeys, { taskCode: draw.taskCode, asOf: options.asOf });
  return { directory, records, evaluation, ...(tierList ? { tierList } : {}), draw, policy, publication, corrections, selfInspection };
}
