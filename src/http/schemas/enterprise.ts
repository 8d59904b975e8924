/** HTTP shapes of the enterprise directory (检查对象名录库). */
import { z } from 'zod';
import { describeCreditCodeIssue, parseCreditCode } from '../../core/credit-code.ts';
import { ENTERPRISE_FLAGS, ENTERPRISE_STATUSES, ENTITY_TYPES } from '../../core/enterprise.ts';

const entityTypes = Object.keys(ENTITY_TYPES) as [keyof typeof ENTITY_TYPES, ...(keyof typeof ENTITY_TYPES)[]];
const statuses = Object.keys(ENTERPRISE_STATUSES) as [
  keyof typeof ENTERPRISE_STATUSES,
  ...(keyof typeof ENTERPRISE_STATUSES)[],
];
const flags = Object.keys(ENTERPRISE_FLAGS) as [keyof typeof ENTERPRISE_FLAGS, ...(keyof typeof ENTERPRISE_FLAGS)[]];

export const creditCodeSchema = z.string().meta({
  description: 'Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters.',
  example: '91350100M000100Y43',
});

export const enterpriseSchema = z
  .object({
    creditCode: creditCodeSchema,
    name: z.string(),
    regionCode: z.string().meta({ description: 'GB/T 2260 administrative division.', example: '350102' }),
    industryCode: z.string().meta({ description: 'GB/T 4754-2017 industry.', example: 'C1391' }),
    registrationDate: z.string().meta({ description: 'YYYY-MM-DD', example: '2020-01-02' }),
    entityType: z.enum(entityTypes),
    status: z.enum(statuses),
    flags: z.array(z.enum(flags)),
    updatedAt: z.string().meta({ description: 'ISO 8601 time of the last change.' }),
  })
  .meta({ id: 'Enterprise' });

export type EnterpriseResponse = z.infer<typeof enterpriseSchema>;

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 500;

export const enterpriseListQuerySchema = z
  .strictObject({
    region: z
      .string()
      .regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 code')
      .optional()
      .meta({ description: 'Exact GB/T 2260 region code.', example: '350102' }),
    industry: z
      .string()
      .regex(/^[A-T]\d{0,4}$/, 'must be a GB/T 4754 section letter A-T followed by up to four digits')
      .optional()
      .meta({ description: 'GB/T 4754 code or any prefix of one: `C` is all manufacturing, `C13` a division.', example: 'C13' }),
    status: z.enum(statuses).optional(),
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional()
      .meta({ description: 'Case-insensitive substring of the name.' }),
    cursor: z
      .string()
      .max(200, 'is not a cursor from this API')
      .optional()
      .meta({ description: 'The `next` value of the previous page.' }),
    limit: z.coerce
      .number<string>()
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(LIST_LIMIT_MAX, `must be at most ${LIST_LIMIT_MAX}`)
      .default(LIST_LIMIT_DEFAULT)
      .meta({ description: `Page size, ${LIST_LIMIT_DEFAULT} by default.` }),
  });

export const enterpriseListSchema = z
  .object({
    items: z.array(enterpriseSchema),
    next: z.string().nullable().meta({ description: 'Cursor of the next page; null on the last page.' }),
  })
  .meta({ id: 'EnterprisePage' });

/** A credit code in a path: checked by GB 32100 (check character included) and normalised. */
const creditCodeParamSchema = z
  .string()
  .transform((value, context) => {
    const parsed = parseCreditCode(value);
    if (parsed.ok) return parsed.value.value;
    context.addIssue({ code: 'custom', message: describeCreditCodeIssue(parsed.error) });
    return z.NEVER;
  })
  .meta({
    description: 'Unified social credit code (统一社会信用代码, GB 32100-2015); case and surrounding spaces are ignored.',
    example: '91350100M000100Y43',
  });

export const enterpriseCodeParamsSchema = z.strictObject({ code: creditCodeParamSchema });

export const enterpriseImportQuerySchema = z.strictObject({
  encoding: z
    .enum(['auto', 'utf-8', 'gb18030'])
    .default('auto')
    .meta({ description: 'Text encoding of a CSV body; `auto` tells UTF-8 from GB18030.' }),
  partial: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'Apply the valid rows and report the rest, instead of all-or-nothing.' }),
  sourceName: z.string().min(1).max(200).optional().meta({ description: 'Shown in messages, e.g. the file name.' }),
});

export const rejectedRowSchema = z
  .object({
    line: z.number().int().meta({ description: '1-based line (CSV) or element index (JSON).' }),
    field: z.string().optional(),
    reason: z.string().meta({ description: 'Why, in English.' }),
    reasonZh: z.string().meta({ description: 'Why, in Chinese (原因).' }),
    raw: z
      .string()
      .optional()
      .meta({
        description:
          "The row's text, for fixing and re-importing, with the columns the import never keeps (unknown ones, ID numbers) blanked; absent when the row cannot be split into its columns.",
      }),
  })
  .meta({ id: 'RejectedRow' });

export const importReportSchema = z
  .object({
    totalRows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    rejected: z.array(rejectedRowSchema).meta({ description: 'The rejections of the first 100 rejected rows, in line order; `rejectedRowCount` counts them all.' }),
    rejectedRowCount: z.number().int().meta({ description: 'Rejected rows (distinct lines), whether listed in `rejected` or not.' }),
    rejectsUrl: z
      .string()
      .optional()
      .meta({ description: 'Where staff download every rejected row (CSV with a 原因 / reason column, or JSON); present when rows were rejected.' }),
    applied: z.boolean().meta({ description: 'False when nothing was written because rows were rejected.' }),
    encoding: z.enum(['utf-8', 'gb18030']),
    ignoredColumns: z
      .array(z.string())
      .optional()
      .meta({ description: 'Columns (or JSON keys) of the file that Suiji does not keep, skipped and never stored, e.g. 法定代表人.' }),
  })
  .meta({ id: 'ImportReport' });
