import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCreditCode } from '../../../src/core/credit-code.ts';
import { ENTERPRISE_FLAGS, ENTERPRISE_STATUSES, ENTITY_TYPES, type Enterprise, type EntityType } from '../../../src/core/enterprise.ts';
import {
  DIRECTORY_CSV_HEADERS,
  formatCsvField,
  formatDirectoryCsvRow,
  generateDirectoryCsv,
} from '../../../src/core/synthetic/directory-csv.ts';
import { generateEnterprises } from '../../../src/core/synthetic/enterprises.ts';
import { findSyntheticIndustry, SYNTHETIC_INDUSTRIES } from '../../../src/core/synthetic/industries.ts';
import { findSyntheticRegion, SYNTHETIC_CITY, SYNTHETIC_REGIONS } from '../../../src/core/synthetic/regions.ts';

const asOf = '2025-01-31';
const take = (seed: string, count: number) => [...generateEnterprises({ seed, count, asOf })];

/** One 200,000-row population shared by the read-only checks below. */
const population = take('suiji-test-county', 200_000);

function share(predicate: (enterprise: Enterprise) => boolean, rows: readonly Enterprise[] = population): number {
  return rows.filter(predicate).length / rows.length;
}

// Sole traders are checked against their industry's shop words instead.
const nameForms: Record<Exclude<EntityType, 'sole_trader'>, RegExp> = {
  company: /有限公司$/,
  foreign_invested: /有限公司$/,
  branch: /有限公司.+分公司$/,
  partnership: /合伙企业（(有限|普通)合伙）$/,
  sole_proprietorship: /(商行|经营部|工作室|厂|中心)$/,
  state_owned: /公司$/,
  collective: /(厂|公司)$/,
  cooperative: /专业合作社$/,
  other: /经营部$/,
};

describe('generateEnterprises', () => {
  it('gives the same sequence for the same options', () => {
    expect(take('same-seed', 5_000)).toEqual(take('same-seed', 5_000));
  });

  it('gives the first n rows of a larger population when asked for n', () => {
    expect(take('prefix-seed', 1_000)).toEqual(take('prefix-seed', 20_000).slice(0, 1_000));
  });

  it('gives a different population for a different seed', () => {
    const first = take('seed-a', 100).map((enterprise) => enterprise.creditCode);
    const second = take('seed-b', 100).map((enterprise) => enterprise.creditCode);
    expect(first.filter((code) => second.includes(code))).toEqual([]);
  });

  it('streams lazily, so a huge count costs nothing until rows are taken', () => {
    const stream = generateEnterprises({ seed: 'lazy', count: 100_000_000, asOf });
    const firstRow = stream.next();
    expect(firstRow.done).toBe(false);
    expect(firstRow.value).toEqual(take('lazy', 1)[0]);
  });

  it('rejects a count it cannot make unique codes for, and a malformed date', () => {
    expect(() => generateEnterprises({ seed: 's', count: 100_000_001, asOf }).next()).toThrow(/count/);
    expect(() => generateEnterprises({ seed: 's', count: 1, asOf: '2025-02-30' }).next()).toThrow(/YYYY-MM-DD/);
  });

  it('makes every credit code valid under GB 32100-2015, with market regulation as authority', () => {
    const offenders = population.filter((enterprise) => {
      const parsed = parseCreditCode(enterprise.creditCode);
      return !parsed.ok || parsed.value.registrationAuthority.code !== '9';
    });
    expect(offenders).toEqual([]);
  });

  it('makes every credit code unique over 200,000 rows', () => {
    expect(new Set(population.map((enterprise) => enterprise.creditCode)).size).toBe(population.length);
  });

  it('encodes the entity type in position 2 and the registering division in positions 3-8', () => {
    const expectedTypeCharacter = (type: EntityType) => (type === 'sole_trader' ? '2' : type === 'cooperative' ? '3' : '1');
    const offenders = population.filter((enterprise) => {
      const division = enterprise.creditCode.slice(2, 8);
      // Enterprises (not sole traders or cooperatives) may be registered by the city bureau.
      const divisionFits = division === enterprise.regionCode || (division === SYNTHETIC_CITY.code && enterprise.creditCode[1] === '1');
      return enterprise.creditCode[1] !== expectedTypeCharacter(enterprise.entityType) || !divisionFits;
    });
    expect(offenders).toEqual([]);
    expect(share((enterprise) => enterprise.creditCode.slice(2, 8) === SYNTHETIC_CITY.code)).toBeLessThan(0.1);
  });

  it('gives every enterprise other than sole traders an organisation code that passes GB 11714', () => {
    const offenders = population.filter((enterprise) => {
      if (enterprise.entityType === 'sole_trader') return false;
      const parsed = parseCreditCode(enterprise.creditCode);
      return !parsed.ok || parsed.value.warnings.length > 0;
    });
    expect(offenders).toEqual([]);
    // Sole traders' ninth character is free, so most of theirs fail GB 11714, as in real exports.
    const soleTraders = population.filter((enterprise) => enterprise.entityType === 'sole_trader').slice(0, 1_000);
    expect(share((enterprise) => {
      const parsed = parseCreditCode(enterprise.creditCode);
      return parsed.ok && parsed.value.warnings.length > 0;
    }, soleTraders)).toBeGreaterThan(0.5);
  });

  it('uses only the county regions and known industries', () => {
    const offenders = population.filter(
      (enterprise) =>
        !findSyntheticRegion(enterprise.regionCode) || !findSyntheticIndustry(enterprise.industryCode) || !/^[A-T]\d{4}$/.test(enterprise.industryCode),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the entity type shares within the stated ranges', () => {
    expect(share((enterprise) => enterprise.entityType === 'company')).toBeGreaterThan(0.52);
    expect(share((enterprise) => enterprise.entityType === 'company')).toBeLessThan(0.58);
    expect(share((enterprise) => enterprise.entityType === 'sole_trader')).toBeGreaterThan(0.32);
    expect(share((enterprise) => enterprise.entityType === 'sole_trader')).toBeLessThan(0.38);
    expect(share((enterprise) => enterprise.entityType === 'cooperative')).toBeGreaterThan(0.02);
    expect(share((enterprise) => enterprise.entityType === 'cooperative')).toBeLessThan(0.04);
    for (const type of ['branch', 'sole_proprietorship', 'partnership', 'foreign_invested'] as const) {
      expect(share((enterprise) => enterprise.entityType === type)).toBeGreaterThan(0.002);
    }
  });

  it('keeps most enterprises active, with a few per cent revoked, deregistered or moved out', () => {
    expect(share((enterprise) => enterprise.status === 'active')).toBeGreaterThan(0.9);
    expect(share((enterprise) => enterprise.status === 'active')).toBeLessThan(0.98);
    for (const status of ['revoked', 'deregistered', 'moved_out'] as const) {
      expect(share((enterprise) => enterprise.status === status)).toBeGreaterThan(0.002);
      expect(share((enterprise) => enterprise.status === status)).toBeLessThan(0.05);
    }
  });

  it('dates registrations within the last 30 years, most of them recent, never after asOf', () => {
    expect(population.filter((enterprise) => enterprise.registrationDate < '1995-01-31' || enterprise.registrationDate > asOf)).toEqual([]);
    expect(share((enterprise) => enterprise.registrationDate > '2015-01-31')).toBeGreaterThan(0.5);
    expect(share((enterprise) => enterprise.registrationDate < '2005-01-31')).toBeGreaterThan(0.03);
  });

  it('registers no cooperative before the 2007 cooperatives law took effect', () => {
    const cooperatives = population.filter((enterprise) => enterprise.entityType === 'cooperative');
    expect(cooperatives.every((enterprise) => enterprise.registrationDate >= '2007-07-01')).toBe(true);
    expect(cooperatives.every((enterprise) => enterprise.industryCode.startsWith('A') || enterprise.industryCode.startsWith('M75'))).toBe(true);
  });

  it('flags about 3% as new business forms, mostly recent and in sections I, L and O', () => {
    const newForms = population.filter((enterprise) => enterprise.flags.includes('new_business_form'));
    expect(newForms.length / population.length).toBeGreaterThan(0.02);
    expect(newForms.length / population.length).toBeLessThan(0.04);
    expect(share((enterprise) => enterprise.registrationDate >= '2022-01-31', newForms)).toBeGreaterThan(0.6);
    expect(share((enterprise) => 'ILO'.includes(enterprise.industryCode[0] as string), newForms)).toBeGreaterThan(0.5);
  });

  it('flags food for catering, drugs for pharmacies, and key areas only where the industry fits', () => {
    const catering = population.filter((enterprise) => enterprise.industryCode.startsWith('H62'));
    expect(share((enterprise) => enterprise.flags.includes('food'), catering)).toBeGreaterThan(0.9);
    const pharmacies = population.filter((enterprise) => enterprise.industryCode === 'F5251');
    expect(pharmacies.length).toBeGreaterThan(0);
    expect(pharmacies.every((enterprise) => enterprise.flags.includes('drugs'))).toBe(true);
    const offenders = population.filter((enterprise) => {
      const industry = findSyntheticIndustry(enterprise.industryCode);
      const fits = enterprise.flags.every((flag) =>
        flag === 'new_business_form' ? (industry?.newBusinessFormChance ?? 0) > 0 : (industry?.flagChances[flag] ?? 0) > 0,
      );
      return !fits || new Set(enterprise.flags).size !== enterprise.flags.length;
    });
    expect(offenders).toEqual([]);
  });

  it('names each enterprise in the form its type takes', () => {
    const offenders = population.filter((enterprise) => {
      if (enterprise.entityType !== 'sole_trader') return !nameForms[enterprise.entityType].test(enterprise.name);
      // A shop is named for its trade: 小吃店 for snacks, 大药房 for a pharmacy.
      const shopWords = findSyntheticIndustry(enterprise.industryCode)?.shopWords ?? [];
      return !shopWords.some((word) => enterprise.name.endsWith(word));
    });
    expect(offenders.map((enterprise) => `${enterprise.entityType} ${enterprise.industryCode} ${enterprise.name}`)).toEqual([]);
  });

  it('puts the region in the names of sole traders and cooperatives, and never 公司 in a shop name', () => {
    const offenders = population.filter((enterprise) => {
      const region = findSyntheticRegion(enterprise.regionCode)?.name ?? '?';
      if (enterprise.name.length < 6) return true;
      if (enterprise.entityType !== 'sole_trader' && enterprise.entityType !== 'cooperative') return false;
      const startsWithRegion = enterprise.name.startsWith(region) || enterprise.name.startsWith(SYNTHETIC_CITY.name + region);
      return !startsWithRegion || enterprise.name.includes('公司');
    });
    expect(offenders.map((enterprise) => enterprise.name)).toEqual([]);
  });

  it('names companies after the city, the province or their district', () => {
    const companies = population.filter((enterprise) => enterprise.entityType === 'company');
    const offenders = companies.filter((company) => {
      const region = findSyntheticRegion(company.regionCode)?.name ?? '?';
      return ![SYNTHETIC_CITY.shortName, SYNTHETIC_CITY.provinceShortName, region].some((place) => company.name.includes(place));
    });
    expect(offenders.map((company) => company.name)).toEqual([]);
  });

  it('draws from every region and from nearly every industry', () => {
    const regions = new Set(population.map((enterprise) => enterprise.regionCode));
    expect(regions.size).toBe(SYNTHETIC_REGIONS.length);
    const industries = new Set(population.map((enterprise) => enterprise.industryCode));
    expect(industries.size).toBeGreaterThan(SYNTHETIC_INDUSTRIES.length * 0.95);
  });
});

describe('directory CSV', () => {
  const rows = population.slice(0, 2_000);

  it('round-trips generated enterprises through csv-parse with Chinese headers and names', () => {
    const text = [...generateDirectoryCsv(rows)].join('');
    const records = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual([...DIRECTORY_CSV_HEADERS]);
    expect(records).toHaveLength(rows.length);
    records.forEach((record, index) => {
      const enterprise = rows[index] as Enterprise;
      expect(record).toEqual({
        统一社会信用代码: enterprise.creditCode,
        企业名称: enterprise.name,
        所属行政区划: enterprise.regionCode,
        行业代码: enterprise.industryCode,
        成立日期: enterprise.registrationDate,
        市场主体类型: ENTITY_TYPES[enterprise.entityType],
        登记状态: ENTERPRISE_STATUSES[enterprise.status],
        标记: enterprise.flags.map((flag) => ENTERPRISE_FLAGS[flag]).join('、'),
      });
    });
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces so they round-trip', () => {
    const awkward: Enterprise = {
      creditCode: '91350100M000100Y43',
      name: ' 福州"鑫源",食品\r\n有限公司',
      regionCode: '350102',
      industryCode: 'C1431',
      registrationDate: '2023-03-14',
      entityType: 'company',
      status: 'revoked',
      flags: ['food', 'industrial_products'],
    };
    const line = formatDirectoryCsvRow(awkward);
    expect(line.endsWith('\r\n')).toBe(true);
    const [record] = parse(line, { relax_column_count: false }) as string[][];
    expect(record).toEqual(['91350100M000100Y43', ' 福州"鑫源",食品\r\n有限公司', '350102', 'C1431', '2023-03-14', '公司', '吊销', '食品、重要工业产品']);
  });

  it('leaves plain fields unquoted and doubles quotes in quoted ones', () => {
    expect(formatCsvField('福州鑫源食品有限公司')).toBe('福州鑫源食品有限公司');
    expect(formatCsvField('a "b", c')).toBe('"a ""b"", c"');
    expect(formatCsvField('')).toBe('');
  });
});
