/**
 * Drawing a frozen task (spec draw/v1 sections 3-9), in ONE transaction: claim the task
 * (frozen → drawn, a conditional update, so a second or concurrent draw finds nothing to
 * claim), load the frozen pool and the inspector directory, compute the seed, tickets,
 * selection and assignment (`buildDrawRecord`, which refuses a pool that does not match
 * the published `poolRoot`), sign the public and the audit record with the bureau key, and
 * store both with a receipt and a receipt-code hash per pool member, and append the public
 * record's digest to the publication log. Any failure, such as
 * a department without enough free inspectors, rolls everything back.
 */
import { buildDrawRecord, createReceiptIssuer, describeDrawRecordIssue, toPublicRecord, type DrawRecord, type DrawRecordIssue } from '../core/draw/record.ts';
import { describeSeedIssue, validateEntropy, type SeedIssue } from '../core/draw/seed.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import {
  claimTaskForDraw,
  insertDrawRecord,
  insertReceipts,
  loadEnterpriseNames,
  loadPoolMembers,
  RECEIPT_BATCH_SIZE,
  type ReceiptRow,
} from '../persistence/draw-repository.ts';
import { findTask, listConflictsOfInspectors, listInspectorsOfDepartments } from '../persistence/inspection-repository.ts';
import { deriveReceiptCode, hashReceiptCode, type BureauKeys } from './bureau-keys.ts';
import { nodeSha256 } from './node-hash.ts';
import { appendRecordToLog } from './publication-log.ts';
import { formatRecordTime } from './record-time.ts';
import { signRecord } from './record-signing.ts';
import { publishableName } from '../core/personal-data.ts';

export type DrawIssue =
  | { readonly code: 'invalid_entropy'; readonly issue: SeedIssue }
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'task_not_frozen'; readonly task: string }
  | { readonly code: 'task_already_drawn'; readonly task: string }
  | { readonly code: 'draw_failed'; readonly task: string; readonly issue: DrawRecordIssue };

export interface DrawSummary {
  readonly task: string;
  readonly drawnAt: string;
  readonly seed: string;
  readonly recordHash: string;
  readonly poolSize: number;
  readonly selected: number;
  readonly strata: readonly { readonly label: string; readonly N: number; readonly k: number }[];
}

export type DrawPhase = 'load' | 'record' | 'signing' | 'inserts' | 'log' | 'receipts' | 'receipt_inserts';

export interface DrawOptions {
  readonly now?: Date;
  /** Told how long each phase took (benchmarks); `receipts` and `receipt_inserts` are totals over the batches. */
  readonly onPhase?: (phase: DrawPhase, milliseconds: number) => void;
}

/** Thrown inside the draw transaction to undo it; never leaves this module. */
class DrawRejected extends Error {
  constructor(readonly issue: DrawIssue) {
    super(issue.code);
  }
}

/** Names for the published selected list (none for sole traders: `publishableName`). */
function withNames(record: DrawRecord, names: ReadonlyMap<string, { name: string; entityType: string }>): DrawRecord {
  return {
    ...record,
    selected: record.selected.map((member) => {
      const entry = names.get(member.code);
      const name = publishableName(entry);
      if (name === '') return member;
      return member.stratum === undefined
        ? { code: member.code, name, ticket: member.ticket }
        : { code: member.code, name, stratum: member.stratum, ticket: member.ticket };
    }),
  };
}

/**
 * Draws a frozen task with the public entropy E (seed = nonce + "-" + E).
 *
 * @example await drawTask(database, keys, '2027-JM-003', '3.6.1.5.2.4') // ok({ selected: 42, recordHash, … })
 */
export async function drawTask(database: DatabaseHandle, keys: BureauKeys, taskCode: string, entropy: string, options: DrawOptions = {}): Promise<Result<DrawSummary, DrawIssue>> {
  const checked = validateEntropy(entropy);
  if (!checked.ok) return err({ code: 'invalid_entropy', issue: checked.error });
  const drawnAt = formatRecordTime(options.now ?? new Date());
  let mark = performance.now();
  const lap = (phase: DrawPhase): void => {
    const at = performance.now();
    options.onPhase?.(phase, at - mark);
    mark = at;
  };
  try {
    const summary = await database.db.transaction(async (transaction) => {
      const task = await claimTaskForDraw(transaction, taskCode, drawnAt);
      if (!task) {
        const current = await findTask(transaction, taskCode);
        if (!current) throw new DrawRejected({ code: 'task_not_found', task: taskCode });
        throw new DrawRejected(current.status === 'planned' ? { code: 'task_not_frozen', task: taskCode } : { code: 'task_already_drawn', task: taskCode });
      }
      if (task.strata === null || task.poolRoot === null || task.nonce === null || task.frozenAt === null) throw new Error(`task ${taskCode} is frozen without its freeze fields`);

      const members = await loadPoolMembers(transaction, taskCode);
      const inPool = new Set(members.map((member) => member.code));
      const inspectorRows = await listInspectorsOfDepartments(transaction, task.departments.map((entry) => entry.department));
      const conflicts = (await listConflictsOfInspectors(transaction, inspectorRows.map((row) => row.badge))).filter((row) => inPool.has(row.creditCode));

      lap('load');
      const built = buildDrawRecord(
        {
          task: { code: task.code, name: task.name, year: task.year, round: task.round, items: task.items, departments: task.departments.map((entry) => entry.department), trigger: task.trigger },
          visibility: task.visibility,
          frozenAt: task.frozenAt,
          entropySource: task.entropySource,
          exclusions: task.exclusions ?? [],
          nonce: task.nonce,
          entropy,
          drawnAt,
          strata: task.strata.map((stratum) => ({
            ...stratum,
            members: members.filter((member) => member.stratum === stratum.label).map((member) => ({ code: member.code, salt: member.salt })),
          })),
          assignment: {
            qualification: task.qualification,
            departments: task.departments,
            inspectors: inspectorRows.map((row) => ({ inspectorId: row.badge, department: row.department, qualifications: row.qualifications, active: row.active })),
            conflicts: conflicts.map((row) => ({ inspectorId: row.badge, code: row.creditCode })),
          },
          expectedPoolRoot: task.poolRoot,
        },
        nodeSha256,
      );
      if (!built.ok) throw new DrawRejected({ code: 'draw_failed', task: taskCode, issue: built.error });

      const audit = withNames(built.value, await loadEnterpriseNames(transaction, built.value.selected.map((member) => member.code)));
      lap('record');
      const publicEnvelope = signRecord(toPublicRecord(audit), keys.signingKey);
      const auditEnvelope = signRecord(audit, keys.signingKey);
      lap('signing');
      await insertDrawRecord(transaction, {
        taskCode,
        publicEnvelope: JSON.stringify(publicEnvelope),
        auditEnvelope: JSON.stringify(auditEnvelope),
        publicRecordHash: publicEnvelope.recordHash,
        selectedCount: audit.selected.length,
      });
      lap('inserts');
      // The public record is a leaf of the publication log before anyone can read it.
      await appendRecordToLog(transaction, { kind: 'draw_record', reference: taskCode, recordHash: publicEnvelope.recordHash }, keys);
      lap('log');

      let receiptMs = 0;
      let insertMs = 0;
      let batch: ReceiptRow[] = [];
      const flush = async (): Promise<void> => {
        const started = performance.now();
        await insertReceipts(transaction, taskCode, batch);
        insertMs += performance.now() - started;
        batch = [];
      };
      let started = performance.now();
      for (const receipt of createReceiptIssuer(audit, nodeSha256).receipts()) {
        batch.push({
          creditCode: receipt.code,
          selected: receipt.selected,
          receipt: JSON.stringify(receipt),
          receiptCodeHash: hashReceiptCode(deriveReceiptCode(keys, taskCode, receipt.code)),
        });
        if (batch.length === RECEIPT_BATCH_SIZE) {
          receiptMs += performance.now() - started;
          await flush();
          started = performance.now();
        }
      }
      receiptMs += performance.now() - started;
      await flush();
      options.onPhase?.('receipts', receiptMs);
      options.onPhase?.('receipt_inserts', insertMs);

      return {
        task: taskCode,
        drawnAt,
        seed: audit.seed,
        recordHash: publicEnvelope.recordHash,
        poolSize: members.length,
        selected: audit.selected.length,
        strata: audit.strata.map((stratum) => ({ label: stratum.label, N: stratum.N, k: stratum.k })),
      };
    });
    return ok(summary);
  } catch (error) {
    if (error instanceof DrawRejected) return err(error.issue);
    throw error;
  }
}

/** A one-line English reason for a draw issue. */
export function describeDrawIssue(issue: DrawIssue): string {
  switch (issue.code) {
    case 'invalid_entropy':
      return describeSeedIssue(issue.issue);
    case 'task_not_found':
      return `no task ${issue.task}`;
    case 'task_not_frozen':
      return `task ${issue.task} is not frozen yet; freeze it (and publish the commitments) before the draw`;
    case 'task_already_drawn':
      return `task ${issue.task} has already been drawn; a task is drawn exactly once`;
    case 'draw_failed':
      return `task ${issue.task}: ${describeDrawRecordIssue(issue.issue)}; nothing was saved`;
  }
}
