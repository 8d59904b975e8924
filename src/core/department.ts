/**
 * Departments (执法部门) as records: a code and a name in Chinese and English. Items,
 * inspectors, tasks and staff accounts refer to a department by its code.
 *
 * Plans written before departments were records name a department by free text. Such a
 * reference still loads: `resolveDepartmentReference` maps a code, a Chinese name or an
 * English name to the record's code, and a text that matches no record is kept as it is (a
 * legacy department, shown by its text until an admin adds a record with that name).
 */
import { z } from 'zod';

export const departmentSchema = z.strictObject({
  code: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, 'must be 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit'),
  nameZh: z.string().trim().min(1, 'must not be empty').max(100),
  nameEn: z.string().trim().min(1, 'must not be empty').max(200),
});
export type Department = z.output<typeof departmentSchema>;

/**
 * The department a reference names (its code, Chinese name or English name, trimmed), if any.
 *
 * @example resolveDepartmentReference('城管', [{ code: 'CG', nameZh: '城管', nameEn: 'Urban management' }]) // { code: 'CG', … }
 */
export function resolveDepartmentReference(reference: string, departments: readonly Department[]): Department | undefined {
  const wanted = reference.trim();
  return departments.find((department) => department.code === wanted) ?? departments.find((department) => department.nameZh === wanted || department.nameEn === wanted);
}

/**
 * A stored reference as a department to show: its record, or (legacy free text) the text as
 * both names.
 *
 * @example departmentOf('SCJG', departments).nameZh // '市场监管'
 * @example departmentOf('食品安全科', departments).nameZh // '食品安全科'
 */
export function departmentOf(reference: string, departments: readonly Department[]): Department {
  return resolveDepartmentReference(reference, departments) ?? { code: reference, nameZh: reference, nameEn: reference };
}

/**
 * The code to store for a reference: the record's code when one matches, else the text as
 * given (a legacy free-text department).
 *
 * @example departmentCodeOf('Urban management', departments) // 'CG'
 * @example departmentCodeOf('食品安全科', departments) // '食品安全科'
 */
export function departmentCodeOf(reference: string, departments: readonly Department[]): string {
  return resolveDepartmentReference(reference, departments)?.code ?? reference.trim();
}

/**
 * Whether a stored reference (a code, or legacy free text) names the given department.
 *
 * @example isSameDepartment('城管', { code: 'CG', nameZh: '城管', nameEn: 'Urban management' }) // true
 */
export function isSameDepartment(reference: string, department: Department): boolean {
  const wanted = reference.trim();
  return wanted === department.code || wanted === department.nameZh || wanted === department.nameEn;
}
