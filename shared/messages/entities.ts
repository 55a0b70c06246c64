import { type Catalogue, type Locale, translate } from './catalogue';

/**
 * The things an error can name (NOT_FOUND's {entity}): services name them by these keys, which are also the
 * English words, and the error conversion writes them in the reader's language.
 */
export const ENTITY_WORDS = {
  base: { en: 'base', 'zh-CN': '驻点' },
  address: { en: 'address', 'zh-CN': '地址' },
  agent: { en: 'agent', 'zh-CN': '外访员' },
  appointment: { en: 'appointment', 'zh-CN': '预约' },
  attachment: { en: 'attachment', 'zh-CN': '附件' },
  borrower: { en: 'borrower', 'zh-CN': '借款人' },
  case: { en: 'case', 'zh-CN': '案件' },
  complaint: { en: 'complaint', 'zh-CN': '投诉' },
  crew: { en: 'crew', 'zh-CN': '外访组' },
  'field record': { en: 'field record', 'zh-CN': '现场记录' },
  photo: { en: 'photo', 'zh-CN': '照片' },
  'roster exception': { en: 'roster exception', 'zh-CN': '排班例外' },
  'roster pattern': { en: 'roster pattern', 'zh-CN': '排班规则' },
  'service token': { en: 'service token', 'zh-CN': '服务令牌' },
  team: { en: 'team', 'zh-CN': '小组' },
  user: { en: 'user', 'zh-CN': '用户' },
  visit: { en: 'visit', 'zh-CN': '上门' },
} as const satisfies Catalogue;

const isEntity = (value: unknown): value is keyof typeof ENTITY_WORDS =>
  typeof value === 'string' && Object.hasOwn(ENTITY_WORDS, value);

/** An error's details with the thing it names (`entity`) in the reader's words; anything else as it is. */
export function withEntityWords(details: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  return isEntity(details.entity) ? { ...details, entity: translate(ENTITY_WORDS, details.entity, locale) } : details;
}
