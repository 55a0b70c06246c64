import type { Locale } from '../../../shared/errors';
import type { UnassignedCode } from '../../solver/index';
import type { PrecheckCode } from './planning.problem';

/** Every reason a visit can end up (or stay) unassigned by a plan. */
export type PlanReasonCode = UnassignedCode | PrecheckCode | 'PLANNED_ON_UNSELECTED_CREW';

/** Why a visit stays unplanned, in plain words per language (the solver's codes and our pre-checks). */
const REASONS: Record<PlanReasonCode, Record<Locale, string>> = {
  NO_CREW_WITH_SKILL: { en: 'No crew has the skills this visit needs.', 'zh-CN': '没有小队具备该上门所需的技能。' },
  PINNED_CREW_UNKNOWN: {
    en: 'The visit is pinned to a crew that cannot be planned today.',
    'zh-CN': '该上门被固定到一个今天无法排班的小队。',
  },
  SLOT_OUTSIDE_EVERY_SHIFT: {
    en: 'The agreed slot lies outside the shift of every crew that could do it.',
    'zh-CN': '约定时段不在任何可执行小队的班次内。',
  },
  EXCEEDS_CAPACITY: { en: 'No suitable crew has room for this visit.', 'zh-CN': '没有合适的小队能容纳该上门。' },
  MAX_VISITS_REACHED: {
    en: 'Every suitable crew already has its maximum number of visits.',
    'zh-CN': '所有合适的小队都已达到每日上门上限。',
  },
  UNREACHABLE_IN_TIME: {
    en: 'No suitable crew can get there within the slot and be back before its shift ends.',
    'zh-CN': '没有合适的小队能在约定时段内到达并在班次结束前返回。',
  },
  NO_FEASIBLE_POSITION: {
    en: "The suitable crews' days are full: no position fits the slot.",
    'zh-CN': '合适小队的日程已满，找不到符合时段的位置。',
  },
  NOT_CONFIRMED: { en: 'The borrower has not confirmed the slot.', 'zh-CN': '借款人尚未确认该时段。' },
  NO_NOTICE: { en: 'No notice is logged on the case.', 'zh-CN': '该案件没有通知记录。' },
  NOT_BORROWERS_ADDRESS: { en: "The address is not the borrower's own.", 'zh-CN': '该地址不是借款人本人的地址。' },
  WINDOW_EMPTY: {
    en: 'Slot, allowed visiting hours and minimum notice leave no time to arrive.',
    'zh-CN': '约定时段、允许上门时间与最短通知时间没有交集。',
  },
  SLOT_PASSED: {
    en: 'The agreed slot has already passed: no arrival inside it is still possible.',
    'zh-CN': '约定时段已过，已无法在时段内到达。',
  },
  CREWS_BUSY: {
    en: 'Every crew that could do it is busy with work under way or already past until after the slot ends.',
    'zh-CN': '所有能执行的外访组在该时段结束前都忙于进行中或已过时间的上门。',
  },
  PLANNED_ON_UNSELECTED_CREW: {
    en: 'The plan gives it to a crew that was not selected for applying.',
    'zh-CN': '方案把它排给了未选中应用的外访组。',
  },
  CREW_CREDENTIAL: {
    en: "A member's credential is not valid on this day; the crew is not planned.",
    'zh-CN': '小队成员的执业证书当天无效，该小队不参与排班。',
  },
  CREW_TWO_PERSON: {
    en: 'The crew has only one person; home visits need two.',
    'zh-CN': '小队只有一人，上门须两人同行。',
  },
  CREW_NO_SHIFT: { en: 'A member has no shift on this day.', 'zh-CN': '小队成员当天没有班次。' },
};

export function planReason(code: PlanReasonCode, locale: Locale): string {
  return REASONS[code][locale];
}
