/**
 * Drawing a frozen task (spec draw/v1 sections 3-9), in ONE transaction: claim the task
 * (frozen → drawn, a conditional update, so a second or concurrent draw finds nothing to
 * claim), load the frozen pool and the inspector snapshot committed at freeze (never the
 * directory as it is now), compute the seed, tickets, selection and assignment
 * (`buildDrawRecord`, which refuses a pool that does not match the published `poolRoot`),
 * sign the public and the audit record with the bureau key, store both, the selected members
 * and what receipts are built from on request (the seed and the strata's thresholds; issue 15:
 * no receipt is stored per member), and append the public record's digest to the publication
 * log. Any failure, such as
 * a department without enough free inspectors, rolls everything back.
 */
import { buildChunkedPoolTree, receiptStrataOf } from '../core/draw/pool-chunks.ts';
import { buildDrawRecord, describeDrawRecordIssue, toPublicRecord, type DrawRecord, type DrawRecordIssue } from '../core/draw/record.ts';
import { describeBeaconIssue, formatDrandEntropy, parseBeaconPaste, verifyQuicknetRound, type BeaconIssue } from '../core/draw/beacon.ts';
import { entropyFieldsOf, entropyInstantOf, entropyTimeOf, isScheduledSource, type EntropySource } from '../core/draw/entropy-source.ts';
import { snapshotInspectors } from '../core/draw/inspector-snapshot.ts';
import { describeSeedIssue, validateEntropy, type SeedIssue } from '../core/draw/seed.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { claimTaskForDraw, findPoolTree, insertDrawRecord, insertSelections, loadEnterpriseNames, loadPoolMembers, storeReceiptContext } from '../persistence/draw-repository.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { deriveSalt, deriveStratumSalt, type BureauKeys } from './bureau-keys.ts';
import { findCommittedInspectorSnapshot, takeInspectorSnapshot } from './inspector-snapshot.ts';
import { nodeSha256 } from './node-hash.ts';
import { appendRecordToLog } from './publication-log.ts';
import { formatRecordTime } from './record-time.ts';
import { signRecord } from './record-signing.ts';
import { publishableName } from '../core/personal-data.ts';
import { reachCommitPoint } from './commit-point.ts';

export type DrawIssue =
  | { readonly code: 'invalid_entropy'; readonly issue: SeedIssue }
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'task_not_frozen'; readonly task: string }
  | { readonly code: 'task_already_drawn'; readonly task: string }
  | { readonly code: 'task_being_drawn'; readonly task: string }
  | { readonly code: 'draw_failed'; readonly task: string; readonly issue: DrawRecordIssue }
  /** draw/v1.1: the announced entropy does not exist yet. */
  | { readonly code: 'entropy_not_yet'; readonly task: string; readonly entropyAt: string; readonly now: string }
  /** draw/v1.1: a drand task's E is not the committed round's verified signature. */
  | { readonly code: 'beacon_rejected'; readonly task: string; readonly issue: BeaconIssue };

export interface DrawSummary {
  readonly task: string;
  readonly drawnAt: string;
  readonly seed: string;
  readonly recordHash: string;
  readonly poolSize: number;
  readonly selected: number;
  readonly strata: readonly { readonly label: string; readonly N: number; readonly k: number }[];
}

export type DrawPhase = 'load' | 'record' | 'signing' | 'inserts' | 'log' | 'receipts';

export interface DrawOptions {
  readonly now?: Date;
  /** Told how long each phase took (benchmarks); `receipts` stores the selected members and what receipts are built from. */
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
 * The draw/v1.1 rules on E for a scheduled source: not before `entropyAt`; for drand, what
 * staff pasted (the round's signature hex, a relay's JSON, or E itself) becomes
 * E = `drand-quicknet.<round>.<signature hex>` for the committed round only, and the
 * signature must verify under the quicknet key. Returns E, or why the draw is refused.
 */
function checkEntropyOrder(taskCode: string, source: EntropySource, pasted: string, drawnAt: string): Result<string, DrawIssue> {
  const entropyAt = entropyTimeOf(source);
  if (Date.parse(drawnAt) < entropyInstantOf(source)) return err({ code: 'entropy_not_yet', task: taskCode, entropyAt, now: drawnAt });
  if (source.kind !== 'drand-quicknet') return ok(pasted);
  const parsed = parseBeaconPaste(pasted, source.round);
  if (!parsed.ok) return err({ code: 'beacon_rejected', task: taskCode, issue: parsed.error });
  const verified = verifyQuicknetRound(parsed.value.round, parsed.value.signatureHex);
  if (!verified.ok) return err({ code: 'beacon_rejected', task: taskCode, issue: verified.error });
  return ok(formatDrandEntropy(parsed.value.round, parsed.value.signatureHex));
}

/**
 * Draws a frozen task with the public entropy E (seed = nonce + "-" + E). A task with a
 * scheduled source (draw/v1.1) is refused before its `entropyAt`; for a drand source E is
 * `drand-quicknet.<round>.<signature hex>` and the signature is verified first.
 *
 * @example await drawTask(database, keys, '2027-JM-003', '3.6.1.5.2.4') // ok({ selected: 42, recordHash, … })
 */
export async function drawTask(database: DatabaseHandle, keys: BureauKeys, taskCode: string, given: string, options: DrawOptions = {}): Promise<Result<DrawSummary, DrawIssue>> {
  const drawnAt = formatRecordTime(options.now ?? new Date());
  let entropy = given;
  // Checked before claiming the task: a frozen task's source never changes.
  const planned = await findTask(database.db, taskCode);
  if (planned?.status === 'frozen' && isScheduledSource(planned.entropySource)) {
    const ordered = checkEntropyOrder(taskCode, planned.entropySource, given, drawnAt);
    if (!ordered.ok) return ordered;
    entropy = ordered.value;
  }
  const checked = validateEntropy(entropy);
  if (!checked.ok) return err({ code: 'invalid_entropy', issue: checked.error });
  let mark = performance.now();
  const lap = (phase: DrawPhase): void => {
    const at = performance.now();
    options.onPhase?.(phase, at - mark);
    mark = at;
  };
  try {
    const summary = await database.db.transaction(async (transaction) => {
      const claim = await claimTaskForDraw(transaction, taskCode, drawnAt);
      if (claim.kind === 'being_drawn') throw new DrawRejected({ code: 'task_being_drawn', task: taskCode });
      if (claim.kind === 'not_claimable') {
        const current = await findTask(transaction, taskCode);
        if (!current) throw new DrawRejected({ code: 'task_not_found', task: taskCode });
        throw new DrawRejected(current.status === 'planned' ? { code: 'task_not_frozen', task: taskCode } : { code: 'task_already_drawn', task: taskCode });
      }
      const { task } = claim;
      if (task.strata === null || task.poolRoot === null || task.nonce === null || task.frozenAt === null) throw new Error(`task ${taskCode} is frozen without its freeze fields`);

      // Salts are derived again from the server secret, as at freeze (spec section 6).
      const members = (await loadPoolMembers(transaction, taskCode)).map((member) => ({ ...member, salt: deriveSalt(keys, taskCode, member.code) }));
      const byStratum = new Map<string, { code: string; salt: string }[]>(task.strata.map((stratum) => [stratum.label, []]));
      for (const member of members) byStratum.get(member.stratum)?.push({ code: member.code, salt: member.salt });
      // The snapshot committed at freeze; a task frozen before draw/v1.1 has none and takes the directory now.
      const inspectors = (await findCommittedInspectorSnapshot(transaction, taskCode)) ?? (await takeInspectorSnapshot(transaction, keys, task, new Set(members.map((member) => member.code))));

      lap('load');
      const built = buildDrawRecord(
        {
          task: { code: task.code, name: task.name, year: task.year, round: task.round, items: task.items, departments: task.departments.map((entry) => entry.department), trigger: task.trigger },
          visibility: task.visibility,
          frozenAt: task.frozenAt,
          // A task frozen before draw/v1.1 has free text and no notice: its record says so.
          ...(isScheduledSource(task.entropySource) && task.entropyNotice !== null ? entropyFieldsOf(task.entropySource, task.entropyNotice) : { entropySource: task.entropySource }),
          exclusions: task.exclusions ?? [],
          nonce: task.nonce,
          entropy,
          drawnAt,
          strata: task.strata.map((stratum) => ({
            ...stratum,
            // Derived again from the server secret, as at freeze (draw/v1.1 section 7.1).
            ...(task.visibility === 'sealed' ? { salt: deriveStratumSalt(keys, task.code, stratum.label) } : {}),
            members: byStratum.get(stratum.label) ?? [],
          })),
          assignment: {
            qualification: inspectors.snapshot.qualification,
            departments: inspectors.snapshot.departments,
            inspectors: snapshotInspectors(inspectors.snapshot),
            conflicts: inspectors.conflictsOpening.conflicts.map((conflict) => ({ inspectorId: conflict.badge, code: conflict.code })),
            conflictsSalt: inspectors.conflictsOpening.salt,
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
      // The public record is a leaf of the publication log before anyone can read it; its tree head has the draw's time, like the record.
      await appendRecordToLog(transaction, { kind: 'draw_record', reference: taskCode, recordHash: publicEnvelope.recordHash }, keys, () => options.now ?? new Date());
      lap('log');

      await insertSelections(transaction, taskCode, audit.selected.map((member) => member.code));
      // A pool frozen before issue 15 has no chunk hashes yet: they are stored now, once.
      const chunkRoots = (await findPoolTree(transaction, taskCode)) === undefined ? buildChunkedPoolTree(members, nodeSha256).chunkRoots : undefined;
      await storeReceiptContext(transaction, taskCode, {
        size: members.length,
        seed: audit.seed,
        strata: receiptStrataOf(audit),
        chunkRoots,
      });
      lap('receipts');
      await reachCommitPoint('draw');

      return {
        task: taskCode,
        drawnAt,
        seed: audit.seed,
        recordHash: publicEnvelope.recordHash,
        poolSize: members.length,
        selected: audit.selected.length,
        strata: audit.strata.map((stratum) => ({ label: stratum.label, N: stratum.N as number, k: stratum.k as number })),
      };
    });
    return ok(summary);
  } catch (error) {
    if (error instanceof DrawRejected) return err(error.issue);
    throw error;
  }
}

/** A one-line reason for a draw issue, in English (default) or Chinese. */
export function describeDrawIssue(issue: DrawIssue, lang: 'zh' | 'en' = 'en'): string {
  switch (issue.code) {
    case 'entropy_not_yet':
      return lang === 'zh'
        ? `任务 ${issue.task} 的公开随机数在 ${issue.entropyAt} 才产生，现在（${issue.now}）不能录入或抽取`
        : `task ${issue.task}'s entropy comes at ${issue.entropyAt}; it cannot be entered or drawn now (${issue.now})`;
    case 'beacon_rejected':
      return lang === 'zh' ? `任务 ${issue.task}：${describeBeaconIssue(issue.issue, 'zh')}，未抽取` : `task ${issue.task}: ${describeBeaconIssue(issue.issue, 'en')}; nothing was drawn`;
    case 'invalid_entropy':
      return describeSeedIssue(issue.issue);
    case 'task_not_found':
      return `no task ${issue.task}`;
    case 'task_not_frozen':
      return `task ${issue.task} is not frozen yet; freeze it (and publish the commitments) before the draw`;
    case 'task_already_drawn':
      return `task ${issue.task} has already been drawn; a task is drawn exactly once`;
    case 'task_being_drawn':
      return `task ${issue.task} is being drawn (or changed) by another request right now; nothing was done: look at the task again in a moment`;
    case 'draw_failed':
      return `task ${issue.task}: ${describeDrawRecordIssue(issue.issue)}; nothing was saved`;
  }
}
