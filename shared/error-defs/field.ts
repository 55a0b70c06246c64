import type { ErrorDef } from './types';

/** Errors of the field agent's app: status flow, check-in, badge codes, outcomes and evidence. */
export const FIELD_ERRORS = {
  NOT_YOUR_VISIT: {
    status: 'FORBIDDEN',
    en: 'This visit is not on your crew’s route.',
    'zh-CN': '该上门不在您外访组的路线上。',
  },
  VISIT_NOT_TODAY: {
    status: 'BAD_REQUEST',
    en: 'This visit is on {visitDate}; it can only be started or checked in on that day.',
    'zh-CN': '该上门安排在 {visitDate}，只能在当天出发或签到。',
  },
  VISIT_STATUS_TRANSITION: {
    status: 'CONFLICT',
    en: 'The visit is {from}; it cannot become {to}.',
    'zh-CN': '该上门当前状态为 {from}，不能变为 {to}。',
  },
  VISIT_VERSION_CONFLICT: {
    status: 'CONFLICT',
    en: 'The visit was changed by {by} at {at}; reload and try again.',
    'zh-CN': '该上门已由 {by} 于 {at} 修改，请刷新后重试。',
  },
  FIELD_RECORD_KEPT: {
    status: 'CONFLICT',
    en: 'Visit to {borrower}, {slot}: your {record} at {time} was kept and sent to the dispatcher, because {because}.',
    'zh-CN': '{borrower}（{slot}）的上门：您 {time} 的{record}已保存并转交调度员处理，因为{because}。',
  },
  FIELD_CONFLICT_RESOLVED: {
    status: 'CONFLICT',
    en: 'This field record was already {status} by {by} at {at}.',
    'zh-CN': '该外勤记录已由 {by} 于 {at} 处理（{status}）。',
  },
  FIELD_CONFLICT_NOT_APPLICABLE: {
    status: 'CONFLICT',
    en: 'This record cannot be applied: the visit is now “{status}”{crew}. Dismiss it with a note instead.',
    'zh-CN': '无法应用该记录：该上门当前为“{status}”{crew}。请填写说明后驳回。',
  },
  CHECK_IN_REFUSED: {
    status: 'BAD_REQUEST',
    en: 'Check-in refused: {reason}',
    'zh-CN': '签到被拒绝：{reason}',
  },
  CHECK_IN_TIME_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The check-in time {at} is in the future or more than a day old.',
    'zh-CN': '签到时间 {at} 在未来或已超过一天。',
  },
  ID_NOT_SHOWN: {
    status: 'BAD_REQUEST',
    en: 'Show your ID badge to the borrower first; an outcome cannot be recorded without it.',
    'zh-CN': '请先向借款人出示工作证，未出示不能登记结果。',
  },
  OUTCOME_NOT_ALLOWED: {
    status: 'CONFLICT',
    en: 'An outcome can be recorded only after check-in on site (the visit is {status}).',
    'zh-CN': '只有在现场签到后才能登记结果（该上门当前为 {status}）。',
  },
  OUTCOME_CHANGED: {
    status: 'CONFLICT',
    en: 'A newer version of this outcome was recorded meanwhile; reload it and make the correction again.',
    'zh-CN': '该结果已被他人更新为新版本，请刷新后重新更正。',
  },
  // Field messages of the outcome schema's own rules (recordOutcomeInput), shown under the field they name.
  PROMISED_AMOUNT_REQUIRED: { status: 'BAD_REQUEST', en: 'enter the promised amount', 'zh-CN': '请填写承诺金额' },
  PROMISED_DATE_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'enter the promised date or a plan',
    'zh-CN': '请填写承诺还款日期或还款计划',
  },
  PLAN_REQUIRED: { status: 'BAD_REQUEST', en: 'add the instalments of the plan', 'zh-CN': '请添加还款计划的分期' },
  PLAN_TOTAL_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'a plan needs the promised total',
    'zh-CN': '还款计划需要填写承诺总额',
  },
  PLAN_TOTAL_MISMATCH: {
    status: 'BAD_REQUEST',
    en: 'The instalments add up to {sum} but the promised total is {total}.',
    'zh-CN': '分期金额合计 {sum}，与承诺总额 {total} 不一致。',
  },
  CLIENT_ID_REUSED: {
    status: 'CONFLICT',
    en: 'This record id was already used for another visit.',
    'zh-CN': '该记录标识已用于其他上门。',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 'BAD_REQUEST',
    en: 'The file is {sizeMb} MB; at most {maxMb} MB can be uploaded.',
    'zh-CN': '文件大小为 {sizeMb} MB，最多只能上传 {maxMb} MB。',
  },
  ATTACHMENT_TYPE_MISMATCH: {
    status: 'BAD_REQUEST',
    en: 'The file’s contents are not a {kind} of type {mimeType}; choose the right file.',
    'zh-CN': '文件内容与所声明的类型（{kind}，{mimeType}）不符，请选择正确的文件。',
  },
  ATTACHMENT_NOT_FOUND: {
    status: 'BAD_REQUEST',
    en: 'An attached file was not found for this visit.',
    'zh-CN': '未找到该上门的附件。',
  },
  AGENT_PHOTO_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The agent’s photo must be a JPEG, PNG or WebP image of at most {maxMb} MB.',
    'zh-CN': '外访员照片须为 JPEG、PNG 或 WebP 图片，且不超过 {maxMb} MB。',
  },
  BADGE_SLOT_ENDED: {
    status: 'BAD_REQUEST',
    en: 'The agreed slot of this visit has ended; no badge code can be issued for it.',
    'zh-CN': '该上门的约定时段已结束，不能再生成验证码。',
  },
  VERIFY_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'Too many checks from this device. Try again in {minutes} minutes.',
    'zh-CN': '该设备查询次数过多，请 {minutes} 分钟后再试。',
  },
} as const satisfies Record<string, ErrorDef>;
