/**
 * The columns of the tables the API lets staff and the public download (CSV and Excel from
 * one definition each): the internal tier list and the current red and black lists.
 */
import { TIER_NAMES } from '../core/policy/tier.ts';
import { column, type TableColumn } from '../core/table-columns.ts';
import type { PublishedListEntry } from '../application/red-black-lists.ts';
import type { TierListEntry } from '../application/tier-list.ts';

/** The internal tier list (分级分类监管清单): never published. */
export const TIER_LIST_COLUMNS: readonly TableColumn<TierListEntry>[] = [
  column('统一社会信用代码', 22, (entry) => entry.creditCode),
  column('企业名称', 36, (entry) => entry.name),
  column('所属行政区划', 14, (entry) => entry.regionCode),
  column('所属行业', 12, (entry) => entry.industryCode),
  column('信用风险分类', 20, (entry) => `${entry.tier} 类（${TIER_NAMES[entry.tier]}）`),
  column('观察期', 8, (entry) => (entry.observation ? '是' : '否')),
];

/** A current red or black list (守信红榜 / 失信黑榜), as published. */
export const LIST_COLUMNS: readonly TableColumn<PublishedListEntry>[] = [
  column('企业名称', 36, (entry) => entry.name),
  column('统一社会信用代码', 22, (entry) => entry.creditCode),
  column('列入事由', 40, (entry) => entry.reason),
  column('设定依据', 40, (entry) => entry.legalBasis),
  column('列入日期', 12, (entry) => entry.entryDate, 'date'),
  column('有效期至', 12, (entry) => entry.expiry, 'date'),
];
