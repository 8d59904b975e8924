/**
 * Corrections and statements at the command line (issue 17), for staff without the web
 * console: `suiji correction list` prints the published corrections; `suiji correction
 * propose` asks for one (撤销 / 补正 / 变更) as the console's form does: with FOUR_EYES on it
 * becomes a proposal another admin approves in the console, without it the correction is
 * signed and published at once. `suiji statement list` prints the unanswered statements
 * (陈述申辩) and `suiji statement answer ID --answer TEXT` answers one.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cliActor } from '../../application/activity-log.ts';
import { approverNameOf, describeApprovalIssue, requestAct } from '../../application/approvals.ts';
import { findCorrections, type CorrectionRequest } from '../../application/result-corrections.ts';
import { answerStatement, describeStatementIssue, findStatements, type ResultStatementRow } from '../../application/result-statements.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { CORRECTION_KIND_NAMES, CORRECTION_KINDS, type CorrectionKind, type ResultCorrectionRecord } from '../../core/result-correction.ts';
import { withBureauSession } from '../bureau-session.ts';
import { asUsage, UsageError, type CliRunner } from '../command.ts';
import { withConfiguredDatabase } from '../configured-database.ts';
import { cliLanguage, say } from '../language.ts';

const LIST_LIMIT = 200;

/** The operator at the command line, as approvals and the activity log name them. */
const operator = () => cliActor(os.userInfo().username);

/** A correction in one line: number, kind, the result it corrects, and what it says now. */
function describeCorrection(correction: { readonly number: number; readonly recordHash: string; readonly record: ResultCorrectionRecord }): string {
  const { record } = correction;
  const [kindZh, kindEn] = CORRECTION_KIND_NAMES[record.kind];
  const { original } = record;
  const result = `${original.task}/${original.creditCode}/${original.item}${original.department ? `/${original.department}` : ''}`;
  const now = record.corrected ? `${record.corrected.outcome}: ${record.corrected.summary}` : say('原结果已撤销', 'the result no longer stands');
  return say(
    `第 ${correction.number} 号 ${kindZh} ${result}（第 ${original.batch} 批）→ ${now}；理由：${record.reason}；批准：${record.approvedBy.join(' → ')}；${record.publishedAt} ${correction.recordHash}`,
    `No. ${correction.number} ${kindEn} ${result} (batch ${original.batch}) → ${now}; reason: ${record.reason}; approved by ${record.approvedBy.join(' → ')}; ${record.publishedAt} ${correction.recordHash}`,
  );
}

export const correctionListCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() => parseArgs({ args, options: { task: { type: 'string' }, code: { type: 'string' } }, allowPositionals: false, strict: true }));
    const filter = { taskCode: values.task, creditCode: values.code === undefined ? undefined : normaliseCreditCode(values.code) };
    const corrections = await withConfiguredDatabase((database) => findCorrections(database.db, filter, LIST_LIMIT));
    if (corrections.length === 0) io.stdout.write(say('没有已公示的更正\n', 'no published correction\n'));
    for (const correction of corrections) io.stdout.write(`${describeCorrection(correction)}\n`);
    return 0;
  },
};

/** The request the flags describe; a revocation takes no corrected result. */
function correctionRequestOf(values: Record<string, string | undefined>): CorrectionRequest {
  const required = (flag: string): string => {
    const value = values[flag];
    if (value === undefined) throw new UsageError(say(`请给出 --${flag}`, `give --${flag}`));
    return value;
  };
  const kind = required('kind');
  if (!(CORRECTION_KINDS as readonly string[]).includes(kind)) throw new UsageError(say(`--kind 须为 ${CORRECTION_KINDS.join('、')} 之一（撤销、补正、变更）`, `--kind must be one of ${CORRECTION_KINDS.join(', ')}`));
  const corrected = values.outcome === undefined && values.summary === undefined ? undefined : { outcome: values.outcome ?? '', summary: values.summary ?? '', correctiveOrder: values['corrective-order'] };
  return {
    taskCode: required('task'),
    creditCode: normaliseCreditCode(required('code')),
    itemCode: required('item'),
    ...(values.department === undefined ? {} : { department: values.department }),
    kind: kind as CorrectionKind,
    reason: required('reason'),
    ...(corrected ? { corrected } : {}),
  };
}

export const correctionProposeCommand: CliRunner = {
  async run(args, io) {
    const flags = ['task', 'code', 'item', 'department', 'kind', 'reason', 'outcome', 'summary', 'corrective-order'] as const;
    const { values } = asUsage(() => parseArgs({ args, options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])), allowPositionals: false, strict: true }));
    const correction = correctionRequestOf(values as Record<string, string | undefined>);
    // Four eyes exactly as the console: with FOUR_EYES on this proposes, and another admin approves it in the console.
    const requested = await withBureauSession((database, keys, config) => requestAct(database, keys, { kind: 'result_correction', correction }, operator(), { fourEyes: config.fourEyes }));
    if (!requested.ok) {
      io.stderr.write(`${say('未提出更正', 'no correction asked for')}: ${describeApprovalIssue(requested.error, cliLanguage())}\n`);
      return 1;
    }
    if (requested.value.status === 'proposed') {
      const { id } = requested.value.approval;
      io.stdout.write(
        say(
          `已提出更正申请第 ${id} 号，须另一位管理员在控制台批准（四眼原则）：/console/approvals\n`,
          `Proposed as ${id} by ${approverNameOf(operator())}: another admin approves it in the console (four eyes): /console/approvals\n`,
        ),
      );
      return 0;
    }
    const { outcome } = requested.value;
    if (outcome.kind !== 'result_correction') throw new Error('a correction request carried out something else');
    io.stdout.write(
      say(
        `已更正并公示：第 ${outcome.number} 号更正，记录哈希 ${outcome.envelope.recordHash}，日志叶序号 ${outcome.leafIndex}（/results/corrections/${outcome.number}）\n`,
        `Corrected and published: correction ${outcome.number}, record hash ${outcome.envelope.recordHash}, log leaf ${outcome.leafIndex} (/results/corrections/${outcome.number})\n`,
      ),
    );
    return 0;
  },
};

/** A statement in lines: who said what on which result, and when. */
function describeStatement(statement: ResultStatementRow): string {
  return say(
    `第 ${statement.id} 号 ${statement.taskCode}/${statement.creditCode}/${statement.itemCode}，${statement.submittedAt.toISOString()} 提交：\n  ${statement.statement}`,
    `No. ${statement.id} ${statement.taskCode}/${statement.creditCode}/${statement.itemCode}, submitted ${statement.submittedAt.toISOString()}:\n  ${statement.statement}`,
  );
}

export const statementListCommand: CliRunner = {
  async run(args, io) {
    asUsage(() => parseArgs({ args, options: {}, allowPositionals: false, strict: true }));
    const statements = await withConfiguredDatabase((database) => findStatements(database.db, { unanswered: true }, LIST_LIMIT));
    if (statements.length === 0) io.stdout.write(say('没有待答复的陈述申辩\n', 'no statement awaits an answer\n'));
    for (const statement of statements) io.stdout.write(`${describeStatement(statement)}\n`);
    return 0;
  },
};

export const statementAnswerCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = asUsage(() => parseArgs({ args, options: { answer: { type: 'string' } }, allowPositionals: true, strict: true }));
    const [idText, ...extra] = positionals;
    if (idText === undefined || extra.length > 0 || !/^[1-9][0-9]{0,9}$/.test(idText)) throw new UsageError(say('请只给一个陈述申辩编号 ID', 'give exactly one statement ID'));
    if (values.answer === undefined) throw new UsageError(say('请给出 --answer', 'give --answer'));
    const answer = values.answer;
    const answered = await withConfiguredDatabase((database) => answerStatement(database, Number(idText), { answer, answeredBy: approverNameOf(operator()) }, new Date()));
    if (!answered.ok) {
      io.stderr.write(`${describeStatementIssue(answered.error, cliLanguage())}\n`);
      return 1;
    }
    io.stdout.write(say(`已答复第 ${answered.value.id} 号陈述申辩\n`, `Statement ${answered.value.id} answered\n`));
    return 0;
  },
};
