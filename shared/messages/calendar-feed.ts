import type { Catalogue } from './catalogue';

/** The words of an agent's calendar feed (SPEC §8.5), written in the agent's language into each event. */
export const CALENDAR_FEED_WORDS = {
  CALENDAR_NAME: { en: 'Doorstep visits — {agent}', 'zh-CN': '门前上门安排 — {agent}' },
  SLOT: { en: 'Agreed slot: {date} {start}–{end}', 'zh-CN': '约定时段：{date} {start}–{end}' },
  CREW: { en: 'Crew: {crew} (badges {badges})', 'zh-CN': '小组：{crew}（工号 {badges}）' },
  BORROWER: { en: 'Borrower: {name}', 'zh-CN': '借款人：{name}' },
} as const satisfies Catalogue;
