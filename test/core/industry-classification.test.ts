/**
 * The GB/T 4754-2017 table (国民经济行业分类), checked against the standard's own counts and a
 * sample of its codes and names. Source of the data: github.com/zmshe/capital at commit
 * 0b8f1ae, `src/utils/category.js` (see src/core/industry-table.ts).
 */
import { describe, expect, it } from 'vitest';
import { findIndustryClass, INDUSTRY_CLASSES, resolveIndustry } from '../../src/core/industry-classification.ts';
import { SYNTHETIC_INDUSTRIES } from '../../src/core/synthetic/industries.ts';

describe('GB/T 4754-2017 industry table', () => {
  it('has the standard’s 20 sections, 97 divisions, 473 groups and 1,380 classes', () => {
    const counts = { section: 0, division: 0, group: 0, class: 0 };
    for (const industry of INDUSTRY_CLASSES) counts[industry.level]++;
    expect(counts).toEqual({ section: 20, division: 97, group: 473, class: 1380 });
    expect(new Set(INDUSTRY_CLASSES.map((industry) => industry.code)).size).toBe(INDUSTRY_CLASSES.length);
  });

  it('lists every code under an existing parent of the same section', () => {
    for (const { code } of INDUSTRY_CLASSES) {
      if (code.length > 1) expect(findIndustryClass(code.length === 3 ? code[0] as string : code.slice(0, -1)), code).toBeDefined();
    }
  });

  it.each([
    ['A', '农、林、牧、渔业'],
    ['A0111', '稻谷种植'],
    ['C13', '农副食品加工业'],
    ['C1391', '淀粉及淀粉制品制造'],
    ['C3670', '汽车零部件及配件制造'],
    ['F5211', '百货零售'],
    ['F5251', '西药零售'],
    ['F5292', '互联网零售'],
    ['H62', '餐饮业'],
    ['H6210', '正餐服务'],
    ['H6241', '餐饮配送服务'],
    ['I6431', '互联网生产服务平台'],
    ['M7517', '三维（3D）打印技术推广服务'],
    ['O8010', '家庭服务'],
    ['L7215', '农村集体经济组织管理'],
    ['T9700', '国际组织'],
  ])('names %s %s, as the standard does', (code, name) => {
    expect(findIndustryClass(code)?.name).toBe(name);
  });

  it('resolves a class name to its four-digit class, not the group of the same name', () => {
    expect(resolveIndustry('正餐服务')).toEqual({ code: 'H6210', name: '正餐服务', level: 'class' });
    expect(findIndustryClass('H621')?.name).toBe('正餐服务');
  });

  it('holds every industry of the synthetic county, under the standard’s name', () => {
    for (const industry of SYNTHETIC_INDUSTRIES) {
      expect(findIndustryClass(industry.code), industry.code).toEqual({ code: industry.code, name: industry.name, level: 'class' });
    }
  });
});
