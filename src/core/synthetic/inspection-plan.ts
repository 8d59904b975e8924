/**
 * A synthetic inspection year for the demo county, seeded: four inspection items (food
 * safety, special equipment, licence display, annual report disclosure), a county-style
 * sampling scheme (higher risk sampled more and more often, A only once a year), an
 * inspector directory of three departments with a few declared conflicts, and three tasks,
 * one of them joint (综合查一次: two departments, one visit).
 *
 * The result is a plan file (`planFileSchema` of src/core/inspection-plan.ts), loaded by
 * the same `loadPlanFile` staff use.
 */
import { firstQuicknetRoundAtOrAfter } from '../draw/beacon.ts';
import { createRandomSource } from './random.ts';

/**
 * The demo's simulated calendar (draw/v1.1 section 3.1 keeps freeze, entropy and draw in
 * order): the joint task is frozen on 2 November, three days before the dice of its public
 * meeting on 5 November at 10:00, and drawn at 10:30 that day. The demo's pages and the
 * sources' descriptions say the dates are simulated.
 */
export function demoCalendar(year: number): { readonly frozenAt: string; readonly entropyAt: string; readonly drawnAt: string } {
  return { frozenAt: `${year}-11-02T09:00:00+08:00`, entropyAt: `${year}-11-05T10:00:00+08:00`, drawnAt: `${year}-11-05T10:30:00+08:00` };
}

const SIMULATED = '（演示县模拟日程 / demo county, simulated calendar）';

export interface SyntheticPlanOptions {
  readonly seed: string;
  readonly year: number;
  /** Credit codes that get a declared conflict with some inspector (e.g. the first few of the directory). */
  readonly conflictCodes: readonly string[];
  /** Evaluation run to stratify by; absent gives single-stratum (open) tasks. */
  readonly evaluationRunId?: number;
}

/**
 * The departments of the county plan's joint inspections (item 6: 市场监管 with 城管, 生态环境,
 * 文化市场, 交通运输, 应急管理, 农业农村), as the demo's department records.
 */
export const DEMO_DEPARTMENT_RECORDS = [
  { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' },
  { code: 'CGZF', nameZh: '城管', nameEn: 'Urban management' },
  { code: 'STHJ', nameZh: '生态环境', nameEn: 'Ecology and environment' },
  { code: 'WHSC', nameZh: '文化市场', nameEn: 'Cultural market' },
  { code: 'JTYS', nameZh: '交通运输', nameEn: 'Transport' },
  { code: 'YJGL', nameZh: '应急管理', nameEn: 'Emergency management' },
  { code: 'NYNC', nameZh: '农业农村', nameEn: 'Agriculture and rural affairs' },
] as const;

/**
 * The demo's inspecting departments, by what they check. The plan names them by their
 * Chinese names, as plans from before department records did; loading resolves each to its
 * record's code.
 */
export const DEMO_DEPARTMENTS = {
  food: '农业农村',
  equipment: '应急管理',
  credit: '市场监管',
} as const;

/** Every inspector holds the basic enforcement qualification; some hold specialist ones. */
export const BASIC_QUALIFICATION = '行政执法';

const surnames = ['陈', '林', '黄', '张', '李', '王', '吴', '刘', '蔡', '杨', '郑', '许'];
const givenNames = ['建华', '丽娟', '志强', '秀英', '文斌', '海燕', '国平', '晓明', '雪梅', '家豪', '思远', '静怡'];

function tiers(scheme: readonly [string, number, number][]): Record<'A' | 'B' | 'C' | 'D', { ratio: string; minimum: number; frequency: number }> {
  const [a, b, c, d] = scheme.map(([ratio, minimum, frequency]) => ({ ratio, minimum, frequency }));
  return { A: a!, B: b!, C: c!, D: d! };
}

/**
 * The demo year's plan file.
 *
 * @example generateInspectionPlan({ seed: 'suiji-demo-county', year: 2026, conflictCodes: ['91350102…'] }).tasks.length // 3
 */
export function generateInspectionPlan(options: SyntheticPlanOptions) {
  const random = createRandomSource(`${options.seed}/inspection-plan`);
  const year = options.year;
  const items = [
    { code: 'SP-01', name: '食品经营者经营条件及食品安全管理情况检查', legalBasis: '《中华人民共和国食品安全法》第一百一十条', department: DEMO_DEPARTMENTS.food, category: '食品安全', keyArea: true },
    { code: 'TS-01', name: '特种设备使用单位安全管理情况检查', legalBasis: '《中华人民共和国特种设备安全法》第五十七条', department: DEMO_DEPARTMENTS.equipment, category: '特种设备安全', keyArea: true },
    { code: 'XY-01', name: '营业执照（登记证）规范使用情况检查', legalBasis: '《市场主体登记管理条例》第三十六条', department: DEMO_DEPARTMENTS.credit, category: '登记注册', keyArea: false },
    { code: 'XY-02', name: '企业年度报告公示信息情况检查', legalBasis: '《企业信息公示暂行条例》第十条', department: DEMO_DEPARTMENTS.credit, category: '登记注册', keyArea: false },
  ];
  // County scheme: A is left alone (无事不扰) but for one round, D every round at a fifth.
  const county = tiers([
    ['0.02', 0, 1],
    ['0.04', 1, 1],
    ['0.08', 2, 2],
    ['0.2', 3, 2],
  ]);
  const keyArea = tiers([
    ['0.03', 1, 1],
    ['0.06', 2, 2],
    ['0.12', 3, 2],
    ['0.3', 5, 2],
  ]);
  const policies = items.map((item) => ({
    itemCode: item.code,
    year,
    tiers: item.keyArea ? keyArea : county,
    untiered: item.keyArea ? { ratio: '0.05', minimum: 2, frequency: 2 } : { ratio: '0.03', minimum: 1, frequency: 2 },
    annualCap: 2,
  }));

  const inspectors: { badge: string; name: string; department: string; qualifications: string[]; active: boolean }[] = [];
  const specialist: Record<string, string | undefined> = { [DEMO_DEPARTMENTS.food]: '食品安全', [DEMO_DEPARTMENTS.equipment]: '特种设备安全监察' };
  let serial = 1;
  for (const department of Object.values(DEMO_DEPARTMENTS)) {
    const size = random.integer(6, 9);
    for (let index = 0; index < size; index++) {
      const qualifications = [BASIC_QUALIFICATION];
      const extra = specialist[department];
      if (extra !== undefined && random.bernoulli(0.8)) qualifications.push(extra);
      inspectors.push({
        badge: `FZ-${String(serial++).padStart(5, '0')}`,
        name: random.choose(surnames) + random.choose(givenNames),
        department,
        qualifications,
        active: index < size - 1 || random.bernoulli(0.5),
      });
    }
  }
  const conflicts = options.conflictCodes.map((creditCode, index) => ({
    badge: (inspectors[(index * 5) % inspectors.length] as (typeof inspectors)[number]).badge,
    creditCode,
    reason: index % 2 === 0 ? '近亲属在该企业任职' : '曾在该企业任职未满三年',
  }));

  const tiered = options.evaluationRunId === undefined ? {} : { evaluationRunId: options.evaluationRunId };
  const tasks = [
    {
      code: `${year}-ZH-01`,
      name: `${year}年度登记事项与年报公示综合抽查（综合查一次）`,
      year,
      round: 2,
      items: ['XY-01', 'XY-02'],
      departments: [
        { department: DEMO_DEPARTMENTS.credit, teamSize: 1 },
        { department: DEMO_DEPARTMENTS.food, teamSize: 1 },
      ],
      trigger: 'planned' as const,
      ...tiered,
      qualification: BASIC_QUALIFICATION,
      conditions: { entityTypes: ['company', 'partnership', 'sole_proprietorship', 'foreign_invested', 'state_owned', 'collective', 'branch'] },
      entropySource: {
        kind: 'public-event' as const,
        description: `公开抽取会现场掷六颗骰子的点数，用“.”连接 / the six dice rolled at the bureau's public draw meeting, joined by "."${SIMULATED}`,
        at: demoCalendar(year).entropyAt,
      },
    },
    {
      code: `${year}-SP-02`,
      name: `${year}年度第二轮食品经营者监督抽查`,
      year,
      round: 2,
      items: ['SP-01'],
      departments: [{ department: DEMO_DEPARTMENTS.food, teamSize: 2 }],
      trigger: 'planned' as const,
      ...tiered,
      qualification: '食品安全',
      conditions: { flags: ['food'] },
      entropySource: {
        kind: 'public-event' as const,
        description: `福彩3D 当期开奖号码 / the winning number of the 福彩3D lottery draw${SIMULATED}`,
        at: `${year}-11-06T21:15:00+08:00`,
      },
    },
    {
      code: `${year}-TS-02`,
      name: `${year}年度第二轮特种设备使用单位抽查`,
      year,
      round: 2,
      items: ['TS-01'],
      departments: [{ department: DEMO_DEPARTMENTS.equipment, teamSize: 2 }],
      trigger: 'planned' as const,
      ...tiered,
      qualification: '特种设备安全监察',
      conditions: { flags: ['special_equipment'] },
      entropySource: { kind: 'drand-quicknet' as const, round: firstQuicknetRoundAtOrAfter(Date.UTC(year, 10, 7, 2, 0, 0) / 1000) },
    },
  ];
  return { plan: { year, name: `福州市${year}年度“双随机、一公开”抽查计划`, roundsPerYear: 2 }, items, policies, inspectors, conflicts, tasks };
}
