/**
 * Four eyes (四眼原则, issue 13): who approved a published act, as its signed record says.
 * Names are staff accounts (usernames, token labels), never natural persons outside the bureau.
 */

/** What a signed record carries of its approval. */
export interface ApprovalMark {
  /** The proposer first, then the approver; one name when four eyes are off. */
  readonly approvedBy: readonly string[];
  /** False when the bureau runs with `FOUR_EYES=off` (one admin acts alone). */
  readonly fourEyes: boolean;
}

/**
 * The mark of an act done by one admin alone (`FOUR_EYES=off`, the demo, the command line).
 *
 * @example actingAlone('wang.admin') // { approvedBy: ['wang.admin'], fourEyes: false }
 */
export function actingAlone(actor: string): ApprovalMark {
  return { approvedBy: [actor], fourEyes: false };
}

/**
 * The mark of an act one admin proposed and another approved.
 *
 * @example approvedByTwo('li.admin', 'wang.admin') // { approvedBy: ['li.admin', 'wang.admin'], fourEyes: true }
 */
export function approvedByTwo(proposer: string, approver: string): ApprovalMark {
  if (proposer === approver) throw new Error('four eyes need two different admins');
  return { approvedBy: [proposer, approver], fourEyes: true };
}
