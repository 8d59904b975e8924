/**
 * Enterprises as a registration system's CSV export (名录导出), with Chinese headers and
 * Chinese type, status and flag names, so the demo and the benchmarks can produce the same
 * files staff import. RFC 4180 quoting and CRLF line ends, as spreadsheets write them.
 */
import { ENTERPRISE_FLAGS, ENTERPRISE_STATUSES, ENTITY_TYPES, type Enterprise } from '../enterprise.ts';

export const DIRECTORY_CSV_HEADERS = [
  '统一社会信用代码',
  '企业名称',
  '所属行政区划',
  '行业代码',
  '成立日期',
  '市场主体类型',
  '登记状态',
  '标记',
] as const;

/** Between the Chinese flag names in the 标记 column, e.g. `食品、特种设备`. */
export const DIRECTORY_CSV_FLAG_SEPARATOR = '、';

export const DIRECTORY_CSV_LINE_END = '\r\n';

const needsQuoting = /[",\r\n]|^\s|\s$/;

/**
 * One CSV field: quoted when it holds a comma, quote, line break or edge white space, with
 * quotes doubled (RFC 4180 section 2).
 *
 * @example formatCsvField('a "b", c') // '"a ""b"", c"'
 */
export function formatCsvField(value: string): string {
  return needsQuoting.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The header line, ending in CRLF.
 *
 * @example formatDirectoryCsvHeader() // '统一社会信用代码,企业名称,…,标记\r\n'
 */
export function formatDirectoryCsvHeader(): string {
  return DIRECTORY_CSV_HEADERS.join(',') + DIRECTORY_CSV_LINE_END;
}

/**
 * One enterprise as a CSV line ending in CRLF, columns in `DIRECTORY_CSV_HEADERS` order.
 *
 * @example
 * formatDirectoryCsvRow({ creditCode: '91350100M000100Y43', name: '福州鑫源食品有限公司', regionCode: '350102',
 *   industryCode: 'C1431', registrationDate: '2023-03-14', entityType: 'company', status: 'active', flags: ['food'] })
 * // '91350100M000100Y43,福州鑫源食品有限公司,350102,C1431,2023-03-14,公司,存续,食品\r\n'
 */
export function formatDirectoryCsvRow(enterprise: Enterprise): string {
  const flags = enterprise.flags.map((flag) => ENTERPRISE_FLAGS[flag]).join(DIRECTORY_CSV_FLAG_SEPARATOR);
  return (
    [
      enterprise.creditCode,
      enterprise.name,
      enterprise.regionCode,
      enterprise.industryCode,
      enterprise.registrationDate,
      ENTITY_TYPES[enterprise.entityType],
      ENTERPRISE_STATUSES[enterprise.status],
      flags,
    ]
      .map(formatCsvField)
      .join(',') + DIRECTORY_CSV_LINE_END
  );
}

/**
 * The header and then one line per enterprise, lazily, so a million rows stream to a file
 * without being held in memory.
 *
 * @example
 * for (const line of generateDirectoryCsv(generateEnterprises({ seed: 'demo', count: 20000, asOf: '2025-01-31' }))) {
 *   output.write(line);
 * }
 */
export function* generateDirectoryCsv(enterprises: Iterable<Enterprise>): Generator<string> {
  yield formatDirectoryCsvHeader();
  for (const enterprise of enterprises) yield formatDirectoryCsvRow(enterprise);
}
