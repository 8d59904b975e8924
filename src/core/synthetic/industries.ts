/**
 * Industries of the synthetic county: GB/T 4754-2017 classes (国民经济行业分类) with rough
 * weights per kind of entity, the words their names are made of, and how likely each
 * regulatory flag is. Weights are plausible shares, not statistics.
 */
import type { EnterpriseFlag } from '../enterprise.ts';

/** GB/T 4754-2017 sections (门类). */
export const INDUSTRY_SECTIONS = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
} as const;
export type IndustrySection = keyof typeof INDUSTRY_SECTIONS;

/** Relative weights of an industry among the entities of one kind. */
export interface IndustryWeights {
  /** Companies, branches, foreign-invested, state-owned and collective enterprises. */
  readonly company: number;
  /** Sole traders (个体工商户) and sole proprietorships (个人独资企业). */
  readonly soleTrader: number;
  /** Farmers' cooperatives (农民专业合作社). */
  readonly cooperative: number;
  /** Partnerships (合伙企业), mostly investment vehicles. */
  readonly partnership: number;
}

export interface SyntheticIndustry {
  /** GB/T 4754-2017 class: section letter and four digits, e.g. `F5251`. */
  readonly code: string;
  readonly name: string;
  readonly section: IndustrySection;
  readonly weights: IndustryWeights;
  /** What a company name says it does (福州鑫源「食品」有限公司). */
  readonly companyWords: readonly string[];
  /** What a shop's name ends with (晋安区张记「小吃店」); empty when no shop does this. */
  readonly shopWords: readonly string[];
  /** What a cooperative's name says it does (闽侯县绿野「果蔬」专业合作社). */
  readonly cooperativeWords: readonly string[];
  /** Chance that an enterprise of this industry carries each flag. */
  readonly flagChances: Readonly<Partial<Record<EnterpriseFlag, number>>>;
  /** Chance that a recently registered enterprise here is a new business form (新业态). */
  readonly newBusinessFormChance: number;
  /** Earliest plausible registration date, `YYYY-MM-DD`, for industries that are young. */
  readonly since?: string;
}

interface IndustryExtras {
  readonly flags?: Partial<Record<EnterpriseFlag, number>>;
  readonly newBusinessForm?: number;
  readonly since?: string;
  readonly cooperativeWords?: readonly string[];
}

/** Weights in the order company, sole trader, cooperative, partnership. */
type WeightRow = readonly [number, number, number, number];

function industry(code: string, name: string, weights: WeightRow, companyWords: readonly string[], shopWords: readonly string[], extras: IndustryExtras = {}): SyntheticIndustry {
  return {
    code,
    name,
    section: code[0] as IndustrySection,
    weights: { company: weights[0], soleTrader: weights[1], cooperative: weights[2], partnership: weights[3] },
    companyWords,
    shopWords,
    cooperativeWords: extras.cooperativeWords ?? [],
    flagChances: extras.flags ?? {},
    newBusinessFormChance: extras.newBusinessForm ?? 0,
    ...(extras.since === undefined ? {} : { since: extras.since }),
  };
}

const food = (chance: number) => ({ food: chance });

export const SYNTHETIC_INDUSTRIES: readonly SyntheticIndustry[] = [
  // A 农、林、牧、渔业: most cooperatives, a few farms.
  industry('A0141', '蔬菜种植', [0.6, 0.5, 20, 0], ['农业发展', '生态农业', '蔬菜种植'], ['家庭农场', '蔬菜种植场'], { cooperativeWords: ['果蔬', '蔬菜', '蔬菜种植'] }),
  industry('A0142', '食用菌种植', [0.2, 0.3, 8, 0], ['食用菌', '菌业'], ['食用菌种植场'], { cooperativeWords: ['食用菌', '菌菇'] }),
  industry('A0143', '花卉种植', [0.4, 0.4, 6, 0], ['花卉', '园艺'], ['花木场', '花圃'], { cooperativeWords: ['花卉', '花木', '苗木'] }),
  industry('A0153', '柑橘类种植', [0.2, 0.3, 8, 0], ['农业发展', '果业'], ['果园'], { cooperativeWords: ['柑橘', '蜜柚', '水果'] }),
  industry('A0159', '其他水果种植', [0.4, 0.5, 14, 0], ['果业', '生态农业'], ['果园', '家庭农场'], { cooperativeWords: ['水果', '橄榄', '青梅', '李果', '杨梅', '果蔬'] }),
  industry('A0164', '茶叶种植', [0.5, 0.5, 12, 0], ['茶业', '生态茶业'], ['茶园', '茶场'], { cooperativeWords: ['茶叶', '茶业', '茶果'] }),
  industry('A0212', '林木育苗', [0.2, 0.2, 5, 0], ['林业', '苗木'], ['苗圃'], { cooperativeWords: ['苗木', '林业'] }),
  industry('A0313', '猪的饲养', [0.2, 0.4, 8, 0], ['牧业', '生猪养殖'], ['养殖场', '生猪养殖场'], { cooperativeWords: ['生猪养殖', '养殖'] }),
  industry('A0321', '鸡的饲养', [0.1, 0.4, 6, 0], ['禽业', '家禽养殖'], ['养鸡场', '养殖场'], { cooperativeWords: ['家禽养殖', '蛋鸡养殖'] }),
  industry('A0411', '海水养殖', [0.4, 0.6, 8, 0], ['水产', '海洋渔业'], ['养殖场', '渔场'], { cooperativeWords: ['水产养殖', '鲍鱼养殖', '海带养殖'] }),
  industry('A0412', '内陆养殖', [0.1, 0.3, 5, 0], ['水产', '渔业'], ['养殖场', '鱼塘'], { cooperativeWords: ['水产养殖', '淡水养殖'] }),
  industry('A0512', '农业机械活动', [0.1, 0.2, 5, 0], ['农机服务'], ['农机服务部'], { cooperativeWords: ['农机', '农机服务'] }),
  industry('A0514', '农产品初加工活动', [0.2, 0.3, 3, 0], ['农产品'], ['农产品加工坊'], { cooperativeWords: ['农产品', '农副产品'] }),

  industry('B1012', '建筑装饰用石开采', [0.2, 0, 0, 0], ['石材', '矿业'], []),

  // C 制造业
  industry('C1311', '稻谷加工', [0.15, 0.2, 0, 0], ['粮油', '米业'], ['碾米厂'], { flags: food(0.95) }),
  industry('C1353', '肉制品及副产品加工', [0.2, 0.15, 0, 0], ['食品', '肉制品'], ['肉制品加工坊'], { flags: food(0.95) }),
  industry('C1361', '水产品冷冻加工', [0.4, 0.1, 0, 0], ['水产', '水产食品', '海洋食品'], ['冻品加工厂'], { flags: food(0.95) }),
  industry('C1362', '鱼糜制品及水产品干腌制加工', [0.2, 0.3, 0, 0], ['食品', '水产食品'], ['鱼丸加工坊', '海产品加工厂'], { flags: food(0.95) }),
  industry('C1411', '糕点、面包制造', [0.2, 0.4, 0, 0], ['食品', '烘焙食品'], ['糕点坊', '饼店'], { flags: food(0.98) }),
  industry('C1422', '蜜饯制作', [0.2, 0.1, 0, 0], ['食品', '蜜饯'], ['蜜饯加工厂'], { flags: food(0.98) }),
  industry('C1431', '米、面制品制造', [0.2, 0.4, 0, 0], ['食品', '米粉'], ['线面加工厂', '米粉加工厂'], { flags: food(0.98) }),
  industry('C1462', '酱油、食醋及类似制品制造', [0.08, 0.05, 0, 0], ['调味品', '食品'], ['酱油厂'], { flags: food(0.98) }),
  industry('C1522', '瓶（罐）装饮用水制造', [0.1, 0, 0, 0], ['饮用水', '食品'], [], { flags: food(0.98) }),
  industry('C1530', '精制茶加工', [0.4, 0.3, 0, 0], ['茶业', '茶叶'], ['茶厂', '茶叶加工厂'], { flags: food(0.95) }),
  industry('C1711', '棉纺纱加工', [0.3, 0, 0, 0], ['纺织', '纺纱'], []),
  industry('C1819', '其他机织服装制造', [0.6, 0.3, 0, 0], ['服饰', '服装', '制衣'], ['服装加工厂', '制衣厂']),
  industry('C1952', '皮鞋制造', [0.3, 0.1, 0, 0], ['鞋业', '鞋服'], ['鞋厂']),
  industry('C2110', '木质家具制造', [0.3, 0.3, 0, 0], ['家具', '家居'], ['家具厂', '木器加工厂']),
  industry('C2231', '纸和纸板容器制造', [0.2, 0.05, 0, 0], ['包装', '纸品包装'], ['纸箱厂'], { flags: { industrial_products: 0.5 } }),
  industry('C2319', '包装装潢及其他印刷', [0.3, 0.3, 0, 0], ['印刷', '彩印', '包装印刷'], ['印刷厂', '图文快印店']),
  industry('C2431', '雕塑工艺品制造', [0.3, 0.4, 0, 0], ['工艺品', '雕刻工艺'], ['雕刻工作室', '工艺品厂']),
  industry('C2624', '复混肥料制造', [0.05, 0, 0, 0], ['肥业', '农资'], [], { flags: { industrial_products: 1 } }),
  industry('C2625', '有机肥料及微生物肥料制造', [0.08, 0, 0, 0], ['生物科技', '肥业'], [], { flags: { industrial_products: 0.6 } }),
  industry('C2682', '化妆品制造', [0.08, 0, 0, 0], ['化妆品', '日化'], [], { flags: { cosmetics: 1 } }),
  industry('C2720', '化学药品制剂制造', [0.04, 0, 0, 0], ['药业', '制药'], [], { flags: { drugs: 1 } }),
  industry('C2740', '中成药生产', [0.03, 0, 0, 0], ['药业', '制药'], [], { flags: { drugs: 1 } }),
  industry('C2770', '卫生材料及医药用品制造', [0.05, 0, 0, 0], ['医疗用品', '卫生材料'], [], { flags: { medical_devices: 0.8 } }),
  industry('C2922', '塑料板、管、型材制造', [0.15, 0, 0, 0], ['塑胶', '管业', '塑料制品'], [], { flags: { industrial_products: 0.4 } }),
  industry('C2926', '塑料包装箱及容器制造', [0.15, 0.05, 0, 0], ['塑料包装', '包装'], ['塑料制品厂'], { flags: { industrial_products: 0.5 } }),
  industry('C2927', '日用塑料制品制造', [0.15, 0.05, 0, 0], ['塑料制品', '日用品'], ['塑料制品厂']),
  industry('C3011', '水泥制造', [0.02, 0, 0, 0], ['水泥', '建材'], [], { flags: { industrial_products: 1 } }),
  industry('C3021', '水泥制品制造', [0.15, 0.1, 0, 0], ['建材', '水泥制品'], ['水泥制品厂'], { flags: { industrial_products: 0.3 } }),
  industry('C3032', '建筑用石加工', [0.25, 0.3, 0, 0], ['石材', '石业'], ['石材加工厂']),
  industry('C3312', '金属门窗制造', [0.25, 0.5, 0, 0], ['门窗', '铝业', '门业'], ['铝合金门窗店', '不锈钢加工店']),
  industry('C3381', '金属制厨房用器具制造', [0.1, 0, 0, 0], ['厨具', '金属制品'], []),
  industry('C3411', '锅炉及辅助设备制造', [0.03, 0, 0, 0], ['锅炉', '热能设备'], [], { flags: { special_equipment: 1 } }),
  industry('C3435', '电梯、自动扶梯及升降机制造', [0.04, 0, 0, 0], ['电梯', '机电'], [], { flags: { special_equipment: 1 } }),
  industry('C3443', '阀门和旋塞制造', [0.08, 0, 0, 0], ['阀门', '机械'], [], { flags: { special_equipment: 0.3 } }),
  industry('C3581', '医疗诊断、监护及治疗设备制造', [0.04, 0, 0, 0], ['医疗器械', '医疗科技'], [], { flags: { medical_devices: 1 } }),
  industry('C3584', '医疗、外科及兽医用器械制造', [0.03, 0, 0, 0], ['医疗器械'], [], { flags: { medical_devices: 1 } }),
  industry('C3670', '汽车零部件及配件制造', [0.25, 0, 0, 0], ['汽车配件', '机械'], []),
  industry('C3823', '配电开关控制设备制造', [0.15, 0, 0, 0], ['电气', '电力设备', '电器'], [], { flags: { industrial_products: 0.3 } }),
  industry('C3831', '电线、电缆制造', [0.08, 0, 0, 0], ['电线电缆', '线缆'], [], { flags: { industrial_products: 1 } }),
  industry('C3872', '照明灯具制造', [0.15, 0, 0, 0], ['照明', '光电'], [], { flags: { industrial_products: 0.2 } }),
  industry('C3990', '其他电子设备制造', [0.25, 0, 0, 0], ['电子', '电子科技'], []),
  industry('C4119', '其他日用杂品制造', [0.1, 0.1, 0, 0], ['日用品', '家居用品'], ['日用品加工厂']),
  industry('C4320', '通用设备修理', [0.1, 0.2, 0, 0], ['机电设备', '机械设备'], ['机械维修部'], { flags: { special_equipment: 0.2 } }),

  industry('D4416', '太阳能发电', [0.15, 0, 0, 0.2], ['新能源', '光伏', '电力'], [], { since: '2008-01-01' }),
  industry('D4512', '液化石油气生产和供应业', [0.04, 0.1, 0, 0], ['燃气', '液化气'], ['液化气供应站'], { flags: { special_equipment: 0.9 } }),

  // E 建筑业
  industry('E4710', '住宅房屋建筑', [1.5, 0, 0, 0], ['建设工程', '建筑工程', '建设'], []),
  industry('E4813', '市政道路工程建筑', [0.6, 0, 0, 0], ['市政工程', '路桥工程'], []),
  industry('E4910', '电气安装', [0.6, 0.3, 0, 0], ['电力工程', '机电安装', '电气工程'], ['水电安装部']),
  industry('E4920', '管道和设备安装', [0.4, 0.2, 0, 0], ['安装工程', '机电设备安装'], ['管道安装部'], { flags: { special_equipment: 0.3 } }),
  industry('E5011', '公共建筑装饰和装修', [1, 0, 0, 0], ['装饰工程', '建筑装饰'], []),
  industry('E5012', '住宅装饰和装修', [1.3, 1.5, 0, 0], ['装饰设计', '装饰工程', '家居装饰'], ['装饰工作室', '装修工作室', '装饰部']),

  // F 批发业
  industry('F5123', '果品、蔬菜批发', [0.8, 1.5, 0, 0], ['农产品', '果蔬', '贸易'], ['果蔬批发部', '水果批发行'], { flags: food(0.9) }),
  industry('F5124', '肉、禽、蛋、奶及水产品批发', [0.8, 1.5, 0, 0], ['水产', '冷冻食品', '贸易'], ['水产批发部', '冻品商行'], { flags: food(0.9) }),
  industry('F5127', '酒、饮料及茶叶批发', [1, 1, 0, 0], ['茶业', '酒业', '贸易'], ['茶行', '酒行'], { flags: food(0.9) }),
  industry('F5129', '其他食品批发', [1, 1, 0, 0], ['食品', '商贸'], ['食品商行', '副食品批发部'], { flags: food(0.95) }),
  industry('F5132', '服装批发', [0.8, 0.8, 0, 0], ['服饰', '贸易'], ['服装批发部']),
  industry('F5134', '化妆品及卫生用品批发', [0.4, 0.3, 0, 0], ['化妆品', '日化', '贸易'], ['化妆品商行'], { flags: { cosmetics: 0.9 } }),
  industry('F5138', '日用家电批发', [0.4, 0.3, 0, 0], ['电器', '贸易'], ['电器批发部']),
  industry('F5151', '西药批发', [0.08, 0, 0, 0], ['医药'], [], { flags: { drugs: 1, medical_devices: 0.5 } }),
  industry('F5152', '中药批发', [0.05, 0, 0, 0], ['医药', '中药材'], [], { flags: { drugs: 1 } }),
  industry('F5154', '医疗用品及器材批发', [0.4, 0, 0, 0], ['医疗器械', '医疗科技'], [], { flags: { medical_devices: 1 } }),
  industry('F5165', '建材批发', [1.2, 1, 0, 0], ['建材', '贸易'], ['建材商行', '建材批发部']),
  industry('F5166', '化肥批发', [0.1, 0.3, 0, 0], ['农资'], ['农资商行', '农资店']),
  industry('F5174', '五金产品批发', [0.8, 0.8, 0, 0], ['五金', '机电', '贸易'], ['五金商行', '五金批发部']),
  industry('F5176', '计算机、软件及辅助设备批发', [0.6, 0.3, 0, 0], ['电子科技', '计算机', '贸易'], ['电脑商行']),
  industry('F5179', '其他机械设备及电子产品批发', [1, 0, 0, 0], ['机电设备', '设备', '贸易'], []),
  industry('F5191', '再生物资回收与批发', [0.3, 0.8, 0, 0], ['再生资源', '物资回收'], ['废品回收站', '废旧物资回收点']),
  industry('F5199', '其他未列明批发业', [2.5, 0.5, 0, 0.2], ['贸易', '商贸', '进出口', '实业'], ['商行']),

  // F 零售业
  industry('F5211', '百货零售', [0.3, 1, 0, 0], ['百货', '商贸'], ['百货店', '百货商行']),
  industry('F5212', '超级市场零售', [0.6, 4, 0, 0], ['超市', '商贸', '连锁超市'], ['超市', '生活超市'], { flags: food(0.95) }),
  industry('F5213', '便利店零售', [0.4, 5, 0, 0], ['便利店', '商贸'], ['便利店', '便利超市'], { flags: food(0.95) }),
  industry('F5219', '其他综合零售', [0.3, 3, 0, 0], ['商贸'], ['商店', '小卖部', '杂货店'], { flags: food(0.7) }),
  industry('F5221', '粮油零售', [0.1, 2, 0, 0], ['粮油'], ['粮油店', '米店'], { flags: food(0.95) }),
  industry('F5222', '糕点、面包零售', [0.2, 1.5, 0, 0], ['食品', '烘焙'], ['面包店', '糕点店', '饼店'], { flags: food(1) }),
  industry('F5223', '果品、蔬菜零售', [0.2, 5, 0, 0], ['果蔬', '农产品'], ['水果店', '蔬菜店', '果蔬店', '鲜果店'], { flags: food(0.95) }),
  industry('F5224', '肉、禽、蛋、奶及水产品零售', [0.2, 4, 0, 0], ['生鲜', '水产', '食品'], ['猪肉店', '水产店', '海鲜店', '禽蛋店'], { flags: food(0.95) }),
  industry('F5226', '酒、饮料及茶叶零售', [0.6, 3, 0, 0], ['茶业', '茶叶', '酒业'], ['茶叶店', '茶庄', '名酒行'], { flags: food(0.9) }),
  industry('F5227', '烟草制品零售', [0.02, 2, 0, 0], ['商贸'], ['烟酒店', '烟酒商行'], { flags: food(0.6) }),
  industry('F5229', '其他食品零售', [0.3, 2, 0, 0], ['食品'], ['副食店', '食品店', '零食店', '炒货店'], { flags: food(1) }),
  industry('F5232', '服装零售', [0.6, 5, 0, 0], ['服饰', '服装'], ['服装店', '服饰店', '女装店', '童装店']),
  industry('F5233', '鞋帽零售', [0.1, 1, 0, 0], ['鞋业'], ['鞋店', '鞋行']),
  industry('F5234', '化妆品及卫生用品零售', [0.3, 1, 0, 0], ['化妆品', '日化'], ['化妆品店', '美妆店'], { flags: { cosmetics: 0.9 } }),
  industry('F5239', '其他日用品零售', [0.2, 2, 0, 0], ['日用品', '商贸'], ['日用品店', '杂货店', '精品店']),
  industry('F5241', '文具用品零售', [0.1, 1, 0, 0], ['文化用品'], ['文具店']),
  industry('F5245', '珠宝首饰零售', [0.2, 0.5, 0, 0], ['珠宝', '黄金珠宝'], ['金店', '珠宝店']),
  industry('F5251', '西药零售', [0.4, 0.8, 0, 0], ['医药', '大药房'], ['大药房', '药店'], { flags: { drugs: 1, medical_devices: 0.6, cosmetics: 0.1 } }),
  industry('F5252', '中药零售', [0.05, 0.3, 0, 0], ['中药', '医药'], ['中药店', '药材店'], { flags: { drugs: 1 } }),
  industry('F5254', '医疗用品及器材零售', [0.2, 0.3, 0, 0], ['医疗器械'], ['医疗器械店', '康复用品店'], { flags: { medical_devices: 1 } }),
  industry('F5261', '汽车新车零售', [0.4, 0.1, 0, 0], ['汽车销售', '汽车贸易'], ['汽车商行']),
  industry('F5263', '汽车零配件零售', [0.2, 1, 0, 0], ['汽车配件', '汽配'], ['汽配店', '汽车用品店']),
  industry('F5265', '机动车燃油零售', [0.1, 0.05, 0, 0], ['石油', '能源'], ['加油站'], { flags: { special_equipment: 0.8 } }),
  industry('F5272', '日用家电零售', [0.2, 1, 0, 0], ['电器', '家电'], ['电器店', '家电商行']),
  industry('F5274', '通信设备零售', [0.3, 1.5, 0, 0], ['通讯', '通信设备'], ['手机店', '通讯店', '通讯器材店']),
  industry('F5281', '五金零售', [0.2, 2, 0, 0], ['五金'], ['五金店', '五金建材店']),
  industry('F5283', '家具零售', [0.3, 0.8, 0, 0], ['家具', '家居'], ['家具店', '家具城']),
  industry('F5287', '陶瓷、石材装饰材料零售', [0.3, 0.8, 0, 0], ['建材', '陶瓷'], ['瓷砖店', '建材店']),
  industry('F5292', '互联网零售', [1.5, 3, 0, 0], ['电子商务', '网络科技', '商贸'], ['网店', '电子商务商行', '电商工作室'], { newBusinessForm: 0.3, since: '2003-01-01' }),
  industry('F5299', '其他未列明零售业', [0.3, 1.5, 0, 0], ['商贸'], ['商行', '经营部', '小店']),

  // G 交通运输、仓储和邮政业
  industry('G5431', '普通货物道路运输', [1.2, 3, 0, 0], ['物流', '运输', '货运'], ['货运部', '运输部']),
  industry('G5437', '城市配送', [0.4, 0.5, 0, 0], ['城市配送', '物流', '供应链'], ['配送部'], { newBusinessForm: 0.2 }),
  industry('G5438', '搬家运输', [0.1, 0.3, 0, 0], ['搬家', '搬家服务'], ['搬家服务部']),
  industry('G5821', '货物运输代理', [0.5, 0, 0, 0], ['国际货运代理', '物流'], []),
  industry('G5920', '通用仓储', [0.2, 0, 0, 0], ['仓储', '物流'], [], { flags: { special_equipment: 0.4 } }),
  industry('G5930', '低温仓储', [0.05, 0, 0, 0], ['冷链', '冷链物流'], [], { flags: { special_equipment: 0.6, food: 0.5 } }),
  industry('G6020', '快递服务', [0.2, 0.6, 0, 0], ['快递', '速递'], ['快递服务部', '快递代办点']),

  // H 住宿和餐饮业
  industry('H6110', '旅游饭店', [0.15, 0, 0, 0], ['酒店', '大酒店'], [], { flags: { special_equipment: 0.6, food: 0.5 } }),
  industry('H6121', '经济型连锁酒店', [0.2, 0.2, 0, 0], ['酒店', '酒店管理'], ['宾馆', '酒店'], { flags: { special_equipment: 0.2 } }),
  industry('H6129', '其他一般旅馆', [0.1, 0.8, 0, 0], ['宾馆', '旅馆'], ['旅馆', '宾馆', '旅社']),
  industry('H6130', '民宿服务', [0.1, 0.5, 0, 0], ['民宿', '旅游'], ['民宿'], { flags: food(0.2), newBusinessForm: 0.3, since: '2012-01-01' }),
  industry('H6210', '正餐服务', [1, 4, 0, 0], ['餐饮', '餐饮管理', '酒店管理'], ['饭店', '酒楼', '餐馆', '菜馆', '私房菜馆'], { flags: food(0.98) }),
  industry('H6220', '快餐服务', [0.4, 3, 0, 0], ['餐饮', '快餐'], ['快餐店', '快餐馆'], { flags: food(0.98) }),
  industry('H6231', '茶馆服务', [0.1, 0.6, 0, 0], ['茶业', '茶文化'], ['茶馆', '茶室', '茶社'], { flags: food(0.9) }),
  industry('H6232', '咖啡馆服务', [0.1, 0.4, 0, 0], ['咖啡'], ['咖啡馆', '咖啡店'], { flags: food(0.95) }),
  industry('H6239', '其他饮料及冷饮服务', [0.1, 1, 0, 0], ['饮品', '茶饮'], ['奶茶店', '饮品店', '冷饮店'], { flags: food(0.98) }),
  industry('H6242', '外卖送餐服务', [0.1, 0.3, 0, 0], ['外卖', '餐饮配送'], ['外卖店'], { flags: food(0.9), newBusinessForm: 0.4, since: '2012-01-01' }),
  industry('H6291', '小吃服务', [0.1, 4, 0, 0], ['餐饮', '小吃'], ['小吃店', '面馆', '拌面店', '扁肉店', '锅边店', '鱼丸店'], { flags: food(0.98) }),
  industry('H6299', '其他未列明餐饮业', [0.1, 0.5, 0, 0], ['餐饮'], ['烧烤店', '大排档'], { flags: food(0.95) }),

  // I 信息传输、软件和信息技术服务业
  industry('I6429', '互联网其他信息服务', [0.5, 0.1, 0, 0], ['网络科技', '信息技术', '网络'], ['网络工作室'], { newBusinessForm: 0.3, since: '2000-01-01' }),
  industry('I6431', '互联网生产服务平台', [0.2, 0, 0, 0], ['网络科技', '供应链', '互联网科技'], [], { newBusinessForm: 0.6, since: '2012-01-01' }),
  industry('I6432', '互联网生活服务平台', [0.3, 0, 0, 0], ['网络科技', '互联网科技'], [], { newBusinessForm: 0.6, since: '2012-01-01' }),
  industry('I6450', '互联网数据服务', [0.1, 0, 0, 0], ['数据科技', '大数据', '云计算'], [], { newBusinessForm: 0.4, since: '2012-01-01' }),
  industry('I6513', '应用软件开发', [2, 0.1, 0, 0.3], ['软件', '信息技术', '科技', '网络科技'], ['软件工作室'], { newBusinessForm: 0.1 }),
  industry('I6531', '信息系统集成服务', [1, 0, 0, 0], ['信息技术', '智能科技', '系统集成'], []),
  industry('I6532', '物联网技术服务', [0.3, 0, 0, 0], ['物联网科技', '智能科技'], [], { newBusinessForm: 0.4, since: '2010-01-01' }),
  industry('I6560', '信息技术咨询服务', [0.6, 0, 0, 0], ['信息科技', '信息技术咨询'], []),
  industry('I6572', '动漫、游戏数字内容服务', [0.2, 0.1, 0, 0], ['游戏', '动漫', '文化科技'], ['动漫工作室'], { newBusinessForm: 0.4 }),
  industry('I6579', '其他数字内容服务', [0.2, 0, 0, 0], ['数字科技', '文化传媒'], [], { newBusinessForm: 0.3 }),
  industry('I6599', '其他未列明信息技术服务业', [0.8, 0.3, 0, 0], ['信息技术', '科技'], ['电脑工作室', '网络工作室'], { newBusinessForm: 0.1 }),

  // K 房地产业
  industry('K7010', '房地产开发经营', [1, 0, 0, 0], ['房地产开发', '置业'], []),
  industry('K7020', '物业管理', [1, 0.1, 0, 0], ['物业管理', '物业服务'], ['物业服务部'], { flags: { special_equipment: 0.4 } }),
  industry('K7030', '房地产中介服务', [0.6, 1, 0, 0], ['房地产经纪', '房产代理', '不动产'], ['房产中介', '房屋中介部']),
  industry('K7040', '房地产租赁经营', [0.5, 0.3, 0, 0], ['置业', '房地产'], ['房屋租赁部']),

  // L 租赁和商务服务业
  industry('L7111', '汽车租赁', [0.4, 0.2, 0, 0], ['汽车租赁'], ['汽车租赁部'], { newBusinessForm: 0.1 }),
  industry('L7113', '建筑工程机械与设备经营租赁', [0.5, 0.3, 0, 0], ['机械设备租赁', '工程机械'], ['机械租赁部'], { flags: { special_equipment: 0.3 } }),
  industry('L7130', '日用品出租', [0.05, 0.1, 0, 0], ['共享科技', '租赁'], ['租赁部'], { newBusinessForm: 0.6 }),
  industry('L7212', '投资与资产管理', [2, 0, 0, 6], ['投资', '投资管理', '资产管理', '股权投资'], []),
  industry('L7219', '其他组织管理服务', [0.5, 0, 0, 2], ['企业管理'], []),
  industry('L7221', '园区管理服务', [0.1, 0, 0, 0], ['园区管理', '产业园'], []),
  industry('L7224', '供应链管理服务', [0.8, 0, 0, 0.2], ['供应链管理', '供应链'], [], { newBusinessForm: 0.3, since: '2005-01-01' }),
  industry('L7243', '社会经济咨询', [1.2, 0, 0, 1], ['咨询', '商务咨询', '企业管理咨询'], []),
  industry('L7244', '健康咨询', [0.3, 0.3, 0, 0], ['健康管理', '健康咨询'], ['健康咨询部'], { newBusinessForm: 0.3 }),
  industry('L7251', '互联网广告服务', [0.4, 0.2, 0, 0], ['网络科技', '广告', '文化传媒'], ['广告工作室'], { newBusinessForm: 0.5, since: '2005-01-01' }),
  industry('L7259', '其他广告服务', [1, 0.8, 0, 0], ['广告', '文化传媒', '广告传媒'], ['广告部', '广告工作室', '图文广告部']),
  industry('L7263', '劳务派遣服务', [0.3, 0, 0, 0], ['劳务', '人力资源'], []),
  industry('L7269', '其他人力资源服务', [0.4, 0, 0, 0], ['人力资源', '人力资源服务'], [], { newBusinessForm: 0.2 }),
  industry('L7289', '其他会议、会展及相关服务', [0.3, 0.3, 0, 0], ['会展服务', '展览'], ['礼仪庆典服务部']),
  industry('L7291', '旅行社及相关服务', [0.3, 0, 0, 0], ['旅行社', '旅游'], []),
  industry('L7297', '商务代理代办服务', [0.4, 0.3, 0, 0], ['商务服务', '代理'], ['代办服务部']),
  industry('L7299', '其他未列明商务服务业', [1, 0.5, 0, 0], ['商务服务', '企业服务'], ['商务服务部'], { newBusinessForm: 0.1 }),

  // M 科学研究和技术服务业
  industry('M7481', '工程管理服务', [0.5, 0, 0, 0], ['工程管理', '工程咨询', '建设项目管理'], []),
  industry('M7484', '工程设计活动', [0.4, 0, 0, 0], ['工程设计', '建筑设计'], []),
  industry('M7492', '专业设计服务', [0.5, 0.5, 0, 0], ['设计', '创意设计', '文化创意'], ['设计工作室']),
  industry('M7511', '农林牧渔技术推广服务', [0.3, 0, 0.5, 0], ['农业科技'], [], { cooperativeWords: ['农业技术', '植保'] }),
  industry('M7514', '节能技术推广服务', [0.3, 0, 0, 0], ['节能科技', '能源科技'], []),
  industry('M7516', '环保技术推广服务', [0.3, 0, 0, 0], ['环保科技', '环境科技'], []),
  industry('M7519', '其他技术推广服务', [1.5, 0, 0, 1], ['科技', '技术服务', '智能科技', '新材料科技'], []),

  industry('N7820', '环境卫生管理', [0.2, 0, 0, 0], ['环境卫生', '环境工程'], []),
  industry('N7840', '绿化管理', [0.3, 0, 0, 0], ['园林绿化', '园林工程'], []),

  // O 居民服务、修理和其他服务业
  industry('O8010', '家庭服务', [0.3, 0.8, 0, 0], ['家政服务', '家政'], ['家政服务部'], { newBusinessForm: 0.2 }),
  industry('O8030', '洗染服务', [0.05, 0.6, 0, 0], ['洗涤'], ['干洗店', '洗衣店']),
  industry('O8040', '理发及美容服务', [0.3, 4, 0, 0], ['美容', '美发', '美业'], ['理发店', '美发店', '美容院', '美甲店', '美容美发店', '发型工作室'], { flags: { cosmetics: 0.3 }, newBusinessForm: 0.05 }),
  industry('O8051', '洗浴服务', [0.1, 0.3, 0, 0], ['洗浴'], ['浴室'], { flags: { special_equipment: 0.3 } }),
  industry('O8052', '足浴服务', [0.1, 1, 0, 0], ['足浴', '养生'], ['足浴店', '足道馆']),
  industry('O8053', '养生保健服务', [0.3, 1, 0, 0], ['养生', '健康管理', '养生保健'], ['养生馆', '推拿馆', '保健馆'], { newBusinessForm: 0.1 }),
  industry('O8060', '摄影扩印服务', [0.1, 0.6, 0, 0], ['摄影', '文化传媒'], ['摄影工作室', '影楼', '照相馆']),
  industry('O8070', '婚姻服务', [0.1, 0.2, 0, 0], ['婚庆', '婚礼策划'], ['婚庆工作室']),
  industry('O8090', '其他居民服务业', [0.2, 0.5, 0, 0], ['生活服务'], ['便民服务部'], { newBusinessForm: 0.2 }),
  industry('O8111', '汽车修理与维护', [0.4, 2, 0, 0], ['汽车服务', '汽车维修'], ['汽车修理厂', '汽修店', '汽车美容店', '洗车店'], { flags: { special_equipment: 0.05 } }),
  industry('O8113', '摩托车修理与维护', [0, 0.6, 0, 0], [], ['摩托车修理店']),
  industry('O8114', '助动车等修理与维护', [0, 0.6, 0, 0], [], ['电动车维修店']),
  industry('O8122', '通讯设备修理', [0.05, 0.4, 0, 0], ['通讯'], ['手机维修店']),
  industry('O8132', '日用电器修理', [0.05, 0.4, 0, 0], ['家电维修'], ['家电维修部']),
  industry('O8211', '建筑物清洁服务', [0.3, 0.3, 0, 0], ['清洁服务', '保洁服务'], ['保洁服务部']),
  industry('O8222', '宠物医院服务', [0.1, 0.2, 0, 0], ['宠物医院', '宠物服务'], ['宠物诊所']),
  industry('O8223', '宠物美容服务', [0.1, 0.3, 0, 0], ['宠物服务'], ['宠物店', '宠物美容店'], { newBusinessForm: 0.2 }),
  industry('O8290', '其他未列明服务业', [0.3, 0.5, 0, 0], ['生活服务'], ['服务部'], { newBusinessForm: 0.3 }),

  industry('P8393', '文化艺术培训', [0.3, 0.3, 0, 0], ['文化艺术', '艺术培训'], ['艺术工作室', '书画工作室']),
  industry('P8394', '教育辅助服务', [0.5, 0, 0, 0], ['教育科技', '教育咨询'], [], { newBusinessForm: 0.1 }),
  industry('Q8425', '门诊部（所）', [0.1, 0, 0, 0], ['门诊部', '口腔门诊部'], [], { flags: { medical_devices: 0.5, drugs: 0.3 } }),

  // R 文化、体育和娱乐业
  industry('R8730', '影视节目制作', [0.2, 0, 0, 0.1], ['影视文化', '影视传媒'], [], { newBusinessForm: 0.3 }),
  industry('R8890', '其他文化艺术业', [0.3, 0.2, 0, 0], ['文化传播', '文化艺术'], ['文化工作室']),
  industry('R9011', '歌舞厅娱乐活动', [0.05, 0.2, 0, 0], ['娱乐'], ['KTV', '歌厅'], { flags: food(0.3) }),
  industry('R9013', '网吧活动', [0.05, 0.3, 0, 0], ['网络'], ['网吧', '网咖']),
  industry('R9019', '其他室内娱乐活动', [0.2, 0.3, 0, 0], ['文化娱乐', '娱乐'], ['棋牌室', '桌游馆', '剧本杀馆'], { newBusinessForm: 0.4 }),
];

const industriesByCode = new Map(SYNTHETIC_INDUSTRIES.map((entry) => [entry.code, entry]));

/**
 * The synthetic county's industry with this GB/T 4754-2017 code, if it is one of them.
 *
 * @example findSyntheticIndustry('F5251')?.name // '西药零售'
 */
export function findSyntheticIndustry(code: string): SyntheticIndustry | undefined {
  return industriesByCode.get(code);
}
