/**
 * The synthetic county's directory: a deterministic stream of plausible enterprises for the
 * demo and the benchmarks. Same options, same stream; the first n rows never depend on how
 * many are asked for, so a 10^4 demo is a prefix of a 10^6 benchmark population.
 */
import { fromDayNumber, toDayNumber } from '../calendar-date.ts';
import {
  CREDIT_CODE_ALPHABET,
  computeCreditCodeCheckCharacter,
  computeOrganisationCodeCheckCharacter,
} from '../credit-code.ts';
import { ENTERPRISE_FLAGS, type Enterprise, type EnterpriseFlag, type EnterpriseStatus, type EntityType } from '../enterprise.ts';
import { SYNTHETIC_INDUSTRIES, type IndustryWeights, type SyntheticIndustry } from './industries.ts';
import { composeEnterpriseName } from './names.ts';
import { createRandomSource, createWeightedTable, type RandomSource, type WeightedTable } from './random.ts';
import { SYNTHETIC_CITY, SYNTHETIC_REGIONS, type SyntheticRegion } from './regions.ts';

export interface GenerateEnterprisesOptions {
  /** Any string; the whole population follows from it. */
  readonly seed: string;
  readonly count: number;
  /** The county's "today", `YYYY-MM-DD`: no registration is later. */
  readonly asOf: string;
}

/** Organisation parts are a permutation of [0, 10^8), so no larger population fits. */
export const MAX_SYNTHETIC_ENTERPRISES = 100_000_000;

/** Rough shares of market entity types in a Chinese county (个体工商户 about a third). */
const entityTypes = createWeightedTable<EntityType>([
  ['company', 55],
  ['sole_trader', 35],
  ['cooperative', 3],
  ['branch', 2.5],
  ['sole_proprietorship', 2],
  ['partnership', 1.5],
  ['foreign_invested', 0.6],
  ['collective', 0.25],
  ['state_owned', 0.15],
]);

/** Which weight column of the industry table an entity type draws from. */
const industryWeightColumn: Record<EntityType, keyof IndustryWeights> = {
  company: 'company',
  branch: 'company',
  foreign_invested: 'company',
  state_owned: 'company',
  collective: 'company',
  other: 'company',
  partnership: 'partnership',
  sole_trader: 'soleTrader',
  sole_proprietorship: 'soleTrader',
  cooperative: 'cooperative',
};

const industryTables = new Map<EntityType, WeightedTable<SyntheticIndustry>>(
  Object.entries(industryWeightColumn).map(([entityType, column]) => [
    entityType as EntityType,
    createWeightedTable(SYNTHETIC_INDUSTRIES.map((industry) => [industry, industry.weights[column]] as const)),
  ]),
);

const urbanRegions = createWeightedTable(SYNTHETIC_REGIONS.map((region) => [region, region.weight] as const));
const ruralRegions = createWeightedTable(SYNTHETIC_REGIONS.map((region) => [region, region.ruralWeight] as const));

/** Position 2 of a code registered by market regulation (position 1 = '9'). */
function entityTypeCharacter(entityType: EntityType): string {
  if (entityType === 'sole_trader') return '2';
  if (entityType === 'cooperative') return '3';
  return '1';
}

/** The 2007 law created farmers' cooperatives; new-style codes began in October 2015. */
const cooperativesSince = '2007-07-01';
const newStyleCodesSince = '2015-10-01';

const alphabetCharacters = [...CREDIT_CODE_ALPHABET];

const maxAgeDays = Math.round(30 * 365.25);

function parseIsoDate(text: string): number {
  const days = toDayNumber(text);
  if (days === undefined) throw new Error(`expected a date YYYY-MM-DD, got '${text}'`);
  return days;
}

/**
 * A keyed permutation of [0, 10^8): a four-round Feistel network on two halves in
 * [0, 10^4). Every index gets its own value, so codes are unique without remembering them,
 * and the seed scatters them so consecutive rows do not get consecutive codes.
 */
function createOrganisationNumbering(seed: string): (index: number) => number {
  const random = createRandomSource(`${seed}/organisation-codes`);
  const keys = [0, 1, 2, 3].map(() => random.integer(0, 0x7fffffff));
  const roundFunction = (half: number, key: number): number => {
    let hash = Math.imul(half ^ key, 0x9e3779b1);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x85ebca77);
    hash ^= hash >>> 13;
    return (hash >>> 0) % 10_000;
  };
  return (index) => {
    let left = Math.floor(index / 10_000);
    let right = index % 10_000;
    for (const key of keys) {
      const next = (left + roundFunction(right, key)) % 10_000;
      left = right;
      right = next;
    }
    return left * 10_000 + right;
  };
}

/** `MA` + six base-31 characters: the shape of codes issued since 2015 (31^6 > 10^8). */
function newStyleBody(value: number): string {
  let text = '';
  let rest = value;
  for (let position = 0; position < 6; position++) {
    text = CREDIT_CODE_ALPHABET[rest % 31] + text;
    rest = Math.floor(rest / 31);
  }
  return `MA${text}`;
}

/** Eight digits: the shape of the organisation codes enterprises kept from before 2015. */
function oldStyleBody(value: number): string {
  return String(value).padStart(8, '0');
}

function pickStatus(random: RandomSource, ageYears: number): EnterpriseStatus {
  // Older enterprises have had more time to close, be struck off or move away.
  const deregistered = Math.min(0.05, 0.003 * ageYears);
  const revoked = ageYears > 2 ? Math.min(0.04, 0.0025 * ageYears) : 0;
  const movedOut = ageYears > 1 ? 0.008 : 0.002;
  const draw = random.uniform();
  if (draw < deregistered) return 'deregistered';
  if (draw < deregistered + revoked) return 'revoked';
  if (draw < deregistered + revoked + movedOut) return 'moved_out';
  return 'active';
}

const flagOrder = Object.keys(ENTERPRISE_FLAGS) as EnterpriseFlag[];

/** Each industry's flag chances in vocabulary order, so flags come out in a stable order. */
const flagChancesByIndustry = new Map(
  SYNTHETIC_INDUSTRIES.map((industry) => [
    industry,
    flagOrder.flatMap((flag) => {
      const chance = industry.flagChances[flag];
      return chance === undefined ? [] : [[flag, chance] as const];
    }),
  ]),
);

function pickFlags(random: RandomSource, industry: SyntheticIndustry, ageYears: number): EnterpriseFlag[] {
  const flags: EnterpriseFlag[] = [];
  // New business forms are a recent phenomenon; older firms rarely count as one.
  const newBusinessForm = Math.min(1, industry.newBusinessFormChance * (ageYears < 3 ? 2 : ageYears < 6 ? 1 : ageYears < 10 ? 0.3 : 0));
  if (newBusinessForm > 0 && random.bernoulli(newBusinessForm)) flags.push('new_business_form');
  for (const [flag, chance] of flagChancesByIndustry.get(industry) ?? []) {
    if (random.bernoulli(chance)) flags.push(flag);
  }
  return flags;
}

/** How strongly registration dates lean towards the present, by type (higher = younger). */
function ageSkew(entityType: EntityType): number {
  if (entityType === 'state_owned' || entityType === 'collective') return 0.7;
  if (entityType === 'sole_trader') return 2.5;
  return 2;
}

/**
 * Streams `count` synthetic enterprises of a Fuzhou-like county. Deterministic in `seed`;
 * every credit code is valid under GB 32100-2015 and unique; company codes also carry a
 * valid GB 11714 organisation code. About one company in ten (and half the foreign-invested
 * ones) is registered by the city bureau, so its code says 350100 while `regionCode` names
 * the district it is in, as in real exports.
 *
 * @example
 * for (const enterprise of generateEnterprises({ seed: 'demo', count: 3, asOf: '2025-01-31' })) {
 *   console.log(enterprise.creditCode, enterprise.name);
 * }
 */
export function* generateEnterprises(options: GenerateEnterprisesOptions): Generator<Enterprise> {
  const { seed, count, asOf } = options;
  if (!Number.isInteger(count) || count < 0 || count > MAX_SYNTHETIC_ENTERPRISES) {
    throw new Error(`count must be an integer in [0, ${MAX_SYNTHETIC_ENTERPRISES}], got ${count}`);
  }
  const today = parseIsoDate(asOf);
  const cooperativesStart = parseIsoDate(cooperativesSince);
  const newStyleStart = parseIsoDate(newStyleCodesSince);
  const industryStarts = new Map(SYNTHETIC_INDUSTRIES.map((industry) => [industry, industry.since ? parseIsoDate(industry.since) : -Infinity]));
  const random = createRandomSource(`${seed}/enterprises`);
  const numberOrganisation = createOrganisationNumbering(seed);

  for (let index = 0; index < count; index++) {
    const entityType = random.pick(entityTypes);
    const industry = random.pick(industryTables.get(entityType) as WeightedTable<SyntheticIndustry>);
    const region: SyntheticRegion = random.pick(entityType === 'cooperative' || industry.section === 'A' ? ruralRegions : urbanRegions);

    const earliest = Math.max(industryStarts.get(industry) as number, entityType === 'cooperative' ? cooperativesStart : -Infinity);
    const ageLimit = Math.max(0, Math.min(maxAgeDays, today - earliest));
    const ageDays = Math.floor(ageLimit * random.uniform() ** ageSkew(entityType));
    const registered = today - ageDays;
    const ageYears = ageDays / 365.25;

    const typeCharacter = entityTypeCharacter(entityType);
    const cityRegistered = typeCharacter === '1' && random.bernoulli(entityType === 'foreign_invested' ? 0.5 : 0.1);
    const authorityRegion = cityRegistered ? SYNTHETIC_CITY.code : region.code;
    const numbering = numberOrganisation(index);
    let organisationCode: string;
    if (entityType === 'sole_trader') {
      // Sole traders' codes need not follow GB 11714; their ninth character is free.
      organisationCode = newStyleBody(numbering) + random.choose(alphabetCharacters);
    } else {
      const body = registered < newStyleStart ? oldStyleBody(numbering) : newStyleBody(numbering);
      organisationCode = body + computeOrganisationCodeCheckCharacter(body);
    }
    const first17 = `9${typeCharacter}${authorityRegion}${organisationCode}`;

    yield {
      creditCode: first17 + computeCreditCodeCheckCharacter(first17),
      name: composeEnterpriseName(random, entityType, region, industry),
      regionCode: region.code,
      industryCode: industry.code,
      registrationDate: fromDayNumber(registered),
      entityType,
      status: pickStatus(random, ageYears),
      flags: pickFlags(random, industry, ageYears),
    };
  }
}
