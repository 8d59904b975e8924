/**
 * Statements and defence (陈述申辩, issue 17): an enterprise signed in with its enterprise
 * account states its case on one of its own published results; staff answer in the
 * console; both are kept with their times and who made them, and the enterprise sees the
 * answer. Statements are never published: they may name people, and only the bureau and the
 * enterprise read them.
 */
import { assertNever, err, ok, type Result } from '../core/result.ts';
import { answerStatementRow, findPublishedResults, findStatement, insertStatement, listStatements, type ResultKey, type ResultStatementRow } from '../persistence/corrections-repository.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';

export type { ResultStatementRow };

export const MAX_STATEMENT_LENGTH = 2000;

export type StatementIssue =
  | { readonly code: 'result_not_published'; readonly result: ResultKey }
  | { readonly code: 'text_required'; readonly field: 'statement' | 'answer' }
  | { readonly code: 'text_too_long'; readonly field: 'statement' | 'answer'; readonly maxLength: number }
  | { readonly code: 'statement_not_found'; readonly id: number }
  | { readonly code: 'statement_answered'; readonly id: number };

function checkText(field: 'statement' | 'answer', value: string): Result<string, StatementIssue> {
  const text = value.trim();
  if (text === '') return err({ code: 'text_required', field });
  if (text.length > MAX_STATEMENT_LENGTH) return err({ code: 'text_too_long', field, maxLength: MAX_STATEMENT_LENGTH });
  return ok(text);
}

/**
 * An enterprise states its case on one of its published results (its own credit code comes
 * from its sign-in, never from the form).
 *
 * @example await submitStatement(database, { taskCode: '2026-ZH-01', creditCode: signedIn, itemCode: 'G1', statement: '检查当日我司已整改…' }, now) // ok({ id: 1, … })
 */
export async function submitStatement(
  database: DatabaseHandle,
  submission: ResultKey & { readonly statement: string },
  now: Date,
): Promise<Result<ResultStatementRow, StatementIssue>> {
  const statement = checkText('statement', submission.statement);
  if (!statement.ok) return statement;
  const key: ResultKey = { taskCode: submission.taskCode, creditCode: submission.creditCode, itemCode: submission.itemCode };
  return database.db.transaction(async (transaction): Promise<Result<ResultStatementRow, StatementIssue>> => {
    // A statement is on the enterprise's result for the item, whichever departments' findings it holds.
    if ((await findPublishedResults(transaction, key)).length === 0) return err({ code: 'result_not_published', result: key });
    return ok(await insertStatement(transaction, { ...key, statement: statement.value, submittedBy: key.creditCode, submittedAt: now }));
  });
}

/**
 * Staff answer a statement, once.
 *
 * @example await answerStatement(database, 1, { answer: '经复核，维持原结果…', answeredBy: 'zhang.staff' }, now) // ok({ id: 1, answer, answeredBy, answeredAt })
 */
export async function answerStatement(
  database: DatabaseHandle,
  id: number,
  answer: { readonly answer: string; readonly answeredBy: string },
  now: Date,
): Promise<Result<ResultStatementRow, StatementIssue>> {
  const text = checkText('answer', answer.answer);
  if (!text.ok) return text;
  return database.db.transaction(async (transaction): Promise<Result<ResultStatementRow, StatementIssue>> => {
    const answered = await answerStatementRow(transaction, id, { answer: text.value, answeredBy: answer.answeredBy, answeredAt: now });
    if (answered) return ok(answered);
    return err((await findStatement(transaction, id)) ? { code: 'statement_answered', id } : { code: 'statement_not_found', id });
  });
}

/**
 * An enterprise's own statements (newest first), or every unanswered one (oldest first) for staff.
 *
 * @example await findStatements(db, { creditCode: '91350100M000100Y43' }) // [{ id: 1, statement, answer: null, … }]
 */
export async function findStatements(db: Executor, filter: { readonly creditCode: string } | { readonly unanswered: true }, limit = 200): Promise<ResultStatementRow[]> {
  return listStatements(db, filter, limit);
}

/**
 * A statement issue for people, in Chinese or English.
 *
 * @example describeStatementIssue({ code: 'text_required', field: 'statement' }, 'zh') // '请填写陈述申辩内容'
 */
export function describeStatementIssue(issue: StatementIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const what = issue.code === 'text_required' || issue.code === 'text_too_long' ? (issue.field === 'statement' ? (zh ? '陈述申辩内容' : 'the statement') : zh ? '答复' : 'the answer') : '';
  switch (issue.code) {
    case 'result_not_published':
      return zh ? `${issue.result.taskCode} 任务中没有贵企业 ${issue.result.itemCode} 事项的已公示结果` : `task ${issue.result.taskCode} has no published result of your enterprise for item ${issue.result.itemCode}`;
    case 'text_required':
      return zh ? `请填写${what}` : `write ${what}`;
    case 'text_too_long':
      return zh ? `${what}超过 ${issue.maxLength} 个字符` : `${what} is longer than ${issue.maxLength} characters`;
    case 'statement_not_found':
      return zh ? `没有第 ${issue.id} 号陈述申辩` : `there is no statement ${issue.id}`;
    case 'statement_answered':
      return zh ? `第 ${issue.id} 号陈述申辩已答复` : `statement ${issue.id} is answered already`;
    default:
      return assertNever(issue, 'statement issue');
  }
}

/**
 * The HTTP status of a statement issue.
 *
 * @example statusOfStatementIssue({ code: 'statement_answered', id: 1 }) // 409
 */
export function statusOfStatementIssue(issue: StatementIssue): 404 | 409 | 422 {
  switch (issue.code) {
    case 'result_not_published':
    case 'statement_not_found':
      return 404;
    case 'statement_answered':
      return 409;
    case 'text_required':
    case 'text_too_long':
      return 422;
    default:
      return assertNever(issue, 'statement issue');
  }
}
