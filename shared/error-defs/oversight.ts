import type { ErrorDef } from './types';

/** Errors of the manager's oversight: exceptions, complaints, payments and exports. */
export const OVERSIGHT_ERRORS = {
  // A report statement past REPORTS_STATEMENT_TIMEOUT_MS was cancelled, so it holds no connection of the day's work.
  REPORT_TOO_SLOW: {
    status: 'SERVICE_UNAVAILABLE',
    en: 'This report took too long and was stopped. Choose a shorter period or fewer teams, or try again later.',
    'zh-CN': '该报表耗时过长，已被停止。请缩短时间段或减少团队后重试，或稍后再试。',
  },
  EVIDENCE_FILE_MISSING: {
    status: 'NOT_FOUND',
    en: 'The stored file of this evidence is missing; its record and hash {sha256} remain.',
    'zh-CN': '该证据的存储文件已丢失；记录及其哈希值 {sha256} 仍保留。',
  },
  ACK_CONFLICT: {
    status: 'CONFLICT',
    en: 'This exception was already acknowledged by {by} with a different comment.',
    'zh-CN': '该异常已由 {by} 以不同的说明确认。',
  },
  NOT_AN_EXCEPTION: {
    status: 'BAD_REQUEST',
    en: 'This visit has no "{rule}" exception to acknowledge.',
    'zh-CN': '该走访没有可确认的“{rule}”异常。',
  },
  COMPLAINT_RESOLVED: {
    status: 'CONFLICT',
    en: 'This complaint is already resolved.',
    'zh-CN': '该投诉已处理完毕。',
  },
  ASSIGNEE_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The complaint can only be assigned to an active manager or dispatcher of its team.',
    'zh-CN': '投诉只能分派给本小组在职的主管或调度员。',
  },
  // The field message of ASSIGNEE_INVALID, next to the person chosen.
  ASSIGNEE_NOT_HANDLER: {
    status: 'BAD_REQUEST',
    en: 'not a manager or dispatcher of this team',
    'zh-CN': '不是本小组的主管或调度员',
  },
  PAYMENT_REFERENCE_CONFLICT: {
    status: 'CONFLICT',
    en: 'Payment reference {reference} was already recorded with different details.',
    'zh-CN': '付款流水号 {reference} 已登记，但内容不同。',
  },
  PAYMENT_IMPORT_TOO_LARGE: {
    status: 'BAD_REQUEST',
    en: 'The file has {rows} payment lines; at most {max} can be imported at once. Split the file.',
    'zh-CN': '文件有 {rows} 行付款记录，一次最多导入 {max} 行，请拆分文件。',
  },
  PAYMENT_IMPORT_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The file has {count} invalid lines; nothing was imported. The first {listed} problems are listed.',
    'zh-CN': '文件中有 {count} 行无效，未导入任何数据。下面列出前 {listed} 个问题。',
  },
  // One line of a payments file, as the per-line field message of PAYMENT_IMPORT_INVALID ("line 3.amount").
  PAYMENT_LINE_COLUMNS_MISSING: {
    status: 'BAD_REQUEST',
    en: 'missing column(s): {columns}',
    'zh-CN': '缺少列：{columns}',
  },
  PAYMENT_LINE_NO_ROWS: { status: 'BAD_REQUEST', en: 'has no payment rows', 'zh-CN': '文件中没有付款记录行' },
  PAYMENT_LINE_REFERENCE_LENGTH: {
    status: 'BAD_REQUEST',
    en: 'must be {min} to {max} characters',
    'zh-CN': '须为 {min} 到 {max} 个字符',
  },
  PAYMENT_LINE_REFERENCE_REPEATED: {
    status: 'BAD_REQUEST',
    en: 'repeats line {firstLine}',
    'zh-CN': '与第 {firstLine} 行的流水号重复',
  },
  PAYMENT_LINE_REQUIRED: { status: 'BAD_REQUEST', en: 'is required', 'zh-CN': '必须填写' },
  PAYMENT_LINE_AMOUNT_INVALID: {
    status: 'BAD_REQUEST',
    en: 'must be a positive amount with at most 2 decimals',
    'zh-CN': '须为大于零的金额，最多两位小数',
  },
  PAYMENT_LINE_CHANNEL_INVALID: {
    status: 'BAD_REQUEST',
    en: 'is required (at most {max} characters)',
    'zh-CN': '必须填写（最多 {max} 个字符）',
  },
  PAYMENT_LINE_UNKNOWN_LOAN: {
    status: 'BAD_REQUEST',
    en: 'unknown loan {loanRef}',
    'zh-CN': '未知的借据号 {loanRef}',
  },
  PAYMENT_LINE_PAID_IN_FUTURE: { status: 'BAD_REQUEST', en: 'cannot be in the future', 'zh-CN': '不能晚于今天' },
} as const satisfies Record<string, ErrorDef>;
