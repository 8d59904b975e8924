/**
 * Four eyes (四眼原则, issue 13): what the public sees and what changes people's lives needs
 * two people. Adopting a sampling policy and publishing a red or black list edition are
 * proposed by one admin and carried out only when another admin approves (and so is correcting a
 * published inspection result, issue 17); the proposer may
 * withdraw, another admin may reject. The act then runs in the approval's transaction and its
 * signed record names both (`approvedBy`, `fourEyes: true`). With `FOUR_EYES=off` (a
 * one-person bureau) the act runs at once and the record says `fourEyes: false`.
 *
 * A new kind of act is one more `ProposedAct`
 * variant with its check and its `…Within(transaction, …, approval)` use case below; the
 * table, the pending view and the approve/reject routes stay as they are.
 */
import { actingAlone, approvedByTwo, type ApprovalMark } from '../core/four-eyes.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import { decideApprovalRow, findApproval, insertApproval, listApprovalRows, type ApprovalRow } from '../persistence/approval-repository.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import type { ApprovalKind, ApprovalStatus } from '../persistence/schema/index.ts';
import { recordActivity, type Actor } from './activity-log.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { adoptPolicyVersion, checkPolicyVersionAdoptable, describePolicyVersionIssue, type PolicyVersionIssue, type PolicyVersionReference } from './inspection-plan.ts';
import { adoptItemPolicyWithin, deriveItemPolicy, describePolicyIssue, type Adoption, type AdoptionRequest, type PolicyAdoptionIssue } from './policy-derivation.ts';
import { checkEditionPublishable, describeListIssue, publishEditionWithin, type ListEditionRecord, type ListIssue } from './red-black-lists.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import type { SamplingPolicyRow } from '../persistence/inspection-repository.ts';
import { checkCorrection, correctionSubject, correctResultWithin, describeCorrectionIssue, statusOfCorrectionIssue, type CorrectionIssue, type CorrectionRequest, type PublishedCorrection } from './result-corrections.ts';

export type { ApprovalRow, ApprovalStatus };

/** An act that needs four eyes, with what it needs to run at approval. */
export type ProposedAct =
  /** Adopt a version staff saved. */
  | { readonly kind: 'policy_adoption'; readonly version: PolicyVersionReference }
  /** Adopt a derivation as the next version and publish it (`suiji.policy/1`). */
  | { readonly kind: 'policy_adoption'; readonly derivation: AdoptionRequest }
  /** Publish a reviewed red or black list edition (`suiji.list-edition/1`). */
  | { readonly kind: 'list_publication'; readonly edition: string }
  /** Correct a published inspection result (`suiji.result-correction/1`, issue 17). */
  | { readonly kind: 'result_correction'; readonly correction: CorrectionRequest };

export type ActOutcome =
  | { readonly kind: 'policy_version'; readonly policy: SamplingPolicyRow }
  | { readonly kind: 'policy_derivation'; readonly adoption: Adoption }
  | { readonly kind: 'list_edition'; readonly envelope: SignedEnvelope<ListEditionRecord>; readonly leafIndex: number }
  | ({ readonly kind: 'result_correction' } & PublishedCorrection);

export type ApprovalIssue =
  | { readonly code: 'approval_not_found'; readonly id: number }
  | { readonly code: 'approval_decided'; readonly id: number; readonly status: ApprovalStatus }
  /** Four eyes: the proposer can neither approve nor reject their own proposal (only withdraw it). */
  | { readonly code: 'approval_own_proposal'; readonly id: number }
  | { readonly code: 'approval_not_proposer'; readonly id: number }
  | { readonly code: 'approval_pending'; readonly kind: ApprovalKind; readonly subject: string }
  | { readonly code: 'policy_version_refused'; readonly issue: PolicyVersionIssue }
  | { readonly code: 'policy_derivation_refused'; readonly issue: PolicyAdoptionIssue }
  | { readonly code: 'list_publication_refused'; readonly issue: ListIssue }
  | { readonly code: 'result_correction_refused'; readonly issue: CorrectionIssue };

export type Decision = 'approve' | 'reject' | 'withdraw';

/**
 * The name an approval keeps of an actor: a username, or a token's label and id; `cli:<os user>` at the command line.
 *
 * @example approverNameOf({ actorKind: 'user', actorId: '3', actorLabel: 'li.admin', role: 'admin' }) // 'li.admin'
 */
export function approverNameOf(actor: Actor): string {
  if (actor.actorKind === 'user' || actor.actorKind === 'cli') return actor.actorLabel ?? `${actor.actorKind} ${actor.actorId ?? ''}`.trim();
  return `${actor.actorLabel ?? actor.actorKind} (${actor.actorKind} ${actor.actorId ?? '-'})`;
}

/** What an act is about, e.g. `SP-01/2027/v3`, `SP-01/2027/derived`, `black-2026-10-31`. */
export function subjectOf(act: ProposedAct): string {
  if (act.kind === 'list_publication') return act.edition;
  if (act.kind === 'result_correction') return correctionSubject(act.correction);
  if ('version' in act) return `${act.version.itemCode}/${act.version.year}/v${act.version.version}`;
  return `${act.derivation.itemCode}/${act.derivation.year}/derived`;
}

async function checkProposable(db: Executor, act: ProposedAct): Promise<Result<void, ApprovalIssue>> {
  if (act.kind === 'list_publication') {
    const checked = await checkEditionPublishable(db, act.edition);
    return checked.ok ? ok(undefined) : err({ code: 'list_publication_refused', issue: checked.error });
  }
  if (act.kind === 'result_correction') {
    const checked = await checkCorrection(db, act.correction);
    return checked.ok ? ok(undefined) : err({ code: 'result_correction_refused', issue: checked.error });
  }
  if ('version' in act) {
    const checked = await checkPolicyVersionAdoptable(db, act.version);
    return checked.ok ? ok(undefined) : err({ code: 'policy_version_refused', issue: checked.error });
  }
  const derived = await deriveItemPolicy(db, act.derivation);
  if (!derived.ok) return err({ code: 'policy_derivation_refused', issue: derived.error });
  const { derivation, derivationHash } = derived.value;
  if (act.derivation.derivationHash !== undefined && act.derivation.derivationHash !== derivationHash) {
    return err({ code: 'policy_derivation_refused', issue: { code: 'derivation_changed', expected: act.derivation.derivationHash, actual: derivationHash } });
  }
  if (!derivation.feasible) return err({ code: 'policy_derivation_refused', issue: { code: 'infeasible', reason: derivation.reason, shortfall: derivation.shortfall } });
  return ok(undefined);
}

async function carryOut(transaction: Executor, keys: BureauKeys, act: ProposedAct, approval: ApprovalMark, now: Date): Promise<Result<ActOutcome, ApprovalIssue>> {
  if (act.kind === 'list_publication') {
    const published = await publishEditionWithin(transaction, keys, act.edition, approval, now);
    return published.ok ? ok({ kind: 'list_edition', ...published.value }) : err({ code: 'list_publication_refused', issue: published.error });
  }
  if (act.kind === 'result_correction') {
    const corrected = await correctResultWithin(transaction, keys, act.correction, approval, now);
    return corrected.ok ? ok({ kind: 'result_correction', ...corrected.value }) : err({ code: 'result_correction_refused', issue: corrected.error });
  }
  if ('version' in act) {
    const adopted = await adoptPolicyVersion(transaction, act.version, approval, now);
    return adopted.ok ? ok({ kind: 'policy_version', policy: adopted.value }) : err({ code: 'policy_version_refused', issue: adopted.error });
  }
  const adopted = await adoptItemPolicyWithin(transaction, keys, act.derivation, { now, approval });
  return adopted.ok ? ok({ kind: 'policy_derivation', adoption: adopted.value }) : err({ code: 'policy_derivation_refused', issue: adopted.error });
}

function payloadOf(act: ProposedAct): Record<string, unknown> {
  const { kind: _kind, ...payload } = act;
  return payload;
}

function actOf(row: ApprovalRow): ProposedAct {
  return { kind: row.kind, ...row.payload } as ProposedAct;
}

const ACTION_OF_DECISION = { approve: 'approval_approved', reject: 'approval_rejected', withdraw: 'approval_withdrawn' } as const;
const STATUS_OF_DECISION = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' } as const;

export type RequestedAct = { readonly status: 'done'; readonly outcome: ActOutcome; readonly approval: ApprovalMark } | { readonly status: 'proposed'; readonly approval: ApprovalRow };

/**
 * An admin asks for an act: with four eyes it becomes a pending proposal for another admin;
 * without (`FOUR_EYES=off`) it runs at once and its record says `fourEyes: false`. Either way
 * the activity log has it.
 *
 * @example await requestAct(database, keys, { kind: 'list_publication', edition: 'black-2026-10-31' }, actor, { fourEyes: true })
 * // ok({ status: 'proposed', approval: { id: 4, status: 'pending', proposedBy: 'li.admin', … } })
 */
export async function requestAct(
  database: DatabaseHandle,
  keys: BureauKeys,
  act: ProposedAct,
  actor: Actor,
  options: { readonly fourEyes: boolean; readonly now?: Date },
): Promise<Result<RequestedAct, ApprovalIssue>> {
  const now = options.now ?? new Date();
  const name = approverNameOf(actor);
  const subject = subjectOf(act);
  if (!options.fourEyes) {
    const mark = actingAlone(name);
    return runRollbackableTransaction<Result<RequestedAct, ApprovalIssue>>(database, async (transaction) => {
      const done = await carryOut(transaction, keys, act, mark, now);
      if (!done.ok) return { commit: false, value: done };
      await recordActivity(transaction, actor, { action: `${act.kind}_done`, subject, details: { approvedBy: mark.approvedBy, fourEyes: false } });
      return { commit: true, value: ok({ status: 'done', outcome: done.value, approval: mark }) };
    });
  }
  const checked = await checkProposable(database.db, act);
  if (!checked.ok) return checked;
  return database.db.transaction(async (transaction): Promise<Result<RequestedAct, ApprovalIssue>> => {
    const row = await insertApproval(transaction, { kind: act.kind, subject, payload: payloadOf(act), proposedBy: name });
    if (!row) return err({ code: 'approval_pending', kind: act.kind, subject });
    await recordActivity(transaction, actor, { action: 'approval_proposed', subject, details: { approval: row.id, kind: act.kind } });
    return ok({ status: 'proposed', approval: row });
  });
}

/**
 * Decides a pending proposal: another admin approves (the act runs now, in this transaction,
 * and its record names proposer and approver) or rejects it; the proposer may withdraw it.
 *
 * @example await decideApproval(database, keys, 4, 'approve', actorOf(wang)) // ok({ approval: { status: 'approved', decidedBy: 'wang.admin' }, outcome: { kind: 'list_edition', envelope, … } })
 */
export async function decideApproval(
  database: DatabaseHandle,
  keys: BureauKeys,
  id: number,
  decision: Decision,
  actor: Actor,
  options: { readonly reason?: string | undefined; readonly now?: Date } = {},
): Promise<Result<{ readonly approval: ApprovalRow; readonly outcome?: ActOutcome }, ApprovalIssue>> {
  const now = options.now ?? new Date();
  const name = approverNameOf(actor);
  return runRollbackableTransaction<Result<{ readonly approval: ApprovalRow; readonly outcome?: ActOutcome }, ApprovalIssue>>(database, async (transaction) => {
    const refuse = (issue: ApprovalIssue) => ({ commit: false, value: err(issue) });
    const decided = await decideApprovalRow(transaction, id, { status: STATUS_OF_DECISION[decision], decidedBy: name, reason: options.reason, at: now });
    if (!decided) {
      const row = await findApproval(transaction, id);
      if (!row) return refuse({ code: 'approval_not_found', id });
      if (row.status !== 'pending') return refuse({ code: 'approval_decided', id, status: row.status });
      return refuse(decision === 'withdraw' ? { code: 'approval_not_proposer', id } : { code: 'approval_own_proposal', id });
    }
    const details = { approval: id, kind: decided.kind, proposedBy: decided.proposedBy, ...(options.reason ? { reason: options.reason } : {}) };
    if (decision !== 'approve') {
      await recordActivity(transaction, actor, { action: ACTION_OF_DECISION[decision], subject: decided.subject, details });
      return { commit: true, value: ok({ approval: decided }) };
    }
    const done = await carryOut(transaction, keys, actOf(decided), approvedByTwo(decided.proposedBy, name), now);
    if (!done.ok) return refuse(done.error);
    await recordActivity(transaction, actor, { action: ACTION_OF_DECISION[decision], subject: decided.subject, details });
    return { commit: true, value: ok({ approval: decided, outcome: done.value }) };
  });
}

/**
 * Proposals newest first, `limit` at a time (the console's pending view asks for `pending`).
 *
 * @example await listApprovals(db, { status: 'pending', limit: 50 }) // [{ id: 4, kind: 'list_publication', subject: 'black-2026-10-31', … }]
 */
export async function listApprovals(db: Executor, query: { readonly status?: ApprovalStatus | undefined; readonly before?: number | undefined; readonly limit: number }): Promise<ApprovalRow[]> {
  return listApprovalRows(db, query);
}

/**
 * An approval issue for people, in Chinese or English.
 *
 * @example describeApprovalIssue({ code: 'approval_own_proposal', id: 4 }, 'zh') // '第 4 号申请由您本人提出：须由另一位管理员批准或驳回（四眼原则）'
 */
export function describeApprovalIssue(issue: ApprovalIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'approval_not_found':
      return zh ? `没有第 ${issue.id} 号待批申请` : `there is no proposal ${issue.id}`;
    case 'approval_decided':
      return zh ? `第 ${issue.id} 号申请已处理（${issue.status}）` : `proposal ${issue.id} is already ${issue.status}`;
    case 'approval_own_proposal':
      return zh ? `第 ${issue.id} 号申请由您本人提出：须由另一位管理员批准或驳回（四眼原则）` : `you proposed ${issue.id} yourself: another admin must approve or reject it (four eyes)`;
    case 'approval_not_proposer':
      return zh ? `只有提出人可以撤回第 ${issue.id} 号申请` : `only its proposer can withdraw proposal ${issue.id}`;
    case 'approval_pending':
      return zh ? `${issue.subject} 已有一项待批申请，请等待另一位管理员处理` : `${issue.subject} already has a pending proposal; another admin must decide it first`;
    case 'policy_version_refused':
      return describePolicyVersionIssue(issue.issue, lang);
    case 'policy_derivation_refused':
      return describePolicyIssue(issue.issue, lang);
    case 'list_publication_refused':
      return describeListIssue(issue.issue);
    case 'result_correction_refused':
      return describeCorrectionIssue(issue.issue, lang);
    default:
      return assertNever(issue, 'approval issue');
  }
}

/**
 * The HTTP status of an approval issue: 404 unknown, 403 four eyes refused, 409 decided or
 * pending already, and the act's own status when the act is refused.
 *
 * @example statusOfApprovalIssue({ code: 'approval_own_proposal', id: 4 }) // 403
 */
export function statusOfApprovalIssue(issue: ApprovalIssue): 403 | 404 | 409 | 422 {
  switch (issue.code) {
    case 'approval_not_found':
      return 404;
    case 'approval_own_proposal':
    case 'approval_not_proposer':
      return 403;
    case 'approval_decided':
    case 'approval_pending':
      return 409;
    case 'policy_version_refused':
      return issue.issue.code === 'policy_version_not_found' ? 404 : 409;
    case 'policy_derivation_refused':
      return issue.issue.code === 'item_not_found' ? 404 : issue.issue.code === 'derivation_changed' ? 409 : 422;
    case 'list_publication_refused':
      return issue.issue.code === 'unknown_edition' ? 404 : 409;
    case 'result_correction_refused':
      return statusOfCorrectionIssue(issue.issue);
    default:
      return assertNever(issue, 'approval issue');
  }
}
