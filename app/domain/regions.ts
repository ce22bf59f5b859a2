/**
 * Province-level divisions by their six-digit administrative code (GB/T 2260).
 * Place names are data, like institution names, so both languages sit here.
 */
export const REGIONS = [
  { code: "110000", zh: "北京市", en: "Beijing" },
  { code: "120000", zh: "天津市", en: "Tianjin" },
  { code: "130000", zh: "河北省", en: "Hebei" },
  { code: "140000", zh: "山西省", en: "Shanxi" },
  { code: "150000", zh: "内蒙古自治区", en: "Inner Mongolia" },
  { code: "210000", zh: "辽宁省", en: "Liaoning" },
  { code: "220000", zh: "吉林省", en: "Jilin" },
  { code: "230000", zh: "黑龙江省", en: "Heilongjiang" },
  { code: "310000", zh: "上海市", en: "Shanghai" },
  { code: "320000", zh: "江苏省", en: "Jiangsu" },
  { code: "330000", zh: "浙江省", en: "Zhejiang" },
  { code: "340000", zh: "安徽省", en: "Anhui" },
  { code: "350000", zh: "福建省", en: "Fujian" },
  { code: "360000", zh: "江西省", en: "Jiangxi" },
  { code: "370000", zh: "山东省", en: "Shandong" },
  { code: "410000", zh: "河南省", en: "Henan" },
  { code: "420000", zh: "湖北省", en: "Hubei" },
  { code: "430000", zh: "湖南省", en: "Hunan" },
  { code: "440000", zh: "广东省", en: "Guangdong" },
  { code: "450000", zh: "广西壮族自治区", en: "Guangxi" },
  { code: "460000", zh: "海南省", en: "Hainan" },
  { code: "500000", zh: "重庆市", en: "Chongqing" },
  { code: "510000", zh: "四川省", en: "Sichuan" },
  { code: "520000", zh: "贵州省", en: "Guizhou" },
  { code: "530000", zh: "云南省", en: "Yunnan" },
  { code: "540000", zh: "西藏自治区", en: "Xizang (Tibet)" },
  { code: "610000", zh: "陕西省", en: "Shaanxi" },
  { code: "620000", zh: "甘肃省", en: "Gansu" },
  { code: "630000", zh: "青海省", en: "Qinghai" },
  { code: "640000", zh: "宁夏回族自治区", en: "Ningxia" },
  { code: "650000", zh: "新疆维吾尔自治区", en: "Xinjiang" },
  { code: "710000", zh: "台湾省", en: "Taiwan" },
  { code: "810000", zh: "香港特别行政区", en: "Hong Kong" },
  { code: "820000", zh: "澳门特别行政区", en: "Macao" },
] as const;

export const REGION_CODES = REGIONS.map((r) => r.code) as string[];

export function regionName(code: string, locale: string): string {
  const region = REGIONS.find((r) => r.code === code);
  if (!region) return code;
  return locale === "en" ? region.en : region.zh;
}

/**
 * The zone a consumer's wall-clock times are read in. Every region on the list keeps
 * UTC+8 today; the zones are named apart so a region with its own rules stays right.
 */
const REGION_TIME_ZONES: Record<string, string> = {
  "710000": "Asia/Taipei",
  "810000": "Asia/Hong_Kong",
  "820000": "Asia/Macau",
};

export function timeZoneOfRegion(code: string): string {
  return REGION_TIME_ZONES[code] ?? "Asia/Shanghai";
}
