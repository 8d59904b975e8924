/** A small hand-made directory for credit-record and evaluation tests. */
import { importDirectory } from '../../src/application/import-directory.ts';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';

/** A valid credit code whose organisation part is the number n. */
export function creditCode(n: number): string {
  const first17 = `91350102${String(n).padStart(9, '0')}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

/** UTF-8 bytes of CSV lines. */
export function csvBytes(...lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

export interface DirectoryEntry {
  readonly n: number;
  readonly registered?: string;
  readonly flags?: string;
}

/** Imports enterprises `creditCode(n)` into the directory (all-or-nothing must succeed). */
export async function importTestDirectory(database: DatabaseHandle, entries: readonly DirectoryEntry[]): Promise<void> {
  const lines = entries.map((entry) =>
    [creditCode(entry.n), `测试企业${entry.n}有限公司`, '350102', 'F5211', entry.registered ?? '2015-01-01', '有限责任公司', '存续', entry.flags ?? ''].join(','),
  );
  const report = await importDirectory(database, {
    content: csvBytes('统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记', ...lines),
    format: 'csv',
  });
  if (!report.applied) throw new Error(`test directory rejected: ${JSON.stringify(report.rejected)}`);
}
