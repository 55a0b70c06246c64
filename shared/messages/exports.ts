import type { Catalogue } from './catalogue';

/** The column headers of the visit exports (CSV and XLSX), keyed by column, in the reader's language. */
export const EXPORT_HEADERS = {
  visitDate: { en: 'Date', 'zh-CN': '日期' },
  timeZone: { en: 'Time zone', 'zh-CN': '时区' },
  slotStart: { en: 'Slot start', 'zh-CN': '时段开始' },
  slotEnd: { en: 'Slot end', 'zh-CN': '时段结束' },
  team: { en: 'Team', 'zh-CN': '小组' },
  crew: { en: 'Crew', 'zh-CN': '外访组' },
  agent: { en: 'Agent', 'zh-CN': '外访员' },
  loanRef: { en: 'Loan', 'zh-CN': '借据号' },
  borrower: { en: 'Borrower', 'zh-CN': '借款人' },
  phone: { en: 'Phone', 'zh-CN': '电话' },
  idNumber: { en: 'ID number', 'zh-CN': '证件号' },
  district: { en: 'District', 'zh-CN': '区' },
  type: { en: 'Visit type', 'zh-CN': '走访类型' },
  status: { en: 'Status', 'zh-CN': '状态' },
  outcome: { en: 'Outcome', 'zh-CN': '结果' },
  promised: { en: 'Promised amount', 'zh-CN': '承诺金额' },
  checkIn: { en: 'Check-in', 'zh-CN': '签到' },
  distance: { en: 'Check-in distance (m)', 'zh-CN': '签到距离（米）' },
  onTime: { en: 'On time', 'zh-CN': '准时' },
} as const satisfies Catalogue;

/** An exported column. */
export type ExportColumnKey = keyof typeof EXPORT_HEADERS;

/** The words an export writes in a yes/no cell. */
export const EXPORT_VALUES = {
  YES: { en: 'Yes', 'zh-CN': '是' },
  NO: { en: 'No', 'zh-CN': '否' },
} as const satisfies Catalogue;
