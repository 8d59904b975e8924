/**
 * Credit evaluation in the core (issue 3).
 *
 * - Formula cost: the default model's six formulas evaluated over random indicator vectors
 *   by our two restricted paths (mathjs parse → whitelist → JS closures, the browser's path;
 *   and → generated JavaScript turned into a function by `compileFormulaSource`, Node's
 *   path), by the same formulas hand-written in TypeScript (baseline; goal: within 3x), and
 *   by mathjs `compile().evaluate()` for reference.
 * - `evaluateEnterprise` throughput on synthetic records for 1,000,000 enterprises, generated
 *   in chunks (as a database cursor would hand them over), against the cost of generating
 *   them (baseline), with each of the two paths. This is the core's share of the 60 s run.
 *
 *   npm run bench -- formula [--quick]     (--quick: 100,000 enterprises, fewer formula rounds)
 */
import { compile } from 'mathjs';
import seedrandom from 'seedrandom';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import type { CreditRecord } from '../../src/core/credit-record.ts';
import type { Enterprise, EnterpriseFlag } from '../../src/core/enterprise.ts';
import { compileFormulaSource } from '../../src/application/formula-compiler.ts';
import { compileModel, evaluateEnterprise, evaluateIndicatorValues, type CompiledModel } from '../../src/core/scoring/evaluate.ts';
import { evaluationWork, MODEL_BUDGET } from '../../src/core/scoring/model-budget.ts';
import type { RelatedPartyIndex } from '../../src/core/scoring/indicators.ts';
import { compileModelParts, defaultScoringModel, TIERS, validateModel, type ScoringModel, type Tier } from '../../src/core/scoring/model.ts';

const quick = process.argv.includes('--quick');
const enterpriseCount = quick ? 100_000 : 1_000_000;
/** Few enough vectors to stay in cache: this measures the formulas, not memory. */
const vectorCount = 1024;
const formulaPasses = quick ? 200 : 1000;
const mathjsPasses = quick ? 5 : 20;
const AS_OF = '2025-07-01';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

const model = defaultScoringModel();
const compiled = compileModel(model);
const generatedModel = compileModel(model, { compileSource: compileFormulaSource });
const indicatorCount = model.indicators.length;
const slotCount = indicatorCount + model.formulas.length;

// --- formula cost ------------------------------------------------------------------------

const random = seedrandom('bench-formula');
const vectors = Array.from({ length: vectorCount }, () => {
  const values = new Float64Array(slotCount);
  for (let index = 0; index < indicatorCount; index++) values[index] = random() < 0.8 ? 0 : Math.floor(random() * 4) * 0.3;
  values[0] = Math.floor(random() * 4);
  return values;
});

function restricted(values: Float64Array): number {
  compiled.program.computeFormulas(values);
  return values[slotCount - 1]!;
}

function generated(values: Float64Array): number {
  generatedModel.program.computeFormulas(values);
  return values[slotCount - 1]!;
}

/** The default model's formulas written by hand (same slots as the model's indicators). */
function plain(v: Float64Array): number {
  const basic = 6 + 3 * Math.min(v[0]!, 3) - 3 * v[1]!;
  const operations = 20 - 12 * v[5]! - 6 * v[2]! - 2 * v[3]!;
  const supervision = 40 - 15 * v[6]! - 8 * v[7]! - 30 * v[9]!;
  const related = 15 - 15 * Math.min(v[10]!, 1);
  const social = Math.min(10, 8 - 3 * v[11]! - 4 * v[14]! + v[12]! + 0.5 * v[13]!);
  const score = Math.min(Math.max(basic + operations + supervision + related + social, 0), 100);
  v[15] = basic;
  v[16] = operations;
  v[17] = supervision;
  v[18] = related;
  v[19] = social;
  v[20] = score;
  return score;
}

const mathjsFormulas = model.formulas.map((formula) => ({ name: formula.name, code: compile(formula.expression) }));
const indicatorNames = model.indicators.map((indicator) => indicator.name);
const clamp = (x: number, low: number, high: number): number => Math.min(Math.max(x, low), high);
function viaMathjs(values: Float64Array): number {
  // mathjs has no clamp: the scope supplies it.
  const scope: Record<string, unknown> = { clamp };
  for (let index = 0; index < indicatorCount; index++) scope[indicatorNames[index]!] = values[index]!;
  let last = 0;
  for (const formula of mathjsFormulas) scope[formula.name] = last = formula.code.evaluate(scope) as number;
  return last;
}

for (const values of vectors.slice(0, 1000)) {
  const expected = plain(Float64Array.from(values));
  if (restricted(Float64Array.from(values)) !== expected || generated(Float64Array.from(values)) !== expected || Math.abs(viaMathjs(values) - expected) > 1e-9) {
    throw new Error('the four formula paths disagree');
  }
}

/** Median over 5 repeats of the ns per evaluation of `passes` passes over the vectors. */
function measure(evaluate: (values: Float64Array) => number, passes: number): number {
  let sink = 0;
  const times: number[] = [];
  for (let repeat = 0; repeat < 5; repeat++) {
    times.push(
      time(() => {
        for (let pass = 0; pass < passes; pass++) for (const values of vectors) sink += evaluate(values);
      }),
    );
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return (median(times) * 1e6) / (passes * vectorCount);
}

measure(restricted, 50);
measure(generated, 50);
measure(plain, 50);
const plainNs = measure(plain, formulaPasses);
const restrictedNs = measure(restricted, formulaPasses);
const generatedNs = measure(generated, formulaPasses);
const mathjsNs = measure(viaMathjs, mathjsPasses);

// --- evaluation throughput ---------------------------------------------------------------

function creditCodeOf(n: number): string {
  const first17 = `91350100${String(n).padStart(9, '0')}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

const personIds = Array.from({ length: 1000 }, (_, index) => index.toString(16).padStart(64, '0'));
const relatedParties: RelatedPartyIndex = new Map(personIds.slice(0, 10).map((person) => [person, new Set([creditCodeOf(999_999_999)])]));
const keyFlags: EnterpriseFlag[] = ['food'];
const newFormFlags: EnterpriseFlag[] = ['new_business_form'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A plausible county: most enterprises clean, a tail with penalties and listings. */
function syntheticEnterprise(n: number, draw: () => number): { enterprise: Enterprise; records: CreditRecord[] } {
  const creditCode = creditCodeOf(n);
  const year = 2000 + Math.floor(draw() * 26);
  const registrationDate = `${year}-${pad(1 + Math.floor(draw() * 12))}-${pad(1 + Math.floor(draw() * 28))}`;
  const flagDraw = draw();
  const enterprise: Enterprise = {
    creditCode,
    name: `企业${n}`,
    regionCode: '350100',
    industryCode: 'F5191',
    registrationDate,
    entityType: 'company',
    status: 'active',
    flags: flagDraw < 0.15 ? keyFlags : flagDraw < 0.18 ? newFormFlags : [],
  };
  const base = { creditCode, source: 'bench' };
  const date = (from: number): string => `${from + Math.floor(draw() * (2026 - from))}-${pad(1 + Math.floor(draw() * 12))}-${pad(1 + Math.floor(draw() * 28))}`;
  const records: CreditRecord[] = [];
  for (let reportYear = Math.max(year, 2021); reportYear <= 2024; reportYear++) {
    const filing = draw();
    const filedDate = filing < 0.9 ? `${reportYear + 1}-0${1 + Math.floor(draw() * 6)}-15` : filing < 0.96 ? `${reportYear + 1}-09-20` : null;
    records.push({ ...base, kind: 'annual_report', year: reportYear, filedDate });
  }
  if (draw() < 0.1) {
    const severity = draw() < 0.3 ? 'warning' : draw() < 0.9 ? 'fine' : 'heavy';
    records.push({ ...base, kind: 'penalty', decisionNumber: `罚${n}`, date: date(2021), violation: 'v', severity, amountFen: 100000, firstViolationExempt: draw() < 0.1, minorViolationExempt: false });
  }
  if (draw() < 0.02) records.push({ ...base, kind: 'penalty', decisionNumber: `罚${n}b`, date: date(2022), violation: 'v', severity: 'fine', amountFen: 500000, firstViolationExempt: false, minorViolationExempt: false });
  const listing = draw();
  if (listing < 0.05) {
    const listedDate = date(2020);
    records.push({ ...base, kind: 'abnormal_operations_listing', listedDate, reason: 'annual_report_missing', removedDate: listing < 0.025 ? undefined : `${Math.min(2025, Number(listedDate.slice(0, 4)) + 1)}-12-01` });
  }
  if (draw() < 0.008) records.push({ ...base, kind: 'serious_dishonesty_listing', listedDate: date(2022), reason: 'r', decidingAuthority: 'a' });
  if (draw() < 0.05) records.push({ ...base, kind: 'complaint', date: date(2022), substantiated: draw() < 0.4 });
  if (draw() < 0.1) {
    const outcome = draw();
    records.push({ ...base, kind: 'inspection_result', date: date(2022), itemCode: 'SC', outcome: outcome < 0.8 ? 'no_problem' : outcome < 0.9 ? 'problem_corrected' : outcome < 0.97 ? 'unreachable' : 'refused_inspection' });
  }
  if (draw() < 0.03) records.push({ ...base, kind: 'honour', type: 'contract_honouring', date: date(2023), fulfilled: true });
  if (draw() < 0.2) records.push({ ...base, kind: 'related_party_link', personId: personIds[Math.floor(draw() * personIds.length)]!, role: 'legal_representative', date: registrationDate });
  return { enterprise, records };
}

/**
 * Generates the county in chunks (bounded memory, like a cursor) and times generating and
 * evaluating separately, so the machine's noise in one never leaks into the other.
 */
function runCounty(): { generateMs: number; closuresMs: number; evaluateMs: number; tiers: Record<Tier, number>; observation: number; records: number } {
  const draw = seedrandom('bench-county');
  const tiers: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 };
  let observation = 0;
  let records = 0;
  let generateMs = 0;
  let closuresMs = 0;
  let evaluateMs = 0;
  const chunkSize = 50_000;
  for (let start = 0; start < enterpriseCount; start += chunkSize) {
    let chunk: ReturnType<typeof syntheticEnterprise>[] = [];
    generateMs += time(() => {
      chunk = Array.from({ length: Math.min(chunkSize, enterpriseCount - start) }, (_, offset) => syntheticEnterprise(start + offset, draw));
    });
    const tally = (model: CompiledModel): void => {
      for (const { enterprise, records: own } of chunk) {
        const result = evaluateEnterprise(model, enterprise, own, AS_OF, { relatedParties });
        tiers[result.tier]++;
        if (result.observation) observation++;
      }
    };
    closuresMs += time(() => tally(compiled));
    evaluateMs += time(() => tally(generatedModel));
    for (const generated of chunk) records += generated.records.length;
  }
  // Each enterprise was tallied twice, once per path.
  for (const tier of TIERS) tiers[tier] /= 2;
  return { generateMs, closuresMs, evaluateMs, tiers, observation: observation / 2, records };
}

const county = runCounty();

// --- the cost budget (model-budget.ts) ----------------------------------------------------

/**
 * The costliest model the budget admits: the default model plus extra formulas of 10
 * `k * min(indicator, 3)` terms, as many as `validateModel` accepts. Its worst enterprise has
 * every indicator off neutral (one more formula pass per indicator, for the contributions).
 */
function costliestValidModel(): { model: ScoringModel; work: number } {
  let best: ScoringModel = model;
  for (let extra = 1; extra <= MODEL_BUDGET.formulas; extra++) {
    const candidate = structuredClone(model) as ScoringModel & { formulas: ScoringModel['formulas'][number][] };
    const added = Array.from({ length: extra }, (_, index) => ({
      name: `extra_${index}`,
      description: 'budget probe',
      expression: `clamp(${Array.from({ length: 10 }, (_, term) => `${(term % 7) + 1} * min(${indicatorNames[(index + term) % indicatorCount]}, 3)`).join(' + ')}, 0, 1)`,
    }));
    candidate.formulas = [...added, ...model.formulas];
    const checked = validateModel(candidate);
    if (!checked.ok) break;
    best = checked.value;
  }
  const parts = compileModelParts(best);
  if (!parts.ok) throw new Error('a valid model compiles');
  return { model: best, work: evaluationWork(best.indicators.length, parts.value.formulas, parts.value.rules) };
}

function worstCaseMicroseconds(probe: ScoringModel): number {
  const compiledProbe = compileModel(probe, { compileSource: compileFormulaSource });
  const offNeutral = probe.indicators.map((indicator) => indicator.neutral + 1);
  const rounds = quick ? 5_000 : 50_000;
  const times: number[] = [];
  for (let repeat = 0; repeat < 5; repeat++) {
    times.push(time(() => {
      for (let index = 0; index < rounds; index++) evaluateIndicatorValues(compiledProbe, { creditCode: 'probe', asOf: AS_OF, observation: false, values: offNeutral });
    }));
  }
  return (median(times) * 1000) / rounds;
}

const costliest = costliestValidModel();
const defaultWorstUs = worstCaseMicroseconds(model);
const costliestWorstUs = worstCaseMicroseconds(costliest.model);

const format = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Formula cost, default model credit-risk/1 (6 formulas per evaluation), ${format(vectorCount)} indicator vectors × ${format(formulaPasses)} passes:`,
  '',
  '| path | ns per evaluation | × plain TypeScript |',
  '|---|---:|---:|',
  `| plain TypeScript (baseline) | ${format(plainNs, 1)} | 1.00 |`,
  `| restricted mathjs → closures (browser, no compileSource) | ${format(restrictedNs, 1)} | ${format(restrictedNs / plainNs, 2)} |`,
  `| restricted mathjs → generated JS (Node, compileSource) | ${format(generatedNs, 1)} | ${format(generatedNs / plainNs, 2)} |`,
  `| mathjs compile().evaluate() | ${format(mathjsNs, 1)} | ${format(mathjsNs / plainNs, 2)} |`,
  '',
  `Goal: restricted within 3x of plain: generated ${generatedNs / plainNs <= 3 ? 'met' : 'NOT met'}, closures ${restrictedNs / plainNs <= 3 ? 'met' : 'NOT met'}.`,
  '',
  `evaluateEnterprise, ${format(enterpriseCount)} synthetic enterprises (${format(county.records / enterpriseCount, 2)} records each), as of ${AS_OF}, in chunks of 50,000:`,
  '',
  '| step | seconds | enterprises/s | µs per enterprise |',
  '|---|---:|---:|---:|',
  `| generate the records (baseline) | ${format(county.generateMs / 1000, 2)} | ${format(enterpriseCount / (county.generateMs / 1000))} | ${format((county.generateMs * 1000) / enterpriseCount, 2)} |`,
  `| evaluate, closures (compile once, then evaluateEnterprise) | ${format(county.closuresMs / 1000, 2)} | ${format(enterpriseCount / (county.closuresMs / 1000))} | ${format((county.closuresMs * 1000) / enterpriseCount, 2)} |`,
  `| evaluate, generated JS (compile once, then evaluateEnterprise) | ${format(county.evaluateMs / 1000, 2)} | ${format(enterpriseCount / (county.evaluateMs / 1000))} | ${format((county.evaluateMs * 1000) / enterpriseCount, 2)} |`,
  '',
  `Evaluation costs ${format(county.evaluateMs / county.generateMs, 2)}x generating the records in memory with generated JS, ${format(county.closuresMs / county.generateMs, 2)}x with closures.`,
  `Tiers: ${TIERS.map((tier) => `${tier} ${format((100 * county.tiers[tier]) / enterpriseCount, 1)}%`).join(', ')}; observation ${format((100 * county.observation) / enterpriseCount, 1)}%.`,
  '',
  `Model cost budget (saving refuses a model over it): worst enterprise (every indicator off neutral), generated JS:`,
  '',
  '| model | formulas | evaluation work (node runs) | µs per enterprise |',
  '|---|---:|---:|---:|',
  `| default credit-risk/1 | ${model.formulas.length} | ${format(evaluationWork(model.indicators.length, compiled.formulas, compiled.rules.map((rule) => rule.when)))} | ${format(defaultWorstUs, 2)} |`,
  `| the costliest model the budget accepts | ${costliest.model.formulas.length} | ${format(costliest.work)} (limit ${format(MODEL_BUDGET.evaluationWork)}) | ${format(costliestWorstUs, 2)} |`,
  '',
  `Goal: no valid model slower than 20 µs per enterprise: ${costliestWorstUs <= 20 ? 'met' : 'NOT met'}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
