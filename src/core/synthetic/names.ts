/**
 * Plausible enterprise names for the synthetic county, built the way real names are:
 * administrative division + trade name (字号) + what it does + organisational form, e.g.
 * 福州市鼓楼区鑫源食品有限公司, 晋安区张记小吃店, 闽侯县绿野果蔬专业合作社.
 */
import type { EntityType } from '../enterprise.ts';
import type { SyntheticIndustry } from './industries.ts';
import { createWeightedTable, type RandomSource } from './random.ts';
import { SYNTHETIC_CITY, type SyntheticRegion } from './regions.ts';

const tradeNameFirst = [...'鑫源恒泰华盛兴隆永安宏达顺利嘉福瑞祥和金佳德丰信诚益宇凯明辉鸿昌荣海闽榕鼎创博天新春东润晟旺亿联合美优卓锦正中万通汇星航峰腾立远启融睿晨阳聚百汉龙世元富吉乐康健绿蓝青光致铭诺骏豪'];
const tradeNameSecond = [...'源达兴盛泰丰华鑫顺发昌利隆宏辉祥成通和信诚联邦创远航峰腾科禾嘉越锐捷欣悦凯晟瑞德安明美佳海星阳林森川茂旺'];
const cooperativeTradeNames = ['绿野', '绿源', '青山', '丰收', '金穗', '山野', '清泉', '田园', '绿色', '农家', '禾丰', '绿丰', '山水', '绿园', '福农', '乡韵', '金秋', '兴农', '惠农', '益农', '鑫农', '硕果', '碧水', '云雾', '高山', '闽江', '鼓山', '旗山', '溪源', '春晖'];
const givenNameCharacters = [...'强明华辉伟勇军平英芳花珍妹弟福水金生发贵'];

// Fujian's commonest surnames first; weights fall off with rank like real frequencies do.
const surnames = createWeightedTable(
  [...'陈林黄张李王吴刘蔡杨郑许谢郭洪邱曾廖赖徐周叶苏庄吕江何罗高潘朱钟游詹胡施沈余卢梁赵颜柯翁魏方孙戴宋邓杜傅薛丁卓阮董温唐蓝'].map(
    (surname, rank) => [surname, 1 / (rank + 3)] as const,
  ),
);

const soleProprietorshipSuffixes = ['商行', '经营部', '工作室', '厂', '中心'];

function pickTradeName(random: RandomSource): string {
  return random.choose(tradeNameFirst) + random.choose(tradeNameSecond);
}

function pickCompanyWord(random: RandomSource, industry: SyntheticIndustry): string {
  return industry.companyWords.length > 0 ? random.choose(industry.companyWords) : '商贸';
}

function pickShopWord(random: RandomSource, industry: SyntheticIndustry): string {
  return industry.shopWords.length > 0 ? random.choose(industry.shopWords) : `${pickCompanyWord(random, industry)}经营部`;
}

/** 福州市鼓楼区 for an urban district, 闽侯县 or 福清市 for a county or county-level city. */
function localPrefix(region: SyntheticRegion): string {
  return region.kind === 'district' ? SYNTHETIC_CITY.name + region.name : region.name;
}

/** 鼓楼 for 鼓楼区, 闽侯 for 闽侯县: how branches are usually suffixed. */
function shortRegionName(region: SyntheticRegion): string {
  return region.name.slice(0, -1);
}

function composeCompanyName(random: RandomSource, region: SyntheticRegion, industry: SyntheticIndustry): string {
  const tradeName = pickTradeName(random);
  const word = pickCompanyWord(random, industry);
  const form = random.uniform();
  if (form < 0.35) return `${localPrefix(region)}${tradeName}${word}有限公司`;
  if (form < 0.75) return `${SYNTHETIC_CITY.shortName}${tradeName}${word}有限公司`;
  if (form < 0.87) return `${SYNTHETIC_CITY.provinceShortName}${tradeName}${word}有限公司`;
  if (form < 0.95) return `${tradeName}（${SYNTHETIC_CITY.shortName}）${word}有限公司`;
  if (form < 0.97) return `${SYNTHETIC_CITY.shortName}${tradeName}${word}股份有限公司`;
  return `${SYNTHETIC_CITY.provinceShortName}${tradeName}${word}集团有限公司`;
}

function composeSoleTraderName(random: RandomSource, region: SyntheticRegion, industry: SyntheticIndustry): string {
  const prefix = random.bernoulli(0.2) ? SYNTHETIC_CITY.name + region.name : region.name;
  const form = random.uniform();
  let body: string;
  if (form < 0.55) body = pickTradeName(random);
  else if (form < 0.78) body = `${random.pick(surnames)}记`;
  else if (form < 0.88) body = `老${random.pick(surnames)}`;
  else if (form < 0.95) body = `阿${random.choose(givenNameCharacters)}`;
  else body = `${random.pick(surnames)}氏`;
  return prefix + body + pickShopWord(random, industry);
}

function composeCooperativeName(random: RandomSource, region: SyntheticRegion, industry: SyntheticIndustry): string {
  const tradeName = random.bernoulli(0.75) ? random.choose(cooperativeTradeNames) : pickTradeName(random);
  const words = industry.cooperativeWords.length > 0 ? industry.cooperativeWords : industry.companyWords;
  const word = words.length > 0 ? random.choose(words) : '农业';
  return `${region.name}${tradeName}${word}专业合作社`;
}

/**
 * A plausible name for an enterprise of this type, region and industry. The form follows
 * the type: 有限公司 for companies, 分公司 for branches, 合伙企业（有限合伙） for
 * partnerships, a shop name for sole traders, 专业合作社 for cooperatives.
 *
 * @example
 * composeEnterpriseName(random, 'sole_trader', findSyntheticRegion('350111')!, findSyntheticIndustry('H6291')!)
 * // e.g. '晋安区张记小吃店'
 */
export function composeEnterpriseName(random: RandomSource, entityType: EntityType, region: SyntheticRegion, industry: SyntheticIndustry): string {
  switch (entityType) {
    case 'company':
    case 'foreign_invested':
      return entityType === 'foreign_invested' && random.bernoulli(0.4)
        ? `${pickTradeName(random)}（${SYNTHETIC_CITY.shortName}）${pickCompanyWord(random, industry)}有限公司`
        : composeCompanyName(random, region, industry);
    case 'branch': {
      const parent = random.bernoulli(0.7)
        ? `${SYNTHETIC_CITY.shortName}${pickTradeName(random)}${pickCompanyWord(random, industry)}有限公司`
        : `${SYNTHETIC_CITY.provinceShortName}${pickTradeName(random)}${pickCompanyWord(random, industry)}有限公司`;
      return `${parent}${random.bernoulli(0.5) ? shortRegionName(region) : region.name}分公司`;
    }
    case 'partnership': {
      const form = random.bernoulli(0.8) ? '（有限合伙）' : '（普通合伙）';
      return `${SYNTHETIC_CITY.shortName}${pickTradeName(random)}${pickCompanyWord(random, industry)}合伙企业${form}`;
    }
    case 'sole_proprietorship':
      return `${localPrefix(region)}${pickTradeName(random)}${pickCompanyWord(random, industry)}${random.choose(soleProprietorshipSuffixes)}`;
    case 'state_owned':
      return `${localPrefix(region)}${pickCompanyWord(random, industry)}${random.bernoulli(0.8) ? '公司' : '总公司'}`;
    case 'collective':
      return random.bernoulli(0.6)
        ? `${localPrefix(region)}${pickTradeName(random)}${pickCompanyWord(random, industry)}厂`
        : `${localPrefix(region)}${pickCompanyWord(random, industry)}公司`;
    case 'sole_trader':
      return composeSoleTraderName(random, region, industry);
    case 'cooperative':
      return composeCooperativeName(random, region, industry);
    case 'other':
      return `${localPrefix(region)}${pickTradeName(random)}${pickCompanyWord(random, industry)}经营部`;
  }
}
