/**
 * The demo's issue-17 year-end: the county's three lists (三张清单) with penalty records that
 * cite them, and one published result that an enterprise disputes (陈述申辩), staff answer,
 * and the bureau corrects (变更) with a signed correction record. Running it again adds
 * nothing: the lists and penalties are upserted, and a result already corrected is left.
 */
import type { DatabaseHandle } from '../persistence/database.ts';
import { listPublishedResults } from '../persistence/results-repository.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { DEMO_ADMIN } from './demo-draw.ts';
import { importCreditRecords } from './import-credit-records.ts';
import { importLeniencyLists } from './leniency-lists.ts';
import { correctResultWithin, findCorrectionsOf } from './result-corrections.ts';
import { answerStatement, findStatements, submitStatement } from './result-statements.ts';

/** The county's lists: a few entries of each, 首违不罚 as the 免予处罚 list's first-violation case. */
const DEMO_LISTS_CSV = `编号,清单,违法行为,法律依据,适用条件,首违不罚
CQ-001,从轻处罚,食品标签标注不规范,《中华人民共和国食品安全法》第一百二十五条第二款,标签瑕疵不影响食品安全且主动改正,否
CQ-002,从轻处罚,未按规定明码标价,《明码标价和禁止价格欺诈规定》第二十一条,积极配合调查且主动消除危害后果,否
JQ-001,减轻处罚,超出登记经营范围从事一般经营项目,《中华人民共和国行政处罚法》第三十二条,受他人胁迫或诱骗且违法所得较少,否
MY-001,免予处罚,未按规定时限公示年度报告,《中华人民共和国行政处罚法》第三十三条第一款,初次违法、危害后果轻微并及时改正,是
MY-002,免予处罚,经营场所未按规定悬挂营业执照,《中华人民共和国行政处罚法》第三十三条第一款,违法行为轻微并及时改正，没有造成危害后果,否
`;

export interface DemoCorrectionsResult {
  readonly listEntries: number;
  readonly citingPenalties: number;
  /** The corrected result, with its statement and answer. */
  readonly corrected?: { readonly taskCode: string; readonly creditCode: string; readonly itemCode: string; readonly correction: number };
}

/**
 * Loads the lists, cites them from penalties, and corrects one result of the demo task after
 * its enterprise's statement and the staff answer.
 *
 * @example await runDemoCorrections(database, keys, { taskCode: '2026-SP-01', asOf: '2026-11-01' }) // { listEntries: 5, citingPenalties: 3, corrected: { …, correction: 1 } }
 */
export async function runDemoCorrections(database: DatabaseHandle, keys: BureauKeys, options: { readonly taskCode: string; readonly asOf: string }): Promise<DemoCorrectionsResult> {
  const lists = await importLeniencyLists(database, { content: new TextEncoder().encode(DEMO_LISTS_CSV), format: 'csv' }, 'demo');
  if (!lists.applied) throw new Error(`the demo lists were rejected: ${JSON.stringify(lists.rejected.slice(0, 3))}`);

  const results = await listPublishedResults(database.db, { taskCode: options.taskCode, limit: 50 });
  // The enterprise disputes a problem found, when the demo found one.
  const disputed = results.find((result) => result.outcome !== 'no_problem') ?? results[0];
  const others = results.filter((result) => result !== disputed);
  if (!disputed) return { listEntries: lists.saved, citingPenalties: 0 };
  const year = options.asOf.slice(0, 4);
  const citing = [
    { entry: 'MY-001', violation: '未按规定时限公示年度报告', severity: 'warning' },
    { entry: 'CQ-001', violation: '食品标签标注不规范', severity: 'fine' },
    { entry: 'JQ-001', violation: '超出登记经营范围从事一般经营项目', severity: 'fine' },
  ].map((penalty, index) => ({
    kind: 'penalty',
    creditCode: (others[index] ?? disputed).creditCode,
    source: '行政处罚案件系统',
    decisionNumber: `演示市监罚〔${year}〕${index + 101}号`,
    date: `${year}-0${index + 4}-15`,
    violation: penalty.violation,
    severity: penalty.severity,
    ...(penalty.severity === 'fine' ? { amountFen: 200_000 } : {}),
    leniencyEntry: penalty.entry,
  }));
  const penalties = await importCreditRecords(database, { content: new TextEncoder().encode(JSON.stringify(citing)), format: 'json' });
  if (!penalties.applied) throw new Error(`the demo penalties were rejected: ${JSON.stringify(penalties.rejected.slice(0, 3))}`);

  const key = { taskCode: disputed.taskCode, creditCode: disputed.creditCode, itemCode: disputed.itemCode };
  const existing = await findCorrectionsOf(database.db, key);
  if (existing[0]) return { listEntries: lists.saved, citingPenalties: citing.length, corrected: { ...key, correction: existing[0].number } };
  if ((await findStatements(database.db, { creditCode: key.creditCode })).length === 0) {
    const statement = await submitStatement(database, { ...key, statement: '我司对该检查结果有异议：检查时我司已按要求公示相关信息，请予复核。' }, new Date());
    if (!statement.ok) throw new Error(`the demo statement was refused: ${statement.error.code}`);
    const answered = await answerStatement(database, statement.value.id, { answer: '经复核，贵司陈述属实，原检查结论有误，已作变更更正。', answeredBy: 'demo.staff' }, new Date());
    if (!answered.ok) throw new Error(`the demo answer was refused: ${answered.error.code}`);
  }
  const corrected = await database.db.transaction((transaction) =>
    correctResultWithin(
      transaction,
      keys,
      {
        ...key,
        ...(disputed.outcome === 'no_problem'
          ? { kind: 'supplement' as const, reason: '企业陈述申辩经复核，补正检查情况说明', corrected: { outcome: 'no_problem', summary: '经检查，未发现问题（补正：已核实企业公示信息）。' } }
          : { kind: 'change' as const, reason: '企业陈述申辩经复核属实，原检查结论认定有误', corrected: { outcome: 'no_problem', summary: '经复核，未发现问题，变更原检查结论。' } }),
      },
      DEMO_ADMIN,
      new Date(),
    ),
  );
  if (!corrected.ok) throw new Error(`the demo correction was refused: ${corrected.error.code}`);
  return { listEntries: lists.saved, citingPenalties: citing.length, corrected: { ...key, correction: corrected.value.number } };
}
