/**
 * Synthetic credit records for the demo county and the benchmarks: most enterprises clean,
 * a tail with penalties, late annual reports, complaints and inspections, a few percent on
 * the abnormal-operations list, under one percent on the serious-dishonesty list, some
 * honours, and legal representatives shared with listed enterprises. Under the default
 * model this gives a county's usual shape: mostly A and B, a few percent C, about 1% D.
 * Deterministic: the same seed and enterprises give the same records.
 */
import { SOFT_MEASURES, type CreditRecord } from '../credit-record.ts';
import type { Enterprise } from '../enterprise.ts';
import { createRandomSource, createWeightedTable, type RandomSource } from './random.ts';

export interface GenerateCreditRecordsOptions {
  readonly seed: string;
  /** The county's "today": no record is later. */
  readonly asOf: string;
}

const DAY_MS = 86_400_000;
const SOURCE = '国家企业信用信息公示系统（合成数据）';

/** Per-enterprise chances, tuned so the default model gives a county's usual tier shares. */
export const SYNTHETIC_RECORD_RATES = {
  dishonestyListed: 0.007,
  dishonestyRemoved: 0.003,
  abnormalListed: 0.028,
  abnormalRemoved: 0.02,
  penalty: 0.08,
  secondPenalty: 0.2,
  lateReport: 0.05,
  complaint: 0.06,
  inspection: 0.1,
  contractHonouring: 0.03,
  commitment: 0.05,
  sharesListedPerson: 0.004,
} as const;

const severities = createWeightedTable([
  ['warning', 40],
  ['fine', 52],
  ['heavy', 8],
] as const);
const outcomes = createWeightedTable([
  ['no_problem', 80],
  ['not_disclosed_as_required', 5],
  ['unreachable', 4],
  ['problem_corrected', 8],
  ['problem_penalised', 2],
  ['refused_inspection', 1],
] as const);
const violations = ['未按规定明码标价', '销售过期食品', '虚假宣传', '未取得许可从事经营', '计量器具未检定', '产品质量不合格'];
const dishonestyReasons = ['提供虚假材料取得登记', '拒不履行行政处罚决定', '食品安全严重违法', '不正当竞争严重违法'];

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A uniformly random date between `fromDay` and `toDay` (inclusive). */
function randomDate(random: RandomSource, fromDay: number, toDay: number): string {
  return dateOf(random.integer(Math.min(fromDay, toDay), toDay));
}

function randomPersonId(random: RandomSource): string {
  let hex = '';
  for (let index = 0; index < 8; index++) hex += random.integer(0, 0xffffffff).toString(16).padStart(8, '0');
  return hex;
}

/**
 * Records for each enterprise, in the enterprises' order.
 *
 * @example
 * for (const records of generateCreditRecords(generateEnterprises(options), { seed: 'demo', asOf: '2026-11-01' })) …
 */
const softMeasureDepartments = ['县市场监督管理局登记注册科', '县市场监督管理局食品经营监管科', '县市场监督管理局网络交易监管科'] as const;
const softMeasureNotes = ['告知新业态经营应当遵守的规定，企业当场表示整改', '发放合规经营指引，约定一个月后回访', '约谈负责人，督促完善内部管理制度'] as const;

export function* generateCreditRecords(enterprises: Iterable<Enterprise>, options: GenerateCreditRecordsOptions): Generator<CreditRecord[]> {
  const random = createRandomSource(`${options.seed}/credit-records`);
  // Soft measures draw from their own stream, so adding them left every other record as it was.
  const softRandom = createRandomSource(`${options.seed}/soft-measures`);
  const today = dayOf(options.asOf);
  const asOfYear = Number(options.asOf.slice(0, 4));
  /** Legal representatives of listed enterprises, for related-party links (a small rolling pool). */
  const listedPersons: string[] = [];
  let sequence = 0;
  for (const enterprise of enterprises) {
    const records: CreditRecord[] = [];
    const creditCode = enterprise.creditCode;
    const registered = Math.min(dayOf(enterprise.registrationDate), today);
    const since = (years: number) => Math.max(registered, today - Math.round(years * 365));
    const rates = SYNTHETIC_RECORD_RATES;

    if (random.bernoulli(rates.dishonestyListed)) {
      const listedDate = randomDate(random, since(2.9), today);
      records.push({ kind: 'serious_dishonesty_listing', creditCode, source: SOURCE, listedDate, reason: random.choose(dishonestyReasons), decidingAuthority: '县市场监督管理局' });
      const personId = randomPersonId(random);
      records.push({ kind: 'related_party_link', creditCode, source: SOURCE, personId, role: 'legal_representative', date: enterprise.registrationDate });
      if (listedPersons.length < 1000) listedPersons.push(personId);
      else listedPersons[random.integer(0, listedPersons.length - 1)] = personId;
    } else if (random.bernoulli(rates.dishonestyRemoved) && today - registered > 4 * 365) {
      const listedDay = random.integer(today - 5 * 365, today - 4 * 365);
      records.push({
        kind: 'serious_dishonesty_listing', creditCode, source: SOURCE, listedDate: dateOf(listedDay), reason: random.choose(dishonestyReasons),
        decidingAuthority: '县市场监督管理局', removedDate: dateOf(listedDay + 3 * 365 + 1), removal: 'expiry',
      });
    } else if (listedPersons.length > 0 && random.bernoulli(rates.sharesListedPerson)) {
      records.push({ kind: 'related_party_link', creditCode, source: SOURCE, personId: random.choose(listedPersons), role: 'controlling_investor', date: enterprise.registrationDate });
    }

    // An unfiled report for last year leads to the abnormal-operations list from 1 July.
    const lastYear = asOfYear - 1;
    const lastDue = dayOf(`${asOfYear}-06-30`);
    if (random.bernoulli(rates.abnormalListed) && registered < dayOf(`${lastYear}-01-01`) && lastDue < today) {
      records.push({ kind: 'annual_report', creditCode, source: SOURCE, year: lastYear, filedDate: null });
      records.push({ kind: 'abnormal_operations_listing', creditCode, source: SOURCE, listedDate: randomDate(random, lastDue + 1, today), reason: 'annual_report_missing' });
    } else if (random.bernoulli(rates.abnormalRemoved) && today - registered > 2 * 365) {
      const listedDay = random.integer(since(3), today - 400);
      records.push({
        kind: 'abnormal_operations_listing', creditCode, source: SOURCE, listedDate: dateOf(listedDay),
        reason: random.bernoulli(0.7) ? 'annual_report_missing' : 'unreachable_at_address', removedDate: dateOf(listedDay + random.integer(30, 300)),
      });
    } else if (random.bernoulli(rates.lateReport) && registered < dayOf(`${lastYear - 1}-01-01`)) {
      const year = lastYear - 1;
      records.push({ kind: 'annual_report', creditCode, source: SOURCE, year, filedDate: randomDate(random, dayOf(`${year + 1}-07-01`), dayOf(`${year + 1}-12-31`)) });
    }

    if (random.bernoulli(rates.penalty)) {
      const penalties = random.bernoulli(rates.secondPenalty) ? 2 : 1;
      for (let index = 0; index < penalties; index++) {
        const severity = random.pick(severities);
        const exempt = severity !== 'heavy' && random.bernoulli(0.15);
        records.push({
          kind: 'penalty', creditCode, source: SOURCE, decisionNumber: `合市监罚〔${asOfYear}〕${++sequence}号`, date: randomDate(random, since(4), today),
          violation: random.choose(violations), severity, ...(severity === 'warning' || exempt ? {} : { amountFen: random.integer(10, 2000) * 10_000 }),
          firstViolationExempt: exempt, minorViolationExempt: false,
        });
      }
    }
    if (random.bernoulli(rates.complaint)) {
      records.push({ kind: 'complaint', creditCode, source: '12315', date: randomDate(random, since(3), today), substantiated: random.bernoulli(0.3) });
    }
    if (random.bernoulli(rates.inspection)) {
      records.push({ kind: 'inspection_result', creditCode, source: '双随机抽查', date: randomDate(random, since(3), today), itemCode: `SC-${random.integer(1, 40)}`, outcome: random.pick(outcomes) });
    }
    if (random.bernoulli(rates.contractHonouring)) {
      records.push({ kind: 'honour', creditCode, source: SOURCE, type: 'contract_honouring', date: randomDate(random, since(2), today), fulfilled: true });
    }
    if (random.bernoulli(rates.commitment)) {
      records.push({ kind: 'honour', creditCode, source: SOURCE, type: 'credit_commitment', date: randomDate(random, since(3), today), fulfilled: random.bernoulli(0.9) });
    }
    // New business forms in their first two years (the default model's observation period): soft measures instead of penalties.
    if (enterprise.flags.includes('new_business_form') && today - registered < 2 * 365 && softRandom.bernoulli(0.6)) {
      const measures = softRandom.integer(1, 2);
      for (let index = 0; index < measures; index++) {
        records.push({
          kind: 'soft_measure', creditCode, source: SOURCE, date: randomDate(softRandom, registered, today), measure: softRandom.choose(SOFT_MEASURES),
          department: softRandom.choose(softMeasureDepartments), note: softRandom.choose(softMeasureNotes),
        });
      }
    }
    yield records;
  }
}
