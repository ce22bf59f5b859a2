/**
 * Scrubbing a consumer's account before it is published, in the CFPB's manner
 * (reference/cfpb.md): removed numbers show as `XXXX`, dates as `XX/XX/XXXX`;
 * what has no CFPB convention says what it was: `[姓名]`, `[地址]`, `[车牌]`
 * (`[name]`, `[address]`, `[plate]` in an account with no Chinese in it).
 *
 * Redaction errs on the side of removing: a false positive costs a word of the
 * story, a false negative can expose a person. What must survive are amounts
 * ("欠款 5000 元"), counts ("3 次", "第 2 天"), times ("23:00"), institutions
 * (招商银行, 平安普惠), a city or district on its own ("在成都出差") and a year and
 * month, because they are what the story is about. How well it does is measured
 * on a labelled corpus (redaction-corpus.json, bench/RESULTS.md "Redaction").
 *
 * Decisions (why they are so):
 * - Bank-card numbers are NOT Luhn-checked. A mistyped or partly remembered
 *   card number still points at an account, and a run of 16–19 digits in a
 *   narrative is never an amount, so every such run goes.
 * - Account, contract, order, complaint and staff numbers are removed when they
 *   are named as such ("合同编号 HT2026-00123", "工号 8823"); a bare long number
 *   is not assumed to be one.
 * - Masked numbers (`138****8000`, `6222 **** **** 1234`) and "尾号 1234" card
 *   tails go too: together with the institution's name they narrow a person down.
 * - Every telephone number goes, a bank's 95xxx line and an SMS sender's 106…
 *   number too: they are collector numbers as often as not. A five-to-eight digit
 *   number starting with 95 next to a currency word ("欠款 95000 元") is an amount
 *   and stays; 110, 12315 and 12378 stay (public hotlines, no one's line).
 * - Landlines need their area code, a word that says it is a number ("座机 6123
 *   4567") or a number the consumer gave us: a bare eight-digit number is as
 *   likely an amount as a phone line.
 * - A year and month without a day ("2026年10月", "2026-05") stays: it
 *   identifies no one and the dashboard's story depends on it. Full dates and
 *   month-day go.
 * - An address is a road and its number, a complex and its building, or a
 *   village and its group, with the province, city and district written before
 *   it and the building, unit and room after it. A road without a number, a
 *   complex without a building and a city alone stay.
 * - A person's name is found where the words around it say it is one: after a
 *   role or a relation (催收员张伟, 我妈刘秀英, a collector named …, my husband …),
 *   before a title (王经理, 张伟律师, 李先生), as 姓王 or 小吴, and after Mr/Ms/
 *   Dr/Officer. The title and the relation stay ("[姓名]经理"): who did what is
 *   the story. A name with no such word beside it is missed (bench/RESULTS.md
 *   lists them); guessing every surname-led pair of characters would eat 马上,
 *   高利贷 and 周末.
 * - Names the consumer gave are removed wherever they appear (spaces between
 *   characters forgiven, Latin names in any case). For a Chinese name the given
 *   name alone is removed too when it has two characters or more (王小明 → also
 *   小明; 王明 → not 明, which would also eat 明天 and 明白), and the surname
 *   with an honorific (王先生 → [姓名]先生). Compound surnames are recognised.
 *   For a Latin-script name every part of three letters or more goes as a word.
 * - Full-width digits and punctuation (１３８…, ＠, （）) are matched as their
 *   ASCII forms; text outside a match is returned exactly as given.
 * - Every pattern is linear in the text: bounded runs, no nested quantifiers
 *   over the same characters (a test feeds each one a pathological input).
 */

export type RedactionKind = "phone" | "idCard" | "bankCard" | "account" | "plate" | "chatId" | "email" | "date" | "address" | "name";

export type RedactionPattern = {
  /** Stable name, used by tests and for counting what was removed. */
  name: string;
  kind: RedactionKind;
  /** Always with the `g` and `d` flags. A named group `secret` limits the removal to that group. */
  regex: RegExp;
  /** Read the text again after a removal, for a chain: "吕晓婷、魏强、孙丽" (at most a few times). */
  repeat?: boolean;
  /** A last look at a match the regex cannot judge alone (a word that only looks like a name); on a refusal the search goes on one character later. */
  accept?: (secret: string) => boolean;
  /**
   * Where a match really starts, given where the regex found it. An address is found at its road
   * (a cheap place to start a match) and widened here over the place names before it.
   */
  widen?: (shadow: string, start: number) => number;
};

/** One removal, as indexes into the text given. */
export type Redaction = { start: number; end: number; kind: RedactionKind; pattern: string };

export type KnownIdentifiers = {
  names?: string[];
  /** The consumer's phone and the collector numbers, normalised or raw. */
  phones?: string[];
  emails?: string[];
};

export const REDACTED = "XXXX";
export const REDACTED_DATE = "XX/XX/XXXX";

const PLACEHOLDERS: Record<RedactionKind, { zh: string; en: string }> = {
  phone: { zh: REDACTED, en: REDACTED },
  idCard: { zh: REDACTED, en: REDACTED },
  bankCard: { zh: REDACTED, en: REDACTED },
  account: { zh: REDACTED, en: REDACTED },
  chatId: { zh: REDACTED, en: REDACTED },
  email: { zh: REDACTED, en: REDACTED },
  date: { zh: REDACTED_DATE, en: REDACTED_DATE },
  plate: { zh: "[车牌]", en: "[plate]" },
  address: { zh: "[地址]", en: "[address]" },
  name: { zh: "[姓名]", en: "[name]" },
};

// Separators people put inside numbers: spaces, dashes, dots, dashes from an IME.
const SEP = "[ \\t\\u00a0\\-.–—]";
// What follows an amount or a count, never a phone line or an id.
const NOT_AMOUNT_AFTER = "(?!\\s*(?:元|块|圆|万|千|百|角|rmb|人民币|美元|yuan|次|天|个|笔|期|分钟|秒|小时|%))";
const NOT_AMOUNT_BEFORE = "(?<!(?:[¥￥$]|欠款?|还款?|借款?|金额|本金|利息|罚息|共计?|合计|总计|余额|约)\\s*)";
const DAY = "(?:0?[1-9]|[12]\\d|3[01])";
const DAY_2 = "(?:0[1-9]|[12]\\d|3[01])";
const MONTH = "(?:0?[1-9]|1[0-2])";
const YEAR = "(?:19|20)\\d{2}";
const CN_PREFIX = `(?:(?:\\+|00)\\s?86${SEP}?\\s?|\\(\\+?86\\)\\s?)`;
const MONTH_EN =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

const HAN = "\\u3400-\\u9fff";
// Characters that end a place name on its left: "我家住在漕溪北路" is an address from 漕.
const NOT_IN_PLACE = "在到住址于往去来我你他她它的了说是跟把被给从";
const PLACE_CHAR = `(?:(?![${NOT_IN_PLACE}])[${HAN}])`;
const NUM = "(?:\\d{1,5}|[一二三四五六七八九十百零〇两]{1,4})";
const ROAD = "(?:大道|大街|胡同|路|街|道|巷|弄|里)";
const COMPLEX = "(?:小区|花园|公寓|大厦|大楼|广场|中心|家园|新村|社区|大院|园区|产业园|苑|园|院|城|府|庭|湾|阁|坊|村)";
// After a road's number: complexes, buildings, units, floors and rooms, in any order, a few of them.
const BUILDING = `(?:${NUM}\\s*(?:号楼|号院|栋|幢|座|单元|门|楼|层|室|房|号|组|户)|[A-Za-z]\\s?(?:座|栋|区|幢)|\\d{1,4}(?:-\\d{1,4}){1,3}(?!\\d)|${PLACE_CHAR}{1,12}?${COMPLEX}|\\d{3,4}(?![\\d]|[.,]\\d)${NOT_AMOUNT_AFTER})`;
const ADDRESS_TAIL = `(?:[,，、\\s]{0,2}${BUILDING}){0,6}`;

// Common surnames (the hundred or so that cover most people) and the compound ones.
const COMPOUND_SURNAMES = [
  "欧阳",
  "司马",
  "上官",
  "诸葛",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "长孙",
  "宇文",
  "司徒",
  "令狐",
  "夏侯",
  "轩辕",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "百里",
  "呼延",
  "澹台",
  "公冶",
  "太史",
  "申屠",
  "闻人",
  "万俟",
  "赫连",
  "钟离",
  "拓跋",
];
const SURNAME_CHARS =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const SURNAME = `(?:${COMPOUND_SURNAMES.join("|")}|[${SURNAME_CHARS}])`;
// Characters that follow a name far more often than they end one: "张伟打来", "李强说".
const NOT_IN_NAME =
  "说打给让又就在的了是和跟把被称骂威发还也都要来去到对向从用以每等带先女经律主专组老师总警法官科处所队部员工医护哥姐妹弟爸妈爷奶叔姨舅婶嫂们这那个位些里下前后时候点已再不没有我你他她它吗呢吧啊呀哦嗯很非常次今昨早晚当之其与或而及因但所催借欠拉贷款钱电话短信微信着过找问喊吼逼追堵闹砸泼贴写寄删骚扰冒";
const TITLE_AFTER =
  "(?:经理|先生|女士|小姐|太太|律师|主管|专员|组长|警官|法官|老师|主任|科长|处长|所长|队长|部长|局长|院长|校长|医生|大夫|师傅|阿姨|总(?![部行公局结共计额经监裁统体之是]))";
// A given name's character: not one that usually follows a name, nor the start of a title (王小姐 is not 王小).
const GIVEN = `(?:(?!${TITLE_AFTER})(?![${NOT_IN_NAME}])[${HAN}])`;
// A surname that is really the end of a word before it (上司蒋总, 班主任梁老师) is not one.
const SURNAME_HERE = `${SURNAME}(?<!上司|公司|主任|前任|责任|信任|担任|现任|银行|同行|执行|进行|自行)`;
// A verb's aspect after the second character means it was a verb: 张伟开着车 is 张伟.
const CN_NAME = `${SURNAME_HERE}${GIVEN}(?:${GIVEN}(?![着了过]))?`;
// Words that open with a surname but are not names; checked on what a name pattern found.
const NOT_NAMES = new Set(
  (
    "马上 高级 高中 高利 高管 高层 项目 周末 周围 许多 于是 何时 任何 白天 黄色 金额 钱款 万元 向我 关于 常常 时间 全部 全家 曾经 连续 余额 付款 " +
    "文件 安全 严重 顾客 包括 管理 申请 成功 成都 华为 明天 明白 单位 路上 车上 车牌 查到 查询 江湖 方便 方式 宁可 程序 雷同 司法 公安 公司 公检 " +
    "毛病 胡说 胡乱 陆续 范围 应该 齐全 易于 温州 常州 苏州 杭州 江苏 江西 湖南 湖北 广州 广东 福州 吉林 海南 云南 甘肃 宁波 宁夏 武汉 " +
    "平安 招商 中信 建设 工商 农业 交通 光大 民生 兴业 浦发 华夏 广发 邮储 宜人 京东 美团 度小满 安逸 招联 捷信"
  ).split(" "),
);

// Who a name belongs to, in the words before it: roles at the collector's end and the consumer's people.
const ROLE_BEFORE =
  "催收员|催收人员|催收专员|催收|外访人员|业务员|专员|客服|工作人员|法务|律师|经理|主管|组长|老板|领导|上司|同事|前同事|房东|邻居|朋友|好友|同学|室友|村支书|支书|书记|班主任|户名|署名|落款|姓名";
const RELATION =
  "妈妈|母亲|爸爸|父亲|老公|老婆|丈夫|妻子|爱人|媳妇|前夫|前妻|儿子|女儿|哥哥|姐姐|弟弟|妹妹|弟媳|嫂子|姐夫|妹夫|婆婆|公公|岳父|岳母|丈母娘|舅舅|舅妈|姑姑|姑父|叔叔|婶婶|阿姨|姨妈|奶奶|爷爷|外婆|外公|姥姥|姥爷|未婚妻|未婚夫|男朋友|女朋友|男友|女友|表姐|表哥|表妹|表弟|堂姐|堂哥|堂妹|堂弟|侄子|侄女|外甥|孩子";
const NAME_CUE_BEFORE = `(?:(?:(?:${ROLE_BEFORE}|${RELATION})|(?:[我你他她](?:的)?|[我你他她]们的)(?:[妈爸哥姐弟妹]|${RELATION}))(?:名叫|叫)?|名叫|叫做|名字是|名字叫|(?<=[个位人他她己我])叫)`;
const CUE_START = new RegExp(`^(?:${ROLE_BEFORE}|${RELATION})`);
const isName = (secret: string) => !NOT_NAMES.has(secret) && !NOT_NAMES.has(secret.slice(0, 2)) && !CUE_START.test(secret);

// Words that lead up to an address and are not part of it ("我家上海市…", "户籍地江苏省…"); a province's name starts one.
const ADDRESS_LEAD_IN = /^(?:(?:老家|父母家|家里|家|单位|公司|小区|户籍地|宿舍|学校|工厂|门牌号|门牌|地址|住址|清楚|写着|上面|就)+)/;
const PROVINCES =
  /(?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门)(?=省|市|自治区|壮族|回族|维吾尔|特别行政区|[\u3400-\u9fff]{2,3}市)/;
const IS_PLACE_CHAR = new RegExp(`^${PLACE_CHAR}$`);
const PLACE_NAME_MAX = 24;
/** The start of the place names before a road or complex: up to 24 characters, from the province if one is named, without the lead-in words. */
function placeNamesBefore(shadow: string, anchor: number): number {
  let start = anchor;
  while (start > 0 && anchor - start < PLACE_NAME_MAX && IS_PLACE_CHAR.test(shadow[start - 1])) start--;
  const before = shadow.slice(start, anchor);
  const province = PROVINCES.exec(before.slice(0, 10));
  if (province) return start + province.index;
  const leadIn = ADDRESS_LEAD_IN.exec(before)?.[0].length ?? 0;
  // The road or complex keeps a name of at least one character.
  return start + Math.min(leadIn, Math.max(0, before.length - 1));
}

const EN_TITLE = "(?:Mr|Mrs|Ms|Miss|Mx|Dr|Officer|Agent|Judge|Lawyer|Attorney|Inspector|Sergeant|Detective|Captain|Prof)";
const EN_NAME = "[A-Z][a-z]+(?:[ \\-][A-Z][a-z]+)?";
const EN_RELATION =
  "(?:mother|mom|mum|father|dad|husband|wife|sister|brother|son|daughter|boss|manager|colleague|co-?worker|friend|neighbou?r|cousin|aunt|uncle|landlord|landlady|supervisor|ex-wife|ex-husband|partner|girlfriend|boyfriend|fianc[ée]e?|teacher|principal|grandmother|grandfather|grandma|grandpa|mother-in-law|father-in-law)";
const PINYIN_SURNAMES =
  "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Zheng|Liang|Xie|Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Yuan|Pan|Yu|Jiang|Cai|Du|Ye|Cheng|Su|Wei|Lu|Ding|Ren|Shen|Yao|Cui|Zhong|Tan|Fan|Jin|Shi|Liao|Jia|Xia|Fu|Fang|Bai|Zou|Meng|Xiong|Qin|Qiu|Yin|Xue|Yan|Duan|Lei|Hou|Long|Tao|Gu|Mao|Hao|Gong|Shao|Wan|Qian|Dai|Mo|Kong|Xiang|Ouyang|Chan|Wong|Cheung|Leung|Lam|Ng|Ho|Lau|Tsang|Yip|Kwok|Lee|Chow|Chu|Tse|Lai|Yeung";

// What a removed span becomes in the shadow text the later patterns read: no digit, letter,
// ideograph, space or punctuation, so it neither completes nor separates anything.
const MASK = "\ue000";

function pattern(
  name: string,
  kind: RedactionKind,
  source: string,
  flags = "",
  more: Pick<RedactionPattern, "accept" | "widen" | "repeat"> = {},
): RedactionPattern {
  return { name, kind, regex: new RegExp(source, `gd${flags}`), ...more };
}

/** The patterns that need no knowledge of the complaint, in the order they are applied. */
export const REDACTION_PATTERNS: readonly RedactionPattern[] = [
  pattern("email", "email", "(?<![a-z0-9._%+\\-])[a-z0-9._%+\\-]+@[a-z0-9\\-]+(?:\\.[a-z0-9\\-]+)*\\.[a-z]{2,}", "i"),
  pattern(
    "qq",
    "chatId",
    `(?<![a-z])(?:qq|扣扣|企鹅|q(?=号))\\s*(?:号码|账号|号|id)?\\s*[:：(（]?\\s*(?:是|为|is\\s)?\\s*(?<secret>[1-9]\\d{4,11})(?!\\d)${NOT_AMOUNT_AFTER}`,
    "i",
  ),
  pattern("chatGroup", "chatId", "(?:群号|群号码|qq群|微信群)\\s*[:：(（]?\\s*(?:是|为)?\\s*(?<secret>[1-9]\\d{4,11})(?!\\d)", "i"),
  // "微信号 abc_123", "WeChat ID: zhangsan", "wx: xxx", "my WeChat is luna_2019": an id after an explicit marker.
  pattern(
    "wechat",
    "chatId",
    `(?<![a-z])(?:微信|威信|薇信|v信|wechat|weixin|wx|vx)(?:\\s*[(（]?\\s*(?:号码|账号|号|id|account)\\s*[:：]?|\\s*[:：]|\\s+is\\s)\\s*[(（]?\\s*(?:id\\s*[:：]\\s*)?(?:是|为|is\\s)?\\s*(?<secret>[a-z][\\-_a-z0-9]{1,29}|\\d{5,11})(?![\\-_a-z0-9])${NOT_AMOUNT_AFTER}`,
    "i",
  ),
  // "加我微信 zhang_san88": without a marker only an id of WeChat's own length (6–20).
  pattern("wechatBare", "chatId", "(?:微信|威信|薇信|[vV]信)\\s*(?:是|为)?\\s*(?<secret>[A-Za-z][\\-_A-Za-z0-9]{5,19})(?![\\-_A-Za-z0-9])"),
  pattern("wechatId", "chatId", "(?<![a-z0-9_])wxid_[a-z0-9]{4,30}(?![a-z0-9_])", "i"),
  // Account, contract, order and complaint numbers once named: "合同编号 HT2026-00123", "account no. 12345678".
  pattern(
    "accountNumber",
    "account",
    "(?:账号|帐号|账户|卡号|合同(?:编)?号|订单(?:编)?号|借据(?:编)?号|借款编号|贷款编号|客户编号|投诉(?:编|单)号|工单号|案件编号|account\\s*(?:no\\.?|number|#))\\s*[:：]?\\s*(?:是|为)?\\s*(?<secret>(?=[a-z\\-]*\\d)[a-z0-9][a-z0-9\\-]{5,29})(?![a-z0-9\\-])",
    "i",
  ),
  // A collector's staff or licence number: it names one person as surely as their name.
  pattern(
    "staffNumber",
    "account",
    "(?:工号|员工号|员工编号|坐席号|执业证号|律师证号|编号|employee\\s*(?:no\\.?|number|id|#)|staff\\s*(?:no\\.?|number|id|#)|badge\\s*(?:no\\.?|number|#)?)\\s*[:：#]?\\s*(?:是|为|is\\s)?\\s*(?<secret>(?=[a-z\\-]*\\d)[a-z0-9][a-z0-9\\-]{1,29})(?![a-z0-9\\-])",
    "i",
  ),
  // Dates before numbers, so that 2026-10-01 is a date and not digits.
  pattern("dateYmd", "date", `(?<!\\d)${YEAR}\\s*([\\-/.])\\s*${MONTH}\\s*\\1\\s*${DAY}(?!\\d)`),
  pattern("dateChinese", "date", `(?<!\\d)${YEAR}\\s*年\\s*${MONTH}\\s*月\\s*${DAY}\\s*[日号]`),
  pattern("dateMonthDay", "date", `(?<!\\d)${MONTH}\\s*月\\s*${DAY}\\s*[日号]`),
  pattern("dateMdy", "date", `(?<!\\d)${DAY}([\\-/.])${DAY}\\1${YEAR}(?!\\d)`),
  pattern(
    "dateEnglish",
    "date",
    `\\b(?:${MONTH_EN}\\.?\\s+${DAY}(?:st|nd|rd|th)?(?:,?\\s+${YEAR})?|${DAY}(?:st|nd|rd|th)?\\s+${MONTH_EN}\\.?(?:,?\\s+${YEAR})?)\\b`,
  ),
  pattern("idCard", "idCard", `(?<!\\d)[1-9]\\d{5}${SEP}?${YEAR}${SEP}?(?:0[1-9]|1[0-2])${DAY_2}${SEP}?\\d{3}[\\dXx](?![\\dA-Za-z])`),
  pattern("idCardOld", "idCard", `(?<!\\d)[1-9]\\d{7}(?:0[1-9]|1[0-2])${DAY_2}\\d{3}(?!\\d)`),
  pattern("bankCard", "bankCard", `(?<!\\d)(?:\\d{16,19}|\\d{4}(?:${SEP}\\d{4}){3}(?:${SEP}?\\d{1,3})?)(?!\\d)`),
  pattern("masked", "account", `(?<![\\dA-Za-z])\\d{3,6}(?:${SEP}?\\*){4,}${SEP}?(?:\\d{3}[\\dXx]|\\d{4})(?![\\dA-Za-z])`),
  pattern("cardTail", "account", "(?:尾号|末四位|后四位|后4位|末4位|尾数)\\s*(?:是|为)?\\s*[:：]?\\s*(?<secret>\\d{3}[\\dXx]|\\d{3})(?![\\dA-Za-z])"),
  // 沪A·12345, 粤B D12345 (new energy), 京A1234警: a province, a letter and five or six letters and digits.
  pattern(
    "plate",
    "plate",
    "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]\\s?[·•.\\-]?\\s?(?:(?=[A-Z]{0,5}\\d)[A-Z0-9]{5,6}(?![A-Za-z0-9])|[A-Z0-9]{4}[挂学警港澳领使])",
  ),
  pattern("mobile", "phone", `(?<!\\d)(?:${CN_PREFIX}|86${SEP}?)?1[3-9]\\d(?:${SEP}?\\d){8}(?!\\d)`),
  pattern("landline", "phone", `(?<!\\d)(?:${CN_PREFIX}\\(?0?|\\(0|0)(?:10|2\\d|[3-9]\\d{2})\\)?${SEP}?\\s?\\d{3,4}${SEP}?\\d{4}(?!\\d)`),
  pattern("intlPhone", "phone", `(?<![\\d+])\\+(?!86)\\d{1,3}(?:${SEP}?\\d){6,12}(?!\\d)`),
  // North American numbers, as CFPB narratives imported with import:cfpb write them: 555-201-3344, (555) 201-3344.
  pattern("phoneNorthAmerica", "phone", `(?<![\\d\\-])(?:\\+?1[\\s.\\-]?)?(?:\\([2-9]\\d{2}\\)\\s?|[2-9]\\d{2}[\\s.\\-])\\d{3}[\\s.\\-]\\d{4}(?![\\d\\-])`),
  pattern("smsLine", "phone", `(?<!\\d)106(?:${SEP}?\\d){5,17}(?!\\d)${NOT_AMOUNT_AFTER}`, "i"),
  pattern("serviceLine", "phone", `(?<!\\d)[48]00(?:${SEP}?\\d){7}(?!\\d)`),
  pattern("serviceShort", "phone", `${NOT_AMOUNT_BEFORE}(?<![\\d.,])95\\d{3,6}(?![\\d.,]*\\d)${NOT_AMOUNT_AFTER}`, "i"),
  // A local number without its area code, where a word says it is a phone line: "座机 6123 4567".
  pattern(
    "phoneCue",
    "phone",
    `(?:电话|座机|手机|号码|来电|分机|tel|phone|call(?:ed|s)? from)\\s*(?:是|为|号码?)?\\s*[:：]?\\s*(?<secret>\\d{3,4}${SEP}?\\d{4})(?![\\d.,])${NOT_AMOUNT_AFTER}`,
    "i",
  ),
  // A road and its number, with what comes before (province, city, district) and after (building, room).
  pattern("addressRoad", "address", `(?<=${PLACE_CHAR})${ROAD}(?:[东西南北中]?[一二三四五六七八九十\\d]?段)?\\s*${NUM}\\s*(?:号|弄|巷)院?${ADDRESS_TAIL}`, "", {
    widen: placeNamesBefore,
  }),
  // A complex and its building ("阳光花园3栋2单元502"), a village and its group ("王庄村3组").
  pattern(
    "addressComplex",
    "address",
    `(?<=${PLACE_CHAR})(?:${COMPLEX}|里)[,，\\s]{0,2}(?:${NUM}\\s*(?:号楼|栋|幢|座|单元|组|队|号院|号)|[A-Za-z]\\s?(?:座|栋|幢))${ADDRESS_TAIL}`,
    "",
    { widen: placeNamesBefore },
  ),
  // "7号楼3单元201", "3栋502室": a building with its unit or room needs no street to point at a door.
  pattern(
    "addressBuilding",
    "address",
    `(?<!\\d)${NUM}\\s*(?:号楼|栋|幢|座)[,，\\s]{0,2}(?:${NUM}\\s*(?:单元|门|层|楼)[,，\\s]{0,2})?\\d{2,4}(?!\\d)\\s*(?:室|房|号)?${NOT_AMOUNT_AFTER}`,
  ),
  pattern(
    "addressEnglish",
    "address",
    "(?:(?:Room|Rm|Flat|Apt|Apartment|Unit|Suite|Ste|Building|Bldg|Block|Floor|No)\\.?\\s?#?\\s?[A-Za-z0-9\\-]{1,6},?\\s){0,3}\\d{1,6}[A-Za-z]?\\s(?:[A-Z][a-z]+(?:'s)?\\s){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Way|Court|Ct|Place|Highway|Hwy)\\b\\.?(?:,?\\s?(?:Apt|Apartment|Unit|Suite|Flat|Room|#)\\.?\\s?[A-Za-z0-9\\-]{1,6}\\b)?",
  ),
  pattern(
    "addressEnglishPlace",
    "address",
    "(?:(?:Room|Flat|Apt|Unit|Suite|Building|Block|No|Group|Team)\\.?\\s?#?\\s?[A-Za-z0-9\\-]{1,6},?\\s){1,3}(?:[A-Z][a-z]+\\s){1,3}(?:Village|Community|Gardens?|Estate|Compound|Residence|Mansion|Tower|Plaza|Building)\\b",
  ),
  // Names, where the words around them say they are names.
  pattern(
    "nameAfterRole",
    "name",
    `${NAME_CUE_BEFORE}\\s*[:：，,“"「]?\\s*(?<secret>${CN_NAME}|[小阿](?![${SURNAME_CHARS}])${GIVEN}(?=[，。！？、”"\\s,.!?]|$))`,
    "",
    { accept: isName },
  ),
  // "我是黄志伟，": a name said of oneself, when a pause follows it.
  pattern("nameSelf", "name", `(?:[我他她]是|自称是?|我叫)\\s*(?<secret>${CN_NAME})(?=[，。！？、”"\\s,.!?]|$)`, "", { accept: isName }),
  // The next in a list of people: "同学吕晓婷和魏强" (the first is already masked).
  pattern("nameInList", "name", `(?<=${MASK})(?:和|、|及|与|跟|还有|以及)(?<secret>${CN_NAME})`, "", { accept: isName, repeat: true }),
  // A name already written as 张某 or 李某某 is still a surname and a person.
  pattern("namePseudonym", "name", `${SURNAME_HERE}某{1,2}`),
  pattern("nameBeforeTitle", "name", `(?<secret>${SURNAME_HERE}(?:${GIVEN}|某){0,2})${TITLE_AFTER}`, "", { accept: isName }),
  pattern("surnameOnly", "name", `姓(?<secret>${SURNAME})(?=[的，,。、\\s]|[先女小经律主专老叫名])`),
  pattern("nickname", "name", `(?<![${HAN}])[小老](?<secret>(?![师时公赖板家乡大总区额贷孩米])[${SURNAME_CHARS}])(?=[^${HAN}]|[${NOT_IN_NAME}]|$)`),
  pattern("nameAfterTitleEnglish", "name", `\\b${EN_TITLE}\\.?\\s(?<secret>${EN_NAME})\\b`),
  pattern(
    "nameAfterRoleLatin",
    "name",
    `(?:${ROLE_BEFORE}|${RELATION}|[我你他她]的?[妈爸哥姐弟妹]|名叫|叫做|叫|自称是?|我是)\\s*(?!${EN_TITLE}\\b)(?<secret>${EN_NAME})\\b`,
  ),
  pattern(
    "nameAfterCueEnglish",
    "name",
    `\\b(?:named|call(?:ed|s) (?:himself|herself)|introduced (?:himself|herself) as|identified (?:himself|herself) as|(?:his|her|my) name (?:is|was)|gave (?:his|her) name as|name was|signed by)\\s(?:${EN_TITLE}\\.?\\s)?(?!${EN_TITLE}\\b)(?<secret>${EN_NAME})\\b`,
  ),
  pattern(
    "nameAfterRelationEnglish",
    "name",
    `(?:\\b[Mm]y|\\b[Hh]is|\\b[Hh]er|\\b[Yy]our|我的|我|他的|她的)\\s?${EN_RELATION},?\\s(?!${EN_TITLE}\\b)(?<secret>${EN_NAME})\\b`,
  ),
  pattern(
    "namePinyin",
    "name",
    `\\b(?:${PINYIN_SURNAMES})\\s[A-Z][a-z]{1,7}(?:-[A-Za-z][a-z]{1,7}|\\s[A-Z][a-z]{1,7})?\\b(?!\\s(?:Road|Street|Avenue|District|Bank|Village|Lu|Jie|Company|Co\\b))`,
  ),
];

const HONORIFICS = "(?:先生|女士|小姐|太太)";
const CJK_NAME = /^[\u3400-\u9fff·•]+$/;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Full-width ASCII and the ideographic space as their ASCII forms; one UTF-16 unit each, so indexes agree. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function chineseNamePatterns(name: string): RedactionPattern[] {
  const spaced = (text: string) => [...text].map(escapeRegex).join("\\s*");
  const patterns = [pattern("knownName", "name", spaced(name))];
  // Minority names are written with a middle dot: 买买提·艾力. Each part of two characters or more goes.
  const parts = name.split(/[·•]/).filter((p) => p.length >= 2);
  if (parts.length > 1) {
    for (const part of parts) patterns.push(pattern("knownName", "name", spaced(part)));
    return patterns;
  }
  const surnameLength = COMPOUND_SURNAMES.some((s) => name.startsWith(s)) ? 2 : 1;
  const surname = name.slice(0, surnameLength);
  const given = name.slice(surnameLength);
  if ([...given].length >= 2) patterns.push(pattern("knownGivenName", "name", spaced(given)));
  if (given.length > 0) patterns.push(pattern("knownSurname", "name", `(?<secret>${spaced(surname)})\\s*${HONORIFICS}`));
  return patterns;
}

function latinNamePatterns(name: string): RedactionPattern[] {
  const parts = name.split(/[\s.\-·]+/).filter(Boolean);
  // A whole word in Latin script; a Chinese character beside it is a boundary ("我的英文名是Grace Lin").
  const word = (source: string) => `(?<![\\p{Script=Latin}\\p{N}])${source}(?![\\p{Script=Latin}\\p{N}])`;
  const patterns = [pattern("knownName", "name", word(parts.map(escapeRegex).join("[\\s.\\-·]+")), "iu")];
  for (const part of parts) if (part.length >= 3) patterns.push(pattern("knownGivenName", "name", word(escapeRegex(part)), "iu"));
  return patterns;
}

const NUMBER_GAP = "[\\s\\-.()·–—_]*";

function digitsPattern(digits: string, prefix = ""): RedactionPattern {
  return pattern("knownPhone", "phone", `(?<!\\d)${prefix}\\(?${digits.split("").join(NUMBER_GAP)}(?!\\d)`);
}

function phonePatterns(phone: string): RedactionPattern[] {
  let digits = toHalfWidth(phone).replace(/\D/g, "");
  if (/^(?:0086|86)(?:1[3-9]\d{9}|[1-9]\d{8,10})$/.test(digits) && /^\s*(?:\+|00|86)/.test(toHalfWidth(phone))) {
    digits = digits.replace(/^(?:0086|86)/, "");
    if (!/^1[3-9]\d{9}$/.test(digits)) digits = "0" + digits;
  }
  if (digits.length < 5) return [];
  const prefix = `(?:${CN_PREFIX}|86${SEP}?)?`;
  if (/^0[1-9]\d{8,10}$/.test(digits)) {
    // A landline: also written after +86 without its 0, and without its area code.
    const areaLength = /^(010|02\d)/.test(digits) ? 3 : 4;
    return [digitsPattern(digits), digitsPattern(digits.slice(1), `${CN_PREFIX}\\(?`), digitsPattern(digits.slice(areaLength))];
  }
  return [digitsPattern(digits, /^1[3-9]\d{9}$/.test(digits) ? prefix : "")];
}

function emailPatterns(email: string): RedactionPattern[] {
  const address = toHalfWidth(email).trim();
  if (!address) return [];
  const patterns = [pattern("knownEmail", "email", escapeRegex(address), "i")];
  const local = address.split("@")[0];
  if (address.includes("@") && local.length >= 4) {
    patterns.push(pattern("knownEmail", "email", `(?<![a-z0-9._%+\\-])${escapeRegex(local)}(?![a-z0-9_%+\\-])`, "i"));
  }
  return patterns;
}

/** The patterns that come from what the consumer told us, longest names first. */
export function knownPatterns(known: KnownIdentifiers): RedactionPattern[] {
  const names = (known.names ?? [])
    .map((n) => toHalfWidth(n).trim().replace(/\s+/g, " "))
    .filter((n) => [...n].length >= 2)
    .sort((a, b) => b.length - a.length);
  const patterns: RedactionPattern[] = [];
  for (const name of names) {
    const compact = name.replace(/\s+/g, "");
    patterns.push(...(CJK_NAME.test(compact) ? chineseNamePatterns(compact) : latinNamePatterns(name)));
  }
  for (const email of known.emails ?? []) patterns.push(...emailPatterns(email));
  for (const phone of known.phones ?? []) patterns.push(...phonePatterns(phone));
  return patterns;
}

// Placeholders from an earlier redaction are not read again, so redacting twice changes nothing.
const PLACEHOLDER = /XX\/XX\/XXXX|XXXX|\[(?:姓名|地址|车牌|name|address|plate)\]/g;

function mask(shadow: string, spans: { start: number; end: number }[]): string {
  let out = "";
  let last = 0;
  for (const { start, end } of spans) {
    out += shadow.slice(last, start) + MASK.repeat(end - start);
    last = end;
  }
  return out + shadow.slice(last);
}

/** What one pattern finds in the (shadow) text. */
export function matchPattern(shadow: string, { name, kind, regex, accept, widen }: RedactionPattern): Redaction[] {
  const found: Redaction[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(shadow); match; match = regex.exec(shadow)) {
    const span = match.indices?.groups?.secret ?? match.indices?.[0];
    if (!span || span[1] === span[0]) {
      regex.lastIndex = match.index + 1;
      continue;
    }
    let [start, end] = span;
    if (accept && !accept(shadow.slice(start, end))) {
      regex.lastIndex = match.index + 1;
      continue;
    }
    if (widen) start = Math.max(widen(shadow, start), found.at(-1)?.end ?? 0);
    found.push({ start, end, kind, pattern: name });
  }
  return found;
}

/**
 * Everything that would be removed, in text order. Known identifiers go first
 * (a collector number written in an odd way is still caught), then chat ids,
 * named numbers, dates, ID cards, cards, plates, phone numbers, addresses and
 * names; each pattern reads the text with what earlier ones found masked out.
 */
export function findRedactions(text: string, known: KnownIdentifiers = {}): Redaction[] {
  let shadow = toHalfWidth(text).replace(PLACEHOLDER, (p) => MASK.repeat(p.length));
  // E-mail addresses first: a known e-mail's name part must not leave "XXXX@qq.com" behind.
  const [email, ...rest] = REDACTION_PATTERNS;
  const found: Redaction[] = [];
  for (const pattern of [email, ...knownPatterns(known), ...rest]) {
    for (let round = 0; round < (pattern.repeat ? 5 : 1); round++) {
      const spans = matchPattern(shadow, pattern);
      if (!spans.length) break;
      shadow = mask(shadow, spans);
      found.push(...spans);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The text with each span replaced by its kind's placeholder, in the account's language. */
export function applyRedactions(text: string, redactions: readonly Redaction[]): string {
  const language = /[\u3400-\u9fff]/.test(text) ? "zh" : "en";
  let out = "";
  let last = 0;
  for (const { start, end, kind } of redactions) {
    if (start < last) continue;
    out += text.slice(last, start) + PLACEHOLDERS[kind][language];
    last = end;
  }
  return out + text.slice(last);
}

/** The consumer's account as it may be published. */
export function redactNarrative(text: string, known: KnownIdentifiers = {}): string {
  return applyRedactions(text, findRedactions(text, known));
}
