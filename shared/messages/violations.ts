import { skillList } from '../domain/skills';
import type { Violation, ViolationCode } from '../rules/placement';
import { type Catalogue, type Locale, translate } from './catalogue';

/** Plain-words explanation of each broken rule, per language ({name} comes from the violation's params). */
export const VIOLATION_MESSAGES: Catalogue<ViolationCode> = {
  NOT_CONFIRMED: {
    en: 'The borrower has not confirmed this slot; a visit needs a confirmed slot.',
    'zh-CN': '借款人尚未确认该时段，上门必须有借款人确认的时段。',
  },
  NO_NOTICE: {
    en: 'No notice is logged on this case; the borrower must be notified before a visit.',
    'zh-CN': '该案件没有通知记录，上门前必须先通知借款人。',
  },
  NOT_BORROWERS_ADDRESS: {
    en: "The address is not one of the borrower's own addresses.",
    'zh-CN': '该地址不是借款人本人的地址。',
  },
  ARRIVAL_IN_PAST: {
    en: 'Arrival {arrival} is before now ({now}): a visit cannot be planned in the past.',
    'zh-CN': '到达时间 {arrival} 早于现在（{now}），不能把上门安排在过去。',
  },
  MIN_NOTICE: {
    en: 'Only {actual} minutes between agreeing the slot and the visit; at least {minutes} are required.',
    'zh-CN': '约定时段与上门之间仅 {actual} 分钟，至少需要 {minutes} 分钟。',
  },
  OUTSIDE_SLOT: {
    en: 'Arrival {arrival} is outside the agreed slot {slotStart}–{slotEnd}.',
    'zh-CN': '到达时间 {arrival} 不在约定时段 {slotStart}–{slotEnd} 内。',
  },
  OUTSIDE_ALLOWED_HOURS: {
    en: 'The visit {start}–{end} is outside the allowed visiting hours {allowedStart}–{allowedEnd}.',
    'zh-CN': '上门时间 {start}–{end} 超出允许的上门时间 {allowedStart}–{allowedEnd}。',
  },
  WRONG_DAY: {
    en: 'The crew works on {crewDate} but the visit is on {visitDate}.',
    'zh-CN': '该外访组的工作日是 {crewDate}，而上门日期是 {visitDate}。',
  },
  OUTSIDE_SHIFT: {
    en: "The visit {start}–{end} is outside {agent}'s shift {shiftStart}–{shiftEnd}.",
    'zh-CN': '上门时间 {start}–{end} 超出 {agent} 的班次 {shiftStart}–{shiftEnd}。',
  },
  OVERLAP: {
    en: 'The crew already has a visit {otherStart}–{otherEnd} at that time.',
    'zh-CN': '该外访组在此时段已有 {otherStart}–{otherEnd} 的上门。',
  },
  TRAVEL_TIME: {
    en: 'Not enough travel time after {from}: {need} minutes needed, {have} available.',
    'zh-CN': '{from} 之后的路程时间不足：需要 {need} 分钟，仅有 {have} 分钟。',
  },
  MISSING_SKILL: {
    en: 'No one in the crew has the required skill: {skills}.',
    'zh-CN': '外访组中没有人具备所需技能：{skills}。',
  },
  CREDENTIAL_INVALID: {
    en: "{agent}'s credential is not valid on that day (valid {validFrom} to {validTo}).",
    'zh-CN': '{agent} 的执业证书在当天无效（有效期 {validFrom} 至 {validTo}）。',
  },
  AGENT_INACTIVE: {
    en: '{agent} has been deactivated and takes no new visits.',
    'zh-CN': '{agent} 已被停用，不再接受新的拜访。',
  },
  MAX_VISITS: {
    en: 'The crew would exceed its maximum of {max} visits a day.',
    'zh-CN': '该外访组将超过每日最多 {max} 次上门。',
  },
  FREQUENCY_CAP: {
    en: 'The borrower would be visited more than {cap} times in {days} days.',
    'zh-CN': '该借款人在 {days} 天内的上门次数将超过 {cap} 次。',
  },
  TWO_PERSON_RULE: {
    en: 'Home visits need two staff; this crew has only one.',
    'zh-CN': '上门须两人同行，该外访组只有一人。',
  },
};

// Params that are codes, written in words for the reader (the rules keep the codes: "lang:en, verification").
const IN_WORDS: Record<string, (value: string, locale: Locale) => string> = {
  skills: (value, locale) => skillList(value.split(', '), locale),
};

/** A violation in plain words in the given language. */
export function describeViolation(v: Violation, locale: Locale): string {
  const params = Object.fromEntries(
    Object.entries(v.params).map(([k, value]) => [k, IN_WORDS[k]?.(String(value ?? ''), locale) ?? value]),
  );
  return translate(VIOLATION_MESSAGES, v.code, locale, params);
}
