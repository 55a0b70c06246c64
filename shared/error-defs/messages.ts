import type { ErrorDef } from './types';

/**
 * Errors of borrower messages, the job queue and agents' calendar feeds (SPEC §8.4–8.5). Each part keeps its
 * codes in its own block below (one owner per block). A message's `statusReason` is one of these codes.
 */
export const MESSAGE_ERRORS = {
  // ── Job queue (admin's jobs page, retries, planning runs through the queue) ──
  JOB_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'There is no such job (it may have been cleaned up).',
    'zh-CN': '没有该任务（可能已被清理）。',
  },
  JOB_NOT_FAILED: {
    status: 'CONFLICT',
    en: 'Only a failed job can be retried; this one is {state}.',
    'zh-CN': '只有失败的任务可以重试；该任务当前为“{state}”。',
  },

  // ── Outbox, templates, rules, opt-outs ──
  MESSAGE_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'There is no such message.',
    'zh-CN': '没有该消息。',
  },
  OPTED_OUT: {
    status: 'CONFLICT',
    en: 'The borrower opted out of {channel} messages.',
    'zh-CN': '借款人已退订{channel}消息。',
  },
  CONTACT_CAP: {
    status: 'CONFLICT',
    en: 'The borrower already had {cap} messages today, the most the team’s policy allows.',
    'zh-CN': '借款人今天已收到 {cap} 条消息，已达团队政策上限。',
  },

  TEMPLATE_UNKNOWN_VARIABLE: {
    status: 'BAD_REQUEST',
    en: 'The text uses {{name}}, which this kind of message does not know.',
    'zh-CN': '文本中使用了 {{name}}，该类消息没有这个变量。',
  },
  OPT_OUT_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'The borrower has not opted out of {channel} messages.',
    'zh-CN': '借款人未退订{channel}消息。',
  },
  BORROWER_OR_CASE_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'Name the borrower or one of their cases.',
    'zh-CN': '请指定借款人或其某个案件。',
  },

  // ── SMS gateway and delivery receipts ──
  NO_GATEWAY: {
    status: 'CONFLICT',
    en: 'No SMS gateway is configured: the message was not sent. Copy its text and send it yourself.',
    'zh-CN': '未配置短信网关：消息未发送。请复制内容自行发送。',
  },
  SMS_GATEWAY_UNAVAILABLE: {
    status: 'SERVICE_UNAVAILABLE',
    en: 'The SMS gateway could not be reached or did not answer, even after retrying; the message was not sent.',
    'zh-CN': '多次重试后仍无法连接短信网关或网关未应答，消息未发送。',
  },
  SMS_GATEWAY_REFUSED: {
    status: 'CONFLICT',
    en: 'The SMS gateway refused the message; it was not sent.',
    'zh-CN': '短信网关拒绝了该消息，消息未发送。',
  },
  SMS_NOT_DELIVERED: {
    status: 'CONFLICT',
    en: 'The SMS gateway reports that the message could not be delivered.',
    'zh-CN': '短信网关回报该消息未能送达。',
  },
  SMS_RECEIPTS_NOT_CONFIGURED: {
    status: 'NOT_FOUND',
    en: 'Delivery receipts are not taken: no SMS gateway secret is configured.',
    'zh-CN': '未配置短信网关密钥，不接收送达回执。',
  },
  SMS_RECEIPT_SIGNATURE_INVALID: {
    status: 'UNAUTHORIZED',
    en: 'The delivery receipt’s signature is missing or wrong.',
    'zh-CN': '送达回执缺少签名或签名不正确。',
  },
  SMS_RECEIPT_STALE: {
    status: 'UNAUTHORIZED',
    en: 'The delivery receipt’s timestamp is more than {maxSeconds} seconds away from now.',
    'zh-CN': '送达回执的时间戳与当前时间相差超过 {maxSeconds} 秒。',
  },
  SMS_RECEIPT_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The delivery receipt is not valid: check its field “{field}”.',
    'zh-CN': '送达回执无效：请检查字段“{field}”。',
  },
  SMS_RECEIPT_UNKNOWN_MESSAGE: {
    status: 'NOT_FOUND',
    en: 'No message was sent with the provider id of this delivery receipt.',
    'zh-CN': '没有以该送达回执的服务商编号发送的消息。',
  },
  SMS_RECEIPT_REPLAYED: {
    status: 'CONFLICT',
    en: 'This delivery receipt was already recorded; it changes nothing a second time.',
    'zh-CN': '该送达回执已记录过，重复提交不会再次生效。',
  },

  // ── Agents' calendar feeds ──
  CALENDAR_FEED_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'This calendar address does not exist or was revoked.',
    'zh-CN': '该日历地址不存在或已被撤销。',
  },
  CALENDAR_FEED_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'This calendar address was asked for too often. Try again in {minutes} minutes.',
    'zh-CN': '该日历地址请求过于频繁，请 {minutes} 分钟后再试。',
  },
} as const satisfies Record<string, ErrorDef>;
