/**
 * The directory's vocabulary: what an enterprise is to Suiji. Imports map the many
 * spellings found in registration exports onto these codes.
 */

/** Market entity kinds (市场主体类型). */
export const ENTITY_TYPES = {
  company: '公司',
  branch: '分公司',
  partnership: '合伙企业',
  sole_proprietorship: '个人独资企业',
  foreign_invested: '外商投资企业',
  state_owned: '全民所有制企业',
  collective: '集体所有制企业',
  /** 个体工商户: the owner is a natural person, so nothing personal is ever published. */
  sole_trader: '个体工商户',
  cooperative: '农民专业合作社',
  other: '其他',
} as const;
export type EntityType = keyof typeof ENTITY_TYPES;

/** Registration status (登记状态). */
export const ENTERPRISE_STATUSES = {
  /** 存续 / 在业 / 开业 */
  active: '存续',
  /** 吊销 (business licence revoked; the entity still exists until deregistered) */
  revoked: '吊销',
  /** 注销 */
  deregistered: '注销',
  /** 迁出 (moved to another jurisdiction) */
  moved_out: '迁出',
} as const;
export type EnterpriseStatus = keyof typeof ENTERPRISE_STATUSES;

/** Flags that change how an enterprise is treated. */
export const ENTERPRISE_FLAGS = {
  /** 新业态: gets an observation period of soft enforcement. */
  new_business_form: '新业态',
  food: '食品',
  drugs: '药品',
  medical_devices: '医疗器械',
  cosmetics: '化妆品',
  special_equipment: '特种设备',
  industrial_products: '重要工业产品',
} as const;
export type EnterpriseFlag = keyof typeof ENTERPRISE_FLAGS;

/** One enterprise of the directory (检查对象名录库). Dates are `YYYY-MM-DD` in Asia/Shanghai. */
export interface Enterprise {
  readonly creditCode: string;
  readonly name: string;
  /** GB/T 2260, six digits. */
  readonly regionCode: string;
  /** GB/T 4754-2017: a section letter A-T followed by 0, 2, 3 or 4 digits, e.g. `C1391`. */
  readonly industryCode: string;
  readonly registrationDate: string;
  readonly entityType: EntityType;
  readonly status: EnterpriseStatus;
  readonly flags: readonly EnterpriseFlag[];
}
