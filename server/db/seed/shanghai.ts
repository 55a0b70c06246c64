/** Shanghai geography for fake addresses: the urban core of 12 real districts, real road names, made-up compounds. */
import type { LatLng } from '../../../shared/geo';
import type { Rng } from './random';

export type { LatLng } from '../../../shared/geo';

export interface District {
  /** Full name as written in an address, e.g. 浦东新区, 徐汇区. */
  name: string;
  /** GB/T 2260 code, used as the birthplace part of fake resident ID numbers. */
  code: string;
  /** The built-up core, as a polygon (lat/lng vertices, clockwise); points are sampled inside it. */
  polygon: readonly LatLng[];
  roads: readonly string[];
  /** First half of compound names typical of the area. */
  compounds: readonly string[];
}

const box = (south: number, west: number, north: number, east: number): LatLng[] => [
  { lat: south, lng: west },
  { lat: north, lng: west },
  { lat: north, lng: east },
  { lat: south, lng: east },
];

/** Ordered so that neighbours sit next to each other (matters when more than three teams split the list). */
export const DISTRICTS: readonly District[] = [
  {
    name: '浦东新区',
    code: '310115',
    // Lujiazui–Zhangjiang–Jinqiao, kept east of the river bend.
    polygon: [
      { lat: 31.18, lng: 121.525 },
      { lat: 31.228, lng: 121.515 },
      { lat: 31.262, lng: 121.545 },
      { lat: 31.262, lng: 121.6 },
      { lat: 31.18, lng: 121.6 },
    ],
    roads: [
      '张杨路',
      '世纪大道',
      '东方路',
      '浦东南路',
      '杨高中路',
      '金桥路',
      '锦绣路',
      '源深路',
      '博山路',
      '浦电路',
      '罗山路',
      '张江路',
    ],
    compounds: ['陆家嘴', '竹园', '金杨', '锦绣', '潍坊', '东园', '张江', '碧云', '世纪', '源深', '联洋', '花木'],
  },
  {
    name: '黄浦区',
    code: '310101',
    polygon: box(31.205, 121.465, 31.24, 121.49),
    roads: ['南京东路', '淮海中路', '西藏南路', '复兴中路', '河南南路', '中华路', '陆家浜路', '瑞金二路', '制造局路'],
    compounds: ['蓬莱', '老西门', '瑞金', '丽园', '打浦', '南园', '新天地', '豫园'],
  },
  {
    name: '徐汇区',
    code: '310104',
    polygon: box(31.165, 121.42, 31.205, 121.455),
    roads: ['漕溪北路', '肇嘉浜路', '天钥桥路', '宜山路', '龙华中路', '钦州路', '田林路', '零陵路', '龙吴路'],
    compounds: ['田林', '康健', '徐家汇', '龙华', '漕河泾', '长桥', '华泾', '枫林'],
  },
  {
    name: '长宁区',
    code: '310105',
    polygon: box(31.2, 121.37, 31.225, 121.425),
    roads: ['天山路', '仙霞路', '延安西路', '遵义路', '古北路', '娄山关路', '虹桥路', '威宁路', '茅台路'],
    compounds: ['古北', '天山', '仙霞', '虹桥', '程家桥', '新华', '北新泾', '周家桥'],
  },
  {
    name: '静安区',
    code: '310106',
    polygon: box(31.226, 121.44, 31.285, 121.465),
    roads: ['南京西路', '共和新路', '延长中路', '万航渡路', '西康路', '汶水路', '大统路', '广延路', '平型关路'],
    compounds: ['大宁', '彭浦', '静安', '曹家渡', '不夜城', '芷江', '临汾', '宝山路'],
  },
  {
    name: '普陀区',
    code: '310107',
    polygon: box(31.235, 121.38, 31.265, 121.43),
    roads: ['曹杨路', '武宁路', '真北路', '中山北路', '金沙江路', '长寿路', '铜川路', '兰溪路', '大渡河路'],
    compounds: ['曹杨', '真如', '长风', '甘泉', '宜川', '石泉', '桃浦', '万里'],
  },
  {
    name: '虹口区',
    code: '310109',
    polygon: box(31.255, 121.475, 31.285, 121.505),
    roads: ['四川北路', '曲阳路', '大连西路', '临平路', '海伦路', '东江湾路', '广中路', '欧阳路', '赤峰路'],
    compounds: ['曲阳', '凉城', '江湾', '欧阳', '嘉兴', '提篮桥', '广中', '四平'],
  },
  {
    name: '杨浦区',
    code: '310110',
    polygon: box(31.26, 121.51, 31.31, 121.54),
    roads: ['国权路', '黄兴路', '控江路', '淞沪路', '长阳路', '平凉路', '政立路', '隆昌路', '殷行路'],
    compounds: ['控江', '五角场', '延吉', '长白', '新江湾', '殷行', '鞍山', '平凉'],
  },
  {
    name: '宝山区',
    code: '310113',
    polygon: box(31.335, 121.44, 31.405, 121.495),
    roads: ['牡丹江路', '友谊路', '殷高西路', '长江西路', '密山路', '通河路', '共康路', '淞滨路', '呼兰路'],
    compounds: ['通河', '共康', '淞南', '吴淞', '友谊', '庙行', '大场', '张庙'],
  },
  {
    name: '嘉定区',
    code: '310114',
    polygon: box(31.36, 121.23, 31.4, 121.28),
    roads: ['城中路', '博乐路', '塔城路', '清河路', '沪宜公路', '叶城路', '墨玉路', '金沙路', '洪德路'],
    compounds: ['嘉定', '清河', '州桥', '菊园', '新城', '汇龙', '马陆', '疁城'],
  },
  {
    name: '闵行区',
    code: '310112',
    polygon: box(31.1, 121.35, 31.15, 121.42),
    roads: ['七莘路', '莘庄路', '都市路', '虹井路', '古美路', '沪闵路', '莲花南路', '春申路', '平阳路'],
    compounds: ['莘庄', '古美', '春申', '梅陇', '七宝', '平阳', '锦江', '银都'],
  },
  {
    name: '松江区',
    code: '310117',
    polygon: box(31.01, 121.2, 31.05, 121.25),
    roads: ['中山中路', '人民北路', '荣乐东路', '谷阳北路', '文诚路', '广富林路', '新松江路', '乐都路', '方松路'],
    compounds: ['松江', '方松', '永丰', '泗泾', '广富林', '谷阳', '云间', '茸城'],
  },
];

const COMPOUND_SUFFIXES = ['新村', '小区', '花园', '公寓', '苑', '家园', '名邸', '雅苑', '佳园', '城'] as const;

export function districtByName(name: string): District {
  const d = DISTRICTS.find((x) => x.name === name);
  if (!d) throw new Error(`unknown district ${name}`);
  return d;
}

/** Ray casting; the polygons are small enough to treat lat/lng as planar. */
function insidePolygon(p: LatLng, polygon: readonly LatLng[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as LatLng;
    const b = polygon[j] as LatLng;
    if (a.lat > p.lat !== b.lat > p.lat && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) {
      inside = !inside;
    }
  }
  return inside;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A uniformly random point inside the district's core polygon. */
export function randomPointIn(rng: Rng, district: District): LatLng {
  const lats = district.polygon.map((p) => p.lat);
  const lngs = district.polygon.map((p) => p.lng);
  const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  for (;;) {
    const p = { lat: round6(s + rng.float() * (n - s)), lng: round6(w + rng.float() * (e - w)) };
    if (insidePolygon(p, district.polygon)) return p;
  }
}

/** A point `metres` away from `p` in a random direction (GPS fixes near a door). */
export function jitter(rng: Rng, p: LatLng, metres: number): LatLng {
  const angle = rng.float() * 2 * Math.PI;
  const dLat = (metres * Math.cos(angle)) / 111_320;
  const dLng = (metres * Math.sin(angle)) / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round6(p.lat + dLat), lng: round6(p.lng + dLng) };
}

/** A Shanghai-style street address, e.g. 上海市浦东新区张杨路1234弄56号702室. */
export function randomAddressText(rng: Rng, district: District): string {
  const road = rng.pick(district.roads);
  const no = rng.int(1, 1999);
  const floor = rng.int(1, 26);
  const room = `${floor}${String(rng.int(1, 4)).padStart(2, '0')}`;
  if (rng.chance(0.7)) {
    return `上海市${district.name}${road}${no}弄${rng.int(1, 88)}号${room}室`;
  }
  const compound = `${rng.pick(district.compounds)}${rng.pick(COMPOUND_SUFFIXES)}`;
  return `上海市${district.name}${road}${no}号${compound}${rng.int(1, 30)}号楼${room}室`;
}

export { haversineM, travelMinutes } from '../../../shared/geo';
