import type { Catalogue } from './catalogue';
import { VIOLATION_MESSAGES } from './violations';

/**
 * Why a visit stays unplanned, in plain words per language: the solver's codes (it returns codes only), the
 * planner's pre-checks, and the apply step's. A pre-check that is also a placement rule has that rule's text.
 */
export const PLAN_REASONS = {
  NO_CREW_WITH_SKILL: { en: 'No crew has the skills this visit needs.', 'zh-CN': '没有外访组具备该上门所需的技能。' },
  PINNED_CREW_UNKNOWN: {
    en: 'The visit is pinned to a crew that cannot be planned today.',
    'zh-CN': '该上门被固定到一个今天无法排班的外访组。',
  },
  SLOT_OUTSIDE_EVERY_SHIFT: {
    en: 'The agreed slot lies outside the shift of every crew that could do it.',
    'zh-CN': '约定时段不在任何可执行外访组的班次内。',
  },
  EXCEEDS_CAPACITY: { en: 'No suitable crew has room for this visit.', 'zh-CN': '没有合适的外访组能容纳该上门。' },
  MAX_VISITS_REACHED: {
    en: 'Every suitable crew already has its maximum number of visits.',
    'zh-CN': '所有合适的外访组都已达到每日上门上限。',
  },
  UNREACHABLE_IN_TIME: {
    en: 'No suitable crew can get there within the slot and be back before its shift ends.',
    'zh-CN': '没有合适的外访组能在约定时段内到达并在班次结束前返回。',
  },
  NO_FEASIBLE_POSITION: {
    en: "The suitable crews' days are full: no position fits the slot.",
    'zh-CN': '合适外访组的日程已满，找不到符合时段的位置。',
  },
  NOT_CONFIRMED: VIOLATION_MESSAGES.NOT_CONFIRMED,
  NO_NOTICE: VIOLATION_MESSAGES.NO_NOTICE,
  NOT_BORROWERS_ADDRESS: VIOLATION_MESSAGES.NOT_BORROWERS_ADDRESS,
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
    'zh-CN': '外访组成员的执业证书当天无效，该外访组不参与排班。',
  },
  CREW_INACTIVE: {
    en: 'A member has been deactivated; the crew is not planned.',
    'zh-CN': '外访组成员已被停用，该外访组不参与排班。',
  },
  CREW_TWO_PERSON: {
    en: 'The crew has only one person; home visits need two.',
    'zh-CN': '外访组只有一人，上门须两人同行。',
  },
  CREW_NO_SHIFT: { en: 'A member has no shift on this day.', 'zh-CN': '外访组成员当天没有班次。' },
} satisfies Catalogue;
