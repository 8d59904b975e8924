/**
 * Column headings of imported files: staff export spreadsheets with Chinese or English
 * headings, so each field accepts several spellings. Matching ignores case, spaces, `_`,
 * `-` and a byte order mark. Shared by every import that reads a header row.
 */
import type { Language } from './language.ts';
import { err, ok, type Result } from './result.ts';

/**
 * A heading reduced to what matching compares.
 *
 * @example normaliseHeading('Credit_Code') // 'creditcode'
 */
export function normaliseHeading(heading: string): string {
  return heading.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_-]+/g, '');
}

/** The accepted headings of every field, prepared for lookups. */
export interface HeadingTable<Field extends string> {
  readonly fields: readonly Field[];
  readonly headings: Readonly<Record<Field, readonly string[]>>;
  readonly required: readonly Field[];
  readonly fieldByHeading: ReadonlyMap<string, Field>;
  /**
   * Whether columns with other headings are skipped (and reported as ignored) rather than
   * refused: for exports that carry many columns we do not keep.
   */
  readonly ignoreUnknown: boolean;
}

/**
 * Prepares a heading table.
 *
 * @example createHeadingTable({ creditCode: ['credit_code', '统一社会信用代码'] }, ['creditCode'])
 */
export function createHeadingTable<Field extends string>(
  headings: Readonly<Record<Field, readonly string[]>>,
  required: readonly Field[],
  options: { readonly ignoreUnknown?: boolean } = {},
): HeadingTable<Field> {
  const fields = Object.keys(headings) as Field[];
  const fieldByHeading = new Map<string, Field>(
    fields.flatMap((field) => headings[field].map((heading) => [normaliseHeading(heading), field] as const)),
  );
  return { fields, headings, required, fieldByHeading, ignoreUnknown: options.ignoreUnknown ?? false };
}

export type ColumnIssue<Field extends string> =
  | { readonly code: 'unknown_column'; readonly column: number; readonly heading: string }
  | { readonly code: 'duplicate_column'; readonly column: number; readonly heading: string; readonly field: Field; readonly firstColumn: number }
  | { readonly code: 'missing_column'; readonly field: Field };

/**
 * Maps a header row onto fields, by column index. Every heading must be known (a misspelt
 * heading would otherwise silently drop a column), unless the table ignores unknown headings
 * (then their columns are skipped: `unknownHeadings` names them for the report). Every
 * required field must be present.
 *
 * @example mapColumns(table, ['统一社会信用代码']) // ok(['creditCode'])
 */
export function mapColumns<Field extends string>(table: HeadingTable<Field>, headings: readonly string[]): Result<Field[], ColumnIssue<Field>[]> {
  const issues: ColumnIssue<Field>[] = [];
  const mapping: Field[] = [];
  const columnOf = new Map<Field, number>();
  headings.forEach((heading, index) => {
    const field = table.fieldByHeading.get(normaliseHeading(heading));
    if (!field) {
      if (!table.ignoreUnknown) issues.push({ code: 'unknown_column', column: index + 1, heading });
      return;
    }
    const first = columnOf.get(field);
    if (first !== undefined) {
      issues.push({ code: 'duplicate_column', column: index + 1, heading, field, firstColumn: first });
      return;
    }
    columnOf.set(field, index + 1);
    mapping[index] = field;
  });
  for (const field of table.required) if (!columnOf.has(field)) issues.push({ code: 'missing_column', field });
  return issues.length > 0 ? err(issues) : ok(mapping);
}

/**
 * The headings that name no field of the table (the columns an import skips when the table
 * ignores unknown headings).
 *
 * @example unknownHeadings(directoryTable, ['统一社会信用代码', '法定代表人']) // ['法定代表人']
 */
export function unknownHeadings<Field extends string>(table: HeadingTable<Field>, headings: readonly string[]): string[] {
  return headings.filter((heading) => isUnknownHeading(table, heading));
}

/**
 * Whether a heading names no field of the table.
 *
 * @example isUnknownHeading(directoryTable, '法定代表人') // true
 */
export function isUnknownHeading<Field extends string>(table: HeadingTable<Field>, heading: string): boolean {
  return !table.fieldByHeading.has(normaliseHeading(heading));
}

/** The headings to show someone whose header was not understood. */
export function describeExpectedColumns<Field extends string>(table: HeadingTable<Field>): string {
  return table.fields.map((field) => `${field} (${table.headings[field].slice(0, 4).join(' / ')})`).join(', ');
}

/** A field's first Chinese heading (its name for Chinese readers), else its key. */
function chineseName<Field extends string>(table: HeadingTable<Field>, field: Field): string {
  return table.headings[field].find((heading) => /[\u3400-\u9fff]/.test(heading)) ?? field;
}

/**
 * One sentence for a column issue, in Chinese or English.
 *
 * @example describeColumnIssue(table, { code: 'missing_column', field: 'name' }, 'zh') // '缺少“企业名称”列：请加一列，列名为“企业名称”或“name”或“enterprise name”或“company name”'
 */
export function describeColumnIssue<Field extends string>(table: HeadingTable<Field>, issue: ColumnIssue<Field>, lang: Language): string {
  switch (issue.code) {
    case 'unknown_column':
      return lang === 'zh'
        ? `第 ${issue.column} 列“${issue.heading}”不是可识别的列；可用的列：${describeExpectedColumns(table)}`
        : `unknown column '${issue.heading}' (column ${issue.column}); expected: ${describeExpectedColumns(table)}`;
    case 'duplicate_column':
      return lang === 'zh'
        ? `第 ${issue.column} 列“${issue.heading}”与第 ${issue.firstColumn} 列重复（都是${chineseName(table, issue.field)}）`
        : `column ${issue.column} '${issue.heading}' repeats ${issue.field}, already in column ${issue.firstColumn}`;
    case 'missing_column': {
      const headings = table.headings[issue.field].slice(0, 3);
      return lang === 'zh'
        ? `缺少“${chineseName(table, issue.field)}”列：请加一列，列名为${[chineseName(table, issue.field), ...headings].filter((heading, index, all) => all.indexOf(heading) === index).map((heading) => `“${heading}”`).join('或')}`
        : `missing column ${issue.field}: add one headed ${headings.map((heading) => `'${heading}'`).join(' or ')}`;
    }
  }
}
