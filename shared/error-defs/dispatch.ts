import type { ErrorDef } from './types';

/** Errors of the dispatch console: placing visits, optimistic locking, auto-planning. */
export const DISPATCH_ERRORS = {
  PLACEMENT_VIOLATIONS: {
    status: 'BAD_REQUEST',
    en: 'This placement breaks the rules: {summary}',
    'zh-CN': '该安排违反规则：{summary}',
  },
  VISIT_STALE: {
    status: 'CONFLICT',
    en: 'This visit was changed by {by} at {at}. Reload to see the latest version.',
    'zh-CN': '该上门已被 {by} 于 {at} 修改，请刷新后查看最新版本。',
  },
  VISIT_NOT_MOVABLE: {
    status: 'BAD_REQUEST',
    en: 'A visit that is {status} can no longer be moved.',
    'zh-CN': '状态为“{status}”的上门已不能调整。',
  },
  CREW_OTHER_TEAM: {
    status: 'BAD_REQUEST',
    en: 'The crew belongs to another team than the visit.',
    'zh-CN': '该外访组与上门不属于同一小组。',
  },
  PLAN_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'This plan is no longer available; start auto-plan again.',
    'zh-CN': '该方案已失效，请重新自动排班。',
  },
  PLAN_NOT_READY: {
    status: 'CONFLICT',
    en: 'The plan is still being computed.',
    'zh-CN': '方案仍在计算中。',
  },
  PLAN_STALE: {
    status: 'CONFLICT',
    en: '{count} visits changed since the plan was computed (last by {by} at {at}). Plan again.',
    'zh-CN': '方案计算后有 {count} 个上门被修改（最后由 {by} 于 {at} 修改），请重新排班。',
  },
  PLAN_ALREADY_APPLIED: {
    status: 'CONFLICT',
    en: 'This plan has already been applied. Start auto-plan again for a new one.',
    'zh-CN': '该方案已应用，如需新方案请重新自动排班。',
  },
  PLAN_ALREADY_RUNNING: {
    status: 'CONFLICT',
    en: "{by} is already auto-planning this team's day (since {at}). Wait for that plan, then plan again.",
    'zh-CN': '{by} 正在为该小组当天自动排班（{at} 开始），请等该方案完成后再排班。',
  },
  PLAN_CAPACITY: {
    status: 'TOO_MANY_REQUESTS',
    en: '{max} plans are already waiting for a free planner. Try again in {retryAfterSeconds} s.',
    'zh-CN': '已有 {max} 个方案在排队等待空闲的排班计算，请 {retryAfterSeconds} 秒后再试。',
  },
  PLAN_WORKER_LOST: {
    status: 'CONFLICT',
    en: 'The server computing this plan stopped before it finished; start auto-plan again.',
    'zh-CN': '计算该方案的服务器在完成前已停止，请重新自动排班。',
  },
} as const satisfies Record<string, ErrorDef>;
