import type { Catalogue } from './catalogue';

/**
 * Made-up values the templates editor fills a text's {variables} with for its preview, so an admin sees the
 * length and shape of a real message. Keyed by variable name; a variable without one shows as its name.
 */
export const TEMPLATE_SAMPLES = {
  lender: { en: 'Example Lending', 'zh-CN': '示例金融' },
  name: { en: 'Ms. Wang', 'zh-CN': '王女士' },
  borrower: { en: 'Ms. Wang', 'zh-CN': '王女士' },
  date: { en: '2026-03-02', 'zh-CN': '2026-03-02' },
  window: { en: '09:00–11:00', 'zh-CN': '09:00–11:00' },
  time: { en: '09:00', 'zh-CN': '09:00' },
  address: { en: '18 Example Road, Pudong', 'zh-CN': '浦东示例路18号' },
  badges: { en: '1024, 1031', 'zh-CN': '1024、1031' },
  complaint: { en: '400-800-1234', 'zh-CN': '400-800-1234' },
  link: { en: 'https://doorstep.example.com/s/Ab3dEf', 'zh-CN': 'https://doorstep.example.com/s/Ab3dEf' },
  verifyUrl: { en: 'https://doorstep.example.com/verify', 'zh-CN': 'https://doorstep.example.com/verify' },
  crew: { en: 'badges 1024 and 1031', 'zh-CN': '工号 1024、1031' },
  oldDate: { en: '2026-03-01', 'zh-CN': '2026-03-01' },
  oldWindow: { en: '14:00–16:00', 'zh-CN': '14:00–16:00' },
  amountNote: { en: ' Amount overdue: ¥3,200.00.', 'zh-CN': '逾期金额：¥3,200.00。' },
  team: { en: 'Shanghai East', 'zh-CN': '上海东区' },
} as const satisfies Catalogue;

/** A message channel as a word inside a sentence ("opted out of {channel} messages"). */
export const CHANNEL_WORDS = {
  sms: { en: 'SMS', 'zh-CN': '短信' },
} as const satisfies Catalogue;
