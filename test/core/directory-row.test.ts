import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import { unknownHeadings } from '../../src/core/column-headings.ts';
import {
  DIRECTORY_HEADING_TABLE,
  mapDirectoryHeader,
  mapEnterpriseStatus,
  mapEntityType,
  parseEnterpriseFlags,
  parseRegistrationDate,
  validateDirectoryRow,
  type DirectoryRowText,
} from '../../src/core/directory-row.ts';

const validRow: DirectoryRowText = {
  creditCode: '91350100M000100Y43',
  name: '福州示例有限公司',
  regionCode: '350102',
  industryCode: 'F5211',
  registrationDate: '2020-01-02',
  entityType: '有限责任公司(自然人投资或控股)',
  status: '存续',
  flags: '食品；新业态',
};

function issuesOf(row: DirectoryRowText) {
  const result = validateDirectoryRow(row);
  return result.ok ? [] : result.error;
}

describe('mapDirectoryHeader', () => {
  it('maps English headings whatever their case, spaces or underscores', () => {
    const result = mapDirectoryHeader(['Credit Code', 'name', 'REGION_CODE', 'industry-code', 'registration date', 'entityType', 'status', 'flags']);
    expect(result).toEqual({
      ok: true,
      value: ['creditCode', 'name', 'regionCode', 'industryCode', 'registrationDate', 'entityType', 'status', 'flags'],
    });
  });

  it('maps the Chinese headings of registration-system exports', () => {
    const result = mapDirectoryHeader(['统一社会信用代码', '企业名称', '所属行政区划', '所属行业', '成立日期', '市场主体类型', '经营状态']);
    expect(result.ok && result.value).toEqual(['creditCode', 'name', 'regionCode', 'industryCode', 'registrationDate', 'entityType', 'status']);
  });

  it('accepts a header that starts with a byte order mark', () => {
    expect(mapDirectoryHeader(['\uFEFF统一社会信用代码', '名称', '行政区划', '行业代码', '注册日期', '企业类型', '登记状态']).ok).toBe(true);
  });

  it('skips a column it does not keep (a registration export has many), mapping the others by position', () => {
    const headings = ['统一社会信用代码', '企业名称', '法定代表人', '所属行政区划', '所属行业', '成立日期', '企业类型', '登记状态'];
    const result = mapDirectoryHeader(headings);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value[2]).toBeUndefined();
    expect(result.value[3]).toBe('regionCode');
    expect(unknownHeadings(DIRECTORY_HEADING_TABLE, headings)).toEqual(['法定代表人']);
  });

  it('still refuses a misspelt required heading, as a missing column', () => {
    const result = mapDirectoryHeader(['统一社会信用代马', '企业名称', '所属行政区划', '所属行业', '成立日期', '企业类型', '登记状态']);
    expect(result).toEqual({ ok: false, error: [{ code: 'missing_column', field: 'creditCode' }] });
  });

  it('rejects a header without a required column and lists every missing one', () => {
    const result = mapDirectoryHeader(['统一社会信用代码', '企业名称', '所属行政区划', '所属行业', '成立日期']);
    expect(result.ok ? [] : result.error).toEqual([
      { code: 'missing_column', field: 'entityType' },
      { code: 'missing_column', field: 'status' },
    ]);
  });

  it('rejects two columns that mean the same field', () => {
    const result = mapDirectoryHeader(['统一社会信用代码', 'credit_code', 'name', 'region', 'industry', 'registration_date', 'type', 'status']);
    expect(result.ok ? [] : result.error).toEqual([
      { code: 'duplicate_column', column: 2, heading: 'credit_code', field: 'creditCode', firstColumn: 1 },
    ]);
  });
});

describe('parseRegistrationDate', () => {
  it.each([
    ['2023-03-14', '2023-03-14'],
    ['2023/3/14', '2023-03-14'],
    ['2023年3月14日', '2023-03-14'],
    ['2024-2-29', '2024-02-29'],
    ['2000/02/29', '2000-02-29'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseRegistrationDate(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['2023.03.14', '14/03/2023', '20230314', '2023-03', '2023年3月14', 'yesterday'])('rejects the unknown format %s', (text) => {
    expect(parseRegistrationDate(text)).toEqual({ ok: false, error: 'unknown_date_format' });
  });

  it.each(['2023-02-29', '1900/2/29', '2023年13月1日', '2023-04-31', '2023-00-10', '1899-12-31'])('rejects %s, which is not a real calendar date', (text) => {
    expect(parseRegistrationDate(text)).toEqual({ ok: false, error: 'impossible_date' });
  });

  it('agrees with the proleptic Gregorian calendar for every day from 1900 to 2099', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
        expect(parseRegistrationDate(`${year}/${month}/${day}`).ok).toBe(real);
      }),
    );
  });
});

describe('mapEntityType', () => {
  it.each([
    ['有限责任公司', 'company'],
    ['有限责任公司（自然人投资或控股）', 'company'],
    ['股份有限公司(上市、自然人投资或控股)', 'company'],
    ['有限责任公司分公司(自然人投资或控股)', 'branch'],
    ['有限责任公司(外商投资、非独资)', 'foreign_invested'],
    ['有限责任公司(台港澳法人独资)', 'foreign_invested'],
    ['全民所有制', 'state_owned'],
    ['集体所有制(股份合作)', 'collective'],
    ['个人独资企业', 'sole_proprietorship'],
    ['普通合伙企业', 'partnership'],
    ['个体工商户', 'sole_trader'],
    ['个体', 'sole_trader'],
    ['农民专业合作社', 'cooperative'],
    ['sole_trader', 'sole_trader'],
    ['Sole Trader', 'sole_trader'],
    ['Limited Liability Company', 'company'],
  ])('maps %s to %s', (text, expected) => {
    expect(mapEntityType(text)).toBe(expected);
  });

  it('does not guess at an unknown type', () => {
    expect(mapEntityType('社会团体')).toBeUndefined();
  });
});

describe('mapEnterpriseStatus', () => {
  it.each([
    ['存续', 'active'],
    ['在业', 'active'],
    ['开业', 'active'],
    ['存续（在营、开业、在册）', 'active'],
    ['吊销', 'revoked'],
    ['吊销，未注销', 'revoked'],
    ['吊销，已注销', 'deregistered'],
    ['注销', 'deregistered'],
    ['迁出', 'moved_out'],
    ['Active', 'active'],
    ['moved out', 'moved_out'],
  ])('maps %s to %s', (text, expected) => {
    expect(mapEnterpriseStatus(text)).toBe(expected);
  });

  it('does not guess at an unknown status', () => {
    expect(mapEnterpriseStatus('停业')).toBeUndefined();
  });
});

describe('parseEnterpriseFlags', () => {
  it('splits on every accepted separator and maps Chinese and English names', () => {
    expect(parseEnterpriseFlags('食品;药品；medical_devices,化妆品，特种设备、new_business_form')).toEqual({
      flags: ['food', 'drugs', 'medical_devices', 'cosmetics', 'special_equipment', 'new_business_form'],
      unknown: [],
    });
  });

  it('counts a repeated flag once and ignores empty parts', () => {
    expect(parseEnterpriseFlags('食品;;food; ')).toEqual({ flags: ['food'], unknown: [] });
  });

  it('reports the words that are not flags', () => {
    expect(parseEnterpriseFlags('食品;烟花爆竹')).toEqual({ flags: ['food'], unknown: ['烟花爆竹'] });
  });
});

describe('validateDirectoryRow', () => {
  it('turns a valid row into an enterprise with normalised values', () => {
    const result = validateDirectoryRow({ ...validRow, creditCode: ' 91350100m000100y43 ', industryCode: 'f5211', registrationDate: '2020年1月2日' });
    expect(result).toEqual({
      ok: true,
      value: {
        creditCode: '91350100M000100Y43',
        name: '福州示例有限公司',
        regionCode: '350102',
        industryCode: 'F5211',
        registrationDate: '2020-01-02',
        entityType: 'company',
        status: 'active',
        flags: ['food', 'new_business_form'],
      },
    });
  });

  it('accepts a row without flags', () => {
    const { flags: _flags, ...withoutFlags } = validRow;
    expect(validateDirectoryRow(withoutFlags).ok).toBe(true);
  });

  it('rejects a credit code whose check character is wrong (GB 32100-2015 section 5)', () => {
    expect(issuesOf({ ...validRow, creditCode: '91350100M000100Y44' })).toEqual([
      { code: 'bad_credit_code', field: 'creditCode', issue: { code: 'bad_check_character', expected: '3', actual: '4' } },
    ]);
  });

  it('reports every problem of a row, each with its field', () => {
    const issues = issuesOf({ ...validRow, name: ' ', regionCode: '35010', industryCode: 'Z12', registrationDate: '2023.3.14', entityType: '社会团体', status: '停业', flags: '烟花' });
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['name', 'required'],
      ['regionCode', 'bad_region_code'],
      ['industryCode', 'bad_industry_code'],
      ['registrationDate', 'unknown_date_format'],
      ['entityType', 'unknown_entity_type'],
      ['status', 'unknown_status'],
      ['flags', 'unknown_flag'],
    ]);
  });

  it.each(['A', 'C13', 'C139', 'C1391', 'T9700'])('accepts the GB/T 4754 industry code %s', (code) => {
    expect(validateDirectoryRow({ ...validRow, industryCode: code }).ok).toBe(true);
  });

  it.each([
    ['正餐服务', 'H6210'],
    ['6210', 'H6210'],
    ['h6210', 'H6210'],
    [' 餐饮业 ', 'H62'],
    ['羽毛(绒)加工及制品制造', 'C194'],
  ])('accepts the industry %s as the GB/T 4754-2017 code %s', (text, code) => {
    const result = validateDirectoryRow({ ...validRow, industryCode: text });
    expect(result.ok && result.value.industryCode).toBe(code);
  });

  it.each(['U01', 'C1', 'C13911', 'CC13', 'C1390x', 'H6290', 'C6210', '9999', '中餐馆'])('rejects the industry %s, which is no code or name of GB/T 4754-2017', (code) => {
    expect(issuesOf({ ...validRow, industryCode: code }).map((issue) => issue.code)).toEqual(['bad_industry_code']);
  });

  it('rejects a 10 MB field by its length without looking further into it', () => {
    const issues = issuesOf({ ...validRow, name: 'x'.repeat(10 * 1024 * 1024) });
    expect(issues).toEqual([{ code: 'too_long', field: 'name', maximum: 200, actual: 10 * 1024 * 1024 }]);
  });

  it('rejects a NUL or a line break inside a value', () => {
    expect(issuesOf({ ...validRow, name: '福州\u0000示例' })).toEqual([{ code: 'control_character', field: 'name' }]);
    expect(issuesOf({ ...validRow, name: '福州\n示例' })).toEqual([{ code: 'control_character', field: 'name' }]);
  });

  it('rejects a missing required value', () => {
    const { status: _status, ...withoutStatus } = validRow;
    expect(issuesOf(withoutStatus)).toEqual([{ code: 'required', field: 'status' }]);
  });

  it('accepts every well-formed credit code and keeps it as the key', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const character = fc.constantFrom(...alphabet);
    fc.assert(
      fc.property(fc.array(character, { minLength: 17, maxLength: 17 }), (characters) => {
        const first17 = characters.join('');
        const code = first17 + computeCreditCodeCheckCharacter(first17);
        const result = validateDirectoryRow({ ...validRow, creditCode: code.toLowerCase() });
        expect(result.ok && result.value.creditCode).toBe(code);
      }),
    );
  });
});
