/** Plausible but fake Chinese personal data: names, resident ID numbers, mobile numbers. */
import { idCheckDigit } from '../../../shared/validation/cn-id';
import type { Rng } from './random';

// Most common surnames with rough relative frequencies.
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '蒋',
  '蔡',
  '沈',
  '顾',
  '陆',
  '钱',
  '姚',
  '汪',
  '金',
  '范',
  '戴',
  '俞',
  '欧阳',
] as const;
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => (i < 10 ? 7 - i * 0.4 : i < 30 ? 2 : 1));

const MALE_CHARS = [
  '伟',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '杰',
  '涛',
  '明',
  '超',
  '刚',
  '斌',
  '波',
  '辉',
  '鹏',
  '浩',
  '俊',
  '宇',
  '晨',
  '峰',
  '建',
  '国',
  '华',
  '文',
  '志',
  '忠',
  '毅',
  '凯',
  '昊',
  '晓',
  '东',
  '海',
  '龙',
  '健',
  '亮',
  '宏',
  '振',
  '嘉',
  '卫',
  '平',
] as const;
const FEMALE_CHARS = [
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '秀',
  '英',
  '玲',
  '婷',
  '雪',
  '慧',
  '颖',
  '琳',
  '倩',
  '洁',
  '燕',
  '红',
  '梅',
  '莉',
  '萍',
  '丹',
  '佳',
  '欣',
  '悦',
  '蕾',
  '薇',
  '晶',
  '怡',
  '雯',
  '晓',
  '桂',
  '兰',
  '春',
  '思',
  '雅',
  '月',
  '琴',
] as const;

type Gender = 'male' | 'female';

interface PersonName {
  fullName: string;
  gender: Gender;
}

/** A common-looking Chinese full name (surname + one or two given-name characters). */
export function randomName(rng: Rng, gender: Gender = rng.chance(0.5) ? 'male' : 'female'): PersonName {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const pool = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.3) ? rng.pick(pool) : `${rng.pick(pool)}${rng.pick(pool)}`;
  return { fullName: `${surname}${given}`, gender };
}

// Birthplace codes: mostly Shanghai districts, some other provinces (migrants are common borrowers).
const OUTSIDE_SHANGHAI = ['320102', '320503', '330106', '340104', '360102', '410105', '420106', '510107', '430103'];

/**
 * A fake 18-digit resident ID: region code, birth date (age 22–60 on `today`), a sequence whose
 * last digit is odd for men and even for women, and a valid check character.
 */
export function randomIdNumber(rng: Rng, gender: Gender, homeDistrictCode: string, today: string): string {
  const region = rng.chance(0.65) ? homeDistrictCode : rng.pick(OUTSIDE_SHANGHAI);
  const year = Number(today.slice(0, 4)) - rng.int(22, 60);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const seq = rng.int(0, 99) * 10 + (gender === 'male' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
] as const;

/** A mainland mobile number, 11 digits. */
export function randomMobile(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${rng.digits(8)}`;
}
