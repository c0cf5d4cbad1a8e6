/*
 * A small GB/T 2260 table: enough to propose a unit's region from the division in its
 * 统一社会信用代码 (positions 3–8). Every province-level division by its first two digits, and
 * the capitals and a few other cities by their first four. An unknown city falls back to the
 * province; the person registering can always correct the proposal.
 */

export const PROVINCES: Readonly<Record<string, string>> = {
  "11": "北京市",
  "12": "天津市",
  "13": "河北省",
  "14": "山西省",
  "15": "内蒙古自治区",
  "21": "辽宁省",
  "22": "吉林省",
  "23": "黑龙江省",
  "31": "上海市",
  "32": "江苏省",
  "33": "浙江省",
  "34": "安徽省",
  "35": "福建省",
  "36": "江西省",
  "37": "山东省",
  "41": "河南省",
  "42": "湖北省",
  "43": "湖南省",
  "44": "广东省",
  "45": "广西壮族自治区",
  "46": "海南省",
  "50": "重庆市",
  "51": "四川省",
  "52": "贵州省",
  "53": "云南省",
  "54": "西藏自治区",
  "61": "陕西省",
  "62": "甘肃省",
  "63": "青海省",
  "64": "宁夏回族自治区",
  "65": "新疆维吾尔自治区",
  "71": "台湾省",
  "81": "香港特别行政区",
  "82": "澳门特别行政区",
};

/** Cities by the first four digits of the division. */
export const CITIES: Readonly<Record<string, string>> = {
  "1301": "石家庄市",
  "1401": "太原市",
  "1501": "呼和浩特市",
  "2101": "沈阳市",
  "2102": "大连市",
  "2201": "长春市",
  "2301": "哈尔滨市",
  "3201": "南京市",
  "3205": "苏州市",
  "3301": "杭州市",
  "3302": "宁波市",
  "3401": "合肥市",
  "3501": "福州市",
  "3502": "厦门市",
  "3601": "南昌市",
  "3701": "济南市",
  "3702": "青岛市",
  "4101": "郑州市",
  "4103": "洛阳市",
  "4109": "濮阳市",
  "4201": "武汉市",
  "4301": "长沙市",
  "4311": "永州市",
  "4401": "广州市",
  "4403": "深圳市",
  "4404": "珠海市",
  "4406": "佛山市",
  "4413": "惠州市",
  "4419": "东莞市",
  "4420": "中山市",
  "4501": "南宁市",
  "4601": "海口市",
  "5101": "成都市",
  "5201": "贵阳市",
  "5301": "昆明市",
  "5401": "拉萨市",
  "6101": "西安市",
  "6201": "兰州市",
  "6301": "西宁市",
  "6401": "银川市",
  "6501": "乌鲁木齐市",
};

/** The four municipalities (直辖市), whose divisions have no separate city name. */
const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

/** "广东省东莞市" for 441900, "广东省" for an unknown city of 44, "北京市" for 110105, else null. */
export function proposeRegionName(division: string | null | undefined): string | null {
  if (!division || !/^\d{6}$/.test(division)) return null;
  const province = PROVINCES[division.slice(0, 2)];
  if (!province) return null;
  if (MUNICIPALITIES.has(division.slice(0, 2))) return province;
  const city = CITIES[division.slice(0, 4)];
  return city ? province + city : province;
}
