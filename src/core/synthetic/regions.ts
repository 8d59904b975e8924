/**
 * The synthetic county's geography: Fuzhou (福州市), a prefecture-level city of Fujian, with
 * its 13 county-level divisions under their current GB/T 2260 codes (长乐 became a district,
 * 350112, in 2017). Weights are rough shares of market entities, not official statistics.
 */

export interface SyntheticCity {
  readonly code: string;
  readonly name: string;
  /** The name without 市, as used in company names (福州鑫源贸易有限公司). */
  readonly shortName: string;
  readonly provinceName: string;
  readonly provinceShortName: string;
}

export interface SyntheticRegion {
  /** GB/T 2260, six digits. */
  readonly code: string;
  readonly name: string;
  /** 区 (urban district), 县 (county) or 县级市 (county-level city). */
  readonly kind: 'district' | 'county' | 'county_city';
  /** Relative share of urban businesses. */
  readonly weight: number;
  /** Relative share of farms and farmers' cooperatives. */
  readonly ruralWeight: number;
}

export const SYNTHETIC_CITY: SyntheticCity = {
  code: '350100',
  name: '福州市',
  shortName: '福州',
  provinceName: '福建省',
  provinceShortName: '福建',
};

export const SYNTHETIC_REGIONS: readonly SyntheticRegion[] = [
  { code: '350102', name: '鼓楼区', kind: 'district', weight: 14, ruralWeight: 0 },
  { code: '350103', name: '台江区', kind: 'district', weight: 9, ruralWeight: 0 },
  { code: '350104', name: '仓山区', kind: 'district', weight: 13, ruralWeight: 1 },
  { code: '350105', name: '马尾区', kind: 'district', weight: 5, ruralWeight: 1 },
  { code: '350111', name: '晋安区', kind: 'district', weight: 12, ruralWeight: 4 },
  { code: '350112', name: '长乐区', kind: 'district', weight: 8, ruralWeight: 6 },
  { code: '350121', name: '闽侯县', kind: 'county', weight: 10, ruralWeight: 10 },
  { code: '350122', name: '连江县', kind: 'county', weight: 6, ruralWeight: 9 },
  { code: '350123', name: '罗源县', kind: 'county', weight: 3, ruralWeight: 6 },
  { code: '350124', name: '闽清县', kind: 'county', weight: 3, ruralWeight: 8 },
  { code: '350125', name: '永泰县', kind: 'county', weight: 3, ruralWeight: 9 },
  { code: '350128', name: '平潭县', kind: 'county', weight: 4, ruralWeight: 4 },
  { code: '350181', name: '福清市', kind: 'county_city', weight: 12, ruralWeight: 10 },
];

const regionsByCode = new Map(SYNTHETIC_REGIONS.map((region) => [region.code, region]));

/**
 * The synthetic county's region with this GB/T 2260 code, if it is one of them.
 *
 * @example findSyntheticRegion('350102')?.name // '鼓楼区'
 */
export function findSyntheticRegion(code: string): SyntheticRegion | undefined {
  return regionsByCode.get(code);
}
